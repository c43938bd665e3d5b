#include <algorithm>
#include <array>
#include <cmath>

#include "align/dp_internal.h"

namespace polyalign {
namespace align_detail {

namespace {

// Forward and backward in the probability domain, scaled row by row (as for
// hidden Markov models): a row's values are divided by their largest, whose
// log is kept for the row, so a cell is a sum of products, with no exp or
// log per cell. The weights exp(-cost / T) of the beads starting in each
// cell of the band are computed once (BeadWeights) and read by both passes.
// A value below 1e-308 of its row's largest (more than 700 nats down)
// underflows to zero. Where that could lose cells that matter, the caller
// runs the log-domain passes (forward_at, backward_at) instead: a whole
// row more than 600 nats below the rows it comes from (a bead of enormous
// cost on every path, e.g. one huge line), or a cell of the path below
// 1e-290 of its row's largest (a long run of 0-b beads in one row).
class BeadWeights {
 public:
  // Past the memo's bound (doubles, one a cell and bead type of fb) the
  // log-domain passes run instead, reading the memo: memory stays bounded.
  static bool fits(const Band& fb, std::size_t nt) {
    return fb.cells * nt * sizeof(double) <= CostMemo::kMaxBytes;
  }

  // Weights over `fb`, from the memo of `band` (a band containing fb).
  BeadWeights(const Band& fb, const Band& band, std::uint32_t na, std::uint32_t nb,
              const BeadScorer& scorer, const CostMemo& memo, double inv_t, unsigned threads)
      : fb_(fb), nt_(scorer.type_count()) {
    // Only the beads that end in fb are read (bead_run); the rest stay 0.
    w_.assign(fb.cells * nt_, 0.0);
    auto rows = [&](std::uint32_t first, std::uint32_t last) {
      for (std::uint32_t i = first; i < last; ++i) {
        double* row = w_.data() + fb.offset[i] * nt_;
        const bool inside = fb.lo[i] >= band.lo[i] && fb.hi[i] <= band.hi[i];
        for (std::size_t k = 0; k < nt_; ++k) {
          const BeadType& t = scorer.type(k);
          const ColumnRun run = bead_run(fb, i, t, na, nb);
          if (run.empty()) continue;
          double* out = row + std::size_t(run.first - fb.lo[i]) * nt_ + k;
          for (std::uint32_t j = run.first; j <= run.last; ++j, out += nt_) {
            const double c = inside ? double(memo(band, i, j, k)) : scorer.cost(i, t.a, j, t.b, k);
            *out = std::exp(-inv_t * c);
          }
        }
      }
    };
    for_row_runs(fb, na, threads, rows);
  }
  // Index of the weight of type k starting at (i, 0), which may lie before
  // the row's first cell: weight of (i, j, k) = data()[base(i, k) + j * nt].
  std::int64_t base(std::uint32_t i, std::size_t k) const {
    return (std::int64_t(fb_.offset[i]) - std::int64_t(fb_.lo[i])) * std::int64_t(nt_) +
           std::int64_t(k);
  }
  const double* data() const { return w_.data(); }
  std::size_t types() const { return nt_; }

 private:
  const Band& fb_;
  std::size_t nt_;
  std::vector<double> w_;
};

constexpr double kMinRowScale = 1e-260;  // about e^-600

// One bead type's step while a scaled pass fills a row: the row it reads
// (values from column `lo`, times `factor` to this row's scale), and the
// columns it can serve.
struct ScaledStep {
  const double* values = nullptr;  // nullptr: the row being filled (a = 0)
  std::uint32_t lo = 0, hi = 0;
  double factor = 1;
  std::int64_t weight_base = 0;
  std::uint32_t b = 0;
};

// The log-domain value of a cell the caller asked for (a cell of the
// Viterbi path, so its true value is not 0): false if its scaled value is
// below 1e-290 of its row's largest. Then terms under 1e-308 that scaling
// dropped could matter to it: a row can hold a long run of 0-b beads (one
// sentence against thousands), its far end thousands of nats below its
// best cell; the log-domain passes run instead.
bool scaled_value(double v, double log_scale, double& out) {
  if (!(v >= 1e-290)) return false;
  out = std::log(v) + log_scale;
  return true;
}

// Rescales a filled row; false if it fell too far (see BeadWeights).
bool rescale(std::vector<double>& row, double ref, double& log_scale) {
  double m = 0;
  bool nan = false;
  for (double v : row) {
    nan |= v != v;
    m = std::max(m, v);
  }
  if (nan || !(m >= kMinRowScale) || !std::isfinite(m)) return false;
  const double inv = 1 / m;
  for (double& v : row) v *= inv;
  log_scale = ref + std::log(m);
  return true;
}

// What a scaled pass keeps while it fills rows: the last rows, each row's
// log scale, the weights (nt a cell) and the steps of the row being filled.
struct ScaledRows {
  ScaledRows(const Band& band, std::uint32_t na, const BeadScorer& scorer,
             const BeadWeights& weights)
      : rows(band, ring_depth(scorer), 0.0),
        log_scale(na + 1, 0.0),
        w(weights.data()),
        wnt(static_cast<std::int64_t>(scorer.type_count())) {}
  // Type t's step that reads row `other`, the row being filled if t.a is
  // 0, at this row's scale `ref`.
  ScaledStep step(const Band& band, const BeadType& t, std::uint32_t other, double ref,
                  std::int64_t weight_base) const {
    ScaledStep s;
    s.b = t.b;
    s.weight_base = weight_base;
    s.lo = band.lo[other];
    s.hi = band.hi[other];
    if (t.a > 0) {
      s.values = rows.row(other);
      s.factor = std::exp(log_scale[other] - ref);
    }
    return s;
  }

