#include "polyalign/evidence.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "anchors_internal.h"
#include "polyalign/io.h"

namespace polyalign {

namespace {

double kind_weight(const AnchorKey& a, const EvidenceOptions& o) {
  switch (a.kind) {
    case AnchorKind::kNumber: {
      // "1" or "5" occurs everywhere; "2645" almost never by chance.
      std::size_t digits = 0;
      for (char ch : a.text) digits += ch >= '0' && ch <= '9';
      return o.number_weight * (digits >= 3 ? 1.0 : digits == 2 ? 0.6 : 0.3);
    }
    case AnchorKind::kName:
      return o.name_weight;
    case AnchorKind::kUrl:
    case AnchorKind::kEmail:
      return o.url_weight;
    case AnchorKind::kAcronym:
      return o.acronym_weight;
    case AnchorKind::kLatinWord:
      return o.latin_word_weight;
  }
  return 1.0;
}

// Joint ids of anchor keys (kind and text): an open-addressing table of
// ids, the keys themselves in the evidence's key_of_ / kind_of_. Long
// documents hold millions of distinct keys; a node-based map would
// allocate one node for each.
class JointTable {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  JointTable(std::size_t keys, const std::vector<std::string>& text,
             const std::vector<AnchorKind>& kind)
      : text_(text), kind_(kind) {
    std::size_t cap = 16;
    while (cap < 2 * keys) cap *= 2;
    slot_.assign(cap, kNone);
    mask_ = cap - 1;
  }

  // The features' hash of an anchor key (ids do not depend on it).
  static std::uint64_t hash(AnchorKind kind, std::string_view text) {
    return detail::short_string_hash(text, static_cast<std::uint64_t>(kind) + 1);
  }

  // The id of the key, or kNone. Safe to call from many threads while
  // nothing is inserted.
  std::uint32_t find(AnchorKind kind, std::string_view text, std::uint64_t h) const {
    for (std::size_t s = start(h);; s = (s + 1) & mask_) {
      const std::uint32_t id = slot_[s];
      if (id == kNone || (kind_[id] == kind && text_[id] == text)) return id;
    }
  }

  // Records `id` for the key, which find() has just not found (`h` its hash).
  void insert(std::uint64_t h, std::uint32_t id) {
    std::size_t s = start(h);
    while (slot_[s] != kNone) s = (s + 1) & mask_;
    slot_[s] = id;
  }

 private:
  std::size_t start(std::uint64_t h) const {
    return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ull) >> 20) & mask_;
  }

  const std::vector<std::string>& text_;
  const std::vector<AnchorKind>& kind_;
  std::vector<std::uint32_t> slot_;
  std::size_t mask_ = 0;
};

// The consonant skeleton of a folded name key: vowels, spaces and
// apostrophes dropped, s/z/j merged, repeats collapsed ("lok bin" -> "lkbn").
// Vowel changes and s/z/j swaps are the cheap edits of name_similarity, so
// names that match share their skeleton, or differ in one consonant.
std::string skeleton(std::string_view key) {
  std::string s;
  for (char ch : key) {
    if (ch == ' ' || ch == '\'' || ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u') continue;
    const char c = (ch == 'z' || ch == 'j') ? 's' : ch;
    if (s.empty() || s.back() != c) s += c;
  }
  return s;
}

// Calls f on the skeleton and, for skeletons of 4+ consonants, on each
// variant with one consonant deleted (symmetric deletion: two skeletons one
// substitution apart share a variant).
template <typename F>
void skeleton_variants(const std::string& sk, F&& f) {
  f(sk);
  if (sk.size() < 4) return;
  for (std::size_t p = 0; p < sk.size(); ++p) {
    std::string v = sk;
    v.erase(p, 1);
    f(v);
  }
}

// An upper bound of name_similarity(x, y) = 1 - cost / longest (at most
// that of the whole keys). Every edit costs at least 0.5 per character it
// inserts or deletes and changes the letter counts of the keys by at most
// 2 at a cost of at least 0.5, so cost >= 0.5 |len x - len y| and cost >=
// 0.25 Σ_c |count_x(c) - count_y(c)|. Those bounds are multiples of 0.25
// (exact in double) and rounding is monotonic, so the bound computed here
// is at least the similarity computed there, bit for bit.
double similarity_bound(std::string_view x, std::string_view y) {
  if (x.empty() || y.empty()) return 1.0;  // left to name_similarity
  int count[256] = {};
  for (char c : x) ++count[static_cast<unsigned char>(c)];
  for (char c : y) --count[static_cast<unsigned char>(c)];
  std::size_t l1 = 0;
  for (std::string_view s : {x, y}) {
    for (char c : s) {
      int& n = count[static_cast<unsigned char>(c)];
      l1 += static_cast<std::size_t>(n < 0 ? -n : n);
      n = 0;
    }
  }
  const std::size_t diff = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
  const double cost = std::max(0.5 * static_cast<double>(diff), 0.25 * static_cast<double>(l1));
  const double longest = static_cast<double>(std::max(x.size(), y.size()));
  return std::max(0.0, 1.0 - cost / longest);
}

void sort_unique(std::vector<std::uint32_t>& v, std::size_t from) {
  std::sort(v.begin() + static_cast<std::ptrdiff_t>(from), v.end());
  v.erase(std::unique(v.begin() + static_cast<std::ptrdiff_t>(from), v.end()), v.end());
}

// Runs f(block, worker) for blocks [0, blocks) on up to `threads` threads,
// blocks taken in turn (worker < threads picks its scratch space). What a
// block computes must not depend on which worker runs it.
//
// The caller works too and returns once every block is done, without
// waiting for helpers that never got a block: on a shared machine a new
// thread may not run for milliseconds, longer than the whole job. Helpers
// are detached and hold the queue by shared_ptr; one that starts late
// finds no block left and touches nothing of the caller's. An exception
// from a block (on any thread) stops the blocks not yet begun and is
// rethrown by the caller once the blocks begun are done, so no helper is
// still in `f` when the caller leaves.
struct BlockQueue {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::size_t blocks = 0, done = 0;  // done: guarded by m
  std::exception_ptr failure;        // guarded by m
  std::mutex m;
  std::condition_variable all_done;
};

template <typename F>
void for_blocks(std::size_t blocks, unsigned threads, F&& f) {
  threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), blocks));
  if (threads <= 1) {
    for (std::size_t q = 0; q < blocks; ++q) f(q, 0u);
    return;
  }
  auto queue = std::make_shared<BlockQueue>();
  queue->blocks = blocks;
  // Runs blocks until none is left; `f` is only reached through a claimed
  // block, while the caller still waits for it.
  auto run = [](BlockQueue& qu, auto* fn, unsigned worker) {
    for (std::size_t q; (q = qu.next.fetch_add(1)) < qu.blocks;) {
      std::exception_ptr failure;
      if (!qu.stop.load(std::memory_order_relaxed)) {
        try {
          (*fn)(q, worker);
        } catch (...) {
          failure = std::current_exception();
          qu.stop = true;
        }
      }
      std::lock_guard<std::mutex> lock(qu.m);
      if (failure && !qu.failure) qu.failure = failure;
      if (++qu.done == qu.blocks) qu.all_done.notify_all();
    }
  };
  auto* fn = &f;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      std::thread([queue, fn, t, run] { run(*queue, fn, t); }).detach();
    } catch (const std::system_error&) {
      break;  // no thread to be had: the caller runs the blocks left
    }
  }
  run(*queue, fn, 0);
  std::unique_lock<std::mutex> lock(queue->m);
  queue->all_done.wait(lock, [&] { return queue->done == queue->blocks; });
  if (queue->failure) std::rethrow_exception(queue->failure);
}

