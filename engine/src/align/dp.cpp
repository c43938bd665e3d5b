#include <algorithm>
#include <array>
#include <cmath>

#include "align/dp_internal.h"
#include "polyalign/common.h"

namespace polyalign {
namespace align_detail {

namespace {

constexpr std::uint8_t kNoBack = 0xFF;

// log Σ exp(x) over at most kMaxBeadTypes terms with one log per cell
// (instead of a log1p and an exp per term); terms 40 nats below the largest
// add less than 1e-17 and are skipped.
// exp(d) for -40 < d <= 0: exp(-k) from a table times a degree-9 Taylor
// polynomial of exp around the middle of the unit interval left over
// (relative error below 5e-10, measured over the range; a posterior
// moves by less than that).
double exp_nonpositive(double d) {
  static const auto table = [] {
    std::array<double, 41> t{};
    for (int k = 0; k <= 40; ++k) t[k] = std::exp(-k);
    return t;
  }();
  const double t = -d;
  const int k = static_cast<int>(t);
  const double g = 0.5 - (t - k);  // exp(-(t - k)) = exp(-0.5) * exp(g), |g| <= 0.5
  double p = 1.0 / 362880;
  p = p * g + 1.0 / 40320;
  p = p * g + 1.0 / 5040;
  p = p * g + 1.0 / 720;
  p = p * g + 1.0 / 120;
  p = p * g + 1.0 / 24;
  p = p * g + 1.0 / 6;
  p = p * g + 0.5;
  p = p * g + 1.0;
  p = p * g + 1.0;
  return table[k] * 0.60653065971263342 * p;  // exp(-0.5)
}

class LogSum {
 public:
  void add(double x) { x_[n_++] = x; }
  double value() const {
    if (n_ == 0) return -kInf;
    double m = x_[0];
    for (std::size_t k = 1; k < n_; ++k) m = std::max(m, x_[k]);
    double s = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      const double d = x_[k] - m;
      if (d > -40) s += exp_nonpositive(d);
    }
    return m + std::log(s);
  }

 private:
  double x_[kMaxBeadTypes];
  std::size_t n_ = 0;
};

// What the passes know of one bead type while they fill one row: where its
// beads come from (or go to), and that row's values and column range.
struct TypeStep {
  std::uint32_t a = 0, b = 0;
  bool usable = false;         // the bead fits between this row and the document's edge
  const double* other = nullptr;  // the other row's values (nullptr: the row being filled)
  std::uint32_t lo = 0, hi = 0;   // the other row's column range
  std::int64_t cost_base = 0;     // CostSource::base of the bead's start row

  // The value at column j of the row the step comes from (or goes to):
  // `other`, or for a step within one row (a = 0) the row being filled,
  // `row`, whose columns start at `row_lo`; `none` outside the row's band.
  double value_at(const std::vector<double>& row, std::uint32_t row_lo, std::uint32_t row_hi,
                  std::uint32_t j, double none) const {
    if (!other) return j >= row_lo && j <= row_hi ? row[j - row_lo] : none;
    return j >= lo && j <= hi ? other[j - lo] : none;
  }
};

// Type k's step at row i: into it from row i - a (forward passes), or,
// `backward`, out of it to row i + a.
TypeStep type_step(const Band& band, const RowRing& rows, const CostSource& cost, std::uint32_t i,
                   std::uint32_t na, std::size_t k, bool backward) {
  const BeadType& t = cost.scorer.type(k);
  TypeStep s;
  s.a = t.a;
  s.b = t.b;
  s.usable = backward ? i + t.a <= na : t.a <= i;
  if (!s.usable) return s;
  const std::uint32_t other = backward ? i + t.a : i - t.a;
  s.lo = band.lo[other];
  s.hi = band.hi[other];
  if (t.a > 0) s.other = rows.row(other);
  s.cost_base = cost.base(backward ? i : other, k);
  return s;
}

// The columns of a row where every usable step reads a cell inside the
// band and a memoised cost, so the passes can drop their per-cell tests:
// [first, last] (empty when first > last, and always without a memo).
// `backward`: steps go to later cells (out of the row), else come from earlier
// ones (into the row). For each step: its value at column j is
// values[j - value_shift] and its cost memo[cost_shift + j * nt].
struct InteriorSteps {
  struct Step {
    const double* values;
    std::int64_t value_shift;
    std::int64_t cost_shift;
    std::uint8_t type;
  };
  std::array<Step, kMaxBeadTypes> steps;
  std::size_t count = 0;
  std::uint32_t first = 1, last = 0;

