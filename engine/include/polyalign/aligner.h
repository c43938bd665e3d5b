// polyalign/aligner.h — sentence alignment of two segmented documents.
//
//   polyalign::Aligner aligner({});                 // default options
//   polyalign::PairAlignment r = aligner.align(a, b);   // a, b: AlignInput
//   for (const polyalign::Bead& bead : r.beads) ...   // in document order
//
// The search finds the minimum-cost sequence of beads covering both
// documents (every sentence in exactly one bead, beads monotone) by dynamic
// programming. Up to `full_dp_cells` cells it is the exact full-matrix DP.
// Beyond, coarse to fine: the same search over blocks of sentences
// (recursively) lays out a band for the fine search; the band widens while
// the path runs along its edge, and the final search is repeated at twice
// the width until its path no longer changes. Time and memory are
// O((na + nb) · band); the result equals the full DP's on the 1200 generated
// cases of the test suite (tests/aligner_test.cpp).
//
// Cost of a bead, in nats (BeadScorer::cost):
//     -log prior(bead type)
//   + length_weight · Gale-Church length cost (length_model.h; none for 1-0 / 0-1)
//   - anchor_weight · anchors the two sides share (PairEvidence, optional)
//   - link_weight · word links the two sides share
//   + unmatched_anchor_weight · anchors left without their partner (pair beads)
//   + dropped_anchor_weight · anchors of a 1-0 / 0-1 bead that occur in the
//     other document
//   + unmatched_link_weight · word links left without their partner (pair beads)
//   + no_shared_weight if both sides hold linkable evidence but share none (pair beads)
//   - lexical_weight · lexical agreement per word of the two sides (pair
//     beads, with a translation model in the evidence)
//   + orphan_number_weight · numbers the other document never has
//   + paragraph_mismatch_penalty (soft anchors, pair beads)
//   + pair_bias (pair beads)
//   + foreign_penalty per sentence in a third language
//   + paragraph_crossing_penalty per side spanning a paragraph boundary.
// For beads that pair sentences the weighted terms (length to pair_bias)
// are -log of a likelihood ratio: how much likelier the bead's features are
// for sentences that translate each other than for two unrelated ones.
// Estimation (Aligner::estimate) fits the whole model to the two texts:
// the length model's c from their total lengths, then c and s2 from the
// 1-1 beads of a first pass; the bead-type priors from the beads of the
// pass (Viterbi re-estimation, Gale & Church 1993, Moore 2002; a 1-1 bead
// counted as 1-0 + 0-1 as far as its evidence says its sentences are
// unrelated), smoothed toward the options' priors; and the weights by
// logistic regression of the pass's 1-1 beads against shifted sentence
// pairs (a Gaussian prior centred on the options' weights; align/fit.h).
// A second pass with the fitted model gives posteriors; everything is
// fitted again from its confident beads, and the documents are aligned
// with the result
// (align_with_model, given the estimation pass as its hint).
// Confidence of a bead = its posterior probability under the same model,
// computed by forward-backward over the band: the probability that an
// alignment drawn from the model contains exactly this bead.
//
// The implementation follows these stages, one file each in
// engine/src/align/: scorer (BeadScorer), band (geometry), costs (the cost
// memo), dp (Viterbi, forward-backward), search (coarse to fine, the band's
// widening and check), stretches (long pairs), estimate (c and s2).
//
// Threads: each call uses up to AlignerOptions::threads (0: all cores),
// with the same result at any count. Thread-safety: an Aligner is
// immutable; align() may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "polyalign/common.h"
#include "polyalign/length_model.h"

