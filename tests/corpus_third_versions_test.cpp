// Corpus mode, what the N-way stage learns beyond a pair: a bundle's pairs
// aligned again with what the third versions say (corpus/third_versions.h,
// PairEvidence::with_third_versions()), and one bead model per language
// pair (corpus/pooled_fit.h).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "corpus/third_versions.h"
#include "polyalign/corpus.h"
#include "polyalign/evidence.h"
#include "test_data.h"

using polyalign::Bead;
using polyalign::PairEvidence;
using polyalign::SentenceRange;
using polyalign::ThirdVersionKey;

namespace {

polyalign::PairAlignment alignment(
    const std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t,
                                 double>>& beads) {
  polyalign::PairAlignment r;
  for (const auto& [a0, a1, b0, b1, p] : beads) {
    Bead bead;
    bead.a = {a0, a1};
    bead.b = {b0, b1};
    bead.confidence = p;
    r.beads.push_back(bead);
  }
  return r;
}

}  // namespace

TEST_CASE("third-version keys: shared as anchors, one-sided keys say nothing") {
  // A: 3 sentences, B: 3. Key 1 in A0 and B1; key 2 in A2 only; key 3 in
  // A1 (0.5) and B2 (0.8) and B0 (0.2).
  const std::vector<ThirdVersionKey> a = {{0, 1, 1.0f}, {2, 2, 1.0f}, {1, 3, 0.5f}};
  const std::vector<ThirdVersionKey> b = {{1, 1, 0.9f}, {2, 3, 0.8f}, {0, 3, 0.2f}};
  const PairEvidence none;
  const PairEvidence ev = none.with_third_versions(3, 3, a, b, 0.5);
  struct Cell {
    std::uint32_t i, j;
    float anchors;
  };
  for (const Cell& c : std::vector<Cell>{{0, 1, 0.45f},  // min(1, 0.9) * 0.5
                                         {1, 2, 0.25f},  // min(0.5, 0.8) * 0.5
                                         {1, 0, 0.1f},   // min(0.5, 0.2) * 0.5
                                         {0, 0, 0.0f},
                                         {2, 2, 0.0f}}) {  // key 2: A only
    CAPTURE(c.i);
    CAPTURE(c.j);
    CHECK(ev.shared(c.i, c.j).anchors == doctest::Approx(c.anchors));
  }
  CHECK(ev.linkable_a(0).anchors == doctest::Approx(0.5));
  CHECK(ev.linkable_a(1).anchors == doctest::Approx(0.25));
  CHECK(ev.linkable_a(2).anchors == doctest::Approx(0.0));  // its key is on one side only
  CHECK(ev.linkable_b(0).anchors == doctest::Approx(0.1));
  CHECK(ev.linkable_b(2).anchors == doctest::Approx(0.4));
  // A key naming a sentence past the end is an error with its place.
  CHECK_THROWS_WITH_AS(none.with_third_versions(3, 3, {{3, 1, 1.0f}}, b),
                       doctest::Contains("with_third_versions"), std::invalid_argument);
}

TEST_CASE("third-version keys: from the confident beads with each third member") {
  // Members x=0, y=1, z=2, w=3. x-z: x0 ~ z0 (0.95), x1 ~ z1 z2 (0.92),
  // x2 ~ z3 (0.5, not confident). y-z: y0 y1 ~ z0 (0.97). x-w: x0 ~ w0.
  std::vector<polyalign::PairAlignment> direct(6);
  direct[polyalign::pair_index(0, 2, 4)] =
      alignment({{0, 1, 0, 1, 0.95}, {1, 2, 1, 3, 0.92}, {2, 3, 3, 4, 0.5}});
  direct[polyalign::pair_index(1, 2, 4)] = alignment({{0, 2, 0, 1, 0.97}});
  direct[polyalign::pair_index(0, 3, 4)] = alignment({{0, 1, 0, 1, 0.99}});
  direct[polyalign::pair_index(1, 3, 4)] = alignment({{0, 1, 0, 0, 0.99}});  // a 1-0: nothing
  const auto keys = polyalign::corpus::third_version_keys(direct, 4, 0, 1, 0.9);
  auto show = [](const std::vector<ThirdVersionKey>& ks) {
    std::string s;
    for (const ThirdVersionKey& k : ks)
      s += fmt::format("{}:{}.{}@{:.2f} ", k.sentence, k.key >> 32, k.key & 0xFFFFFFFF, k.weight);
    return s;
  };
  CHECK(show(keys.x) == "0:2.0@0.95 1:2.1@0.46 1:2.2@0.46 0:3.0@0.99 ");
  CHECK(show(keys.y) == "0:2.0@0.97 1:2.0@0.97 ");
}

