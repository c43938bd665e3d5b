// learn_word_links(): word links from the confident 1-1 beads of a first
// alignment (Moore 2002, §3, simplified): co-occurrence counts, Dice
// coefficient, competitive linking (Melamed 2000).
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "evidence/sparse_rows.h"
#include "evidence/word_classes.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {

using detail::evidence::linkable;
using detail::evidence::word_classes;
using detail::evidence::WordClasses;

namespace {

// The distinct linkable word classes of each counted bead (CSR, bead
// order), and how many beads each class is in.
struct BeadWords {
  std::vector<std::uint32_t> off, words, count;
};

// BeadWords of one side (`side_a`: A's) of the beads `used`; beads in
// blocks on all threads.
BeadWords bead_words(const DocumentFeatures& f, const std::vector<std::uint8_t>& ok,
                     const WordClasses& classes, const std::vector<const Bead*>& used, bool side_a,
                     unsigned threads) {
  constexpr std::size_t kBeadBlock = 1024;
  const std::size_t bead_blocks = (used.size() + kBeadBlock - 1) / kBeadBlock;
  std::vector<std::vector<std::uint32_t>> block_words(bead_blocks), block_sizes(bead_blocks);
  util::parallel_for(bead_blocks, threads, [&](std::size_t q) {
    std::vector<std::uint32_t>& words = block_words[q];
    for (std::size_t u = q * kBeadBlock; u < std::min(used.size(), (q + 1) * kBeadBlock); ++u) {
      const std::size_t from = words.size();
      for (std::uint32_t w : f.words_of(side_a ? used[u]->a.begin : used[u]->b.begin))
        if (ok[w]) words.push_back(classes.of[w]);
      detail::evidence::sort_unique(words, from);
      block_sizes[q].push_back(static_cast<std::uint32_t>(words.size() - from));
    }
  });
  BeadWords r;
  r.off.reserve(used.size() + 1);
  r.off.push_back(0);
  r.count.assign(classes.count, 0);
  for (std::size_t q = 0; q < bead_blocks; ++q) {
    r.words.insert(r.words.end(), block_words[q].begin(), block_words[q].end());
    for (std::uint32_t n : block_sizes[q]) r.off.push_back(r.off.back() + n);
  }
  for (std::uint32_t w : r.words) ++r.count[w];
  return r;
}

// Which words and pairs are worth counting. Co-occurrences are counted
// only for the pairs that can still reach min_count and min_dice: both
// words seen min_count times, and counts close enough (n <= min(ca, cb), so
// Dice <= 2 min / (ca + cb)). This skips most pairs of a frequent word with
// a rare one.
struct CountLimits {
  const WordLinkOptions& options;
  const std::vector<std::uint32_t>& count_a;
  const std::vector<std::uint32_t>& count_b;

  bool countable(std::uint32_t x) const {
    return count_a[x] >= options.min_count && count_a[x] <= options.max_count;
  }
  bool may_link(std::uint32_t x, std::uint32_t y) const {
    const std::uint32_t ca = count_a[x], cb = count_b[y];
    return ca >= options.min_count && cb >= options.min_count && ca <= options.max_count &&
           cb <= options.max_count && 2.0 * std::min(ca, cb) >= options.min_dice * (ca + cb);
  }
};

// The beads of each word of A that may link, by word (CSR over A's
// vocabulary of size va).
struct WordBeads {
  std::vector<std::uint32_t> off, beads;
};

WordBeads word_beads(const BeadWords& words_a, std::size_t va, std::size_t used,
                     const CountLimits& limits) {
  WordBeads p;
  p.off.assign(va + 1, 0);
  for (std::uint32_t x : words_a.words)
    if (limits.countable(x)) ++p.off[x + 1];
  for (std::size_t x = 0; x < va; ++x) p.off[x + 1] += p.off[x];
  p.beads.resize(p.off[va]);
  std::vector<std::uint32_t> fill(p.off.begin(), p.off.end() - 1);
  for (std::size_t u = 0; u < used; ++u)
    for (std::uint32_t k = words_a.off[u]; k < words_a.off[u + 1]; ++k)
      if (limits.countable(words_a.words[k])) p.beads[fill[words_a.words[k]]++] = static_cast<std::uint32_t>(u);
  return p;
}

struct Candidate {
  std::uint32_t x, y, n;
  double dice;
};

// The candidates of word x of A, in y order, appended to `out`: its
// co-occurrences counted into `cnt`, a dense counter over B's vocabulary
// (left all zero again), `touched` scratch space.
void count_word(std::uint32_t x, const WordBeads& post, const BeadWords& words_b,
                const CountLimits& limits, std::vector<std::uint32_t>& cnt,
                std::vector<std::uint32_t>& touched, std::vector<Candidate>& out) {
  touched.clear();
  for (std::uint32_t p = post.off[x]; p < post.off[x + 1]; ++p) {
    const std::uint32_t u = post.beads[p];
    for (std::uint32_t k = words_b.off[u]; k < words_b.off[u + 1]; ++k) {
      const std::uint32_t y = words_b.words[k];
      if (!limits.may_link(x, y)) continue;
      if (cnt[y]++ == 0) touched.push_back(y);
    }
  }
  // Few partners pass; only those are put in y order.
  const std::size_t from = out.size();
  for (std::uint32_t y : touched) {
    const std::uint32_t n = cnt[y];
    cnt[y] = 0;
    if (n < limits.options.min_count) continue;
    const double dice = 2.0 * n / (limits.count_a[x] + limits.count_b[y]);
    if (dice >= limits.options.min_dice) out.push_back({x, y, n, dice});
  }
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
            [](const Candidate& p, const Candidate& q) { return p.y < q.y; });
}