namespace polyalign {

class PairEvidence;  // evidence.h: anchors and word links shared by sentence pairs

// The lexical agreement of sentence i of A and sentence j of B under a
// word translation model of the pair (TranslationModel, evidence.h):
// log-likelihood ratios of "translation" against "unrelated", summed over
// the words of one side (nats).
struct LexicalCell {
  float ab = 0;  // A's words given j's, against A's unigram
  float ba = 0;  // B's words given i's, against B's unigram
};

// A bead type: how many sentences it takes from A and from B.
struct BeadType {
  std::uint8_t a = 1;
  std::uint8_t b = 1;
  double prior = 0.89;  // prior probability (normalised over the set in use)
  bool operator==(const BeadType& o) const { return a == o.a && b == o.b; }
};

// Priors after Gale & Church (1993) Table 5, merges made rarer, and the
// larger merges 2-3 3-2 rarer still (see engine/src/aligner.cpp);
// estimation fits them to each pair (align/fit.h).
std::vector<BeadType> default_bead_types();

struct AlignerOptions {
  std::vector<BeadType> bead_types = default_bead_types();  // 1-1 1-0 0-1 2-1 1-2 2-2 1-3 3-1 2-3 3-2
  bool estimate_parameters = true;  // estimate c and s2 from the texts (else use `model`)
  LengthModel model;                // used as given when estimate_parameters is false
  // A bead whose sentences on one side come from different paragraphs
  // (cost units = nats, i.e. -log probability).
  double paragraph_crossing_penalty = 3.0;
  // A bead that starts a paragraph on one side but not on the other.
  double paragraph_mismatch_penalty = 1.5;
  // Anchors and word links (used when align() is given a PairEvidence):
  // a bead earns anchor_weight nats per unit of evidence its two sides share
  // and pays unmatched_anchor_weight per unit of anchors that occur in the
  // other document but not on the other side of this bead.
  double anchor_weight = 4.0;
  double unmatched_anchor_weight = 1.0;
  // An insertion or omission (1-0, 0-1) pays this per unit of its anchors
  // that occur in the other document: a sign that the sentence has a
  // partner there after all. Not fitted (the fit sees pairs only: its
  // unmatched_anchor_weight prices a pair that is no translation, which
  // says nothing of how often a sentence with names is dropped), so the
  // decision between an unrelated 1-1 and 1-0 + 0-1 follows the fitted
  // price of the anchors such a pair leaves unmatched.
  double dropped_anchor_weight = 1.0;
  // Per unit of numbers in a pair bead (1-1, 2-1, ...) that occur nowhere in
  // the other document (PairEvidence::orphan_numbers_*).
  double orphan_number_weight = 1.0;
  // Weight of the length cost, and of the word links the two sides of a
  // bead share (per unit, as anchor_weight for anchors) and leave unmatched.
  double length_weight = 1.0;
  double link_weight = 4.0;
  double unmatched_link_weight = 0.0;
  // A pair bead whose two sides both hold anchors or word links found in
  // the other document, yet share none of them: the lexical sign that the
  // two are not translations of each other (an added sentence facing a
  // dropped one). 0 = no such term before the fit.
  double no_shared_weight = 0.0;
  // Per nat of lexical agreement per word (PairEvidence::lexical(): the
  // log-likelihood ratio of "translation" under a word translation model
  // of the pair against "unrelated", averaged over the bead's words): a
  // pair bead earns lexical_weight times it. 0 = no such term before the
  // fit; without a translation model in the evidence the term is 0.
  double lexical_weight = 0.0;
  // Added to the cost of every bead that pairs sentences.
  double pair_bias = 0.0;
  // With estimate_parameters: also fit the bead-type priors and the
  // weights above (length to pair_bias, with anchor_weight,
  // unmatched_anchor_weight, orphan_number_weight and
  // paragraph_mismatch_penalty) to the pair; the values given here are the
  // starting point and the prior the fit is drawn toward.
  bool estimate_weights = true;
  // How many beads the given priors count for against the counted ones
  // (Dirichlet pseudo-counts); and the precision (1/variance, per nat² of
  // weight) of the Gaussian prior around the given weights.
  double prior_strength = 50;
  double weight_strength = 1.0;
  // Posteriors are computed from exp(-cost / temperature); chosen so that
  // confidences are calibrated on the development data (bench/RESULTS.md).
  double posterior_temperature = 1.0;
  // Per sentence in a 1-1/2-1/... bead that is in neither document's
  // language (AlignInput::foreign): such text is an insertion far more often
  // than a translation.
  double foreign_penalty = 4.0;
  // Documents with at most this many DP cells ((na+1)·(nb+1)) are aligned
  // by the full-matrix DP; larger ones by coarse-to-fine search: the same DP
  // over blocks of `coarse_factor` sentences (recursively) gives the path
  // the fine band is laid around.
  std::uint64_t full_dp_cells = 250'000;
  std::uint32_t coarse_factor = 8;
  std::uint32_t initial_band = 16;   // half-width of the band around the coarse path (sentences)
  // Path this close to a band edge: widen and redo (at least twice the
  // largest bead side).
  std::uint32_t band_margin = 4;
  // Threads one search may use (filling its cost memo; the check's two
  // Viterbi passes, forward and backward, side by side; the stretches of a
  // long pair). 0 means all cores. The result is identical at any count.
  unsigned threads = 1;
  // Called with the fraction (0..1) of rows done in the current search
  // pass, every few thousand rows. Empty: no reports. May throw to stop
  // the work: the exception leaves the search once its threads are done.
  std::function<void(double)> progress;
};

// The per-sentence features the search needs (no strings).
// The part of AlignerOptions that estimation fits to a pair.
struct BeadModel {
  std::vector<BeadType> bead_types;  // the types with their priors
  double length_weight = 1, anchor_weight = 4, link_weight = 4, unmatched_anchor_weight = 1,
         unmatched_link_weight = 0, orphan_number_weight = 1, paragraph_mismatch_penalty = 1.5,
         pair_bias = 0, no_shared_weight = 0, lexical_weight = 0;
  // The model of `options` (its priors and weights).
  static BeadModel of(const AlignerOptions& options);
  // `options` with this model's weights and priors (for the types of
  // `options` that the model has).
  AlignerOptions applied_to(AlignerOptions options) const;
};

struct AlignInput {
  std::span<const std::uint32_t> lengths;     // code points per sentence
  std::span<const std::uint32_t> paragraphs;  // paragraph number per sentence (may be empty)
  std::span<const std::uint8_t> foreign;      // 1: sentence in another language (may be empty)
  // Sentences each element stands for (may be empty: 1 each). The coarse
  // levels of the search align blocks of sentences; an inserted block of k
  // sentences is k insertions and must cost as much.
  std::span<const std::uint32_t> units;
};

struct Bead {
  SentenceRange a;          // sentences of A
  SentenceRange b;          // sentences of B
  double cost = 0;          // total cost of this bead (nats)
  double confidence = 0;    // posterior probability in [0, 1]
};

struct PairAlignment {
  std::vector<Bead> beads;  // in document order, covering both documents
  LengthModel model;        // the model actually used
  // Set by estimate() with estimate_weights: the bead-type priors and cost
  // weights fitted to the pair. align_with_model() given this alignment as
  // its hint aligns with them.
  std::optional<BeadModel> fitted;
  double total_cost = 0;
  std::uint32_t band = 0;   // final band half-width (== max(na, nb) means full DP)
  std::uint64_t cells = 0;  // DP cells of the final search
};

class Aligner {
 public:
  // Throws std::invalid_argument for an empty or invalid bead-type set.
  explicit Aligner(AlignerOptions options = {});