namespace {

// One version of a text made from numbered lines: its sentences (one per
// line, presegmented) and the original lines each holds.
struct Version {
  std::string text;
  std::vector<std::set<std::size_t>> lines;
};

// The gold beads of a pair: sentences sharing an original line, in
// connected runs; a sentence sharing none is a 1-0 or 0-1 bead (its empty
// side at 0, as Bundle::pairs has it).
std::set<std::array<std::uint32_t, 4>> gold_beads(const Version& x, const Version& y) {
  std::map<std::size_t, std::uint32_t> in_y;
  for (std::uint32_t j = 0; j < y.lines.size(); ++j)
    for (std::size_t l : y.lines[j]) in_y[l] = j;
  std::set<std::array<std::uint32_t, 4>> out;
  std::uint32_t i = 0, j = 0;
  while (i < x.lines.size() || j < y.lines.size()) {
    auto partner = [&](std::uint32_t s) -> std::optional<std::uint32_t> {
      for (std::size_t l : x.lines[s])
        if (in_y.count(l)) return in_y[l];
      return std::nullopt;
    };
    if (i < x.lines.size() && !partner(i)) {
      out.insert({i, i + 1, 0, 0});  // an empty side as corpus mode writes it
      ++i;
      continue;
    }
    if (i == x.lines.size() || *partner(i) > j) {
      out.insert({0, 0, j, j + 1});
      ++j;
      continue;
    }
    // A run: grow both sides while they share lines.
    std::uint32_t i1 = i + 1, j1 = j + 1;
    for (bool grown = true; grown;) {
      grown = false;
      for (std::uint32_t s = i; s < i1; ++s)
        if (auto p = partner(s); p && *p + 1 > j1) j1 = *p + 1, grown = true;
      while (i1 < x.lines.size() && partner(i1) && *partner(i1) < j1) ++i1, grown = true;
    }
    out.insert({i, i1, j, j1});
    i = i1;
    j = j1;
  }
  return out;
}

// The lines [first, first + n) of each language in `lines`, one version
// per language, each perturbed on its own: every 9th line (from its own
// offset) dropped, every 11th joined to the next, and a line from far
// away (line 300 + first on) added every 13th. The documents are appended
// to `docs` as <dir>/<lang>.txt.
std::vector<Version> noisy_versions(const std::map<std::string, std::vector<std::string>>& lines,
                                    const std::vector<std::string>& langs, std::size_t first,
                                    std::size_t n, const std::string& dir,
                                    std::vector<polyalign::Document>& docs) {
  std::vector<Version> versions;
  for (std::size_t v = 0; v < langs.size(); ++v) {
    const std::vector<std::string>& l = lines.at(langs[v]);
    Version out;
    std::size_t added = 300 + first + 7 * v;
    for (std::size_t k = 0; k < n; ++k) {
      if ((k + 2 * v) % 13 == 0) {
        out.text += l[added++] + "\n";
        out.lines.push_back({});
      }
      if ((k + 3 * v) % 9 == 4) continue;
      if ((k + 5 * v) % 11 == 7 && k + 1 < n && (k + 1 + 3 * v) % 9 != 4) {
        out.text += l[first + k] + " " + l[first + k + 1] + "\n";
        out.lines.push_back({k, k + 1});
        ++k;
        continue;
      }
      out.text += l[first + k] + "\n";
      out.lines.push_back({k});
    }
    docs.push_back(
        polyalign::make_document(out.text, langs[v], fmt::format("{}/{}.txt", dir, langs[v])));
    versions.push_back(std::move(out));
  }
  return versions;
}

// ntrex-dev's lines by language; empty without the data.
std::map<std::string, std::vector<std::string>> ntrex_lines(const std::vector<std::string>& langs) {
  using polyalign::testing::data_dir;
  const std::filesystem::path dir = std::filesystem::path(data_dir()) / "ntrex-dev";
  std::map<std::string, std::vector<std::string>> lines;
  for (const std::string& lang : langs) {
    std::ifstream in(dir / (lang + ".txt"));
    for (std::string line; std::getline(in, line);) lines[lang].push_back(line);
  }
  if (lines[langs.back()].size() < 700) {
    MESSAGE("skipped: no ntrex-dev in " << data_dir());
    lines.clear();
  }
  return lines;
}

// Right beads of each pair of bundle `b` (members ordered by path) against
// the gold of `versions`, in pair_index() order.
std::vector<std::size_t> right_pair_beads(const polyalign::Bundle& b,
                                          const std::vector<Version>& versions) {
  std::vector<std::size_t> out;
  const std::size_t m = versions.size();
  for (std::size_t x = 0; x < m; ++x) {
    for (std::size_t y = x + 1; y < m; ++y) {
      const auto gold = gold_beads(versions[x], versions[y]);
      std::size_t right = 0;
      for (const Bead& bead : b.pairs[polyalign::pair_index(x, y, m)])
        right += gold.count({bead.a.begin, bead.a.end, bead.b.begin, bead.b.end});
      out.push_back(right);
    }
  }
  return out;
}

// Right beads per pair of members (pair_index() order) over every bundle
// of `r`, each bundle scored against the versions of the text whose
// folder (dirs[t], for texts[t]) holds its first member; the total. Every
// bundle must hold the five versions of one text.
std::size_t right_corpus_beads(const polyalign::CorpusResult& r,
                               const std::vector<std::string>& dirs,
                               const std::vector<std::vector<Version>>& texts,
                               std::vector<std::size_t>& per_pair) {
  REQUIRE(r.bundles.size() == texts.size());
  per_pair.assign(10, 0);
  std::size_t total = 0;
  for (const polyalign::Bundle& b : r.bundles) {
    REQUIRE(b.documents.size() == 5);  // by path: de en hi id uk
    const std::string& path = r.documents[b.documents[0]].document.path;
    const auto t = static_cast<std::size_t>(
        std::find(dirs.begin(), dirs.end(), path.substr(0, path.find('/'))) - dirs.begin());
    REQUIRE(t < texts.size());
    const std::vector<std::size_t> right = right_pair_beads(b, texts[t]);
    for (std::size_t k = 0; k < right.size(); ++k) {
      per_pair[k] += right[k];
      total += right[k];
    }
  }
  return total;
}

}  // namespace