  // The scale of row i: the largest of the rows its steps read (kBackward:
  // the rows after it).
  template <bool kBackward>
  double reference(const BeadScorer& scorer, std::uint32_t i, std::uint32_t na) const {
    double ref = (kBackward ? i == na : i == 0) ? 0.0 : -kInf;
    for (std::size_t k = 0; k < scorer.type_count(); ++k) {
      const BeadType& t = scorer.type(k);
      if (kBackward ? t.a >= 1 && i + t.a <= na : t.a >= 1 && t.a <= i) {
        ref = std::max(ref, log_scale[kBackward ? i + t.a : i - t.a]);
      }
    }
    return ref;
  }

  // Step s's term in cell j: its row's value at column c (at this row's
  // scale) times the weight of the bead between the two cells.
  double term(const ScaledStep& s, std::uint32_t c, std::uint32_t j,
              const std::vector<double>& row, std::uint32_t lo) const {
    const double v = s.values ? s.values[c - s.lo] * s.factor : row[c - lo];
    return v * w[s.weight_base + std::int64_t(j) * wnt];
  }

  // Cell j of `row` (columns from `lo`) from the first `count` steps: each
  // reads column j - b of its row (kBackward: j + b), `acc` holds the start
  // cell's 1. At the band's edges a step's column may lie outside its row
  // (or the document, past nb): it is skipped.
  template <bool kBackward>
  double edge_cell(std::uint32_t j, double acc, std::size_t count, const std::vector<double>& row,
                   std::uint32_t lo, std::uint32_t nb) const {
    for (std::size_t q = 0; q < count; ++q) {
      const ScaledStep& s = steps[q];
      std::uint32_t c;
      if constexpr (kBackward) {
        c = j + s.b;
        if (c > nb || c < s.lo || c > s.hi) continue;
      } else {
        if (s.b > j) continue;
        c = j - s.b;
        if (c < s.lo || c > s.hi) continue;
      }
      acc += term(s, c, j, row, lo);
    }
    return acc;
  }

  // As edge_cell for an interior column, where every step's column lies in
  // its row: without the tests.
  template <bool kBackward>
  double interior_cell(std::uint32_t j, std::size_t count, const std::vector<double>& row,
                       std::uint32_t lo) const {
    double acc = 0;
    for (std::size_t q = 0; q < count; ++q) {
      const ScaledStep& s = steps[q];
      acc += term(s, kBackward ? j + s.b : j - s.b, j, row, lo);
    }
    return acc;
  }

  // Rescales the filled row i and records the wanted cells of it (`want`
  // consumed from the front, kBackward: from the back, `wi` the next);
  // false: the log-domain passes must run instead.
  template <bool kBackward>
  bool finish_row(std::uint32_t i, std::vector<double>& row, double ref, const Cells& want,
                  std::size_t& wi, std::vector<double>& out) {
    if (!rescale(row, ref, log_scale[i])) return false;
    if constexpr (kBackward) {
      while (wi > 0 && want[wi - 1].first == i) {
        --wi;
        if (!scaled_value(rows.get(i, want[wi].second), log_scale[i], out[wi])) return false;
      }
    } else {
      while (wi < want.size() && want[wi].first == i) {
        if (!scaled_value(rows.get(i, want[wi].second), log_scale[i], out[wi])) return false;
        ++wi;
      }
    }
    return true;
  }

