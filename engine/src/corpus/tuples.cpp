#include "corpus/tuples.h"

#include "corpus/projection.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>
#include <utility>

namespace polyalign::corpus {

namespace {

struct PairSide {
  SentenceRange range;  // the other member's sentences in the bead
  double confidence;
};

class BundleAligner {
 public:
  BundleAligner(std::vector<std::size_t> sizes, std::vector<DirectPair> pairs)
      : n_(sizes.size()), sizes_(std::move(sizes)), pairs_(std::move(pairs)) {}

  // Member x's sentence i: the sentences of member m in its bead of the
  // direct alignment (x, m), and that bead's posterior.
  PairSide partner(std::size_t x, std::size_t m, std::uint32_t i) const {
    const DirectPair& p = pairs_[pair_index(x, m, n_)];
    if (x < m) {
      const Bead& b = p.beads[p.bead_of_a[i]];
      return {b.b, b.confidence};
    }
    const Bead& b = p.beads[p.bead_of_b[i]];
    return {b.a, b.confidence};
  }

  // Share of the two members' sentences in confident pair beads.
  double agreement(std::size_t k, std::size_t l) const {
    const DirectPair& p = pairs_[pair_index(k, l, n_)];
    std::size_t covered = 0;
    for (const Bead& b : p.beads) {
      if (!b.a.empty() && !b.b.empty() && b.confidence >= 0.5) covered += b.a.size() + b.b.size();
    }
    const std::size_t total = sizes_[k] + sizes_[l];
    return total == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(total);
  }

  // Builds the tuples from every member as pivot in turn (then the others
  // in order of agreement with it) and keeps the tuples with the highest
  // total agreement (ties: the first pivot). The local search only finds a
  // local optimum; restarts from other pivots let a pivot whose own pair
  // alignments go wrong somewhere be outvoted.
  std::vector<Tuple> run(unsigned refinement_passes, bool all_pivots, bool minimal,
                         std::size_t& pivot_out) {
    std::vector<double> total(n_, 0.0);
    for (std::size_t k = 0; k < n_; ++k) {
      for (std::size_t l = 0; l < n_; ++l) {
        if (k != l) total[k] += agreement(k, l);
      }
    }
    std::vector<std::size_t> pivots(n_);
    std::iota(pivots.begin(), pivots.end(), 0);
    std::stable_sort(pivots.begin(), pivots.end(),
                     [&](std::size_t x, std::size_t y) { return total[x] > total[y]; });
    if (!all_pivots) pivots.resize(1);
    std::vector<WorkTuple> best;
    double best_score = 0;
    for (std::size_t pivot : pivots) {
      build(pivot, refinement_passes);
      double sum = 0;
      for (const WorkTuple& t : tuples_) sum += score(t);
      if (best.empty() || sum > best_score + 1e-9) {
        best = tuples_;
        best_score = sum;
        pivot_out = pivot;
      }
    }
    tuples_ = std::move(best);
    if (minimal) minimize();
    return finish();
  }

  // Member pairs' projections of every tuple, concatenated in tuple order:
  // Bundle::pairs.
  std::vector<std::vector<Bead>> pair_alignments() const {
    std::vector<std::vector<Bead>> out(n_ * (n_ - 1) / 2);
    for (const WorkTuple& w : tuples_) {
      for (std::size_t k = 0; k < n_; ++k) {
        for (std::size_t l = k + 1; l < n_; ++l) {
          std::vector<Bead>& to = out[pair_index(k, l, n_)];
          for (const Bead& b : project_pair(pairs_, n_, w, k, l)) to.push_back(b);
        }
      }
    }
    return out;
  }

 private:
  using WorkTuple = std::vector<SentenceRange>;

