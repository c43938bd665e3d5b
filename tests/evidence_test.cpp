// Anchors shared across a document pair (PairEvidence), word links learned
// from an alignment, coarse levels, the same at any thread count. Their
// effect on the alignment of real text: pipeline_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <tuple>

#include "polyalign/evidence.h"
#include "polyalign/pipeline.h"
#include "test_pairs.h"

using polyalign::PairEvidence;
using polyalign::testing::kEn;
using polyalign::testing::kHi;
using polyalign::testing::kId;
using polyalign::testing::presegmented;

namespace {

// 3000 sentences a side with numbers, names and topic words that occur in
// about ten sentences a side (so word links), aligned on the diagonal.
struct TopicPair {
  polyalign::DocumentFeatures fa, fb;
  polyalign::PairAlignment diagonal;
  std::vector<polyalign::WordLink> links;
};

TopicPair topic_pair() {
  std::string a, b;
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    const unsigned n = rng() % 400, m = rng() % 40 + 1900, p = rng() % 9, topic = rng() % 300;
    a += "Report " + std::to_string(n) + " of " + std::to_string(m) + " counted " + std::to_string(p) +
         " cases of alpha" + std::to_string(topic) + " in Vinh Long and Ha Tinh.\n";
    b += "Bericht " + std::to_string(n) + " von " + std::to_string(m) + " zählte " + std::to_string(p) +
           " Fälle von beta" + std::to_string(topic) + " in Vinh Long.\n";
  }
  polyalign::FeatureOptions fo;
  fo.words = true;
  TopicPair t;
  t.fa = polyalign::compute_features(presegmented(a, "en"), fo);
  t.fb = polyalign::compute_features(presegmented(b, "de"), fo);
  for (std::uint32_t i = 0; i < std::min(t.fa.size(), t.fb.size()); ++i)
    t.diagonal.beads.push_back({{i, i + 1}, {i, i + 1}, 0, 1.0});
  t.links = polyalign::learn_word_links(t.fa, t.fb, t.diagonal);
  return t;
}

// Every cell (i, j, anchors, links) of the first `rows` rows, then each
// row's linkable weights (as column 0xFFFFFFFF).
std::vector<std::tuple<std::uint32_t, std::uint32_t, float, float>> cells(const PairEvidence& ev,
                                                                         std::uint32_t rows) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, float, float>> out;
  for (std::uint32_t i = 0; i < rows; ++i)
    ev.for_each_in_row(i, 0, 0xFFFFFFFFu, [&](std::uint32_t j, PairEvidence::Shared s) {
      out.emplace_back(i, j, s.anchors, s.links);
    });
  for (std::uint32_t i = 0; i < rows; ++i)
    out.emplace_back(i, 0xFFFFFFFFu, ev.linkable_a(i).anchors, ev.linkable_a(i).links);
  return out;
}

}  // namespace

TEST_CASE("numbers in locale forms and names across scripts become shared evidence") {
  auto id = presegmented(kId, "id");
  auto hi = presegmented(kHi, "hi");
  auto fa = polyalign::compute_features(id);
  auto fb = polyalign::compute_features(hi);
  auto ev = PairEvidence::build(fa, fb);
  // Each sentence shares most with its own translation.
  for (std::uint32_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    for (std::uint32_t j = 0; j < 4; ++j) {
      if (j != i) CHECK(ev.shared(i, i).anchors > ev.shared(i, j).anchors);
    }
  }
  // 2.645 (id) = 2,645 (hi); 31,82% = 31.82%; Che Tao = चे ताओ.
  auto keys = [&](std::uint32_t i) {
    std::string all;
    for (const auto& m : ev.matches({i, i + 1}, {i, i + 1})) all += m.key + "|";
    return all;
  };
  CHECK(keys(0).find("2645|") != std::string::npos);
  CHECK(keys(0).find("509|") != std::string::npos);
  CHECK(keys(2).find("31.82%|") != std::string::npos);
  bool name = false;
  for (const auto& m : ev.matches({1, 2}, {1, 2})) name |= m.kind == polyalign::AnchorKind::kName;
  CHECK(name);
}

TEST_CASE("rare keys weigh more than frequent ones") {
  auto a = presegmented("In 2025 it rose.\nIn 2025 it fell.\nIn 2025 it was 4711.\n", "en");
  auto b = presegmented("2025 stieg es.\n2025 fiel es.\n2025 waren es 4711.\n", "de");
  auto ev = PairEvidence::build(polyalign::compute_features(a), polyalign::compute_features(b));
  // "2025" is in every sentence (weight 1/3), "4711" only in one pair (1).
  CHECK(ev.shared(0, 0).anchors == doctest::Approx(1.0 / 3));
  CHECK(ev.shared(2, 2).anchors == doctest::Approx(1.0 + 1.0 / 3));
  CHECK(ev.linkable_a(2).anchors == doctest::Approx(1.0 + 1.0 / 3));
}

