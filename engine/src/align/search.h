// align/search.h — one search with a fixed model: the least-cost bead
// sequence covering two documents, optionally with each bead's posterior.
//
//   Search search({options, a, b, model, evidence}, SearchMode::kExact, &hint);
//   PairAlignment r = search.run();
//
// Up to AlignerOptions::full_dp_cells cells the full matrix is searched.
// Beyond, coarse to fine: a band is laid around a guide (the cells of
// `hint`, an earlier alignment of the same documents, or of a coarse
// search over blocks of sentences, recursively), widened where the path
// runs along its edge; an exact search repeats at twice the width until
// the path no longer changes. Long searches run as overlapping stretches
// (stretches.h). Time and memory O((na + nb) · band), the band bounded by
// kMaxBandCellsPerRow cells per row on average.
// A Search is used once (run()), from one thread; it uses up to
// AlignerOptions::threads threads (0: all cores) and returns the same
// result at any count. The problem's options, model, inputs and evidence
// must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "align/band.h"
#include "align/costs.h"
#include "align/dp.h"
#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

// What one search computes.
enum class SearchMode {
  kPath,        // the Viterbi path over the first band the path keeps clear of the edge
  kPosteriors,  // the same, with posteriors over that band
  kExact,       // stability check (see Search::stable()), then posteriors
};

// What one search aligns.
struct SearchProblem {
  const AlignerOptions& options;
  AlignInput a, b;
  const LengthModel& model;
  const PairEvidence* evidence = nullptr;  // built for the documents `window` places a, b in
  ScorerWindow window = {};  // where a and b sit in the evidence's documents (a stretch)
  bool may_split = true;     // whether a long search may run in stretches
};

class Search {
 public:
  // `hint` (optional): an earlier alignment of the same two documents; the
  // band is then laid around its path (see Aligner::align_with_model).
  Search(const SearchProblem& problem, SearchMode mode, const PairAlignment* hint = nullptr);
  Search(const Search&) = delete;
  Search& operator=(const Search&) = delete;

  // Without posteriors every bead's confidence is left at 0 (the
  // estimation rounds need only the path).
  PairAlignment run();

 private:
  // The search run as stretches cut along `guide_alignment`'s path, with
  // `options`; nullopt where it cannot be cut or joined.
  std::optional<PairAlignment> in_stretches(const PairAlignment& guide_alignment,
                                            const AlignerOptions& options) const;
  // Chooses the guide and the first widths; a result when the search ran
  // in stretches instead.
  std::optional<PairAlignment> lay_guide();
  std::uint32_t hinted_width(std::uint32_t w) const;
  // Rounds of band searches until the path is accepted.
  void search_band();
  bool round();  // true: the path is accepted
  void fill_memo();
  CostSource costs() const { return {scorer(), band_, memoised_ ? &memo_ : nullptr}; }
  // The scorer of the whole problem, built by the first round: a search
  // that runs in stretches never needs it (each stretch has its own), and
  // on 1M sentences a side its prefix arrays are 70 MB.
  void build_scorer();
  const BeadScorer& scorer() const { return *scorer_; }
  bool stable(const CostSource& cost);  // an exact search's round
  std::uint32_t margin() const;          // band_margin, at least twice the largest bead side
  void take_in_path(const std::vector<PathStep>& path);
  bool affordable(const std::vector<std::uint32_t>& widths) const;
  bool widen(const std::vector<std::uint32_t>& rows);
  PairAlignment summary() const;
  PairAlignment path_only() const;
  PairAlignment with_posteriors();

  SearchProblem p_;
  SearchMode mode_;
  const PairAlignment* hint_;
  std::uint32_t na_, nb_;
  bool posteriors_, exact_;
  std::optional<BeadScorer> scorer_;  // see build_scorer()
  unsigned threads_;
  std::uint64_t max_cells_;  // the band's bound (see affordable())
  bool full_ = false;        // the full matrix is searched
  Guide guide_;
  // Half-widths of the band per row (one value when full_); wide_: those
  // searched in the last round (doubled for an exact search's check).
  std::vector<std::uint32_t> width_, wide_, next_width_;
  std::vector<std::int32_t> cover_count_;
  ViterbiResult vr_;
  Band band_;    // the band the accepted path was searched in
  Band narrow_;  // exact searches: the half-width band that agreed with it
  bool agreed_ = false;
  CostMemo memo_, previous_memo_;
  Band previous_band_;
  bool memoised_ = false;
};

// The rows of the steps one path has and the other has not (both paths in
// reverse order, as viterbi() gives them).
std::vector<std::uint32_t> rows_where_paths_differ(const std::vector<PathStep>& x,
                                                   const std::vector<PathStep>& y);
bool same_path(const std::vector<PathStep>& x, const std::vector<PathStep>& y);

}  // namespace align_detail
}  // namespace polyalign