  // Progressive placement from `pivot`, refinement passes, local search.
  void build(std::size_t pivot, unsigned refinement_passes) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < n_; ++k) {
      if (k != pivot) order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return agreement(pivot, x) > agreement(pivot, y);
    });
    tuples_.clear();
    for (std::uint32_t i = 0; i < sizes_[pivot]; ++i) {
      WorkTuple t(n_);
      t[pivot] = {i, i + 1};
      tuples_.push_back(std::move(t));
    }
    placed_.assign(n_, false);
    placed_[pivot] = true;
    for (std::size_t x : order) place(x);
    for (unsigned pass = 0; pass < refinement_passes; ++pass) {
      for (std::size_t x = 0; x < n_; ++x) {
        remove(x);
        place(x);
      }
    }
    improve();
  }

  void index_tuples() {
    tuple_of_.assign(n_, {});
    for (std::size_t m = 0; m < n_; ++m) tuple_of_[m].assign(sizes_[m], 0);
    for (std::uint32_t t = 0; t < tuples_.size(); ++t) {
      for (std::size_t m = 0; m < n_; ++m) {
        for (std::uint32_t i = tuples_[t][m].begin; i < tuples_[t][m].end; ++i) tuple_of_[m][i] = t;
      }
    }
  }

  void remove(std::size_t x) {
    std::vector<WorkTuple> kept;
    kept.reserve(tuples_.size());
    for (WorkTuple& t : tuples_) {
      t[x] = {};
      if (std::any_of(t.begin(), t.end(), [](const SentenceRange& r) { return !r.empty(); }))
        kept.push_back(std::move(t));
    }
    tuples_ = std::move(kept);
    placed_[x] = false;
  }

  struct Point {
    std::uint32_t x, t;
    double gain;
  };

  // Places member x against the tuples of the placed members.
  void place(std::size_t x) {
    index_tuples();
    merge_chain(x, heaviest_chain(links(x)));
    placed_[x] = true;
  }

  // The links of member x's sentences to tuples its direct alignments with
  // the placed members vote for, by (sentence, tuple).
  std::vector<Point> links(std::size_t x) const {
    std::vector<Point> points;
    std::vector<std::uint32_t> cands;
    for (std::uint32_t i = 0; i < sizes_[x]; ++i) {
      cands.clear();
      for (std::size_t m = 0; m < n_; ++m) {
        if (!placed_[m] || m == x) continue;
        const PairSide s = partner(x, m, i);
        for (std::uint32_t j = s.range.begin; j < s.range.end; ++j)
          cands.push_back(tuple_of_[m][j]);
      }
      std::sort(cands.begin(), cands.end());
      cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
      for (std::uint32_t t : cands) {
        const double gain = vote(x, i, t);
        if (gain > 0) points.push_back({i, t, gain});
      }
    }
    std::sort(points.begin(), points.end(), [](const Point& p, const Point& q) {
      return std::tie(p.x, p.t) < std::tie(q.x, q.t);
    });
    return points;
  }

  // Every placed member of tuple t votes on sentence i of member x joining
  // it, weighted by the posterior of the bead its direct alignment with x
  // puts sentence i in: for with the share of its sentences in the tuple
  // that bead covers, against with the rest.
  double vote(std::size_t x, std::uint32_t i, std::uint32_t t) const {
    double gain = 0;
    for (std::size_t m = 0; m < n_; ++m) {
      const SentenceRange& r = tuples_[t][m];
      if (!placed_[m] || m == x || r.empty()) continue;
      const PairSide s = partner(x, m, i);
      const std::uint32_t lo = std::max(s.range.begin, r.begin),
                          hi = std::min(s.range.end, r.end);
      const double covered = hi > lo ? static_cast<double>(hi - lo) / r.size() : 0.0;
      gain += s.confidence * (2 * covered - 1);
    }
    return gain;
  }

  // Heaviest chain of links monotone in both the member's sentences and
  // the tuples (a sentence may take several consecutive tuples and a
  // tuple several consecutive sentences): a Fenwick tree over tuples
  // holds the best chain ending at or before each tuple. `points` sorted
  // by (sentence, tuple).
  std::vector<Point> heaviest_chain(const std::vector<Point>& points) const {
    const std::size_t nt = tuples_.size();
    std::vector<std::pair<double, std::int64_t>> tree(nt + 1, {0.0, -1});
    std::vector<double> best(points.size());
    std::vector<std::int64_t> pred(points.size(), -1);
    auto query = [&](std::size_t t) {  // best over tuples <= t
      std::pair<double, std::int64_t> r{0.0, -1};
      for (std::size_t k = t + 1; k > 0; k -= k & (~k + 1)) {
        if (tree[k].first > r.first) r = tree[k];
      }
      return r;
    };
    auto update = [&](std::size_t t, double v, std::int64_t idx) {
      for (std::size_t k = t + 1; k <= nt; k += k & (~k + 1)) {
        if (v > tree[k].first) tree[k] = {v, idx};
      }
    };
    std::int64_t end = -1;
    double end_value = 0;
    for (std::size_t p = 0; p < points.size(); ++p) {
      const auto [v, from] = query(points[p].t);
      best[p] = points[p].gain + v;
      pred[p] = from;
      update(points[p].t, best[p], static_cast<std::int64_t>(p));
      if (best[p] > end_value) {
        end_value = best[p];
        end = static_cast<std::int64_t>(p);
      }
    }
    std::vector<Point> chain;
    for (std::int64_t p = end; p >= 0; p = pred[static_cast<std::size_t>(p)]) {
      chain.push_back(points[static_cast<std::size_t>(p)]);
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
  }

  // Merges member x's sentences into the tuples along `chain`.
  void merge_chain(std::size_t x, const std::vector<Point>& chain) {
    const std::size_t nt = tuples_.size();
    // Linked groups: consecutive links sharing a sentence or a tuple. Each
    // becomes one tuple: the hull of its tuples plus the hull of its
    // sentences (what lies between is enclosed, so tuples stay contiguous).
    struct Group {
      std::uint32_t x_lo, x_hi, t_lo, t_hi;
    };
    std::vector<Group> groups;
    for (const Point& p : chain) {
      if (!groups.empty() && (p.x == groups.back().x_hi || p.t == groups.back().t_hi)) {
        groups.back().x_hi = p.x;
        groups.back().t_hi = p.t;
      } else {
        groups.push_back({p.x, p.x, p.t, p.t});
      }
    }
    std::vector<WorkTuple> next;
    next.reserve(nt + sizes_[x]);
    std::uint32_t ti = 0, xi = 0;
    auto alone = [&](std::uint32_t i) {
      WorkTuple t(n_);
      t[x] = {i, i + 1};
      return t;
    };
    for (const Group& g : groups) {
      while (ti < g.t_lo) next.push_back(std::move(tuples_[ti++]));
      while (xi < g.x_lo) next.push_back(alone(xi++));
      WorkTuple merged(n_);
      for (std::uint32_t t = g.t_lo; t <= g.t_hi; ++t) {
        for (std::size_t m = 0; m < n_; ++m) {
          const SentenceRange& r = tuples_[t][m];
          if (r.empty()) continue;
          SentenceRange& out = merged[m];
          out = out.empty() ? r
                            : SentenceRange{std::min(out.begin, r.begin), std::max(out.end, r.end)};
        }
      }
      merged[x] = {g.x_lo, g.x_hi + 1};
      next.push_back(std::move(merged));
      ti = g.t_hi + 1;
      xi = g.x_hi + 1;
    }
    while (ti < nt) next.push_back(std::move(tuples_[ti++]));
    while (xi < sizes_[x]) next.push_back(alone(xi++));
    tuples_ = std::move(next);
  }

  // Agreement of putting sentence i of member k and sentence j of member l
  // in one tuple with their direct alignment: + the bead's posterior if it
  // holds both, else - the mean posterior of the two beads that part them.
  double agreement(std::size_t k, std::uint32_t i, std::size_t l, std::uint32_t j) const {
    if (k > l) {
      std::swap(k, l);
      std::swap(i, j);
    }
    const DirectPair& p = pairs_[pair_index(k, l, n_)];
    const std::uint32_t bi = p.bead_of_a[i], bj = p.bead_of_b[j];
    if (bi == bj) return p.beads[bi].confidence;
    return -0.5 * (p.beads[bi].confidence + p.beads[bj].confidence);
  }

  // Σ agreement over the pairs of sentences of different members in a tuple.
  double score(const WorkTuple& w) const {
    double s = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      for (std::size_t l = k + 1; l < n_; ++l) {
        for (std::uint32_t i = w[k].begin; i < w[k].end; ++i) {
          for (std::uint32_t j = w[l].begin; j < w[l].end; ++j) s += agreement(k, i, l, j);
        }
      }
    }
    return s;
  }

  static bool empty_tuple(const WorkTuple& w) {
    return std::all_of(w.begin(), w.end(), [](const SentenceRange& r) { return r.empty(); });
  }

  // Local search on the total agreement Σ score(tuple) (correlation
  // clustering under the order constraints): merging two neighbouring
  // tuples, splitting one in two, or moving one sentence across the border
  // of two neighbours, while any of these raises the total. Undoes the
  // merges and shifts a progressive placement cannot revisit (a tuple
  // merged because of one member stays merged when that member is placed
  // again).
  void improve() {
    for (int pass = 0; pass < 50; ++pass) {
      bool changed = false;
      for (std::size_t t = 0; t < tuples_.size(); ++t) {
        changed |= try_split(t);
        if (t + 1 >= tuples_.size()) continue;
        const double both = score(tuples_[t]) + score(tuples_[t + 1]);
        if (try_merge(t, both)) {
          changed = true;
          continue;
        }
        changed |= try_shift(t, both);
      }
      if (!changed) break;
    }
  }

  static constexpr double kEps = 1e-9;

  // Splits tuple t in two (every member cut at some point; both sides
  // non-empty) where that raises the total; whether it did.
  bool try_split(std::size_t t) {
    constexpr std::size_t kMaxSplits = 256;  // split points tried per tuple
    std::size_t combos = 1;
    for (const SentenceRange& r : tuples_[t]) combos *= r.size() + 1;
    if (combos <= 2 || combos > kMaxSplits) return false;
    const double whole = score(tuples_[t]);
    double best = whole + kEps;
    WorkTuple best_left, best_right;
    for (std::size_t c = 0; c < combos; ++c) {
      WorkTuple left(n_), right(n_);
      std::size_t code = c;
      for (std::size_t m = 0; m < n_; ++m) {
        const SentenceRange& r = tuples_[t][m];
        const auto cut = static_cast<std::uint32_t>(code % (r.size() + 1));
        code /= r.size() + 1;
        left[m] = {r.begin, r.begin + cut};
        right[m] = {r.begin + cut, r.end};
        if (left[m].empty()) left[m] = {};
        if (right[m].empty()) right[m] = {};
      }
      if (empty_tuple(left) || empty_tuple(right)) continue;
      const double v = score(left) + score(right);
      if (v > best) {
        best = v;
        best_left = std::move(left);
        best_right = std::move(right);
      }
    }
    if (best_left.empty()) return false;
    tuples_[t] = std::move(best_left);
    tuples_.insert(tuples_.begin() + static_cast<std::ptrdiff_t>(t) + 1, std::move(best_right));
    return true;
  }

  // Merges tuples t and t + 1 (agreement `both`) where that raises the
  // total; whether it did.
  bool try_merge(std::size_t t, double both) {
    const WorkTuple& a = tuples_[t];
    const WorkTuple& b = tuples_[t + 1];
    WorkTuple merged(n_);
    for (std::size_t m = 0; m < n_; ++m) {
      if (a[m].empty()) {
        merged[m] = b[m];
      } else if (b[m].empty()) {
        merged[m] = a[m];
      } else {
        merged[m] = {a[m].begin, b[m].end};
      }
    }
    if (!(score(merged) > both + kEps)) return false;
    tuples_[t] = std::move(merged);
    tuples_.erase(tuples_.begin() + static_cast<std::ptrdiff_t>(t) + 1);
    return true;
  }

  // Moves one sentence of one member across the border of tuples t and
  // t + 1 (agreement `both`), the best such move if it raises the total;
  // whether it did.
  bool try_shift(std::size_t t, double both) {
    WorkTuple& a = tuples_[t];
    WorkTuple& b = tuples_[t + 1];
    double best = both + kEps;
    WorkTuple best_a, best_b;
    for (std::size_t m = 0; m < n_; ++m) {
      for (int dir = 0; dir < 2; ++dir) {
        WorkTuple na = a, nb = b;
        if (dir == 0) {  // last of a -> b
          if (a[m].empty()) continue;
          const std::uint32_t s = a[m].end - 1;
          na[m] = a[m].size() == 1 ? SentenceRange{} : SentenceRange{a[m].begin, s};
          nb[m] = b[m].empty() ? SentenceRange{s, s + 1} : SentenceRange{s, b[m].end};
        } else {  // first of b -> a
          if (b[m].empty()) continue;
          const std::uint32_t s = b[m].begin;
          nb[m] = b[m].size() == 1 ? SentenceRange{} : SentenceRange{s + 1, b[m].end};
          na[m] = a[m].empty() ? SentenceRange{s, s + 1} : SentenceRange{a[m].begin, s + 1};
        }
        if (empty_tuple(na) || empty_tuple(nb)) continue;
        const double v = score(na) + score(nb);
        if (v > best) {
          best = v;
          best_a = std::move(na);
          best_b = std::move(nb);
        }
      }
    }
    if (best_a.empty()) return false;
    a = std::move(best_a);
    b = std::move(best_b);
    return true;
  }

  // How many pairs have a confident two-sided bead in their direct
  // alignment that holds sentences of both neighbouring tuples x and y.
  std::size_t bead_votes(const WorkTuple& x, const WorkTuple& y) const {
    constexpr double kForce = 0.9;  // posterior from which a bead forces its tuple
    auto meets = [](const SentenceRange& r, const SentenceRange& s) {
      return !r.empty() && !s.empty() && r.begin < s.end && s.begin < r.end;
    };
    auto joins = [&](const Bead& b, std::size_t k, std::size_t l) {
      return b.confidence >= kForce && !b.a.empty() && !b.b.empty() &&
             (meets(b.a, y[k]) || meets(b.b, y[l]));
    };
    std::size_t votes = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      for (std::size_t l = k + 1; l < n_; ++l) {
        const DirectPair& p = pairs_[pair_index(k, l, n_)];
        bool vote = false;
        for (std::uint32_t i = x[k].begin; i < x[k].end && !vote; ++i)
          vote = joins(p.beads[p.bead_of_a[i]], k, l);
        for (std::uint32_t j = x[l].begin; j < x[l].end && !vote; ++j)
          vote = joins(p.beads[p.bead_of_b[j]], k, l);
        votes += vote;
      }
    }
    return votes;
  }

  // Neighbouring tuples that confident beads of two pairs (of the only
  // pair, in a bundle of two) hold together are one tuple: a tuple is as
  // large as the pairs' beads force it to be (a member that joins two
  // sentences chains the tuples of the others, and all its pairs say so;
  // one pair alone that puts an inserted sentence with its neighbour does
  // not).
  void force_merges() {
    const std::size_t needed = n_ > 2 ? 2 : 1;
    for (std::size_t t = 0; t + 1 < tuples_.size();) {
      if (bead_votes(tuples_[t], tuples_[t + 1]) < needed) {
        ++t;
        continue;
      }
      for (std::size_t m = 0; m < n_; ++m) {
        const SentenceRange &a = tuples_[t][m], &b = tuples_[t + 1][m];
        tuples_[t][m] = a.empty() ? b : b.empty() ? a : SentenceRange{a.begin, b.end};
      }
      tuples_.erase(tuples_.begin() + static_cast<std::ptrdiff_t>(t) + 1);
    }
  }

  // Every tuple cut into the minimal tuples the pairs' projections force
  // (corpus/projection.h).
  void minimize() {
    force_merges();
    std::vector<WorkTuple> out;
    out.reserve(tuples_.size());
    for (const WorkTuple& w : tuples_) {
      for (Block& b : minimal_tuples(pairs_, w)) out.push_back(std::move(b));
    }
    tuples_ = std::move(out);
  }

  // Confidences (corpus.h): a pair's is the least posterior of its
  // projected beads in the tuple (for a pair with one member in the tuple:
  // that the tuple's sentences have nothing in the other), and the
  // tuple's the least of its pairs'. The pairs of a bundle err together
  // (a member's omission or join is in each of its pairs, and the pairs
  // were aligned with one another's evidence), so the chance that all are
  // right is that of the least sure, not the product of all.
  std::vector<Tuple> finish() const {
    std::vector<Tuple> out;
    out.reserve(tuples_.size());
    for (const WorkTuple& w : tuples_) {
      Tuple t;
      t.members = w;
      t.pair_confidence.assign(n_ * (n_ - 1) / 2, -1.0f);
      t.confidence = 1.0;
      for (std::size_t k = 0; k < n_; ++k) {
        for (std::size_t l = k + 1; l < n_; ++l) {
          if (w[k].empty() && w[l].empty()) continue;
          double c = 1.0;
          for (const Bead& b : project_pair(pairs_, n_, w, k, l)) c = std::min(c, b.confidence);
          t.pair_confidence[pair_index(k, l, n_)] = static_cast<float>(c);
          t.confidence = std::min(t.confidence, c);
        }
      }
      out.push_back(std::move(t));
    }
    return out;
  }

  std::size_t n_;
  std::vector<std::size_t> sizes_;
  std::vector<DirectPair> pairs_;
  std::vector<WorkTuple> tuples_;
  std::vector<std::vector<std::uint32_t>> tuple_of_;
  std::vector<bool> placed_;
};

}  // namespace

void make_tuples(Bundle& out, const std::vector<std::size_t>& sizes,
                 std::vector<PairAlignment> direct, const CorpusOptions& options) {
  const std::size_t m = sizes.size();
  std::vector<DirectPair> pairs(direct.size());
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t l = k + 1; l < m; ++l) {
      const std::size_t i = pair_index(k, l, m);
      pairs[i] = make_direct(std::move(direct[i]), sizes[k], sizes[l]);
    }
  }
  BundleAligner ba(sizes, std::move(pairs));
  out.tuples =
      ba.run(options.refinement_passes, options.all_pivots, options.minimal_tuples, out.pivot);
  out.pairs = ba.pair_alignments();
  double sum = 0;
  for (const Tuple& t : out.tuples) sum += t.confidence;
  out.confidence = out.tuples.empty() ? 0.0 : sum / static_cast<double>(out.tuples.size());
}

}  // namespace polyalign::corpus