// Sentences x keys in CSR form, each row's keys sorted and distinct.
struct KeyRows {
  const std::vector<std::uint32_t>& ids;
  const std::vector<std::uint32_t>& off;
};

// For each key of nonzero weight, the rows holding it, in increasing order.
struct Postings {
  std::vector<std::uint32_t> off, rows;
};

Postings invert(KeyRows m, const std::vector<float>& weight) {
  Postings p;
  p.off.assign(weight.size() + 1, 0);
  for (std::uint32_t id : m.ids)
    if (weight[id] > 0) ++p.off[id + 1];
  for (std::size_t k = 0; k < weight.size(); ++k) p.off[k + 1] += p.off[k];
  p.rows.resize(p.off.back());
  std::vector<std::uint32_t> fill(p.off.begin(), p.off.end() - 1);
  const std::size_t n = m.off.size() - 1;
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t x = m.off[i]; x < m.off[i + 1]; ++x)
      if (weight[m.ids[x]] > 0) p.rows[fill[m.ids[x]]++] = static_cast<std::uint32_t>(i);
  return p;
}

// Scratch space of one worker for join_row: a dense accumulator over B's
// sentences and a bitmap of the ones a row touched.
struct RowJoin {
  std::vector<float> sum;
  std::vector<std::uint64_t> bits;
  std::vector<std::uint32_t> touched;
  explicit RowJoin(std::size_t nb) : sum(nb, 0.0f), bits((nb + 63) / 64, 0) {}
};

// Row i of M_a·M_bᵀ, where both matrices hold sqrt(w) for a key of weight
// w (`product[k]` = sqrt(w)·sqrt(w) in float): calls emit(j, value) for
// its cells in increasing j. Each cell sums its keys in increasing key
// order, the order of Eigen's sparse product this replaces, so the floats
// are the same. The columns come out in order from the bitmap when they
// lie close together (a few words of it per cell), else by sorting them.
// Only the columns first..last are joined (the postings of a key are in
// increasing row order: a long list is entered by binary search).
template <typename Emit>
void join_row(std::uint32_t i, KeyRows a, const Postings& b, const std::vector<float>& product,
              RowJoin& s, Emit&& emit, std::uint32_t first_col = 0,
              std::uint32_t last_col = 0xFFFFFFFFu) {
  s.touched.clear();
  std::uint32_t lo = 0xFFFFFFFFu, hi = 0;
  const bool window = first_col > 0 || last_col != 0xFFFFFFFFu;
  for (std::uint32_t x = a.off[i]; x < a.off[i + 1]; ++x) {
    const std::uint32_t k = a.ids[x];
    const float v = product[k];
    const std::uint32_t* begin = b.rows.data() + b.off[k];
    const std::uint32_t* end = b.rows.data() + b.off[k + 1];
    if (window) {
      begin = end - begin > 16 ? std::lower_bound(begin, end, first_col)
                               : std::find_if(begin, end, [&](std::uint32_t j) { return j >= first_col; });
    }
    for (const std::uint32_t* y = begin; y != end; ++y) {
      const std::uint32_t j = *y;
      if (j > last_col) break;
      std::uint64_t& word = s.bits[j >> 6];
      const std::uint64_t bit = std::uint64_t(1) << (j & 63);
      if (word & bit) {
        s.sum[j] += v;
      } else {
        word |= bit;
        s.sum[j] = v;
        s.touched.push_back(j);
        lo = std::min(lo, j);
        hi = std::max(hi, j);
      }
    }
  }
  if (s.touched.empty()) return;
  const std::size_t first = lo >> 6, last = hi >> 6;
  if (last - first + 1 <= 8 * s.touched.size()) {
    for (std::size_t w = first; w <= last; ++w) {
      for (std::uint64_t word = s.bits[w]; word != 0; word &= word - 1) {
        const auto j = static_cast<std::uint32_t>(w * 64 + static_cast<unsigned>(std::countr_zero(word)));
        emit(j, s.sum[j]);
      }
      s.bits[w] = 0;
    }
  } else {
    std::sort(s.touched.begin(), s.touched.end());
    for (std::uint32_t j : s.touched) {
      s.bits[j >> 6] = 0;
      emit(j, s.sum[j]);
    }
  }
}