  RowRing rows;
  std::vector<double> log_scale;
  const double* w;
  std::int64_t wnt;
  std::array<ScaledStep, kMaxBeadTypes> steps;
};

// As forward_at, from bead weights; false: run forward_at instead.
[[gnu::flatten]] bool forward_scaled(const Band& band, std::uint32_t na, const BeadScorer& scorer,
                                     const BeadWeights& weights, const Cells& want,
                                     std::vector<double>& out) {
  const std::size_t nt = scorer.type_count();
  ScaledRows p(band, na, scorer, weights);
  std::size_t wi = 0;
  for (std::uint32_t i = 0; i <= na; ++i) {
    std::vector<double>& row = p.rows.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    const double ref = p.reference<false>(scorer, i, na);
    // Columns where every step reads inside its row's band.
    std::int64_t first = lo, last = hi;
    std::size_t count = 0;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (t.a > i) continue;
      const std::uint32_t pi = i - t.a;
      const ScaledStep s =
          p.step(band, t, pi, ref, weights.base(pi, k) - std::int64_t(t.b) * p.wnt);
      first = std::max<std::int64_t>(first, std::int64_t(s.lo) + t.b);
      last = std::min<std::int64_t>(last, std::int64_t(s.hi) + t.b);
      p.steps[count++] = s;
    }
    auto cell = [&](std::uint32_t j) {
      row[j - lo] = p.edge_cell<false>(j, i == 0 && j == 0 ? 1.0 : 0.0, count, row, lo, 0);
    };
    if (i == 0 || first > last) {
      for (std::uint32_t j = lo; j <= hi; ++j) cell(j);
    } else {
      for (std::uint32_t j = lo; j < first; ++j) cell(j);
      for (auto j = static_cast<std::uint32_t>(first); j <= last; ++j) {
        row[j - lo] = p.interior_cell<false>(j, count, row, lo);
      }
      for (auto j = static_cast<std::uint32_t>(last + 1); j <= hi; ++j) cell(j);
    }
    if (!p.finish_row<false>(i, row, ref, want, wi, out)) return false;
  }
  return true;
}

// As backward_at, from bead weights; false: run backward_at instead.
[[gnu::flatten]] bool backward_scaled(const Band& band, std::uint32_t na, std::uint32_t nb,
                                      const BeadScorer& scorer, const BeadWeights& weights,
                                      const Cells& want, std::vector<double>& out) {
  const std::size_t nt = scorer.type_count();
  ScaledRows p(band, na, scorer, weights);
  std::size_t wi = want.size();  // consumed from the back
  for (std::uint32_t i = na + 1; i-- > 0;) {
    std::vector<double>& row = p.rows.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    const double ref = p.reference<true>(scorer, i, na);
    std::int64_t first = lo, last = std::min<std::int64_t>(hi, nb);
    std::size_t count = 0;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (i + t.a > na) continue;
      const std::uint32_t ni = i + t.a;
      const ScaledStep s = p.step(band, t, ni, ref, weights.base(i, k));
      first = std::max<std::int64_t>(first, std::int64_t(s.lo) - t.b);
      last = std::min<std::int64_t>({last, std::int64_t(s.hi) - t.b, std::int64_t(nb) - t.b});
      p.steps[count++] = s;
    }
    // Columns from the right (0-b steps read the cells to the right).
    const bool interior = i != na && first <= last;
    for (std::uint32_t j = hi + 1; j-- > lo;) {
      if (interior && j == last) {
        for (;; --j) {
          row[j - lo] = p.interior_cell<true>(j, count, row, lo);
          if (j == first) break;
        }
        continue;
      }
      row[j - lo] = p.edge_cell<true>(j, i == na && j == nb ? 1.0 : 0.0, count, row, lo, nb);
    }
    if (!p.finish_row<true>(i, row, ref, want, wi, out)) return false;
  }
  return true;
}

}  // namespace

void forward_backward(const Band& fb, std::uint32_t na, std::uint32_t nb,
                      const CostSource& cost, double inv_t, unsigned threads,
                      const Cells& starts, const Cells& ends, std::vector<double>& alpha,
                      std::vector<double>& beta) {
  const BeadScorer& scorer = cost.scorer;
  // Forward and backward are independent: side by side when allowed. In the
  // probability domain from the memo's costs; in the log domain without a
  // memo or where scaling could underflow (see BeadWeights).
  const bool parallel = threads > 1 && fb.cells >= kParallelCells;
  const unsigned pass_threads = parallel ? 2 : 1;
  bool scaled = false;
  if (cost.memo && BeadWeights::fits(fb, scorer.type_count())) {
    const BeadWeights weights(fb, cost.band, na, nb, scorer, *cost.memo, inv_t,
                              parallel ? threads : 1);
    bool forward_ok = false, backward_ok = false;
    if (parallel) {
      util::parallel_invoke(
          pass_threads,
          [&] { forward_ok = forward_scaled(fb, na, scorer, weights, starts, alpha); },
          [&] { backward_ok = backward_scaled(fb, na, nb, scorer, weights, ends, beta); });
    } else {
      forward_ok = forward_scaled(fb, na, scorer, weights, starts, alpha);
      backward_ok = forward_ok && backward_scaled(fb, na, nb, scorer, weights, ends, beta);
    }
    scaled = forward_ok && backward_ok;
  }
  if (!scaled) {
    util::parallel_invoke(
        pass_threads, [&] { forward_at(fb, na, cost, inv_t, starts, alpha); },
        [&] { backward_at(fb, na, nb, cost, inv_t, ends, beta); });
  }
}

}  // namespace align_detail
}  // namespace polyalign
