// Corpus mode, stage 2 (corpus/candidates.h): score_candidates() keeps only
// each document's best partners per other language; the pairs
// select_candidates() picks from that short list must be exactly those it
// picks from the list of every pair sharing a key, computed here the
// obvious way (one entry per pair, summed over the keys in index order).
// Stage 3's shortcut (IndexDecision): which pairs the index decides, on
// hand-made slots, and on a generated corpus, whose bundles stay exact
// with fewer pairs aligned.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "corpus/candidates.h"
#include "polyalign/corpus.h"
#include "test_data.h"

namespace pc = polyalign::corpus;

namespace {

// Every pair of documents in different languages sharing a kept key, as
// the candidate stage computed them before it kept short lists.
std::vector<pc::Candidate> all_pairs(const std::vector<pc::Prepared>& docs,
                                     const polyalign::CorpusOptions& options,
                                     std::size_t languages) {
  const std::size_t n = docs.size();
  const auto share = static_cast<std::size_t>(options.max_key_share * static_cast<double>(n));
  const std::size_t max_df =
      std::max<std::size_t>({2, languages, std::min(share, options.max_key_documents)});
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> postings;
  for (std::size_t d = 0; d < n; ++d) {
    for (const std::string& k : docs[d].keys) postings[k].push_back(static_cast<std::uint32_t>(d));
  }
  std::vector<double> norm(n, 0.0);
  std::map<std::pair<std::size_t, std::size_t>, double> shared;
  for (const auto& [key, list] : postings) {
    if (list.size() < 2 || list.size() > max_df) continue;
    const double idf = std::log(1.0 + static_cast<double>(n) / static_cast<double>(list.size()));
    for (std::uint32_t d : list) norm[d] += idf * idf;
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        if (docs[list[i]].doc.document.lang != docs[list[j]].doc.document.lang)
          shared[{list[i], list[j]}] += idf * idf;
      }
    }
  }
  std::vector<pc::Candidate> all;
  for (const auto& [ab, w] : shared) {
    const auto la = static_cast<double>(std::max<std::uint64_t>(1, docs[ab.first].length));
    const auto lb = static_cast<double>(std::max<std::uint64_t>(1, docs[ab.second].length));
    if (std::max(la, lb) > options.max_length_ratio * std::min(la, lb)) continue;
    all.push_back({ab.first, ab.second, w / std::sqrt(norm[ab.first] * norm[ab.second])});
  }
  std::sort(all.begin(), all.end(), [](const pc::Candidate& x, const pc::Candidate& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return all;
}

// `n` documents in `languages` languages, keys drawn from a skewed
// vocabulary (some keys in most documents, many in few: ties and dropped
// keys both happen), lengths within and beyond max_length_ratio.
std::vector<pc::Prepared> make_docs(std::size_t n, std::size_t languages, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<pc::Prepared> docs(n);
  for (std::size_t d = 0; d < n; ++d) {
    docs[d].doc.document.lang = fmt::format("l{}", rng() % languages);
    const std::size_t count = 1 + rng() % 12;
    for (std::size_t k = 0; k < count; ++k) {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      docs[d].keys.push_back(fmt::format("n:{}", static_cast<int>(std::pow(u, 3) * 400)));
    }
    std::sort(docs[d].keys.begin(), docs[d].keys.end());
    docs[d].keys.erase(std::unique(docs[d].keys.begin(), docs[d].keys.end()), docs[d].keys.end());
    docs[d].length = 100 + rng() % 600;
  }
  return docs;
}

bool same(const std::vector<pc::Candidate>& x, const std::vector<pc::Candidate>& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].a != y[i].a || x[i].b != y[i].b || x[i].score != y[i].score) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("candidates: short lists per document select what the list of all pairs selects") {
  struct Case {
    std::size_t docs, languages;
    std::uint32_t per_language, retry;
    unsigned threads;
    std::size_t max_key_documents;  // below max_key_share · docs: the cap decides
  };
  const Case cases[] = {
      {200, 2, 3, 10, 1, 1000}, {300, 4, 3, 10, 2, 1000}, {300, 5, 1, 0, 2, 1000},
      {150, 3, 2, 5, 3, 1000},  {300, 4, 3, 10, 2, 12},   {200, 2, 3, 10, 1, 6},
  };
  for (const Case& c : cases) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      CAPTURE(c.docs);
      CAPTURE(c.languages);
      CAPTURE(seed);
      CAPTURE(c.max_key_documents);
      const std::vector<pc::Prepared> docs = make_docs(c.docs, c.languages, seed);
      polyalign::CorpusOptions options;
      options.candidates_per_language = c.per_language;
      options.retry_candidates_per_language = c.retry;
      options.threads = c.threads;
      options.max_key_documents = c.max_key_documents;
      const std::vector<pc::Candidate> full = all_pairs(docs, options, c.languages);
      if (c.max_key_documents < 100) {
        // The cap drops keys the share alone keeps: other scores.
        polyalign::CorpusOptions share_only = options;
        share_only.max_key_documents = 1000;
        CHECK(!same(full, all_pairs(docs, share_only, c.languages)));
      }
      const std::vector<pc::Candidate> kept = pc::score_candidates(docs, options);
      REQUIRE(!full.empty());
      CHECK(kept.size() <= full.size());
      std::mt19937 rng(seed);
      for (std::uint32_t per : {c.per_language, std::max(c.per_language, c.retry)}) {
        std::vector<std::uint8_t> serve(docs.size());
        for (auto& s : serve) s = rng() % 4 != 0;
        std::set<std::pair<std::size_t, std::size_t>> done;
        for (std::size_t i = 0; i < full.size(); i += 7) done.insert({full[i].a, full[i].b});
        CHECK(same(pc::select_candidates(full, docs, per, serve, done),
                   pc::select_candidates(kept, docs, per, serve, done)));
      }
    }
  }
}

