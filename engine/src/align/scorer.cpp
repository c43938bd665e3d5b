// The cost of a bead (BeadScorer, declared in polyalign/aligner.h, where
// the terms are listed): per-document prefix sums built once, so that a
// bead's cost is O(1) plus its sentence pairs' shared evidence.
#include <algorithm>
#include <array>
#include <cmath>

#include "polyalign/aligner.h"
#include "polyalign/evidence.h"

namespace polyalign {

// -log(2(1-Φ(|x|))) from a table with linear interpolation: the search
// evaluates it for every cell and bead type, and erfc + log there cost more
// than the rest of the DP together. Step 1/64 keeps the error under 1e-4
// nats; beyond the table the exact (asymptotic) function is used.
class TailTable {
 public:
  static constexpr double kStep = 1.0 / 64, kMax = 24.0;
  TailTable() {
    const int n = static_cast<int>(kMax / kStep) + 2;
    v_.resize(n);
    for (int k = 0; k < n; ++k) v_[k] = neg_log_two_tailed(k * kStep);
  }
  double operator()(double x) const {
    x = std::fabs(x);
    if (x >= kMax) return neg_log_two_tailed(x);
    const double pos = x * (1.0 / kStep);
    const int k = static_cast<int>(pos);
    const double f = pos - k;
    return v_[k] + f * (v_[k + 1] - v_[k]);
  }

 private:
  std::vector<double> v_;
};

namespace {

const TailTable& tail_table() {
  static const TailTable table;
  return table;
}

// p[k] = Σ values[0 .. k), summed in T.
template <typename T>
std::vector<T> prefix_sums(std::span<const std::uint32_t> values) {
  std::vector<T> p(values.size() + 1, 0);
  for (std::size_t k = 0; k < values.size(); ++k) p[k + 1] = p[k] + values[k];
  return p;
}

// Prefix counts of the foreign sentences (empty: none, or no flags).
std::vector<std::uint32_t> foreign_prefix(std::span<const std::uint8_t> f, std::size_t n) {
  std::vector<std::uint32_t> p;
  if (f.size() != n || std::none_of(f.begin(), f.end(), [](std::uint8_t x) { return x != 0; }))
    return p;
  p.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) p[k + 1] = p[k] + (f[k] != 0);
  return p;
}

// Paragraphs are soft anchors only when both sides have a paragraph
// structure and it is of comparable size: translations keep paragraphs,
// but a side with 3 paragraphs against one with 30 was laid out
// differently, and penalising every mismatch would then only hurt.
bool paragraphs_apply(const AlignInput& a, const AlignInput& b, const ScorerWindow& window,
                      double crossing, double mismatch) {
  auto count = [](std::span<const std::uint32_t> p) -> std::uint32_t {
    return p.empty() ? 0 : p.back() - p.front() + 1;
  };
  const bool sized = a.paragraphs.size() == a.lengths.size() &&
                     b.paragraphs.size() == b.lengths.size();
  const std::uint32_t pa = sized ? count(a.paragraphs) : 0, pb = sized ? count(b.paragraphs) : 0;
  return window.paragraphs >= 0
             ? window.paragraphs > 0 && sized && (crossing > 0 || mismatch > 0)
             : pa > 1 && pb > 1 && std::max(pa, pb) <= 1.5 * std::min(pa, pb) + 2 &&
                   (crossing > 0 || mismatch > 0);
}

}  // namespace