// The candidate pairs, in (x, y) order: a word's co-occurrences are
// counted on their own, with no global sort of all pairs; words in blocks
// on all threads.
std::vector<Candidate> count_candidates(const WordBeads& post, const BeadWords& words_b,
                                        const CountLimits& limits, std::size_t va, std::size_t vb,
                                        unsigned threads) {
  constexpr std::size_t kWordBlock = 2048;
  const std::size_t word_blocks = (va + kWordBlock - 1) / kWordBlock;
  std::vector<std::vector<Candidate>> block_cands(word_blocks);
  const unsigned workers = std::min<unsigned>(std::max(1u, threads), static_cast<unsigned>(std::max<std::size_t>(1, word_blocks)));
  std::vector<std::vector<std::uint32_t>> counters(workers);
  util::parallel_for(word_blocks, workers, [&](std::size_t q, unsigned worker) {
    std::vector<std::uint32_t>& cnt = counters[worker];
    if (cnt.size() != vb) cnt.assign(vb, 0);
    std::vector<std::uint32_t> touched;
    for (std::size_t x = q * kWordBlock; x < std::min(va, (q + 1) * kWordBlock); ++x) {
      if (post.off[x] == post.off[x + 1]) continue;
      count_word(static_cast<std::uint32_t>(x), post, words_b, limits, cnt, touched, block_cands[q]);
    }
  });
  std::vector<Candidate> cands;
  std::size_t total = 0;
  for (const auto& c : block_cands) total += c.size();
  cands.reserve(total);
  for (auto& c : block_cands) {
    cands.insert(cands.end(), c.begin(), c.end());
    c = {};
  }
  return cands;
}

// Competitive linking: best pairs first, each word linked at most once.
// The order is by Dice, then count (both descending), then (x, y), the
// order the candidates are in: a stable sort by (Dice, count) gives it.
// Dice = 2n / s is a function of (n, s = ca + cb), which take few values
// when counts are capped: then a counting sort over the ranks of the
// (n, s) that occur replaces the comparison sort.
void rank_candidates(std::vector<Candidate>& cands, const CountLimits& limits) {
  const auto better = [](const Candidate& p, const Candidate& q) {
    if (p.dice != q.dice) return p.dice > q.dice;
    return p.n > q.n;
  };
  const std::uint32_t cap = limits.options.max_count;
  if (cap > 1024 || cands.size() < 64) {
    std::stable_sort(cands.begin(), cands.end(), better);
    return;
  }
  const std::size_t width = 2 * std::size_t(cap) + 1;
  auto cell = [&](const Candidate& c) {
    return std::size_t(c.n) * width + (limits.count_a[c.x] + limits.count_b[c.y]);
  };
  std::vector<std::uint32_t> rank((std::size_t(cap) + 1) * width, 0);
  std::vector<Candidate> kinds;  // one candidate per (n, s) that occurs
  for (const Candidate& c : cands) {
    if (rank[cell(c)] == 0) {
      rank[cell(c)] = 1;
      kinds.push_back(c);
    }
  }
  std::sort(kinds.begin(), kinds.end(), better);
  std::vector<std::size_t> start(kinds.size() + 1, 0);
  for (std::size_t r = 0; r < kinds.size(); ++r) rank[cell(kinds[r])] = static_cast<std::uint32_t>(r);
  for (const Candidate& c : cands) ++start[rank[cell(c)] + 1];
  for (std::size_t r = 0; r < kinds.size(); ++r) start[r + 1] += start[r];
  std::vector<Candidate> sorted(cands.size());
  for (const Candidate& c : cands) sorted[start[rank[cell(c)]]++] = c;
  cands.swap(sorted);
}