TEST_CASE(
    "ntrex-dev in five versions that each drop, join and add lines: the pairs aligned again "
    "with the third versions get more beads right") {
  const std::vector<std::string> langs = {"de", "en", "hi", "id", "uk"};
  const auto lines = ntrex_lines(langs);
  if (lines.empty()) return;
  std::vector<polyalign::Document> docs;
  const std::vector<std::vector<Version>> texts = {
      noisy_versions(lines, langs, 0, 80, "mem", docs)};
  auto right_beads = [&](unsigned rounds, std::vector<std::size_t>& per_pair) {
    polyalign::CorpusOptions options;
    options.pipeline.presegmented = true;
    options.third_version_rounds = rounds;
    return right_corpus_beads(polyalign::align_corpus(docs, options), {"mem"}, texts, per_pair);
  };
  std::vector<std::size_t> alone, with_third;
  const std::size_t before = right_beads(0, alone);
  const std::size_t after = right_beads(1, with_third);
  MESSAGE("right pair beads: " << before << " alone, " << after << " with the third versions");
  CHECK(after > before);
  CHECK(*std::min_element(with_third.begin(), with_third.end()) >=
        *std::min_element(alone.begin(), alone.end()));
}

TEST_CASE(
    "eight ntrex-dev texts in five noisy versions: one bead model per language pair, fitted on "
    "all its pairs, gets more beads right than each short pair fitting its own") {
  const std::vector<std::string> langs = {"de", "en", "hi", "id", "uk"};
  const auto lines = ntrex_lines(langs);
  if (lines.empty()) return;
  // Eight texts of 24 lines, each in five versions (40 documents).
  std::vector<polyalign::Document> docs;
  std::vector<std::string> dirs;
  std::vector<std::vector<Version>> texts;
  for (std::size_t t = 0; t < 8; ++t) {
    dirs.push_back(fmt::format("text{}", t));
    texts.push_back(noisy_versions(lines, langs, 24 * t, 24, dirs.back(), docs));
  }
  auto right_beads = [&](std::size_t fit_sentences, std::vector<std::size_t>& per_pair) {
    polyalign::CorpusOptions options;
    options.pipeline.presegmented = true;
    options.pooled_fit_sentences = fit_sentences;
    return right_corpus_beads(polyalign::align_corpus(docs, options), dirs, texts, per_pair);
  };
  std::vector<std::size_t> own, pooled;
  const std::size_t before = right_beads(0, own);
  const std::size_t after = right_beads(polyalign::CorpusOptions().pooled_fit_sentences, pooled);
  MESSAGE("right pair beads: " << before << " each pair fitting its own, " << after
                               << " with the pooled bead models");
  CHECK(after > before);
  CHECK(*std::min_element(pooled.begin(), pooled.end()) >=
        *std::min_element(own.begin(), own.end()));
}