// Each sentence's joint ids (`joint` per key of f), sorted and distinct, in
// CSR form: sentences in blocks on all threads, each sorted in place where
// its anchors are, then packed.
void sentence_ids(const DocumentFeatures& f, const std::vector<std::uint32_t>& joint,
                  std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& off,
                  unsigned threads) {
  const std::size_t n = f.size();
  std::vector<std::uint32_t> all(f.anchors.size());
  off.assign(n + 1, 0);
  constexpr std::size_t kBlock = 2048;
  for_blocks((n + kBlock - 1) / kBlock, threads, [&](std::size_t q, unsigned) {
    for (std::size_t i = q * kBlock; i < std::min(n, (q + 1) * kBlock); ++i) {
      const auto first = all.begin() + f.anchor_offsets[i];
      auto last = first;
      for (const AnchorRef& anchor : f.anchors_of(i)) *last++ = joint[anchor.key];
      if (last - first > 1) {
        std::sort(first, last);
        last = std::unique(first, last);
      }
      off[i + 1] = static_cast<std::uint32_t>(last - first);
    }
  });
  for (std::size_t i = 0; i < n; ++i) off[i + 1] += off[i];
  ids.resize(off[n]);
  for_blocks((n + kBlock - 1) / kBlock, threads, [&](std::size_t q, unsigned) {
    for (std::size_t i = q * kBlock; i < std::min(n, (q + 1) * kBlock); ++i)
      std::copy_n(all.begin() + f.anchor_offsets[i], off[i + 1] - off[i], ids.begin() + off[i]);
  });
}

// Rows per block of parallel work: enough to amortise taking a block,
// few enough that two threads stay balanced on a shared machine.
constexpr std::uint32_t kRowBlock = 512;

// The CSR cells of rows [0, n): row(i, scratch, push) pushes row i's cells
// in increasing column, at most bound(i) of them. Rows in blocks on all
// threads, each block into its own arrays (reserved from the bounds, so
// they never grow by copying), then joined in row order: the result is the
// same at any thread count.
template <typename Bound, typename Row>
void rows_in_blocks(std::uint32_t n, std::size_t nb, unsigned threads,
                    std::vector<std::uint64_t>& row_ptr, std::vector<std::uint32_t>& cols,
                    std::vector<PairEvidence::Shared>& vals, Bound&& bound, Row&& row) {
  struct Block {
    std::vector<std::uint32_t> cols;
    std::vector<PairEvidence::Shared> vals;
    std::vector<std::uint64_t> ends;  // per row, relative to the block
  };
  const std::size_t blocks = (std::size_t(n) + kRowBlock - 1) / kRowBlock;
  std::vector<Block> out(blocks);
  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), std::max<std::size_t>(1, blocks)));
  std::vector<RowJoin> scratch;
  scratch.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) scratch.emplace_back(nb);
  for_blocks(blocks, workers, [&](std::size_t q, unsigned worker) {
    Block& blk = out[q];
    const auto first = static_cast<std::uint32_t>(q * kRowBlock);
    const auto last = std::min<std::uint32_t>(n, first + kRowBlock);
    blk.ends.reserve(last - first);
    std::uint64_t most = 0;
    for (std::uint32_t i = first; i < last; ++i) most += bound(i);
    blk.cols.reserve(most);
    blk.vals.reserve(most);
    for (std::uint32_t i = first; i < last; ++i) {
      row(i, scratch[worker], [&](std::uint32_t j, PairEvidence::Shared v) {
        blk.cols.push_back(j);
        blk.vals.push_back(v);
      });
      blk.ends.push_back(blk.cols.size());
    }
  });
  row_ptr.assign(std::size_t(n) + 1, 0);
  std::size_t total = 0;
  for (const Block& blk : out) total += blk.cols.size();
  cols.clear();
  vals.clear();
  cols.reserve(total);
  vals.reserve(total);
  std::size_t r = 0;
  for (Block& blk : out) {
    const std::size_t at = cols.size();
    cols.insert(cols.end(), blk.cols.begin(), blk.cols.end());
    vals.insert(vals.end(), blk.vals.begin(), blk.vals.end());
    for (std::uint64_t end : blk.ends) row_ptr[++r] = at + end;
    blk = Block{};
  }
}

// Cells row i of M_a·M_bᵀ can have at most: one per posting its keys reach.
std::uint64_t join_bound(std::uint32_t i, KeyRows a, const Postings& b) {
  std::uint64_t n = 0;
  for (std::uint32_t x = a.off[i]; x < a.off[i + 1]; ++x) n += b.off[a.ids[x] + 1] - b.off[a.ids[x]];
  return n;
}

}  // namespace

