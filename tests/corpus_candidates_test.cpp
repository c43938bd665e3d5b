// Corpus mode, stage 2 (corpus/candidates.h): score_candidates() keeps only
// each document's best partners per other language; the pairs
// select_candidates() picks from that short list must be exactly those it
// picks from the list of every pair sharing a key, computed here the
// obvious way (one entry per pair, summed over the keys in index order).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "corpus/candidates.h"

namespace pc = polyalign::corpus;

namespace {

// Every pair of documents in different languages sharing a kept key, as
// the candidate stage computed them before it kept short lists.
std::vector<pc::Candidate> all_pairs(const std::vector<pc::Prepared>& docs,
                                     const polyalign::CorpusOptions& options,
                                     std::size_t languages) {
  const std::size_t n = docs.size();
  const std::size_t max_df = std::max<std::size_t>(
      {2, languages, static_cast<std::size_t>(options.max_key_share * static_cast<double>(n))});
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
  };
  const Case cases[] = {
      {200, 2, 3, 10, 1}, {300, 4, 3, 10, 2}, {300, 5, 1, 0, 2}, {150, 3, 2, 5, 3},
  };
  for (const Case& c : cases) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      CAPTURE(c.docs);
      CAPTURE(c.languages);
      CAPTURE(seed);
      const std::vector<pc::Prepared> docs = make_docs(c.docs, c.languages, seed);
      polyalign::CorpusOptions options;
      options.candidates_per_language = c.per_language;
      options.retry_candidates_per_language = c.retry;
      options.threads = c.threads;
      const std::vector<pc::Candidate> full = all_pairs(docs, options, c.languages);
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
