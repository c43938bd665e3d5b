#include "corpus/candidates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "util/parallel.h"

namespace polyalign::corpus {

namespace {

// The kept keys of the inverted index, each with its weight and postings.
struct KeptKey {
  double weight;
  const std::vector<std::uint32_t>* postings;  // documents, ascending
};

bool better(const Candidate& x, const Candidate& y) {
  if (x.score != y.score) return x.score > y.score;
  return std::tie(x.a, x.b) < std::tie(y.a, y.b);
}

}  // namespace

std::vector<Candidate> score_candidates(const std::vector<Prepared>& docs,
                                        const CorpusOptions& options) {
  const std::size_t n = docs.size();
  // Languages as small numbers: the inner loop below compares one per
  // posting, and comparing strings there cost as much as the sums.
  std::map<std::string_view, std::uint32_t> languages;
  for (const Prepared& p : docs) languages.emplace(p.doc.document.lang, 0);
  std::uint32_t next = 0;
  for (auto& [lang, id] : languages) id = next++;
  std::vector<std::uint32_t> lang_of(n);
  for (std::size_t d = 0; d < n; ++d) lang_of[d] = languages.at(docs[d].doc.document.lang);
  // A key shared by every version of one article is held by as many
  // documents as there are languages: never too common. Past
  // max_key_documents the share no longer grows with the corpus, so that
  // the work per document (its keys' postings) stays bounded.
  const auto share = static_cast<std::size_t>(options.max_key_share * static_cast<double>(n));
  const std::size_t max_df = std::max<std::size_t>(
      {2, languages.size(), std::min<std::size_t>(share, options.max_key_documents)});
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> postings;
  for (std::size_t d = 0; d < n; ++d) {
    for (const std::string& k : docs[d].keys) postings[k].push_back(static_cast<std::uint32_t>(d));
  }
  // Every sum below runs over the kept keys in one fixed order (the
  // index's), so a pair's score is the same bits whichever of its two
  // documents it is computed from.
  std::vector<KeptKey> kept;
  std::vector<double> norm(n, 0.0);
  std::vector<std::vector<std::uint32_t>> keys_of(n);  // kept keys of a document, ascending
  for (const auto& [key, list] : postings) {
    if (list.size() < 2 || list.size() > max_df) continue;
    const double idf = std::log(1.0 + static_cast<double>(n) / static_cast<double>(list.size()));
    const double w = idf * idf;
    for (std::uint32_t d : list) {
      norm[d] += w;
      keys_of[d].push_back(static_cast<std::uint32_t>(kept.size()));
    }
    kept.push_back({w, &list});
  }
  // Each document's best partners per other language, scored one document
  // at a time in a dense accumulator per worker: memory O(documents), not
  // one entry per pair of documents sharing a key. select_candidates()
  // keeps a pair only when it ranks among the first `keep` of one of its
  // documents for the other's language, so these lists lose nothing it
  // would keep, and ranks within them are the ranks in the full list.
  const std::size_t keep =
      std::max(options.candidates_per_language, options.retry_candidates_per_language);
  const unsigned threads = util::resolve_threads(options.threads);
  std::vector<std::vector<double>> acc(threads);
  std::vector<std::vector<std::uint32_t>> touched(threads);
  std::vector<std::vector<Candidate>> best(n);
  util::parallel_for(n, threads, [&](std::size_t a, std::size_t worker) {
    std::vector<double>& sum = acc[worker];
    std::vector<std::uint32_t>& seen = touched[worker];
    if (sum.empty()) sum.assign(n, 0.0);
    const std::uint32_t lang = lang_of[a];
    for (std::uint32_t k : keys_of[a]) {
      for (std::uint32_t b : *kept[k].postings) {
        if (lang_of[b] == lang) continue;  // b == a too
        if (sum[b] == 0.0) seen.push_back(b);
        sum[b] += kept[k].weight;
      }
    }
    std::vector<Candidate> mine;
    const double la = static_cast<double>(std::max<std::uint64_t>(1, docs[a].length));
    for (std::uint32_t b : seen) {
      const double w = sum[b];
      sum[b] = 0.0;
      const double lb = static_cast<double>(std::max<std::uint64_t>(1, docs[b].length));
      if (std::max(la, lb) > options.max_length_ratio * std::min(la, lb)) continue;
      const std::size_t x = std::min<std::size_t>(a, b), y = std::max<std::size_t>(a, b);
      mine.push_back({x, y, w / std::sqrt(norm[x] * norm[y])});
    }
    seen.clear();
    std::sort(mine.begin(), mine.end(), better);
    std::vector<std::size_t> taken(languages.size(), 0);  // per other language
    for (const Candidate& c : mine) {
      const std::size_t other = c.a == a ? c.b : c.a;
      if (taken[lang_of[other]]++ < keep) best[a].push_back(c);
    }
  });
  std::vector<Candidate> all;
  for (std::size_t a = 0; a < n; ++a) {
    for (const Candidate& c : best[a]) {
      // A pair in the lists of both its documents is taken from the first.
      const std::size_t other = c.a == a ? c.b : c.a;
      if (other < a && std::binary_search(best[other].begin(), best[other].end(), c, better))
        continue;
      all.push_back(c);
    }
  }
  std::sort(all.begin(), all.end(), better);
  return all;
}

// The pairs of `all` (best first) that are among the `per_language` best of
// either document for the other's language, counting only documents with
// serve[d] set and leaving out the pairs in `done`; sorted by (a, b).
std::vector<Candidate> select_candidates(
    const std::vector<Candidate>& all, const std::vector<Prepared>& docs,
    std::uint32_t per_language, const std::vector<std::uint8_t>& serve,
    const std::set<std::pair<std::size_t, std::size_t>>& done) {
  std::map<std::pair<std::size_t, std::string>, std::uint32_t> taken;
  std::vector<Candidate> kept;
  for (const Candidate& c : all) {
    bool keep = false;
    if (serve[c.a]) keep |= taken[{c.a, docs[c.b].doc.document.lang}]++ < per_language;
    if (serve[c.b]) keep |= taken[{c.b, docs[c.a].doc.document.lang}]++ < per_language;
    if (keep && !done.count({c.a, c.b})) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(), [](const Candidate& x, const Candidate& y) {
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  return kept;
}

namespace {

// A slot: one document's candidates in one other language.
using Slot = std::pair<std::size_t, std::string_view>;

// Each slot's candidates, as indices into `all`, in the order of `all` (so
// their ranks are select_candidates()' ranks), up to `depth` of them.
std::map<Slot, std::vector<std::size_t>> slots_of(const std::vector<Candidate>& all,
                                                  const std::vector<Prepared>& docs,
                                                  std::size_t depth) {
  std::map<Slot, std::vector<std::size_t>> slots;
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (const Slot& s : {Slot{all[i].a, docs[all[i].b].doc.document.lang},
                          Slot{all[i].b, docs[all[i].a].doc.document.lang}}) {
      std::vector<std::size_t>& list = slots[s];
      if (list.size() < depth) list.push_back(i);
    }
  }
  return slots;
}

}  // namespace

double decisive_ratio(const std::vector<Candidate>& all, const std::vector<Prepared>& docs,
                      double level) {
  if (!(level > 0)) return 0;
  std::vector<double> runners_up;  // s3 / s2 of every slot with three candidates
  for (const auto& [slot, list] : slots_of(all, docs, 3)) {
    if (list.size() == 3 && all[list[1]].score > 0)
      runners_up.push_back(all[list[2]].score / all[list[1]].score);
  }
  if (static_cast<double>(runners_up.size()) * level < 1) return 0;
  // The level-quantile (lower order statistic): at most a share `level`
  // of the sample lies below it.
  const auto k = static_cast<std::size_t>(level * static_cast<double>(runners_up.size()));
  std::nth_element(runners_up.begin(), runners_up.begin() + static_cast<std::ptrdiff_t>(k),
                   runners_up.end());
  return runners_up[k];
}

IndexDecision decide_by_index(const std::vector<Candidate>& all,
                              const std::vector<Candidate>& selected,
                              const std::vector<Prepared>& docs, std::uint32_t per_language,
                              double ratio) {
  IndexDecision out;
  out.decisive_ratio = ratio;
  out.deferred.assign(selected.size(), 0);
  const std::map<Slot, std::vector<std::size_t>> slots =
      slots_of(all, docs, std::max<std::size_t>(2, per_language));
  // Per pair of `all`, per document: its rank in that document's slot
  // (1-based; 0: beyond per_language).
  std::map<std::pair<std::size_t, std::size_t>, std::pair<std::size_t, std::size_t>> rank;
  for (const auto& [slot, list] : slots) {
    for (std::size_t r = 0; r < list.size() && r < per_language; ++r) {
      const Candidate& c = all[list[r]];
      auto& [ra, rb] = rank[{c.a, c.b}];
      (slot.first == c.a ? ra : rb) = r + 1;
    }
  }
  auto decisive = [&](const Slot& slot) -> const Candidate* {
    const auto it = slots.find(slot);
    if (it == slots.end() || it->second.size() < 2) return nullptr;
    const Candidate& best = all[it->second[0]];
    return all[it->second[1]].score < ratio * best.score ? &best : nullptr;
  };
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const Candidate& c = selected[i];
    const auto it = rank.find({c.a, c.b});
    if (it == rank.end()) continue;
    const auto [ra, rb] = it->second;
    std::vector<std::pair<std::size_t, std::size_t>> tops;
    bool deferred = ra + rb > 0;
    for (const auto& [r, slot] : {std::pair{ra, Slot{c.a, docs[c.b].doc.document.lang}},
                                  std::pair{rb, Slot{c.b, docs[c.a].doc.document.lang}}}) {
      if (r == 0) continue;  // not selected from this side
      const Candidate* best = decisive(slot);
      if (r == 1 || !best) {
        deferred = false;
        break;
      }
      tops.push_back({best->a, best->b});
    }
    if (!deferred) continue;
    out.deferred[i] = 1;
    out.depends_on.push_back(std::move(tops));
  }
  return out;
}

}  // namespace polyalign::corpus