PairEvidence PairEvidence::build(const DocumentFeatures& a, const DocumentFeatures& b,
                                 const EvidenceOptions& options,
                                 const std::vector<WordLink>& links) {
  PairEvidence ev;
  ev.threads_ = std::max(1u, options.threads);
  const auto na = static_cast<std::uint32_t>(a.size());
  const auto nb = static_cast<std::uint32_t>(b.size());
  // Every key's hash first, on all threads.
  auto hashes = [&](const DocumentFeatures& f) {
    std::vector<std::uint64_t> h(f.anchor_keys.size());
    constexpr std::size_t kBlock = 4096;
    for_blocks((h.size() + kBlock - 1) / kBlock, options.threads, [&](std::size_t q, unsigned) {
      for (std::size_t k = q * kBlock; k < std::min(h.size(), (q + 1) * kBlock); ++k)
        h[k] = JointTable::hash(f.anchor_keys[k].kind, f.anchor_keys[k].text);
    });
    return h;
  };
  const std::vector<std::uint64_t> hash_a = hashes(a), hash_b = hashes(b);
  JointTable joint(a.anchor_keys.size() + b.anchor_keys.size(), ev.key_of_, ev.kind_of_);
  auto id_for = [&](const AnchorKey& anchor, std::uint64_t h) {
    std::uint32_t id = joint.find(anchor.kind, anchor.text, h);
    if (id == JointTable::kNone) {
      id = static_cast<std::uint32_t>(ev.key_of_.size());
      ev.key_of_.push_back(anchor.text);
      ev.kind_of_.push_back(anchor.kind);
      ev.weight_of_.push_back(static_cast<float>(kind_weight(anchor, options)));
      joint.insert(h, id);
    }
    return id;
  };
  ev.key_of_.reserve(a.anchor_keys.size() + b.anchor_keys.size());
  ev.kind_of_.reserve(a.anchor_keys.size() + b.anchor_keys.size());
  ev.weight_of_.reserve(a.anchor_keys.size() + b.anchor_keys.size());

  // Side A: every distinct key gets its joint id (in order of first
  // occurrence), then every sentence the ids of its anchors.
  std::vector<std::uint32_t> joint_a(a.anchor_keys.size());
  for (std::size_t k = 0; k < a.anchor_keys.size(); ++k) joint_a[k] = id_for(a.anchor_keys[k], hash_a[k]);
  sentence_ids(a, joint_a, ev.ids_a_, ev.off_a_, options.threads);

  // Names of B take the id of their best match among A's names. Candidates
  // come from an index of consonant skeletons, so clustering stays near
  // linear in the number of names instead of comparing all pairs.
  // Views of key_of_, which does not grow before the matching is done.
  std::vector<std::pair<std::string_view, std::uint32_t>> names_a;
  for (std::uint32_t id = 0; id < ev.kind_of_.size(); ++id) {  // so far, A's keys only
    if (ev.kind_of_[id] == AnchorKind::kName) names_a.emplace_back(ev.key_of_[id], id);
  }
  std::sort(names_a.begin(), names_a.end());  // deterministic order and ties
  // The index: (hash of a variant, name), sorted, each with the variant's
  // text (in one buffer) to tell hash collisions apart. A flat sorted array
  // instead of a map of vectors: no allocation per variant.
  struct Variant {
    std::uint64_t hash;
    std::uint32_t name, text, size;
  };
  std::vector<Variant> variants;
  std::string variant_text;
  for (std::uint32_t k = 0; k < names_a.size(); ++k) {
    skeleton_variants(skeleton(names_a[k].first), [&](const std::string& v) {
      variants.push_back({std::hash<std::string_view>{}(v), k,
                          static_cast<std::uint32_t>(variant_text.size()),
                          static_cast<std::uint32_t>(v.size())});
      variant_text += v;
    });
  }
  std::sort(variants.begin(), variants.end(),
            [](const Variant& p, const Variant& q) { return p.hash < q.hash; });
  // The best match of each name is independent of the others' (and most of
  // the work of build() on long documents): matched on all threads, in
  // blocks taken in turn; ids are then given out in key order as before,
  // so the result is the same at any thread count.
  struct Match {
    double similarity = -1;
    std::uint32_t id = 0;
  };
  std::vector<Match> best(b.anchor_keys.size());
  auto match_names = [&](std::size_t first, std::size_t last) {
    std::vector<std::uint32_t> candidates;
    for (std::size_t key = first; key < last; ++key) {
      const AnchorKey& anchor = b.anchor_keys[key];
      if (anchor.kind != AnchorKind::kName) continue;
      Match& m = best[key];
      // Only an equal key scores 1, and it is a candidate (same skeleton):
      // no other candidate can beat it.
      if (const std::uint32_t same = joint.find(AnchorKind::kName, anchor.text, hash_b[key]);
          same != JointTable::kNone) {
        m = {1.0, same};
        continue;
      }
      candidates.clear();
      skeleton_variants(skeleton(anchor.text), [&](const std::string& v) {
        const std::uint64_t h = std::hash<std::string_view>{}(v);
        auto it = std::lower_bound(variants.begin(), variants.end(), h,
                                   [](const Variant& p, std::uint64_t x) { return p.hash < x; });
        for (; it != variants.end() && it->hash == h; ++it)
          if (std::string_view(variant_text).substr(it->text, it->size) == v) candidates.push_back(it->name);
      });
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      for (std::uint32_t k : candidates) {
        // A cheap upper bound of name_similarity (see similarity_bound): a
        // candidate that cannot reach the threshold, or beat the best so
        // far, cannot change the match.
        const double bound = similarity_bound(names_a[k].first, anchor.text);
        if (bound < options.name_threshold || bound <= m.similarity) continue;
        const double sim = name_similarity(names_a[k].first, anchor.text);
        if (sim > m.similarity) m = {sim, names_a[k].second};
      }
    }
  };
  constexpr std::size_t kNameBlock = 1024;
  for_blocks((b.anchor_keys.size() + kNameBlock - 1) / kNameBlock, options.threads,
             [&](std::size_t q, unsigned) {
               match_names(q * kNameBlock, std::min(b.anchor_keys.size(), (q + 1) * kNameBlock));
             });
  std::vector<std::uint32_t> joint_b(b.anchor_keys.size());
  for (std::size_t key = 0; key < b.anchor_keys.size(); ++key) {
    const AnchorKey& anchor = b.anchor_keys[key];
    joint_b[key] = anchor.kind == AnchorKind::kName && best[key].similarity >= options.name_threshold
                       ? best[key].id
                       : id_for(anchor, hash_b[key]);
  }
  sentence_ids(b, joint_b, ev.ids_b_, ev.off_b_, options.threads);

  // Document frequencies; keys on one side only carry no evidence of where
  // a sentence aligns, but an orphan number is evidence it has no partner.
  const std::size_t keys = ev.key_of_.size();
  std::vector<std::uint32_t> df_a(keys, 0), df_b(keys, 0);
  for (std::uint32_t id : ev.ids_a_) ++df_a[id];
  for (std::uint32_t id : ev.ids_b_) ++df_b[id];
  auto orphans = [&](const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& off,
                     const std::vector<std::uint32_t>& df_other, std::vector<float>& out) {
    const std::size_t n = off.size() - 1;
    out.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint32_t k = off[i]; k < off[i + 1]; ++k)
        if (ev.kind_of_[ids[k]] == AnchorKind::kNumber && df_other[ids[k]] == 0)
          out[i] += ev.weight_of_[ids[k]];
  };
  orphans(ev.ids_a_, ev.off_a_, df_b, ev.orphan_a_);
  orphans(ev.ids_b_, ev.off_b_, df_a, ev.orphan_b_);
  for (std::size_t k = 0; k < keys; ++k) {
    const std::uint32_t df = std::max(df_a[k], df_b[k]);
    const bool usable = df_a[k] > 0 && df_b[k] > 0 && df <= options.max_df;
    ev.weight_of_[k] = usable ? ev.weight_of_[k] / static_cast<float>(df) : 0.0f;
  }

  // Shared weight per cell: (A·Bᵀ)(i, j) = Σ shared w, with entries sqrt(w)
  // (see join_row).
  std::vector<float> product(keys);
  for (std::size_t k = 0; k < keys; ++k) {
    const float root = std::sqrt(ev.weight_of_[k]);
    product[k] = root * root;
  }
  const Postings post_b = invert({ev.ids_b_, ev.off_b_}, ev.weight_of_);
  rows_in_blocks(na, nb, options.threads, ev.row_ptr_, ev.cols_, ev.vals_,
                 [&](std::uint32_t i) { return join_bound(i, {ev.ids_a_, ev.off_a_}, post_b); },
                 [&](std::uint32_t i, RowJoin& scratch, auto&& push) {
                   join_row(i, {ev.ids_a_, ev.off_a_}, post_b, product, scratch,
                            [&](std::uint32_t j, float v) { push(j, Shared{v, 0.0f}); });
                 });
  ev.linkable_a_.assign(na, Shared{});
  ev.linkable_b_.assign(nb, Shared{});
  for (std::uint32_t i = 0; i < na; ++i)
    for (std::uint32_t k = ev.off_a_[i]; k < ev.off_a_[i + 1]; ++k)
      ev.linkable_a_[i].anchors += ev.weight_of_[ev.ids_a_[k]];
  for (std::uint32_t j = 0; j < nb; ++j)
    for (std::uint32_t k = ev.off_b_[j]; k < ev.off_b_[j + 1]; ++k)
      ev.linkable_b_[j].anchors += ev.weight_of_[ev.ids_b_[k]];
  // (Not `links.empty() ? ev : ...`: a conditional with an lvalue copies it.)
  if (links.empty()) return ev;
  return ev.with_links(a, b, links, options);
}