BeadScorer::BeadScorer(const AlignInput& a, const AlignInput& b, const AlignerOptions& options,
                       const LengthModel& model, const PairEvidence* evidence,
                       const ScorerWindow& window)
    : eoa_(window.offset_a),
      eob_(window.offset_b),
      foreign_penalty_(options.foreign_penalty),
      dropped_anchor_(options.dropped_anchor_weight),
      types_(options.bead_types),
      model_(model),
      crossing_(options.paragraph_crossing_penalty),
      inv_c_(1.0 / model.c),
      tail_(tail_table()),
      evidence_(evidence && !evidence->empty() ? evidence : nullptr),
      weights_{options.length_weight,         -options.anchor_weight,
               -options.link_weight,          options.unmatched_anchor_weight,
               options.unmatched_link_weight, options.orphan_number_weight,
               options.paragraph_mismatch_penalty, options.pair_bias,
               options.no_shared_weight, -options.lexical_weight} {
  prefix_a_ = prefix_sums<std::uint64_t>(a.lengths);
  prefix_b_ = prefix_sums<std::uint64_t>(b.lengths);
  if (a.units.size() == a.lengths.size() && b.units.size() == b.lengths.size() &&
      !a.units.empty()) {
    units_a_ = prefix_sums<std::uint32_t>(a.units);
    units_b_ = prefix_sums<std::uint32_t>(b.units);
  }
  if (evidence_) build_evidence_prefix(a.lengths.size(), b.lengths.size());
  if (evidence_ && evidence_->has_translation_model()) {
    for (std::uint32_t i = 0; i < a.lengths.size(); ++i)
      lex_words_a_.push_back(evidence_->lexical_words_a(i + eoa_));
    for (std::uint32_t j = 0; j < b.lengths.size(); ++j)
      lex_words_b_.push_back(evidence_->lexical_words_b(j + eob_));
  }
  foreign_a_ = foreign_prefix(a.foreign, a.lengths.size());
  foreign_b_ = foreign_prefix(b.foreign, b.lengths.size());
  double total = 0;
  for (const BeadType& t : types_) total += t.prior;
  for (const BeadType& t : types_) neg_log_prior_.push_back(-std::log(t.prior / total));
  use_paragraphs_ = paragraphs_apply(a, b, window, crossing_, weights_[kMismatch]);
  if (use_paragraphs_) {
    para_a_.assign(a.paragraphs.begin(), a.paragraphs.end());
    para_b_.assign(b.paragraphs.begin(), b.paragraphs.end());
  }
}

bool BeadScorer::uses_paragraphs(const AlignInput& a, const AlignInput& b,
                                 const AlignerOptions& options, const ScorerWindow& window) {
  return paragraphs_apply(a, b, window, options.paragraph_crossing_penalty,
                          options.paragraph_mismatch_penalty);
}

void BeadScorer::build_evidence_prefix(std::size_t na, std::size_t nb) {
  auto evidence_prefix = [](std::size_t n, auto&& linkable, auto&& orphans) {
    std::vector<EvidencePrefix> p(n + 1);
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = static_cast<std::uint32_t>(k);
      const PairEvidence::Shared l = linkable(i);
      p[k + 1] = {p[k].anchors + l.anchors, p[k].links + l.links, p[k].orphans + orphans(i)};
    }
    return p;
  };
  ev_prefix_a_ = evidence_prefix(
      na, [&](std::uint32_t i) { return evidence_->linkable_a(i + eoa_); },
      [&](std::uint32_t i) { return evidence_->orphan_numbers_a(i + eoa_); });
  ev_prefix_b_ = evidence_prefix(
      nb, [&](std::uint32_t j) { return evidence_->linkable_b(j + eob_); },
      [&](std::uint32_t j) { return evidence_->orphan_numbers_b(j + eob_); });
}


// The terms of a bead's cost that depend on its A side only, computed once
// for all the beads of one row and type (cost_row) or for one bead (cost).
struct BeadScorer::RowTerms {
  std::uint32_t ia = 0, na = 0, nb = 0;
  double prior = 0;             // -log prior of the type
  double la = 0;                // code points of the A side
  std::uint32_t units_a = 0;    // sentences the A side stands for (units)
  std::uint32_t foreign_a = 0;  // A sentences in a third language
  EvidencePrefix a0, a1;        // evidence prefix sums around the A side
  bool crossing_a = false;      // the A side spans a paragraph boundary
  bool start_a = false;         // the A side starts a paragraph
  // The cached evidence rows of the A side's sentences (cache_band): cells
  // [lo, lo + len) of sentence ia + x are cells[0 .. len) of ev[x]; len 0:
  // not cached. Looked up once per row instead of once per bead.
  struct EvidenceRow {
    const SharedCell* cells = nullptr;
    const LexicalCell* lex = nullptr;  // with a translation model
    std::uint32_t lo = 0, len = 0;
  };
  std::array<EvidenceRow, 8> ev;  // bead types take at most 8 sentences a side
};