namespace {

// Five documents: 0 and 4 in l0, 1-3 in l1. The slots, best first:
//   0 in l1: 1 0.9, 2 0.2, 3 0.1  (s2/s1 0.22)   4 in l1: 1 0.5, 2 0.45, 3 0.3  (0.9)
//   1 in l0: 0 0.9, 4 0.5  (0.56)   2 in l0: 4 0.45, 0 0.2  (0.44)   3 in l0: 4 0.3, 0 0.1  (0.33)
struct Slots {
  std::vector<pc::Prepared> docs = std::vector<pc::Prepared>(5);
  std::vector<pc::Candidate> all = {{0, 1, 0.9}, {1, 4, 0.5}, {2, 4, 0.45},
                                    {3, 4, 0.3}, {0, 2, 0.2}, {0, 3, 0.1}};
  Slots() {
    for (std::size_t d = 0; d < docs.size(); ++d)
      docs[d].doc.document.lang = d == 0 || d == 4 ? "l0" : "l1";
  }
  std::vector<pc::Candidate> selected(std::uint32_t per_language) const {
    return pc::select_candidates(all, docs, per_language, std::vector<std::uint8_t>(5, 1), {});
  }
};

using Pairs = std::vector<std::pair<std::size_t, std::size_t>>;

// The deferred pairs of `d` over `selected`, and what each depends on.
std::map<std::pair<std::size_t, std::size_t>, Pairs> deferred(
    const pc::IndexDecision& d, const std::vector<pc::Candidate>& selected) {
  std::map<std::pair<std::size_t, std::size_t>, Pairs> out;
  std::size_t k = 0;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    if (d.deferred[i]) out[{selected[i].a, selected[i].b}] = d.depends_on[k++];
  }
  CHECK(k == d.depends_on.size());
  return out;
}

}  // namespace

TEST_CASE("index decision: a pair is deferred only when every document selecting it is decided") {
  const Slots s;
  const std::vector<pc::Candidate> three = s.selected(3);
  REQUIRE(three.size() == 6);
  // Ratio 0.5: slots 0, 2 and 3 are decisive. (0,2) is second for 0 and for
  // 2, (0,3) third for 0 and second for 3: both wait on the best of those
  // slots. Every other pair tops a slot that selects it.
  CHECK(deferred(pc::decide_by_index(s.all, three, s.docs, 3, 0.5), three) ==
        std::map<std::pair<std::size_t, std::size_t>, Pairs>{{{0, 2}, {{0, 1}, {2, 4}}},
                                                             {{0, 3}, {{0, 1}, {3, 4}}}});
  // Ratio 0.3: only slot 0 is decisive; 2 and 3 still want (0,2), (0,3).
  CHECK(deferred(pc::decide_by_index(s.all, three, s.docs, 3, 0.3), three).empty());
  // Ratio 0.4: slot 3 is decisive too, slot 2 is not.
  CHECK(deferred(pc::decide_by_index(s.all, three, s.docs, 3, 0.4), three) ==
        std::map<std::pair<std::size_t, std::size_t>, Pairs>{{{0, 3}, {{0, 1}, {3, 4}}}});
  // One candidate per language: every pair selected is a best one.
  const std::vector<pc::Candidate> one = s.selected(1);
  CHECK(deferred(pc::decide_by_index(s.all, one, s.docs, 1, 0.5), one).empty());
  // Ratio 0: nothing is decisive.
  CHECK(deferred(pc::decide_by_index(s.all, three, s.docs, 3, 0), three).empty());
}