PairEvidence PairEvidence::with_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                      const std::vector<WordLink>& links,
                                      const EvidenceOptions& options,
                                      const PairAlignment* near) const {
  const auto na = static_cast<std::uint32_t>(a.size());
  const auto nb = static_cast<std::uint32_t>(b.size());
  if (row_ptr_.size() != std::size_t(na) + 1 || linkable_b_.size() != nb) {
    fail_input("PairEvidence::with_links", "features do not belong to this evidence");
  }
  // Everything but the cells carries over; the cells are rebuilt below,
  // so copying them first would be wasted.
  PairEvidence ev;
  ev.threads_ = std::max(1u, options.threads);
  ev.linkable_a_ = linkable_a_;
  ev.linkable_b_ = linkable_b_;
  ev.orphan_a_ = orphan_a_;
  ev.orphan_b_ = orphan_b_;
  ev.ids_a_ = ids_a_;
  ev.off_a_ = off_a_;
  ev.ids_b_ = ids_b_;
  ev.off_b_ = off_b_;
  ev.key_of_ = key_of_;
  ev.kind_of_ = kind_of_;
  ev.weight_of_ = weight_of_;

  // Word links as extra keys: a sentence of A holding word_a and one of B
  // holding word_b share the link. Per side, a sentence's links in CSR
  // form (sorted, distinct), found through each word's links.
  struct LinkRows {
    std::vector<std::uint32_t> ids, off, df;
  };
  // Links naming a word outside the vocabulary match no sentence.
  auto link_rows = [&](const DocumentFeatures& f, bool side_a, std::size_t n) {
    const std::size_t vocab = f.vocabulary.size();
    std::vector<std::uint32_t> word_off(vocab + 2, 0), word_links(links.size());
    auto word_of = [&](const WordLink& l) { return side_a ? l.word_a : l.word_b; };
    for (const WordLink& l : links)
      if (word_of(l) < vocab) ++word_off[word_of(l) + 2];
    for (std::size_t w = 2; w < word_off.size(); ++w) word_off[w] += word_off[w - 1];
    for (std::size_t l = 0; l < links.size(); ++l)
      if (word_of(links[l]) < vocab) word_links[word_off[word_of(links[l]) + 1]++] = static_cast<std::uint32_t>(l);
    // word_off[w] .. word_off[w + 1]: the links of word w, in link order.
    LinkRows r;
    r.df.assign(links.size(), 0);
    r.off.reserve(n + 1);
    r.off.push_back(0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t from = r.ids.size();
      for (std::uint32_t w : f.words_of(i))
        r.ids.insert(r.ids.end(), word_links.begin() + word_off[w], word_links.begin() + word_off[w + 1]);
      if (r.ids.size() - from > 1) sort_unique(r.ids, from);
      for (std::size_t x = from; x < r.ids.size(); ++x) ++r.df[r.ids[x]];
      r.off.push_back(static_cast<std::uint32_t>(r.ids.size()));
    }
    return r;
  };
  LinkRows lrows_a, lrows_b;
  for_blocks(2, options.threads, [&](std::size_t side, unsigned) {  // independent
    if (side == 0) {
      lrows_a = link_rows(a, true, na);
    } else {
      lrows_b = link_rows(b, false, nb);
    }
  });
  std::vector<float> link_weight(links.size(), 0.0f), product(links.size(), 0.0f);
  for (std::size_t l = 0; l < links.size(); ++l) {
    const std::uint32_t df = std::max(lrows_a.df[l], lrows_b.df[l]);
    if (lrows_a.df[l] > 0 && lrows_b.df[l] > 0 && df <= options.max_df) {
      link_weight[l] = static_cast<float>(options.word_link_weight * links[l].strength / df);
      const float root = std::sqrt(link_weight[l]);
      product[l] = root * root;
    }
  }
  // With a path to follow, row i's links reach the columns of the beads
  // that cover it (a 0-1 bead covers the row it sits on), widened by the
  // window; rows it misses reach everywhere.
  std::vector<std::uint32_t> col_lo, col_hi;
  if (near && options.link_window > 0 && nb > 0) {
    col_lo.assign(na, 0xFFFFFFFFu);
    col_hi.assign(na, 0);
    for (const Bead& bead : near->beads) {
      const std::uint32_t last_row = std::max(bead.a.end, bead.a.begin + 1);
      const std::uint32_t lo = bead.b.begin, hi = std::max(bead.b.end, bead.b.begin + 1) - 1;
      for (std::uint32_t i = bead.a.begin; i < std::min(last_row, na); ++i) {
        col_lo[i] = std::min(col_lo[i], lo);
        col_hi[i] = std::max(col_hi[i], hi);
      }
    }
    for (std::uint32_t i = 0; i < na; ++i) {
      if (col_lo[i] > col_hi[i]) {
        col_lo[i] = 0;
        col_hi[i] = nb - 1;
        continue;
      }
      col_lo[i] = col_lo[i] > options.link_window ? col_lo[i] - options.link_window : 0;
      col_hi[i] = std::min<std::uint64_t>(nb - 1, std::uint64_t(col_hi[i]) + options.link_window);
    }
  }
  // The link cells of each row, merged with the anchor cells of this
  // evidence as they come (link-only cells of before dropped).
  const Postings link_b = invert({lrows_b.ids, lrows_b.off}, link_weight);
  rows_in_blocks(na, nb, options.threads, ev.row_ptr_, ev.cols_, ev.vals_,
                 [&](std::uint32_t i) {
                   return row_ptr_[i + 1] - row_ptr_[i] + join_bound(i, {lrows_a.ids, lrows_a.off}, link_b);
                 },
                 [&](std::uint32_t i, RowJoin& scratch, auto&& push) {
                   std::uint64_t x = row_ptr_[i];
                   const std::uint64_t x_end = row_ptr_[i + 1];
                   auto anchors_before = [&](std::uint64_t col) {
                     for (; x < x_end && cols_[x] < col; ++x)
                       if (vals_[x].anchors != 0) push(cols_[x], Shared{vals_[x].anchors, 0.0f});
                   };
                   join_row(i, {lrows_a.ids, lrows_a.off}, link_b, product, scratch,
                            [&](std::uint32_t j, float v) {
                              anchors_before(j);
                              Shared cell{0.0f, v};
                              if (x < x_end && cols_[x] == j) cell.anchors = vals_[x++].anchors;
                              push(j, cell);
                            },
                            col_lo.empty() ? 0 : col_lo[i],
                            col_hi.empty() ? 0xFFFFFFFFu : col_hi[i]);
                   anchors_before(std::uint64_t(1) << 32);
                 });

  for (std::uint32_t i = 0; i < na; ++i) {
    ev.linkable_a_[i].links = 0;
    for (std::uint32_t x = lrows_a.off[i]; x < lrows_a.off[i + 1]; ++x)
      ev.linkable_a_[i].links += link_weight[lrows_a.ids[x]];
  }
  for (std::uint32_t j = 0; j < nb; ++j) {
    ev.linkable_b_[j].links = 0;
    for (std::uint32_t x = lrows_b.off[j]; x < lrows_b.off[j + 1]; ++x)
      ev.linkable_b_[j].links += link_weight[lrows_b.ids[x]];
  }
  return ev;
}

