#include "corpus/projection.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

namespace polyalign::corpus {

namespace {

// Past this many blocks after the union of overlapping parts, the order
// repair below (quadratic per merge) is not tried and the parts stay one
// block: only a bundle whose alignments disagree everywhere gets there.
constexpr std::size_t kMaxBlocks = 256;

SentenceRange hull(const SentenceRange& x, const SentenceRange& y) {
  if (x.empty()) return y;
  if (y.empty()) return x;
  return {std::min(x.begin, y.begin), std::max(x.end, y.end)};
}

SentenceRange clip(const SentenceRange& x, const SentenceRange& within) {
  const std::uint32_t lo = std::max(x.begin, within.begin), hi = std::min(x.end, within.end);
  return hi > lo ? SentenceRange{lo, hi} : SentenceRange{};
}

Block hull(const Block& x, const Block& y) {
  Block out(x.size());
  for (std::size_t m = 0; m < x.size(); ++m) out[m] = hull(x[m], y[m]);
  return out;
}

// Whether blocks x and y overlap in some member or are ordered one way in
// one member and the other way in another.
bool conflict(const Block& x, const Block& y) {
  bool before = false, after = false;
  for (std::size_t m = 0; m < x.size(); ++m) {
    if (x[m].empty() || y[m].empty()) continue;
    if (x[m].end <= y[m].begin) {
      before = true;
    } else if (y[m].end <= x[m].begin) {
      after = true;
    } else {
      return true;
    }
  }
  return before && after;
}

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t x, std::size_t y) {
    x = find(x);
    y = find(y);
    if (x != y) parent[std::max(x, y)] = std::min(x, y);
  }
};

// Parts sharing a sentence become one block (their hull).
std::vector<Block> union_overlapping(const std::vector<Block>& parts) {
  const std::size_t n = parts.front().size();
  std::vector<std::uint32_t> lo(n, std::numeric_limits<std::uint32_t>::max()), offset(n + 1, 0);
  std::vector<std::uint32_t> hi(n, 0);
  for (const Block& p : parts) {
    for (std::size_t m = 0; m < n; ++m) {
      if (p[m].empty()) continue;
      lo[m] = std::min(lo[m], p[m].begin);
      hi[m] = std::max(hi[m], p[m].end);
    }
  }
  for (std::size_t m = 0; m < n; ++m)
    offset[m + 1] = offset[m] + (hi[m] > lo[m] ? hi[m] - lo[m] : 0);
  // Nodes: the sentences, then one per part.
  UnionFind uf(offset[n] + parts.size());
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const std::size_t node = offset[n] + p;
    for (std::size_t m = 0; m < n; ++m) {
      for (std::uint32_t i = parts[p][m].begin; i < parts[p][m].end; ++i)
        uf.unite(node, offset[m] + (i - lo[m]));
    }
  }
  std::map<std::size_t, Block> by_root;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    Block& b = by_root.try_emplace(uf.find(offset[n] + p), Block(n)).first->second;
    b = hull(b, parts[p]);
  }
  std::vector<Block> out;
  out.reserve(by_root.size());
  for (auto& [root, b] : by_root) out.push_back(std::move(b));
  return out;
}

std::uint32_t first_begin(const Block& b) {
  std::uint32_t v = std::numeric_limits<std::uint32_t>::max();
  for (const SentenceRange& r : b) {
    if (!r.empty()) v = std::min(v, r.begin);
  }
  return v;
}