  template <class Reader>
  InteriorSteps(const std::array<TypeStep, kMaxBeadTypes>& ts, std::size_t nt,
                const std::vector<double>& row, std::uint32_t lo, std::uint32_t hi,
                const Reader& read, bool skip, bool backward, std::uint32_t nb) {
    if (!read.memo || skip) return;
    std::int64_t f = lo, l = hi;
    for (std::size_t k = 0; k < nt; ++k) {
      const TypeStep& t = ts[k];
      if (!t.usable) continue;
      const std::int64_t b = t.b;
      const double* values = t.other ? t.other : row.data();
      const std::int64_t vlo = t.other ? t.lo : lo, vhi = t.other ? t.hi : hi;
      Step s{values, 0, 0, static_cast<std::uint8_t>(k)};
      if (!backward) {
        // Column j reads j - b: needs vlo <= j - b <= vhi (and j - b < j
        // within the row, true as b >= 1 there).
        f = std::max(f, vlo + b);
        if (t.other) l = std::min(l, vhi + b);
        s.value_shift = vlo + b;
        s.cost_shift = t.cost_base - b * read.nt;
      } else {
        // Column j reads j + b: needs vlo <= j + b <= min(vhi, nb).
        f = std::max(f, vlo - b);
        l = std::min({l, vhi - b, std::int64_t(nb) - b});
        s.value_shift = vlo - b;
        s.cost_shift = t.cost_base;
      }
      steps[count++] = s;
    }
    if (count == 0 || f > l) return;
    first = static_cast<std::uint32_t>(f);
    last = static_cast<std::uint32_t>(l);
  }
};

// A forward or backward cell at an interior column j (see InteriorSteps):
// as the pass's cell(j) without the tests. A -inf term (an unreachable
// cell) adds nothing to the log-sum, as skipping it does.
[[gnu::always_inline]] inline double interior_log_sum(const InteriorSteps& inner,
                                                      const CostReader& read, double inv_t,
                                                      std::uint32_t j) {
  LogSum acc;
  for (std::size_t q = 0; q < inner.count; ++q) {
    const InteriorSteps::Step& s = inner.steps[q];
    acc.add(s.values[j - s.value_shift] - inv_t * read.memo[s.cost_shift + j * read.nt]);
  }
  return acc.value();
}

// The path from (na, nb) back to (0, 0) along the back pointers, and the
// rows where it comes within `margin` of an inner band edge.
void trace_back(const Band& band, std::uint32_t na, std::uint32_t nb,
                const std::vector<std::uint8_t>& back, const BeadScorer& scorer,
                std::uint32_t margin, ViterbiResult& r) {
  std::uint32_t i = na, j = nb;
  while (i > 0 || j > 0) {
    const std::uint8_t k = back[band.offset[i] + (j - band.lo[i])];
    if (k == kNoBack) fail_io("aligner", "internal error: band lost the path");
    r.path.push_back({i, j, k});
    if (!band.full) {
      const bool near_lo = band.lo[i] > 0 && j < band.lo[i] + margin;
      const bool near_hi = band.hi[i] < nb && j + margin > band.hi[i];
      if (near_lo || near_hi) {
        r.touches_edge = true;
        r.edge_rows.push_back(i);
      }
    }
    i -= scorer.type(k).a;
    j -= scorer.type(k).b;
  }
}

}  // namespace

[[gnu::flatten]] ViterbiResult viterbi(const Band& band, std::uint32_t na, std::uint32_t nb,
                                       const CostSource& cost, std::uint32_t margin,
                                       const std::function<void(double)>& progress) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  std::vector<std::uint8_t> back(band.cells, kNoBack);
  RowRing rows(band, ring_depth(scorer), kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  for (std::uint32_t i = 0; i <= na; ++i) {
    if (progress && (i & 8191) == 0) progress(static_cast<double>(i) / (na + 1));
    std::vector<double>& row = rows.start_row(i);
    const std::uint32_t lo = band.lo[i];
    std::uint8_t* brow = back.data() + band.offset[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = type_step(band, rows, cost, i, na, k, false);
    const std::uint32_t hi = band.hi[i];
    auto cell = [&](std::uint32_t j) {
      if (i == 0 && j == 0) {
        row[0] = 0;
        return;
      }
      double best = kInf;
      std::uint8_t arg = kNoBack;
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        if (!s.usable || s.b > j) continue;
        const std::uint32_t pj = j - s.b;
        // Within the current row a 0-b step reads cells just written.
        const double prev = s.value_at(row, lo, j, pj, kInf);
        if (prev == kInf) continue;
        const double cand = prev + read(s.cost_base, i - s.a, pj, k);
        // Branch-free (which type wins is data, and mispredicted often);
        // ties keep the earlier type, as a strict < does.
        const bool better = cand < best;
        best = better ? cand : best;
        arg = better ? static_cast<std::uint8_t>(k) : arg;
      }
      row[j - lo] = best;
      brow[j - lo] = arg;
    };
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == 0, false, 0);
    for (std::uint32_t j = lo; j < inner.first && j <= hi; ++j) cell(j);
    for (std::uint32_t j = inner.first; j <= inner.last; ++j) {
      // As cell(j), without the tests: every step's cell and cost lie in
      // the band here (an unreachable cell is +inf, and inf + cost stays
      // inf, which never wins: the same as skipping it).
      double best = kInf;
      std::uint8_t arg = kNoBack;
      for (std::size_t q = 0; q < inner.count; ++q) {
        const InteriorSteps::Step& s = inner.steps[q];
        const double cand = s.values[j - s.value_shift] + read.memo[s.cost_shift + j * read.nt];
        const bool better = cand < best;
        best = better ? cand : best;
        arg = better ? s.type : arg;
      }
      row[j - lo] = best;
      brow[j - lo] = arg;
    }
    for (std::uint32_t j = std::max(lo, inner.last + 1); j <= hi; ++j) {
      cell(j);
    }
  }
  ViterbiResult r;
  r.total = rows.get(na, nb);
  trace_back(band, na, nb, back, scorer, margin, r);
  return r;
}