PairEvidence::Shared PairEvidence::shared(std::uint32_t i, std::uint32_t j) const {
  if (i + 1 >= row_ptr_.size()) return {};
  const auto begin = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i]);
  const auto end = cols_.begin() + static_cast<std::ptrdiff_t>(row_ptr_[i + 1]);
  const auto it = std::lower_bound(begin, end, j);
  if (it == end || *it != j) return {};
  return vals_[static_cast<std::size_t>(it - cols_.begin())];
}

PairEvidence PairEvidence::coarsen(std::uint32_t k) const {
  PairEvidence c;
  if (empty() || k <= 1) return *this;
  const std::size_t na = row_ptr_.size() - 1, nb = linkable_b_.size();
  const std::size_t ca = (na + k - 1) / k, cb = (nb + k - 1) / k;
  c.threads_ = threads_;
  // A block's cells summed per block column in a dense accumulator (the
  // block columns it touches marked with the block's number), in row order
  // and within a row in column order, then emitted in column order. Blocks
  // of rows are coarsened on all threads.
  struct Part {
    std::vector<std::uint32_t> cols;
    std::vector<Shared> vals;
    std::vector<std::uint64_t> ends;  // per block row, relative to the part
  };
  // On one thread, one part: its arrays become the result without a copy.
  const std::size_t kBlocksPerPart = threads_ > 1 ? 64 : std::max<std::size_t>(ca, 1);
  const std::size_t parts = (ca + kBlocksPerPart - 1) / kBlocksPerPart;
  std::vector<Part> out(parts);
  struct Scratch {
    std::vector<Shared> sum;
    std::vector<std::uint32_t> mark, touched;
  };
  std::vector<Scratch> scratch(std::max(1u, threads_));  // one per worker
  // A shift instead of a division per cell when k is a power of two (the
  // coarse levels' 8).
  const int shift = std::has_single_bit(k) ? std::countr_zero(k) : -1;
  for_blocks(parts, threads_, [&](std::size_t p, unsigned worker) {
    Part& part = out[p];
    auto& [sum, mark, touched] = scratch[worker];
    if (mark.empty()) {
      sum.resize(cb);
      mark.assign(cb, std::numeric_limits<std::uint32_t>::max());
    }
    for (std::size_t block = p * kBlocksPerPart; block < std::min(ca, (p + 1) * kBlocksPerPart); ++block) {
      touched.clear();
      const auto stamp = static_cast<std::uint32_t>(block);
      for (std::uint64_t x = row_ptr_[block * k]; x < row_ptr_[std::min(na, (block + 1) * k)]; ++x) {
        const std::uint32_t col = shift >= 0 ? cols_[x] >> shift : cols_[x] / k;
        if (mark[col] != stamp) {
          mark[col] = stamp;
          touched.push_back(col);
          sum[col] = vals_[x];
        } else {
          sum[col].anchors += vals_[x].anchors;
          sum[col].links += vals_[x].links;
        }
      }
      std::sort(touched.begin(), touched.end());
      for (std::uint32_t col : touched) {
        part.cols.push_back(col);
        part.vals.push_back(sum[col]);
      }
      part.ends.push_back(part.cols.size());
    }
  });
  c.row_ptr_.assign(ca + 1, 0);
  if (parts == 1) {
    for (std::size_t block = 0; block < ca; ++block) c.row_ptr_[block + 1] = out[0].ends[block];
    c.cols_ = std::move(out[0].cols);
    c.vals_ = std::move(out[0].vals);
  } else {
    std::size_t total = 0;
    for (const Part& part : out) total += part.cols.size();
    c.cols_.resize(total);
    c.vals_.resize(total);
    std::size_t at = 0, row = 0;
    for (Part& part : out) {
      std::copy(part.cols.begin(), part.cols.end(), c.cols_.begin() + static_cast<std::ptrdiff_t>(at));
      std::copy(part.vals.begin(), part.vals.end(), c.vals_.begin() + static_cast<std::ptrdiff_t>(at));
      for (std::uint64_t e : part.ends) c.row_ptr_[++row] = at + e;
      at += part.cols.size();
      part = Part{};
    }
  }
  auto sum_blocks = [k](const std::vector<Shared>& v, std::size_t blocks) {
    std::vector<Shared> out(blocks);
    for (std::size_t i = 0; i < v.size(); ++i) {
      out[i / k].anchors += v[i].anchors;
      out[i / k].links += v[i].links;
    }
    return out;
  };
  auto sum_orphans = [k](const std::vector<float>& v, std::size_t blocks) {
    std::vector<float> out(blocks, 0.0f);
    for (std::size_t i = 0; i < v.size(); ++i) out[i / k] += v[i];
    return out;
  };
  c.orphan_a_ = sum_orphans(orphan_a_, ca);
  c.orphan_b_ = sum_orphans(orphan_b_, cb);
  c.linkable_a_ = sum_blocks(linkable_a_, ca);
  c.linkable_b_ = sum_blocks(linkable_b_, cb);
  return c;
}