// Blocks without conflicts in an order that every member agrees with
// (Kahn's algorithm over each member's order); a cycle across members
// merges what is left.
std::vector<Block> in_order(std::vector<Block> blocks) {
  const std::size_t nb = blocks.size(), n = blocks.front().size();
  std::vector<std::vector<std::size_t>> next(nb);
  std::vector<std::size_t> indegree(nb, 0);
  for (std::size_t m = 0; m < n; ++m) {
    std::vector<std::size_t> ids;
    for (std::size_t b = 0; b < nb; ++b) {
      if (!blocks[b][m].empty()) ids.push_back(b);
    }
    std::sort(ids.begin(), ids.end(), [&](std::size_t x, std::size_t y) {
      return blocks[x][m].begin < blocks[y][m].begin;
    });
    for (std::size_t i = 1; i < ids.size(); ++i) {
      next[ids[i - 1]].push_back(ids[i]);
      ++indegree[ids[i]];
    }
  }
  std::vector<Block> out;
  std::vector<std::uint8_t> done(nb, 0);
  for (std::size_t step = 0; step < nb; ++step) {
    std::size_t pick = nb;
    for (std::size_t b = 0; b < nb; ++b) {
      if (done[b] || indegree[b] != 0) continue;
      if (pick == nb || first_begin(blocks[b]) < first_begin(blocks[pick])) pick = b;
    }
    if (pick == nb) {  // a cycle: the rest is one block, after the others in every member
      Block rest(n);
      for (std::size_t b = 0; b < nb; ++b) {
        if (!done[b]) rest = hull(rest, blocks[b]);
      }
      out.push_back(std::move(rest));
      break;
    }
    done[pick] = 1;
    for (std::size_t s : next[pick]) --indegree[s];
    out.push_back(std::move(blocks[pick]));
  }
  return out;
}

}  // namespace

DirectPair make_direct(PairAlignment&& r, std::size_t na, std::size_t nb) {
  DirectPair p;
  p.beads = std::move(r.beads);
  p.bead_of_a.assign(na, 0);
  p.bead_of_b.assign(nb, 0);
  for (std::uint32_t k = 0; k < p.beads.size(); ++k) {
    for (std::uint32_t i = p.beads[k].a.begin; i < p.beads[k].a.end; ++i) p.bead_of_a[i] = k;
    for (std::uint32_t j = p.beads[k].b.begin; j < p.beads[k].b.end; ++j) p.bead_of_b[j] = k;
  }
  return p;
}

std::vector<Block> monotone_blocks(std::vector<Block> parts) {
  if (parts.empty()) return parts;
  std::vector<Block> blocks = union_overlapping(parts);
  if (blocks.size() > kMaxBlocks) {
    Block all(blocks.front().size());
    for (const Block& b : blocks) all = hull(all, b);
    return {all};
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < blocks.size() && !changed; ++i) {
      for (std::size_t j = i + 1; j < blocks.size(); ++j) {
        if (!conflict(blocks[i], blocks[j])) continue;
        blocks[i] = hull(blocks[i], blocks[j]);
        blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(j));
        changed = true;
        break;
      }
    }
    // A hull may now hold sentences of a third block: the union again.
    if (changed) blocks = union_overlapping(blocks);
  }
  return in_order(std::move(blocks));
}

namespace {

// Inside tuple t, the sentences of member `to` linked to sentence i of
// member `from` by their direct alignment (a two-sided bead), and its
// posterior.
struct Link {
  SentenceRange range;
  double confidence = 0;
};

Link linked(const std::vector<DirectPair>& pairs, std::size_t n, const Block& t, std::size_t from,
            std::size_t to, std::uint32_t i) {
  const DirectPair& p = pairs[pair_index(from, to, n)];
  const Bead& b = from < to ? p.beads[p.bead_of_a[i]] : p.beads[p.bead_of_b[i]];
  const SentenceRange& own = from < to ? b.a : b.b;
  const SentenceRange& other = from < to ? b.b : b.a;
  if (own.empty() || other.empty()) return {};
  return {clip(other, t[to]), b.confidence};
}

}  // namespace