BeadScorer::RowTerms BeadScorer::row_terms(std::uint32_t ia, std::uint32_t na, std::uint32_t nb,
                                           std::size_t type_index) const {
  RowTerms r;
  r.ia = ia;
  r.na = na;
  r.nb = nb;
  r.prior = neg_log_prior_[type_index];
  r.la = static_cast<double>(prefix_a_[ia + na] - prefix_a_[ia]);
  if (!units_a_.empty() && na > 0) r.units_a = units_a_[ia + na] - units_a_[ia];
  if (!foreign_a_.empty()) r.foreign_a = foreign_a_[ia + na] - foreign_a_[ia];
  if (evidence_) {
    r.a0 = ev_prefix_a_[ia];
    r.a1 = ev_prefix_a_[ia + na];
    for (std::uint32_t x = 0; x < na && ia + x < dense_lo_.size(); ++x) {
      r.ev[x] = {dense_.data() + dense_off_[ia + x],
                 dense_lex_.empty() ? nullptr : dense_lex_.data() + dense_off_[ia + x],
                 dense_lo_[ia + x], dense_len_[ia + x]};
    }
  }
  if (use_paragraphs_) {
    r.crossing_a = na > 1 && para_a_[ia] != para_a_[ia + na - 1];
    r.start_a = na > 0 && (ia == 0 || para_a_[ia] != para_a_[ia - 1]);
  }
  return r;
}

// The bead's lexical agreement per word: every sentence's words scored
// against the sentence of the other side that explains them best (a
// 2-1 bead's B sentence against the better of its two A sentences: Model
// 1 over the union of their words, its mixture bounded by its best
// part), summed and divided by the words counted. Sentences without
// scored words count neither way.
template <int NA, int NB>
[[gnu::always_inline]] inline double BeadScorer::lexical_agreement(const RowTerms& r,
                                                                   std::uint32_t ib) const {
  const std::uint32_t na = NA >= 0 ? static_cast<std::uint32_t>(NA) : r.na;
  const std::uint32_t nb = NB >= 0 ? static_cast<std::uint32_t>(NB) : r.nb;
  auto cell = [&](std::uint32_t x, std::uint32_t y) {
    const RowTerms::EvidenceRow& e = r.ev[x];
    const std::uint32_t col = ib + y;
    return e.lex && col - e.lo < e.len ? e.lex[col - e.lo]
                                       : evidence_->lexical(r.ia + x + eoa_, col + eob_);
  };
  if (na == 1 && nb == 1) {
    const std::uint32_t n = lex_words_a_[r.ia] + lex_words_b_[ib];
    if (lex_words_a_[r.ia] == 0 || lex_words_b_[ib] == 0) return 0.0;
    const LexicalCell c = cell(0, 0);
    return (double(c.ab) + double(c.ba)) / n;
  }
  float ab[8][8], ba[8][8];  // bead types take at most 8 sentences a side
  for (std::uint32_t x = 0; x < na; ++x) {
    for (std::uint32_t y = 0; y < nb; ++y) {
      const LexicalCell c = cell(x, y);
      ab[x][y] = c.ab;
      ba[x][y] = c.ba;
    }
  }
  double sum = 0, words = 0;
  for (std::uint32_t y = 0; y < nb; ++y) {
    const std::uint32_t n = lex_words_b_[ib + y];
    if (n == 0) continue;
    bool any = false;
    float best = 0;
    for (std::uint32_t x = 0; x < na; ++x) {
      if (lex_words_a_[r.ia + x] == 0) continue;
      best = any ? std::max(best, ba[x][y]) : ba[x][y];
      any = true;
    }
    if (any) {
      sum += best;
      words += n;
    }
  }
  for (std::uint32_t x = 0; x < na; ++x) {
    const std::uint32_t n = lex_words_a_[r.ia + x];
    if (n == 0) continue;
    bool any = false;
    float best = 0;
    for (std::uint32_t y = 0; y < nb; ++y) {
      if (lex_words_b_[ib + y] == 0) continue;
      best = any ? std::max(best, ab[x][y]) : ab[x][y];
      any = true;
    }
    if (any) {
      sum += best;
      words += n;
    }
  }
  return words > 0 ? sum / words : 0.0;
}