  // `evidence` (optional, may be null) must be built for these two documents.
  PairAlignment align(const AlignInput& a, const AlignInput& b,
                      const PairEvidence* evidence = nullptr) const;

  // The estimation half of align(): returns the last estimation pass (its
  // beads, with posteriors over the bead types of at most three sentences)
  // with `model` set to the parameters re-estimated from it, which align()
  // then uses. The pipeline learns word links from this pass.
  PairAlignment estimate(const AlignInput& a, const AlignInput& b,
                         const PairEvidence* evidence = nullptr) const;

  // `pass` (estimate()'s, of the same documents) with its bead model
  // (priors and weights) fitted again on its beads under `evidence`: the
  // evidence given to estimate() with what that pass taught (a
  // translation model, evidence.h), so that the new terms get weights.
  // Without estimate_weights, or where the fit fails, `pass` as it is.
  PairAlignment refit(const AlignInput& a, const AlignInput& b, const PairEvidence* evidence,
                      PairAlignment pass) const;

  // One search with a fixed model (no estimation pass): the building block
  // of align(), exposed for tests and benchmarks. `hint` (optional): an
  // earlier alignment of the same two documents (e.g. estimate()'s); the
  // band is then laid around its path instead of a coarse search's, at
  // half the width. The stability check still decides when to stop.
  PairAlignment align_with_model(const AlignInput& a, const AlignInput& b,
                                 const LengthModel& model,
                                 const PairEvidence* evidence = nullptr,
                                 const PairAlignment* hint = nullptr) const;

  const AlignerOptions& options() const { return options_; }

 private:
  AlignerOptions options_;
};

class TailTable;  // private: the tabulated tail probability (align/scorer.cpp)

// Where a scorer's documents sit in larger ones (a stretch of a long pair):
// sentence 0 of its A is sentence offset_a of the evidence's A, likewise B.
// paragraphs: 1 / 0 force paragraph penalties on / off (the decision of the
// whole pair, so that every stretch scores alike); -1 decides from the
// inputs.
struct ScorerWindow {
  std::uint32_t offset_a = 0, offset_b = 0;
  int paragraphs = -1;
};

// The cost of one bead under `options` and `model`: the function both the
// search and the reference DP in the tests call, so they agree to the bit.
// `ia`, `ib` are the first sentences of the bead.
class BeadScorer {
 public:
  BeadScorer(const AlignInput& a, const AlignInput& b, const AlignerOptions& options,
             const LengthModel& model, const PairEvidence* evidence = nullptr,
             const ScorerWindow& window = {});
  double cost(std::uint32_t ia, std::uint32_t na, std::uint32_t ib, std::uint32_t nb,
              std::size_t type_index) const;
  // cost(ia, type.a, ib, type.b, type_index) for ib = ib_first..ib_last,
  // written as floats to out[0], out[stride], ... (the same values, with
  // the terms of the A side computed once for the row).
  void cost_row(std::uint32_t ia, std::size_t type_index, std::uint32_t ib_first,
                std::uint32_t ib_last, float* out, std::size_t stride) const;
  std::size_t type_count() const { return neg_log_prior_.size(); }