TEST_CASE("coarsened evidence sums blocks") {
  auto a = presegmented(kEn, "en");
  auto b = presegmented(kHi, "hi");
  auto ev = PairEvidence::build(polyalign::compute_features(a), polyalign::compute_features(b));
  auto c = ev.coarsen(2);
  double fine = 0;
  for (std::uint32_t i = 0; i < 2; ++i)
    for (std::uint32_t j = 0; j < 2; ++j) fine += ev.shared(i, j).anchors;
  CHECK(c.shared(0, 0).anchors == doctest::Approx(fine));
  CHECK(c.linkable_a(1).anchors ==
        doctest::Approx(ev.linkable_a(2).anchors + ev.linkable_a(3).anchors));
}

TEST_CASE("word links are learned from confident one-to-one beads") {
  // "haus" always appears with "house", "rot" with "red": mutual best pairs.
  std::string de, en;
  const char* nouns_de[] = {"haus", "baum", "auto", "hund"};
  const char* nouns_en[] = {"house", "tree", "car", "dog"};
  for (int k = 0; k < 40; ++k) {
    de += std::string("das ") + nouns_de[k % 4] + (k % 3 == 0 ? " ist rot" : " ist alt") + ".\n";
    en += std::string("the ") + nouns_en[k % 4] + (k % 3 == 0 ? " is red" : " is old") + ".\n";
  }
  auto a = presegmented(de, "de");
  auto b = presegmented(en, "en");
  auto fa = polyalign::compute_features(a);
  auto fb = polyalign::compute_features(b);
  polyalign::PairAlignment diagonal;
  for (std::uint32_t i = 0; i < 40; ++i) diagonal.beads.push_back({{i, i + 1}, {i, i + 1}, 0, 1.0});
  auto links = polyalign::learn_word_links(fa, fb, diagonal);
  auto linked = [&](const std::string& x, const std::string& y) {
    for (const auto& l : links)
      if (fa.vocabulary[l.word_a] == x && fb.vocabulary[l.word_b] == y) return true;
    return false;
  };
  CHECK(linked("haus", "house"));
  CHECK(linked("hund", "dog"));
  CHECK(linked("rot", "red"));
  CHECK_FALSE(linked("haus", "dog"));
  auto ev = PairEvidence::build(fa, fb).with_links(fa, fb, links);
  CHECK(ev.shared(0, 0).links > ev.shared(0, 1).links);
}

TEST_CASE("inflected forms are linked as one class of their first letters") {
  // Five Ukrainian case forms of each noun, each form once: no form alone
  // reaches min_count, their class (first five letters) does.
  const char* en_nouns[] = {"president", "minister", "parliament", "company"};
  const char* uk_forms[4][5] = {
      {"президент", "президента", "президенту", "президентом", "президенті"},
      {"міністр", "міністра", "міністру", "міністром", "міністрі"},
      {"парламент", "парламенту", "парламентом", "парламенті", "парламента"},
      {"компанія", "компанії", "компанію", "компанією", "компаніях"}};
  std::string en, uk;
  for (int k = 0; k < 20; ++k) {
    en += std::string("the ") + en_nouns[k % 4] + " spoke.\n";
    uk += std::string(uk_forms[k % 4][k / 4]) + " говорив.\n";
  }
  const auto fa = polyalign::compute_features(presegmented(en, "en"));
  const auto fb = polyalign::compute_features(presegmented(uk, "uk"));
  polyalign::PairAlignment diagonal;
  for (std::uint32_t i = 0; i < 20; ++i) diagonal.beads.push_back({{i, i + 1}, {i, i + 1}, 0, 1.0});
  auto linked = [&](const std::vector<polyalign::WordLink>& links, const std::string& x,
                    const std::string& y) {
    for (const auto& l : links)
      if (fa.vocabulary[l.word_a] == x && fb.vocabulary[l.word_b] == y) return true;
    return false;
  };
  polyalign::WordLinkOptions whole;
  whole.prefix_letters = 0;
  const auto word_links = polyalign::learn_word_links(fa, fb, diagonal, whole);
  CHECK_FALSE(linked(word_links, "president", "президентом"));
  const auto links = polyalign::learn_word_links(fa, fb, diagonal);  // default: classes
  CHECK(polyalign::WordLinkOptions{}.prefix_letters == 5);
  for (int f = 0; f < 5; ++f) {
    CAPTURE(f);
    CHECK(linked(links, "president", uk_forms[0][f]));
    CHECK(linked(links, "company", uk_forms[3][f]));
  }
  CHECK_FALSE(linked(links, "president", "міністра"));
  // The forms of a class are one key: sentence 0 (president) shares with
  // every president sentence the same weight, with a minister one only
  // "spoke", and a sentence holds each key once.
  auto ev = PairEvidence::build(fa, fb).with_links(fa, fb, links);
  CHECK(ev.shared(0, 0).links > 0);
  CHECK(ev.shared(0, 4).links == doctest::Approx(ev.shared(0, 0).links));
  CHECK(ev.shared(0, 16).links == doctest::Approx(ev.shared(0, 0).links));
  CHECK(ev.shared(0, 1).links > 0);
  CHECK(ev.shared(0, 1).links < ev.shared(0, 0).links);
  CHECK(ev.linkable_b(4).links == doctest::Approx(ev.shared(0, 4).links));
}