// The one definition of a bead's cost (cost(), cost_row() and features()
// all call it; cost_row with the type's sizes as constants, which unrolls
// the evidence loops and drops the tests that do not apply: the
// arithmetic, and so every value, is the same). Returns the terms that are
// not weighted by the BeadModel (prior, foreign sentences, paragraph
// crossings) and writes the weighted ones to x (BeadScorer::Features).
template <int NA, int NB>
[[gnu::always_inline]] inline double BeadScorer::terms_at(const RowTerms& r, std::uint32_t ib,
                                                          double* x) const {
  const std::uint32_t ia = r.ia;
  const std::uint32_t na = NA >= 0 ? static_cast<std::uint32_t>(NA) : r.na;
  const std::uint32_t nb = NB >= 0 ? static_cast<std::uint32_t>(NB) : r.nb;
  const bool pair = na > 0 && nb > 0;
  for (std::size_t k = 0; k < kFeatures; ++k) x[k] = 0;
  const double la = r.la;
  const double lb = static_cast<double>(prefix_b_[ib + nb] - prefix_b_[ib]);
  double c = r.prior;
  if (!pair && !units_a_.empty()) {
    const std::uint32_t units = na > 0 ? r.units_a : units_b_[ib + nb] - units_b_[ib];
    c *= units;
  }
  // An insertion or omission has no length difference to measure: its cost
  // is its prior (and unmatched anchors, below). Scoring it as a match
  // against length 0 would make every 1-0 bead cost tens of nats, and the
  // search would then hide real insertions inside wrong 2-1 beads.
  if (pair && (la > 0 || lb > 0)) {
    // LengthModel::match_cost, with the tail probability from the table.
    const double m = (la + lb * inv_c_) * 0.5;
    x[kLength] = tail_((lb - model_.c * la) / std::sqrt(model_.s2 * m));
  }
  if (pair) x[kBias] = 1;
  if (pair && foreign_penalty_ > 0) {
    std::uint32_t n = 0;
    if (!foreign_a_.empty()) n += r.foreign_a;
    if (!foreign_b_.empty()) n += foreign_b_[ib + nb] - foreign_b_[ib];
    c += foreign_penalty_ * n;
  }
  if (evidence_) {
    // Shared evidence of the bead: Σ over its sentence pairs, capped by what
    // each side holds (min-count semantics), so a key seen in all four
    // sentences of a 2-2 bead counts twice, as in two 1-1 beads, not four
    // times. Unmatched: linkable anchors of the bead left without partner.
    const EvidencePrefix& a0 = r.a0;
    const EvidencePrefix& a1 = r.a1;
    const EvidencePrefix& b0 = ev_prefix_b_[ib];
    const EvidencePrefix& b1 = ev_prefix_b_[ib + nb];
    const double la_anchor = a1.anchors - a0.anchors, la_link = a1.links - a0.links;
    const double lb_anchor = b1.anchors - b0.anchors, lb_link = b1.links - b0.links;
    double sa = 0, sl = 0;
    for (std::uint32_t x_ = 0; x_ < na; ++x_) {
      const RowTerms::EvidenceRow& e = r.ev[x_];
      for (std::uint32_t y = ib; y < ib + nb; ++y) {
        if (y - e.lo < e.len) {
          const SharedCell& s = e.cells[y - e.lo];
          sa += s.anchors;
          sl += s.links;
        } else {
          const PairEvidence::Shared s = evidence_->shared(ia + x_ + eoa_, y + eob_);
          sa += s.anchors;
          sl += s.links;
        }
      }
    }
    sa = std::min({sa, la_anchor, lb_anchor});
    sl = std::min({sl, la_link, lb_link});
    x[kSharedAnchors] = sa;
    x[kSharedLinks] = sl;
    if (pair) {
      x[kUnmatchedAnchors] = la_anchor + lb_anchor - 2 * sa;
      x[kUnmatchedLinks] = la_link + lb_link - 2 * sl;
      x[kOrphans] = (a1.orphans - a0.orphans) + (b1.orphans - b0.orphans);
      // Nothing shared where both sides hold evidence found in the other
      // document. Applied to every pair bead that shares nothing it gains
      // on the noise sweep and Text+Berg but moves a version's omission one
      // sentence in a three-version corpus (corpus_test.cpp; RESULTS).
      if (sa + sl == 0 && la_anchor + la_link > 0 && lb_anchor + lb_link > 0) x[kNoShared] = 1;
      if (!lex_words_a_.empty()) x[kLexical] = lexical_agreement<NA, NB>(r, ib);
    } else {
      c += dropped_anchor_ * (la_anchor + lb_anchor);  // one side is empty
    }
  }
  if (use_paragraphs_) {
    if (r.crossing_a) c += crossing_;
    if (nb > 1 && para_b_[ib] != para_b_[ib + nb - 1]) c += crossing_;
    if (pair) {
      const bool start_b = ib == 0 || para_b_[ib] != para_b_[ib - 1];
      if (r.start_a != start_b) x[kMismatch] = 1;
    }
  }
  return c;
}