TEST_CASE("index decision: the ratio is a quantile of the runners-up's ratios s3 / s2") {
  const Slots s;
  // Two slots have three candidates: s3 / s2 = 0.1 / 0.2 = 0.5 (slot 0) and
  // 0.3 / 0.45 (slot 4).
  CHECK(pc::decisive_ratio(s.all, s.docs, 0.5) == doctest::Approx(0.3 / 0.45));
  // Too few slots to estimate a 40% or a 1% quantile from: nothing decisive.
  CHECK(pc::decisive_ratio(s.all, s.docs, 0.4) == 0);
  CHECK(pc::decisive_ratio(s.all, s.docs, 0.01) == 0);
  CHECK(pc::decisive_ratio(s.all, s.docs, 0) == 0);
}

TEST_CASE("index decision: a generated crawl aligns fewer pairs, with the same exact bundles") {
  namespace fs = std::filesystem;
  using polyalign::testing::TempDir;
  const fs::path data = fs::path(polyalign::testing::data_dir()) / "ntrex-dev";
  if (!fs::exists(data / "documents.tsv") ||
      std::system("python3 --version >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: needs python3 and " << data.string());
    return;
  }
  TempDir tmp;
  const std::string cmd = fmt::format("python3 '{}' --data '{}' --out '{}' --files 150 --seed 3 -q",
                                      polyalign::testing::source_file("bench/make_crawl_corpus.py"),
                                      data.string(), tmp.path().string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto gold = nlohmann::json::parse(polyalign::testing::read_all(tmp.path() / "gold.json"));
  std::set<std::set<std::string>> want;
  for (const auto& bundle : gold["bundles"]) {
    std::set<std::string> names;
    for (const auto& rel : bundle) names.insert(fs::path(rel.get<std::string>()).filename());
    want.insert(names);
  }
  auto bundles = [](const polyalign::CorpusResult& r) {
    std::set<std::set<std::string>> got;
    for (const polyalign::Bundle& b : r.bundles) {
      std::set<std::string> names;
      for (std::size_t d : b.documents)
        names.insert(fs::path(r.documents[d].document.path).filename());
      got.insert(names);
    }
    return got;
  };
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult decided =
      polyalign::align_corpus({(tmp.path() / "corpus").string()}, options);
  options.index_decisive_level = 0;
  const polyalign::CorpusResult all =
      polyalign::align_corpus({(tmp.path() / "corpus").string()}, options);
  CHECK(bundles(all) == want);
  CHECK(bundles(decided) == want);
  CHECK(decided.unmatched.empty());
  CHECK(all.stats.decided_pairs == 0);
  CHECK(all.stats.decisive_ratio == 0);
  // Every file has a translation in each other language, ranked first by
  // the index: many of the other candidates are decided.
  CHECK(decided.stats.decisive_ratio > 0);
  CHECK(decided.stats.decisive_ratio < 1);
  CHECK(decided.stats.decided_pairs * 10 > all.stats.candidate_pairs);
  // The pairs aligned are those aligned without the rule, less those decided.
  CHECK(decided.stats.candidate_pairs + decided.stats.decided_pairs == all.stats.candidate_pairs);
  std::set<std::pair<std::size_t, std::size_t>> every;
  for (const polyalign::PairCheck& c : all.checks) every.insert({c.a, c.b});
  for (const polyalign::PairCheck& c : decided.checks) CHECK(every.count({c.a, c.b}) == 1);
  CHECK(decided.stats.verified_pairs == all.stats.verified_pairs);
}
