#include "corpus/bundling.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <tuple>
#include <utility>

namespace polyalign::corpus {

// Groups documents into bundles (see corpus.h, stage 4): agglomerative,
// the two groups with the most evidence first, where the evidence between
// two groups is Σ (score - neutral) over their checked pairs (a pair
// scoring below `neutral` counts against); groups join while it reaches
// threshold - neutral (so that one pair alone joins from `threshold` on)
// and their union holds no language twice. Returns the groups of two or
// more documents, each sorted, ordered by first document, with the least
// evidence on which each was joined (as a score: evidence + neutral).
std::vector<std::vector<std::size_t>> make_bundles(const std::vector<Prepared>& docs,
                                                   const std::vector<PairCheck>& checks,
                                                   double threshold, double neutral,
                                                   std::vector<double>& weakest) {
  const std::size_t n = docs.size();
  std::vector<std::size_t> root(n);
  std::iota(root.begin(), root.end(), 0);
  std::vector<std::vector<std::size_t>> members(n);
  std::vector<std::set<std::string>> langs(n);
  std::vector<std::map<std::size_t, double>> evidence(n);  // per root: other root -> sum
  std::vector<double> joined(n, 1.0);
  for (std::size_t d = 0; d < n; ++d) {
    members[d] = {d};
    langs[d] = {docs[d].doc.document.lang};
  }
  for (const PairCheck& c : checks) {
    evidence[c.a][c.b] += c.score - neutral;
    evidence[c.b][c.a] += c.score - neutral;
  }
  // Max-heap of (evidence, -first root, -second root); stale entries (a
  // root gone, or its evidence changed since) are skipped when popped.
  using Entry = std::tuple<double, std::int64_t, std::int64_t>;
  std::priority_queue<Entry> heap;
  auto push = [&](std::size_t x, std::size_t y, double e) {
    if (e >= threshold - neutral)
      heap.emplace(e, -static_cast<std::int64_t>(std::min(x, y)),
                   -static_cast<std::int64_t>(std::max(x, y)));
  };
  for (std::size_t x = 0; x < n; ++x) {
    for (const auto& [y, e] : evidence[x]) {
      if (x < y) push(x, y, e);
    }
  }
  while (!heap.empty()) {
    const auto [e, nx, ny] = heap.top();
    heap.pop();
    const auto x = static_cast<std::size_t>(-nx), y = static_cast<std::size_t>(-ny);
    if (root[x] != x || root[y] != y) continue;
    const auto it = evidence[x].find(y);
    if (it == evidence[x].end() || it->second != e) continue;
    bool clash = false;
    for (const std::string& l : langs[y]) clash |= langs[x].count(l) > 0;
    if (clash) continue;  // languages only grow: these two never join
    // y joins x (the lower index stays the root).
    for (std::size_t d : members[y]) root[d] = x;
    members[x].insert(members[x].end(), members[y].begin(), members[y].end());
    langs[x].insert(langs[y].begin(), langs[y].end());
    joined[x] = std::min({joined[x], joined[y], e + neutral});
    evidence[x].erase(y);
    for (const auto& [z, ez] : evidence[y]) {
      if (z == x) continue;
      evidence[z].erase(y);
      const double sum = (evidence[x][z] += ez);
      evidence[z][x] = sum;
      push(x, z, sum);
    }
    evidence[y].clear();
    members[y].clear();
  }
  std::vector<std::pair<std::vector<std::size_t>, double>> found;
  for (std::size_t d = 0; d < n; ++d) {
    if (root[d] != d || members[d].size() < 2) continue;
    std::vector<std::size_t> m = members[d];
    std::sort(m.begin(), m.end());
    found.push_back({std::move(m), joined[d]});
  }
  std::sort(found.begin(), found.end());
  std::vector<std::vector<std::size_t>> groups;
  weakest.clear();
  for (auto& [m, w] : found) {
    groups.push_back(std::move(m));
    weakest.push_back(w);
  }
  return groups;
}

std::vector<std::size_t> best_checks(std::size_t documents, const std::vector<PairCheck>& checks) {
  std::vector<std::size_t> best(documents, checks.size());
  for (std::size_t i = 0; i < checks.size(); ++i) {
    for (std::size_t d : {checks[i].a, checks[i].b}) {
      if (best[d] == checks.size() || checks[i].score > checks[best[d]].score) best[d] = i;
    }
  }
  return best;
}

// Why document d is in no bundle.
std::string unmatched_reason(std::size_t d, const std::vector<Prepared>& docs,
                             const std::vector<PairCheck>& checks,
                             const std::vector<std::size_t>& best_of, double threshold) {
  if (docs[d].doc.sentences.empty()) return "no sentences";
  const PairCheck* best = best_of[d] < checks.size() ? &checks[best_of[d]] : nullptr;
  if (!best) {
    return "no candidate: shares no rare number, name, URL or acronym with a document in "
           "another language";
  }
  const Document& other = docs[best->a == d ? best->b : best->a].doc.document;
  if (best->score < threshold) {
    return fmt::format("best candidate {} ({}) aligned with score {:.2f} (< {:.2f})", other.path,
                       other.lang, best->score, threshold);
  }
  return fmt::format(
      "best candidate {} ({}) aligned with score {:.2f}, but its bundle holds a {} document "
      "already, or its other members align poorly with this one",
      other.path, other.lang, best->score, docs[d].doc.document.lang);
}

}  // namespace polyalign::corpus