  // The terms of a bead's cost that the BeadModel weighs, unweighted (0
  // where a term does not apply): cost = prior + foreign and crossing
  // penalties + Σ weight[k] · features[k], with the weights
  // (length_weight, -anchor_weight, -link_weight, unmatched_anchor_weight,
  // unmatched_link_weight, orphan_number_weight,
  // paragraph_mismatch_penalty, pair_bias, no_shared_weight,
  // -lexical_weight). Any ia, ib (not only the band's): estimation reads
  // shifted sentence pairs. kLexical of a pair bead: each sentence's
  // words scored against its best partner sentence on the other side
  // (LexicalCell), summed, over the words of the bead.
  enum Feature : std::size_t {
    kLength, kSharedAnchors, kSharedLinks, kUnmatchedAnchors, kUnmatchedLinks, kOrphans,
    kMismatch, kBias, kNoShared, kLexical, kFeatures
  };
  using Features = std::array<double, kFeatures>;
  Features features(std::uint32_t ia, std::uint32_t na, std::uint32_t ib, std::uint32_t nb,
                    std::size_t type_index) const;

  // Copies the evidence of the cells a search over this band can read into
  // dense rows, so cost() reads an array instead of searching the sparse
  // matrix (values are identical). lo/hi: the band's column range per DP row
  // 0..na. Without evidence it does nothing.
  void cache_band(std::span<const std::uint32_t> lo, std::span<const std::uint32_t> hi);
  const BeadType& type(std::size_t k) const { return types_[k]; }
  bool uses_paragraphs() const { return use_paragraphs_; }
  // What uses_paragraphs() of a scorer of these inputs would say, without
  // building one.
  static bool uses_paragraphs(const AlignInput& a, const AlignInput& b,
                              const AlignerOptions& options, const ScorerWindow& window = {});

 private:
  struct RowTerms;
  void build_evidence_prefix(std::size_t na, std::size_t nb);  // ev_prefix_a_, ev_prefix_b_
  struct LexicalRows {  // a band's lexical cells, as cache_band() laid them out
    std::vector<LexicalCell> cells;
    std::vector<std::uint64_t> off;
    std::vector<std::uint32_t> lo, len;
  };
  void fill_lexical_row(std::uint32_t x, const LexicalRows& previous);
  RowTerms row_terms(std::uint32_t ia, std::uint32_t na, std::uint32_t nb,
                     std::size_t type_index) const;
  // NA, NB >= 0: the bead type's sizes known at compile time (the common
  // types, see cost_row); -1: read from `r`.
  template <int NA = -1, int NB = -1>
  double terms_at(const RowTerms& r, std::uint32_t ib, double* x) const;
  template <int NA = -1, int NB = -1>
  double cost_at(const RowTerms& r, std::uint32_t ib) const;
  template <int NA, int NB>
  double lexical_agreement(const RowTerms& r, std::uint32_t ib) const;
  template <int NA, int NB>
  void cost_run(const RowTerms& r, std::uint32_t ib_first, std::uint32_t ib_last, float* out,
                std::size_t stride) const;
  std::uint32_t eoa_ = 0, eob_ = 0;  // ScorerWindow offsets into the evidence
  std::vector<std::uint64_t> prefix_a_, prefix_b_;  // prefix sums of lengths
  std::vector<std::uint32_t> para_a_, para_b_;
  std::vector<std::uint32_t> foreign_a_, foreign_b_;  // prefix counts (empty: none)
  std::vector<std::uint32_t> units_a_, units_b_;      // prefix counts (empty: 1 each)
  double foreign_penalty_;
  double dropped_anchor_;
  std::vector<BeadType> types_;
  std::vector<double> neg_log_prior_;
  LengthModel model_;
  double crossing_;
  double inv_c_;
  const TailTable& tail_;
  const PairEvidence* evidence_;
  struct SharedCell {
    float anchors = 0, links = 0;
  };
  // Prefix sums over sentences of the evidence each one holds: linkable
  // anchors, linkable word links, orphan numbers (empty without evidence).
  struct EvidencePrefix {
    double anchors = 0, links = 0, orphans = 0;
  };
  std::vector<EvidencePrefix> ev_prefix_a_, ev_prefix_b_;
  std::vector<SharedCell> dense_;                     // cached evidence, row by row
  std::vector<LexicalCell> dense_lex_;                // the same cells' lexical agreement
  // Per sentence: the words its lexical agreement sums over (empty: no
  // translation model in the evidence).
  std::vector<std::uint32_t> lex_words_a_, lex_words_b_;
  std::vector<std::uint64_t> dense_off_;              // first cached cell of sentence row x
  std::vector<std::uint32_t> dense_lo_, dense_len_;   // cached columns [lo, lo + len)
  std::array<double, kFeatures> weights_;  // see features()
  bool use_paragraphs_;
};

}  // namespace polyalign