namespace {

// Word features only (what learn_word_links reads): `n` sentence pairs whose
// B side translates most words of the A side, word frequencies skewed so
// that some words pass max_count, with numbers and one-letter words.
std::pair<polyalign::DocumentFeatures, polyalign::DocumentFeatures> word_pair(std::uint32_t n,
                                                                               unsigned seed) {
  std::mt19937 rng(seed);
  polyalign::DocumentFeatures fa, fb;
  constexpr std::uint32_t kVocab = 900;
  for (std::uint32_t w = 0; w < kVocab; ++w) {
    fa.vocabulary.push_back(w % 97 == 0 ? std::to_string(w) : w % 89 == 0 ? "x" : "a" + std::to_string(w));
    fb.vocabulary.push_back(w % 101 == 0 ? std::to_string(w) : "b" + std::to_string(w));
  }
  fa.word_offsets.push_back(0);
  fb.word_offsets.push_back(0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t len = 3 + rng() % 9;
    for (std::uint32_t k = 0; k < len; ++k) {
      const std::uint32_t r = rng() % 1000;
      const std::uint32_t x = (r * r / 1000 * kVocab / 1000 + rng() % 7) % kVocab;  // skewed to low ids
      fa.words.push_back(x);
      if (rng() % 10 < 8) fb.words.push_back((x * 7 + 3) % kVocab);  // its translation
      if (rng() % 10 == 0) fb.words.push_back(rng() % kVocab);      // noise
      if (rng() % 20 == 0) fa.words.push_back(x);                   // a repeated word
    }
    fa.word_offsets.push_back(static_cast<std::uint32_t>(fa.words.size()));
    fb.word_offsets.push_back(static_cast<std::uint32_t>(fb.words.size()));
  }
  return {std::move(fa), std::move(fb)};
}

// learn_word_links as the header describes it, by maps and one sort.
std::vector<polyalign::WordLink> reference_links(const polyalign::DocumentFeatures& a,
                                                 const polyalign::DocumentFeatures& b,
                                                 const polyalign::PairAlignment& alignment,
                                                 const polyalign::WordLinkOptions& o) {
  auto linkable = [](const std::string& s) {
    return s.size() >= 2 && !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto distinct = [](const polyalign::DocumentFeatures& f, std::uint32_t i, auto ok) {
    std::vector<std::uint32_t> w;
    for (std::uint32_t x : f.words_of(i))
      if (ok(f.vocabulary[x])) w.push_back(x);
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    return w;
  };
  std::vector<std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>> beads;
  for (const auto& bead : alignment.beads)
    if (bead.a.size() == 1 && bead.b.size() == 1 && bead.confidence >= o.min_confidence)
      beads.emplace_back(distinct(a, bead.a.begin, linkable), distinct(b, bead.b.begin, linkable));
  std::map<std::uint32_t, std::uint32_t> ca, cb;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> together;
  for (const auto& [xa, xb] : beads) {
    for (std::uint32_t x : xa) ++ca[x];
    for (std::uint32_t y : xb) ++cb[y];
    for (std::uint32_t x : xa)
      for (std::uint32_t y : xb) ++together[{x, y}];
  }
  struct Candidate {
    std::uint32_t x, y, n;
    double dice;
  };
  std::vector<Candidate> cands;
  for (const auto& [xy, n] : together) {
    const std::uint32_t nx = ca[xy.first], ny = cb[xy.second];
    if (nx < o.min_count || ny < o.min_count || nx > o.max_count || ny > o.max_count) continue;
    if (2.0 * std::min(nx, ny) < o.min_dice * (nx + ny) || n < o.min_count) continue;
    const double dice = 2.0 * n / (nx + ny);
    if (dice >= o.min_dice) cands.push_back({xy.first, xy.second, n, dice});
  }
  std::sort(cands.begin(), cands.end(), [](const Candidate& p, const Candidate& q) {
    return std::tie(q.dice, q.n, p.x, p.y) < std::tie(p.dice, p.n, q.x, q.y);
  });
  std::vector<polyalign::WordLink> links;
  std::vector<bool> used_a(a.vocabulary.size()), used_b(b.vocabulary.size());
  for (const Candidate& c : cands) {
    if (links.size() >= o.max_links) break;
    if (used_a[c.x] || used_b[c.y]) continue;
    used_a[c.x] = used_b[c.y] = true;
    links.push_back({c.x, c.y, c.dice});
  }
  return links;
}

bool same_links(const std::vector<polyalign::WordLink>& p, const std::vector<polyalign::WordLink>& q) {
  if (p.size() != q.size()) return false;
  for (std::size_t k = 0; k < p.size(); ++k)
    if (p[k].word_a != q[k].word_a || p[k].word_b != q[k].word_b || p[k].strength != q[k].strength)
      return false;
  return true;
}

}  // namespace

TEST_CASE("learned word links equal a map-and-sort reference at any thread count") {
  for (unsigned seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    const auto [fa, fb] = word_pair(2500, seed);
    polyalign::PairAlignment alignment;
    for (std::uint32_t i = 0; i < 2500; ++i) {
      const double confidence = i % 7 == 0 ? 0.5 : 0.95;  // some beads not counted
      if (i % 50 == 49) {
        alignment.beads.push_back({{i, i + 1}, {i, i}, 0, 1.0});  // a 1-0 bead
      } else {
        alignment.beads.push_back({{i, i + 1}, {i, i + 1}, 0, confidence});
      }
    }
    polyalign::WordLinkOptions o;
    const auto expected = reference_links(fa, fb, alignment, o);
    CHECK(expected.size() > 100);
    for (unsigned threads : {1u, 2u, 3u}) {
      CAPTURE(threads);
      o.threads = threads;
      CHECK(same_links(polyalign::learn_word_links(fa, fb, alignment, o), expected));
    }
    o.max_links = 50;  // competitive linking stops early
    o.threads = 2;
    CHECK(same_links(polyalign::learn_word_links(fa, fb, alignment, o), reference_links(fa, fb, alignment, o)));
  }
}

TEST_CASE("evidence, its word links and its coarse levels are the same at any thread count") {
  const TopicPair t = topic_pair();
  const auto& [fa, fb, diagonal, links] = t;
  polyalign::EvidenceOptions one;
  const PairEvidence ev1 = PairEvidence::build(fa, fb, one);
  const PairEvidence wl1 = ev1.with_links(fa, fb, links, one);
  REQUIRE(ev1.nonzeros() > 10000);
  REQUIRE(links.size() > 100);
  std::size_t linked = 0;
  for (const auto& cell : cells(wl1, static_cast<std::uint32_t>(fa.size()))) linked += std::get<3>(cell) > 0;
  CHECK(linked > 1000);
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    polyalign::EvidenceOptions many;
    many.threads = threads;
    const PairEvidence ev = PairEvidence::build(fa, fb, many);
    const PairEvidence wl = ev.with_links(fa, fb, links, many);
    const auto rows = static_cast<std::uint32_t>(fa.size());
    CHECK(cells(ev, rows) == cells(ev1, rows));
    CHECK(cells(wl, rows) == cells(wl1, rows));
    CHECK(cells(PairEvidence::build(fa, fb, many, links), rows) == cells(wl1, rows));
    for (std::uint32_t k : {3u, 8u}) {
      const auto coarse_rows = (rows + k - 1) / k;
      CHECK(cells(wl.coarsen(k), coarse_rows) == cells(wl1.coarsen(k), coarse_rows));
    }
  }
}