template <int NA, int NB>
[[gnu::always_inline]] inline double BeadScorer::cost_at(const RowTerms& r,
                                                         std::uint32_t ib) const {
  double x[kFeatures];
  double c = terms_at<NA, NB>(r, ib, x);
  for (std::size_t k = 0; k < kFeatures; ++k) c += weights_[k] * x[k];
  // Rounded to float: the searches memoise costs as floats, and the value
  // must be the same whether memoised or not (and in the reference DP).
  return static_cast<double>(static_cast<float>(c));
}

BeadScorer::Features BeadScorer::features(std::uint32_t ia, std::uint32_t na, std::uint32_t ib,
                                          std::uint32_t nb, std::size_t type_index) const {
  Features f{};
  terms_at(row_terms(ia, na, nb, type_index), ib, f.data());
  return f;
}

double BeadScorer::cost(std::uint32_t ia, std::uint32_t na, std::uint32_t ib, std::uint32_t nb,
                        std::size_t type_index) const {
  return cost_at(row_terms(ia, na, nb, type_index), ib);
}

template <int NA, int NB>
void BeadScorer::cost_run(const RowTerms& r, std::uint32_t ib_first, std::uint32_t ib_last,
                          float* out, std::size_t stride) const {
  for (std::uint32_t ib = ib_first; ib <= ib_last; ++ib, out += stride)
    *out = static_cast<float>(cost_at<NA, NB>(r, ib));
}

void BeadScorer::cost_row(std::uint32_t ia, std::size_t type_index, std::uint32_t ib_first,
                          std::uint32_t ib_last, float* out, std::size_t stride) const {
  const BeadType& t = types_[type_index];
  const RowTerms r = row_terms(ia, t.a, t.b, type_index);
  // The default bead types get their own loops (see cost_at).
  switch (t.a * 16 + t.b) {
    case 0x11: return cost_run<1, 1>(r, ib_first, ib_last, out, stride);
    case 0x10: return cost_run<1, 0>(r, ib_first, ib_last, out, stride);
    case 0x01: return cost_run<0, 1>(r, ib_first, ib_last, out, stride);
    case 0x21: return cost_run<2, 1>(r, ib_first, ib_last, out, stride);
    case 0x12: return cost_run<1, 2>(r, ib_first, ib_last, out, stride);
    case 0x22: return cost_run<2, 2>(r, ib_first, ib_last, out, stride);
    case 0x13: return cost_run<1, 3>(r, ib_first, ib_last, out, stride);
    case 0x31: return cost_run<3, 1>(r, ib_first, ib_last, out, stride);
    case 0x23: return cost_run<2, 3>(r, ib_first, ib_last, out, stride);
    case 0x32: return cost_run<3, 2>(r, ib_first, ib_last, out, stride);
    case 0x14: return cost_run<1, 4>(r, ib_first, ib_last, out, stride);
    case 0x41: return cost_run<4, 1>(r, ib_first, ib_last, out, stride);
    default: return cost_run<-1, -1>(r, ib_first, ib_last, out, stride);
  }
}