std::vector<Bead> project_pair(const std::vector<DirectPair>& pairs, std::size_t n, const Block& t,
                               std::size_t k, std::size_t l) {
  const SentenceRange &rk = t[k], &rl = t[l];
  if (rk.empty() && rl.empty()) return {};
  const DirectPair& p = pairs[pair_index(k, l, n)];
  std::vector<std::uint32_t> ids;
  for (std::uint32_t i = rk.begin; i < rk.end; ++i) ids.push_back(p.bead_of_a[i]);
  for (std::uint32_t j = rl.begin; j < rl.end; ++j) ids.push_back(p.bead_of_b[j]);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // The direct beads cut to the tuple, and which sentences they link.
  std::vector<Block> parts;
  std::vector<std::uint8_t> linked_a(rk.size(), 0), linked_b(rl.size(), 0);
  for (std::uint32_t id : ids) {
    const Bead& b = p.beads[id];
    const SentenceRange a = clip(b.a, rk), c = clip(b.b, rl);
    parts.push_back({a, c});
    if (a.empty() || c.empty()) continue;
    for (std::uint32_t i = a.begin; i < a.end; ++i) linked_a[i - rk.begin] = 1;
    for (std::uint32_t j = c.begin; j < c.end; ++j) linked_b[j - rl.begin] = 1;
  }
  // Links through a third member for the sentences left alone.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> third;
  for (std::uint32_t i = rk.begin; i < rk.end; ++i) {
    if (linked_a[i - rk.begin]) continue;
    for (std::size_t z = 0; z < n; ++z) {
      if (z == k || z == l || t[z].empty()) continue;
      const Link xz = linked(pairs, n, t, k, z, i);
      for (std::uint32_t s = xz.range.begin; s < xz.range.end; ++s) {
        const Link zy = linked(pairs, n, t, z, l, s);
        for (std::uint32_t j = zy.range.begin; j < zy.range.end; ++j) {
          if (linked_b[j - rl.begin]) continue;
          double& best = third[{i, j}];
          best = std::max(best, xz.confidence * zy.confidence);
        }
      }
    }
  }
  for (const auto& [ij, c] : third)
    parts.push_back({{ij.first, ij.first + 1}, {ij.second, ij.second + 1}});
  std::vector<Bead> out;
  for (const Block& blk : monotone_blocks(std::move(parts))) {
    Bead bead;
    bead.a = blk[0];
    bead.b = blk[1];
    const Bead& direct =
        bead.a.empty() ? p.beads[p.bead_of_b[bead.b.begin]] : p.beads[p.bead_of_a[bead.a.begin]];
    // The same sentences (an empty side is empty wherever it sits: a
    // direct 1-0 bead keeps the place of its empty side, a projection of
    // a tuple without that member cannot).
    auto same = [](const SentenceRange& x, const SentenceRange& y) {
      return x.empty() ? y.empty() : x == y;
    };
    if (same(direct.a, bead.a) && same(direct.b, bead.b)) {
      bead.confidence = direct.confidence;
    } else {
      double via = 0, held = 0;
      for (const auto& [ij, c] : third) {
        if (ij.first >= bead.a.begin && ij.first < bead.a.end && ij.second >= bead.b.begin &&
            ij.second < bead.b.end)
          via = std::max(via, c);
      }
      for (std::uint32_t i = bead.a.begin; i < bead.a.end; ++i)
        held = std::max(held, p.beads[p.bead_of_a[i]].confidence);
      for (std::uint32_t j = bead.b.begin; j < bead.b.end; ++j)
        held = std::max(held, p.beads[p.bead_of_b[j]].confidence);
      bead.confidence = via > 0 ? via : 1.0 - held;
    }
    out.push_back(bead);
  }
  return out;
}

std::vector<Block> minimal_tuples(const std::vector<DirectPair>& pairs, const Block& t) {
  const std::size_t n = t.size();
  std::vector<Block> parts;
  for (std::size_t k = 0; k < n; ++k) {
    if (!t[k].empty()) {  // every sentence is in some part, even with no pair to hold it
      Block whole(n);
      for (std::uint32_t i = t[k].begin; i < t[k].end; ++i) {
        whole[k] = {i, i + 1};
        parts.push_back(whole);
      }
    }
    for (std::size_t l = k + 1; l < n; ++l) {
      for (const Bead& b : project_pair(pairs, n, t, k, l)) {
        Block part(n);
        part[k] = b.a;
        part[l] = b.b;
        parts.push_back(std::move(part));
      }
    }
  }
  return monotone_blocks(std::move(parts));
}

}  // namespace polyalign::corpus