TEST_CASE("word links near a path reach only the window around it") {
  // The links of the diagonal alignment, counted only within 50 sentences
  // of it: inside the window every cell is as without one, outside it only
  // anchors remain, and the linkable weights do not change.
  const TopicPair t = topic_pair();
  const auto& [fa, fb, diagonal, links] = t;
  const auto rows = static_cast<std::uint32_t>(fa.size());
  polyalign::EvidenceOptions options;
  options.link_window = 50;
  const PairEvidence ev = PairEvidence::build(fa, fb, options);
  const PairEvidence everywhere = ev.with_links(fa, fb, links, options);
  auto inside = [](std::uint32_t i, std::uint32_t j) { return (j > i ? j - i : i - j) <= 50; };
  std::size_t far_links = 0, kept = 0;
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    options.threads = threads;
    const PairEvidence near = ev.with_links(fa, fb, links, options, &diagonal);
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<float, float>> near_cells;
    for (const auto& [i, j, anchors, link] : cells(near, rows)) {
      if (j == 0xFFFFFFFFu) continue;
      near_cells[{i, j}] = {anchors, link};
      CHECK((inside(i, j) || link == 0));
    }
    far_links = kept = 0;
    for (const auto& [i, j, anchors, link] : cells(everywhere, rows)) {
      if (j == 0xFFFFFFFFu) {
        CHECK(near.linkable_a(i).links == link);
        continue;
      }
      const auto it = near_cells.find({i, j});
      if (inside(i, j)) {
        REQUIRE(it != near_cells.end());
        CHECK(it->second == std::make_pair(anchors, link));
        ++kept;
      } else if (anchors > 0) {
        REQUIRE(it != near_cells.end());
        CHECK(it->second == std::make_pair(anchors, 0.0f));
      } else {
        CHECK(it == near_cells.end());
        far_links += link > 0;
      }
    }
  }
  // The window matters here: most link cells lie far off the diagonal.
  CHECK(kept > 1000);
  CHECK(far_links > kept);
}