std::vector<AnchorMatch> PairEvidence::matches(SentenceRange a, SentenceRange b) const {
  std::vector<AnchorMatch> out;
  if (off_a_.empty() || off_b_.empty()) return out;
  std::unordered_set<std::uint32_t> in_b;
  for (std::uint32_t j = b.begin; j < b.end && j + 1 < off_b_.size(); ++j)
    for (std::uint32_t k = off_b_[j]; k < off_b_[j + 1]; ++k) in_b.insert(ids_b_[k]);
  std::unordered_set<std::uint32_t> seen;
  for (std::uint32_t i = a.begin; i < a.end && i + 1 < off_a_.size(); ++i) {
    for (std::uint32_t k = off_a_[i]; k < off_a_[i + 1]; ++k) {
      const std::uint32_t id = ids_a_[k];
      if (weight_of_[id] > 0 && in_b.count(id) && seen.insert(id).second) {
        out.push_back({kind_of_[id], key_of_[id], weight_of_[id]});
      }
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> read_dictionary(const std::string& path) {
  const std::string text = read_file(path, 1ull << 30);
  validate_text(text, path);
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      fail_input(fmt::format("{}: line {}", path, line_no), "expected 'word_a<TAB>word_b'");
    }
    const auto wa = tokenize_words(line.substr(0, tab));
    const auto wb = tokenize_words(line.substr(tab + 1));
    // Single words only: the evidence works on word ids; a multi-word entry
    // links its first words, which is rarely what the entry means.
    if (wa.size() == 1 && wb.size() == 1) out.emplace_back(wa[0], wb[0]);
  }
  return out;
}

std::vector<WordLink> dictionary_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const std::vector<std::pair<std::string, std::string>>& dict) {
  std::vector<WordLink> links;
  if (dict.empty()) return links;
  std::unordered_map<std::string_view, std::uint32_t> ida, idb;
  for (std::uint32_t k = 0; k < a.vocabulary.size(); ++k) ida.emplace(a.vocabulary[k], k);
  for (std::uint32_t k = 0; k < b.vocabulary.size(); ++k) idb.emplace(b.vocabulary[k], k);
  for (const auto& [x, y] : dict) {
    auto p = ida.find(x);
    auto q = idb.find(y);
    if (p != ida.end() && q != idb.end()) links.push_back({p->second, q->second, 1.0});
  }
  return links;
}

