#include "corpus/candidates.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace polyalign::corpus {

std::vector<Candidate> score_candidates(const std::vector<Prepared>& docs,
                                        const CorpusOptions& options) {
  const std::size_t n = docs.size();
  std::set<std::string> languages;
  for (const Prepared& p : docs) languages.insert(p.doc.document.lang);
  // A key shared by every version of one article is held by as many
  // documents as there are languages: never too common.
  const std::size_t max_df = std::max<std::size_t>(
      {2, languages.size(),
       static_cast<std::size_t>(options.max_key_share * static_cast<double>(n))});
  std::unordered_map<std::string_view, std::vector<std::uint32_t>> postings;
  for (std::size_t d = 0; d < n; ++d) {
    for (const std::string& k : docs[d].keys) postings[k].push_back(static_cast<std::uint32_t>(d));
  }
  std::vector<double> norm(n, 0.0);
  std::unordered_map<std::uint64_t, double> shared;
  for (const auto& [key, list] : postings) {
    if (list.size() < 2 || list.size() > max_df) continue;
    const double idf = std::log(1.0 + static_cast<double>(n) / static_cast<double>(list.size()));
    const double w = idf * idf;
    for (std::uint32_t d : list) norm[d] += w;
    for (std::size_t i = 0; i < list.size(); ++i) {
      for (std::size_t j = i + 1; j < list.size(); ++j) {
        const std::uint32_t a = list[i], b = list[j];  // ascending: postings filled in order
        if (docs[a].doc.document.lang == docs[b].doc.document.lang) continue;
        shared[(std::uint64_t(a) << 32) | b] += w;
      }
    }
  }
  std::vector<Candidate> all;
  all.reserve(shared.size());
  for (const auto& [key, w] : shared) {
    const auto a = static_cast<std::size_t>(key >> 32),
               b = static_cast<std::size_t>(key & 0xffffffffu);
    const double la = static_cast<double>(std::max<std::uint64_t>(1, docs[a].length));
    const double lb = static_cast<double>(std::max<std::uint64_t>(1, docs[b].length));
    if (std::max(la, lb) > options.max_length_ratio * std::min(la, lb)) continue;
    all.push_back({a, b, w / std::sqrt(norm[a] * norm[b])});
  }
  auto better = [](const Candidate& x, const Candidate& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  };
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

}  // namespace polyalign::corpus