TEST_CASE("an omitted sentence pays for its anchors at the given price, a pair at the fitted one") {
  // A sentence left unpaired whose anchors occur in the other document pays
  // dropped_anchor_weight for them; a pair pays unmatched_anchor_weight for
  // what it leaves unmatched. The fit raises the second on text where
  // unrelated pairs share little; if the first followed it, an unrelated
  // 1-1 and 1-0 + 0-1 would pay the same for their anchors, and the prior
  // alone would pair an added sentence with a dropped one's neighbour.
  auto a = presegmented("In 2025 it rose.\nIn 2025 it fell.\nIn 2025 it was 4711.\n", "en");
  auto b = presegmented("2025 stieg es.\n2025 fiel es.\n2025 waren es 4711.\n", "de");
  const auto fa = polyalign::compute_features(a), fb = polyalign::compute_features(b);
  const PairEvidence ev = PairEvidence::build(fa, fb);
  const polyalign::AlignInput ia{fa.lengths, {}}, ib{fb.lengths, {}};
  const polyalign::LengthModel model{1.0, 6.8};
  std::size_t one_one = 0, one_zero = 0;
  polyalign::AlignerOptions o;
  for (std::size_t k = 0; k < o.bead_types.size(); ++k) {
    if (o.bead_types[k].a == 1 && o.bead_types[k].b == 1) one_one = k;
    if (o.bead_types[k].a == 1 && o.bead_types[k].b == 0) one_zero = k;
  }
  const double linkable = ev.linkable_a(2).anchors;  // 2025 (1/3) and 4711 (1)
  REQUIRE(linkable == doctest::Approx(4.0 / 3));
  struct Row {
    double unmatched, dropped;
  };
  for (const Row row : {Row{1.0, 1.0}, Row{3.0, 0.5}, Row{0.0, 2.0}}) {
    CAPTURE(row.unmatched);
    CAPTURE(row.dropped);
    o.unmatched_anchor_weight = row.unmatched;
    o.dropped_anchor_weight = row.dropped;
    o.anchor_weight = 0;
    const polyalign::BeadScorer s(ia, ib, o, model, &ev);
    o.unmatched_anchor_weight = o.dropped_anchor_weight = 0;
    const polyalign::BeadScorer plain(ia, ib, o, model, &ev);
    // Sentence 2 of A omitted: its anchors, at the dropped price.
    CHECK(s.cost(2, 1, 0, 0, one_zero) - plain.cost(2, 1, 0, 0, one_zero) ==
          doctest::Approx(row.dropped * linkable).epsilon(1e-5));
    CHECK(s.features(2, 1, 0, 0, one_zero)[polyalign::BeadScorer::kUnmatchedAnchors] == 0);
    // Sentence 2 of A against sentence 0 of B: they share 2025 (1/3);
    // 4711 on A's side is left unmatched (1), at the pair's price.
    CHECK(s.features(2, 1, 0, 1, one_one)[polyalign::BeadScorer::kUnmatchedAnchors] ==
          doctest::Approx(1.0));
    CHECK(s.cost(2, 1, 0, 1, one_one) - plain.cost(2, 1, 0, 1, one_one) ==
          doctest::Approx(row.unmatched).epsilon(1e-5));
  }
}