[[gnu::flatten]] void forward_at(const Band& band, std::uint32_t na, const CostSource& cost,
                                 double inv_t, const Cells& want, std::vector<double>& out) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  RowRing alpha(band, ring_depth(scorer), -kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  std::size_t w = 0;  // `want` is sorted by (i, j)
  for (std::uint32_t i = 0; i <= na; ++i) {
    std::vector<double>& row = alpha.start_row(i);
    const std::uint32_t lo = band.lo[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = type_step(band, alpha, cost, i, na, k, false);
    const std::uint32_t hi = band.hi[i];
    auto cell = [&](std::uint32_t j) {
      LogSum acc;
      if (i == 0 && j == 0) acc.add(0);
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        if (!s.usable || s.b > j) continue;
        const std::uint32_t pj = j - s.b;
        const double prev = s.value_at(row, lo, j, pj, -kInf);
        if (prev == -kInf) continue;
        acc.add(prev - inv_t * read(s.cost_base, i - s.a, pj, k));
      }
      row[j - lo] = acc.value();
    };
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == 0, false, 0);
    for (std::uint32_t j = lo; j < inner.first && j <= hi; ++j) cell(j);
    for (std::uint32_t j = inner.first; j <= inner.last; ++j) {
      row[j - lo] = interior_log_sum(inner, read, inv_t, j);
    }
    for (std::uint32_t j = std::max(lo, inner.last + 1); j <= hi; ++j) {
      cell(j);
    }
    while (w < want.size() && want[w].first == i) {
      out[w] = alpha.get(i, want[w].second);
      ++w;
    }
  }
}

[[gnu::flatten]] void backward_at(const Band& band, std::uint32_t na, std::uint32_t nb,
                                  const CostSource& cost, double inv_t, const Cells& want,
                                  std::vector<double>& out) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  RowRing beta(band, ring_depth(scorer), -kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  std::size_t w = want.size();  // consumed from the back
  for (std::uint32_t i = na + 1; i-- > 0;) {
    std::vector<double>& row = beta.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = type_step(band, beta, cost, i, na, k, true);
    auto cell = [&](std::uint32_t j) {
      LogSum acc;
      if (i == na && j == nb) acc.add(0);
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        const std::uint32_t nj = j + s.b;
        if (!s.usable || nj > nb) continue;
        const double next = s.value_at(row, lo, hi, nj, -kInf);
        if (next == -kInf) continue;
        acc.add(next - inv_t * read(s.cost_base, i, j, k));
      }
      row[j - lo] = acc.value();
    };
    // Columns from the right (0-b steps read the cells to the right).
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == na, true, nb);
    const bool any = inner.first <= inner.last;
    for (std::uint32_t j = hi + 1; j-- > lo;) {
      if (any && j == inner.last) {
        for (;; --j) {
          row[j - lo] = interior_log_sum(inner, read, inv_t, j);
          if (j == inner.first) break;
        }
        continue;
      }
      cell(j);
    }
    while (w > 0 && want[w - 1].first == i) {
      --w;
      out[w] = beta.get(i, want[w].second);
    }
  }
}

// Forward and backward in the probability domain, scaled row by row (as for
// hidden Markov models): a row's values are divided by their largest, whose
// log is kept for the row, so a cell is a sum of products, with no exp or
// log per cell. The weights exp(-cost / T) of the beads starting in each

}  // namespace align_detail
}  // namespace polyalign