// The links of ranked candidates, each word linked at most once.
std::vector<WordLink> link_best(const std::vector<Candidate>& cands, std::size_t va, std::size_t vb,
                                std::uint32_t max_links) {
  std::vector<std::uint8_t> linked_a(va, 0), linked_b(vb, 0);
  std::vector<WordLink> links;
  for (const Candidate& c : cands) {
    if (links.size() >= max_links) break;
    if (linked_a[c.x] || linked_b[c.y]) continue;
    linked_a[c.x] = 1;
    linked_b[c.y] = 1;
    links.push_back({c.x, c.y, c.dice});
  }
  return links;
}

// The word links of the class links: every pair of linkable forms of the
// two classes, the first a key of its own and the others sharing it.
std::vector<WordLink> form_links(const std::vector<WordLink>& class_links,
                                 const WordClasses& ca, const std::vector<std::uint8_t>& ok_a,
                                 const WordClasses& cb, const std::vector<std::uint8_t>& ok_b) {
  auto members = [](const WordClasses& c, const std::vector<std::uint8_t>& ok) {
    std::vector<std::uint32_t> off(c.count + 1, 0), words;
    for (std::size_t w = 0; w < c.of.size(); ++w)
      if (ok[w]) ++off[c.of[w] + 1];
    for (std::size_t k = 0; k < c.count; ++k) off[k + 1] += off[k];
    words.resize(off[c.count]);
    std::vector<std::uint32_t> fill(off.begin(), off.end() - 1);
    for (std::size_t w = 0; w < c.of.size(); ++w)
      if (ok[w]) words[fill[c.of[w]]++] = static_cast<std::uint32_t>(w);
    return std::make_pair(std::move(off), std::move(words));
  };
  const auto [off_a, words_a] = members(ca, ok_a);
  const auto [off_b, words_b] = members(cb, ok_b);
  std::vector<WordLink> out;
  out.reserve(class_links.size());
  for (const WordLink& l : class_links) {
    const std::size_t first = out.size();
    for (std::uint32_t p = off_a[l.word_a]; p < off_a[l.word_a + 1]; ++p) {
      for (std::uint32_t q = off_b[l.word_b]; q < off_b[l.word_b + 1]; ++q) {
        out.push_back({words_a[p], words_b[q], l.strength,
                       static_cast<std::uint32_t>(out.size() - first)});
      }
    }
  }
  return out;
}

}  // namespace

std::vector<WordLink> learn_word_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const PairAlignment& alignment,
                                       const WordLinkOptions& options) {
  const std::vector<std::uint8_t> ok_a = linkable(a.vocabulary), ok_b = linkable(b.vocabulary);
  const WordClasses classes_a = word_classes(a.vocabulary, options.prefix_letters);
  const WordClasses classes_b = word_classes(b.vocabulary, options.prefix_letters);
  const std::size_t va = classes_a.count, vb = classes_b.count;
  std::vector<const Bead*> used;
  for (const Bead& bead : alignment.beads) {
    if (bead.a.size() == 1 && bead.b.size() == 1 && bead.confidence >= options.min_confidence)
      used.push_back(&bead);
  }
  const unsigned requested = util::resolve_threads(options.threads);
  const unsigned threads = requested > 1 && used.size() >= 1024 ? requested : 1;
  BeadWords words_a, words_b;
  util::parallel_invoke(threads,
                        [&] { words_a = bead_words(a, ok_a, classes_a, used, true, threads); },
                        [&] { words_b = bead_words(b, ok_b, classes_b, used, false, threads); });
  const CountLimits limits{options, words_a.count, words_b.count};
  const WordBeads post = word_beads(words_a, va, used.size(), limits);
  std::vector<Candidate> cands = count_candidates(post, words_b, limits, va, vb, threads);
  rank_candidates(cands, limits);
  const std::vector<WordLink> class_links = link_best(cands, va, vb, options.max_links);
  if (options.prefix_letters == 0) return class_links;
  return form_links(class_links, classes_a, ok_a, classes_b, ok_b);
}

}  // namespace polyalign