// Row x of the lexical cache: the cells `previous` holds copied, the
// others computed (left and right of the old range, in one call).
void BeadScorer::fill_lexical_row(std::uint32_t x, const LexicalRows& previous) {
  const std::uint32_t lo = dense_lo_[x], hi = lo + dense_len_[x];
  LexicalCell* out = dense_lex_.data() + dense_off_[x];
  std::uint32_t plo = lo, phi = lo;  // the old range within [lo, hi)
  if (x < previous.lo.size() && previous.len[x] > 0) {
    plo = std::clamp(previous.lo[x], lo, hi);
    phi = std::clamp(previous.lo[x] + previous.len[x], plo, hi);
  }
  if (plo < phi) {
    std::copy_n(previous.cells.data() + previous.off[x] + (plo - previous.lo[x]), phi - plo,
                out + (plo - lo));
  }
  // One gather of the row for the cells on both sides of the old range.
  if (lo < plo || phi < hi)
    evidence_->lexical_row(x + eoa_, lo + eob_, hi + eob_, out, plo + eob_, phi + eob_);
}

void BeadScorer::cache_band(std::span<const std::uint32_t> lo, std::span<const std::uint32_t> hi) {
  // The lexical cells of the last band are kept for this one: a widened
  // round's band holds the last one's, and computing a cell costs more
  // than all its other evidence (a Model 1 score, evidence.h).
  LexicalRows previous{std::move(dense_lex_), std::move(dense_off_), std::move(dense_lo_),
                       std::move(dense_len_)};
  dense_.clear();
  dense_lex_.clear();
  dense_off_.clear();
  dense_lo_.clear();
  dense_len_.clear();
  if (!evidence_ || lo.size() < 2) return;
  const auto na = static_cast<std::uint32_t>(lo.size() - 1);
  const auto nb = static_cast<std::uint32_t>(prefix_b_.size() - 1);
  std::uint32_t reach = 1;  // how many rows a bead spans at most
  for (const BeadType& t : types_) reach = std::max<std::uint32_t>(reach, std::max(t.a, t.b));
  dense_off_.resize(na);
  dense_lo_.resize(na);
  dense_len_.resize(na);
  std::uint64_t total = 0;
  for (std::uint32_t x = 0; x < na; ++x) {
    // Sentence x of A is read by beads ending in DP rows x+1 .. x+reach,
    // whose B sentences lie within those rows' columns, minus the bead width.
    const std::uint32_t first = lo[x + 1] > reach ? lo[x + 1] - reach : 0;
    const std::uint32_t last = std::min(nb, hi[std::min(na, x + reach)]);
    dense_lo_[x] = first;
    dense_len_[x] = last > first ? last - first : 0;
    dense_off_[x] = total;
    total += dense_len_[x];
  }
  // The cache trades memory for speed (about 20% of a search); past 32M
  // cells (256 MB) the sparse lookups are used instead, so memory stays
  // bounded on the longest documents.
  constexpr std::uint64_t kMaxCachedCells = 32u << 20;
  if (total > kMaxCachedCells) {
    dense_off_.clear();
    dense_lo_.clear();
    dense_len_.clear();
    return;
  }
  dense_.assign(total, SharedCell{});
  dense_lex_.clear();
  if (!lex_words_a_.empty()) {
    dense_lex_.resize(total);
    for (std::uint32_t x = 0; x < na; ++x) fill_lexical_row(x, previous);
  }
  for (std::uint32_t x = 0; x < na; ++x) {
    evidence_->for_each_in_row(x + eoa_, dense_lo_[x] + eob_, dense_lo_[x] + dense_len_[x] + eob_,
                               [&](std::uint32_t y, const PairEvidence::Shared& s) {
                                 dense_[dense_off_[x] + (y - eob_ - dense_lo_[x])] = {s.anchors, s.links};
                               });
  }
}

}  // namespace polyalign