std::vector<WordLink> learn_word_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                       const PairAlignment& alignment,
                                       const WordLinkOptions& options) {
  const std::size_t va = a.vocabulary.size(), vb = b.vocabulary.size();
  // Numbers are anchors already; one-letter words link to everything.
  auto linkable = [](const std::vector<std::string>& vocab) {
    std::vector<std::uint8_t> ok(vocab.size());
    for (std::size_t w = 0; w < vocab.size(); ++w) {
      const std::string& s = vocab[w];
      ok[w] = s.size() >= 2 &&
              !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    return ok;
  };
  const std::vector<std::uint8_t> ok_a = linkable(a.vocabulary), ok_b = linkable(b.vocabulary);
  std::vector<const Bead*> used;
  for (const Bead& bead : alignment.beads) {
    if (bead.a.size() == 1 && bead.b.size() == 1 && bead.confidence >= options.min_confidence)
      used.push_back(&bead);
  }
  const unsigned threads = options.threads > 1 && used.size() >= 1024 ? options.threads : 1;
  constexpr std::size_t kBeadBlock = 1024;
  const std::size_t bead_blocks = (used.size() + kBeadBlock - 1) / kBeadBlock;

  // The distinct linkable words of each counted bead (CSR, bead order),
  // and how many beads each word is in; beads in blocks on all threads.
  struct BeadWords {
    std::vector<std::uint32_t> off, words, count;
  };
  auto bead_words = [&](const DocumentFeatures& f, const std::vector<std::uint8_t>& ok, bool side_a) {
    std::vector<std::vector<std::uint32_t>> block_words(bead_blocks), block_sizes(bead_blocks);
    for_blocks(bead_blocks, threads, [&](std::size_t q, unsigned) {
      std::vector<std::uint32_t>& words = block_words[q];
      for (std::size_t u = q * kBeadBlock; u < std::min(used.size(), (q + 1) * kBeadBlock); ++u) {
        const std::size_t from = words.size();
        for (std::uint32_t w : f.words_of(side_a ? used[u]->a.begin : used[u]->b.begin))
          if (ok[w]) words.push_back(w);
        sort_unique(words, from);
        block_sizes[q].push_back(static_cast<std::uint32_t>(words.size() - from));
      }
    });
    BeadWords r;
    r.off.reserve(used.size() + 1);
    r.off.push_back(0);
    r.count.assign(f.vocabulary.size(), 0);
    for (std::size_t q = 0; q < bead_blocks; ++q) {
      r.words.insert(r.words.end(), block_words[q].begin(), block_words[q].end());
      for (std::uint32_t n : block_sizes[q]) r.off.push_back(r.off.back() + n);
    }
    for (std::uint32_t w : r.words) ++r.count[w];
    return r;
  };
  BeadWords words_a, words_b;
  for_blocks(2, threads, [&](std::size_t side, unsigned) {
    if (side == 0) {
      words_a = bead_words(a, ok_a, true);
    } else {
      words_b = bead_words(b, ok_b, false);
    }
  });
  const std::vector<std::uint32_t>& count_a = words_a.count;
  const std::vector<std::uint32_t>& count_b = words_b.count;

  // Co-occurrences, counted only for the pairs that can still reach
  // min_count and min_dice: both words seen min_count times, and counts
  // close enough (n <= min(ca, cb), so Dice <= 2 min / (ca + cb)). This
  // skips most pairs of a frequent word with a rare one.
  auto may_link = [&](std::uint32_t x, std::uint32_t y) {
    const std::uint32_t ca = count_a[x], cb = count_b[y];
    return ca >= options.min_count && cb >= options.min_count && ca <= options.max_count &&
           cb <= options.max_count && 2.0 * std::min(ca, cb) >= options.min_dice * (ca + cb);
  };
  // The beads of each word of A that may link, by word: then a word's
  // co-occurrences are counted on their own, into a dense counter over B's
  // vocabulary, with no global sort of all pairs; words in blocks on all
  // threads, candidates in (x, y) order.
  auto countable = [&](std::uint32_t x) {
    return count_a[x] >= options.min_count && count_a[x] <= options.max_count;
  };
  std::vector<std::uint32_t> post_off(va + 1, 0);
  for (std::uint32_t x : words_a.words)
    if (countable(x)) ++post_off[x + 1];
  for (std::size_t x = 0; x < va; ++x) post_off[x + 1] += post_off[x];
  std::vector<std::uint32_t> post(post_off[va]);
  {
    std::vector<std::uint32_t> fill(post_off.begin(), post_off.end() - 1);
    for (std::size_t u = 0; u < used.size(); ++u)
      for (std::uint32_t k = words_a.off[u]; k < words_a.off[u + 1]; ++k)
        if (countable(words_a.words[k])) post[fill[words_a.words[k]]++] = static_cast<std::uint32_t>(u);
  }
  struct Candidate {
    std::uint32_t x, y, n;
    double dice;
  };
  constexpr std::size_t kWordBlock = 2048;
  const std::size_t word_blocks = (va + kWordBlock - 1) / kWordBlock;
  std::vector<std::vector<Candidate>> block_cands(word_blocks);
  const unsigned workers = std::min<unsigned>(std::max(1u, threads), static_cast<unsigned>(std::max<std::size_t>(1, word_blocks)));
  std::vector<std::vector<std::uint32_t>> counters(workers);
  for_blocks(word_blocks, threads, [&](std::size_t q, unsigned worker) {
    std::vector<std::uint32_t>& cnt = counters[worker];
    if (cnt.size() != vb) cnt.assign(vb, 0);
    std::vector<std::uint32_t> touched;
    std::vector<Candidate>& out = block_cands[q];
    for (std::size_t x = q * kWordBlock; x < std::min(va, (q + 1) * kWordBlock); ++x) {
      if (post_off[x] == post_off[x + 1]) continue;
      const auto xw = static_cast<std::uint32_t>(x);
      touched.clear();
      for (std::uint32_t p = post_off[x]; p < post_off[x + 1]; ++p) {
        const std::uint32_t u = post[p];
        for (std::uint32_t k = words_b.off[u]; k < words_b.off[u + 1]; ++k) {
          const std::uint32_t y = words_b.words[k];
          if (!may_link(xw, y)) continue;
          if (cnt[y]++ == 0) touched.push_back(y);
        }
      }
      // Few partners pass; only those are put in y order.
      const std::size_t from = out.size();
      for (std::uint32_t y : touched) {
        const std::uint32_t n = cnt[y];
        cnt[y] = 0;
        if (n < options.min_count) continue;
        const double dice = 2.0 * n / (count_a[x] + count_b[y]);
        if (dice >= options.min_dice) out.push_back({xw, y, n, dice});
      }
      std::sort(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                [](const Candidate& p, const Candidate& q) { return p.y < q.y; });
    }
  });
  std::vector<Candidate> cands;
  {
    std::size_t total = 0;
    for (const auto& c : block_cands) total += c.size();
    cands.reserve(total);
    for (auto& c : block_cands) {
      cands.insert(cands.end(), c.begin(), c.end());
      c = {};
    }
  }
  // Competitive linking: best pairs first, each word linked at most once.
  // The order is by Dice, then count (both descending), then (x, y), the
  // order the candidates are in: a stable sort by (Dice, count) gives it.
  // Dice = 2n / s is a function of (n, s = ca + cb), which take few values
  // when counts are capped: then a counting sort over the ranks of the
  // (n, s) that occur replaces the comparison sort.
  const auto better = [](const Candidate& p, const Candidate& q) {
    if (p.dice != q.dice) return p.dice > q.dice;
    return p.n > q.n;
  };
  const std::uint32_t cap = options.max_count;
  if (cap <= 1024 && cands.size() >= 64) {
    const std::size_t width = 2 * std::size_t(cap) + 1;
    auto cell = [&](const Candidate& c) {
      return std::size_t(c.n) * width + (count_a[c.x] + count_b[c.y]);
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
  } else {
    std::stable_sort(cands.begin(), cands.end(), better);
  }
  std::vector<std::uint8_t> linked_a(va, 0), linked_b(vb, 0);
  std::vector<WordLink> links;
  for (const Candidate& c : cands) {
    if (links.size() >= options.max_links) break;
    if (linked_a[c.x] || linked_b[c.y]) continue;
    linked_a[c.x] = 1;
    linked_b[c.y] = 1;
    links.push_back({c.x, c.y, c.dice});
  }
  return links;
}

}  // namespace polyalign
