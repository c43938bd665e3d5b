// pair_recipe.h — what aligning one pair of documents means, decided in one
// place for `polyalign align` (align_segmented(), pipeline.h), the bindings
// through it, and corpus mode (corpus.h: verification and the direct
// alignments of a bundle's members; a pair is the smallest bundle).
//
// The recipe (Moore 2002 for the passes and the word links):
//  1. evidence()   the anchors the two documents share (numbers, names,
//                  URLs...), with the dictionary's and the cognates' word
//                  links: PairEvidence.
//                  None without anchors (PipelineOptions::anchors).
//  2. estimate()   the estimation pass: the length model (c, s2) estimated
//                  on the pair, and a first alignment.
//  3. learn_links()  word links learned from that pass's confident beads
//                  (competitive linking); with_links() adds links to the
//                  evidence, near the first pass's path.
//     translation model: IBM Model 1 trained on the same beads
//                  (TranslationModel, evidence.h); the bead model is fitted
//                  again with its lexical agreement as a term (scored by
//                  the half of the model not trained on each bead), and
//                  the final pass reads it.
//  4. final_pass() the search with the model and links so obtained, around
//                  the first pass's path.
//  5. pair_score() how much of the two documents the alignment pairs in
//                  confident small beads whose sides share evidence.
// align() runs all of it for one pair on its own. Corpus mode runs the same
// steps in phases over many pairs (corpus/pair_work.h): its first pass for
// verification is pass() (no estimation), its word links and length model
// may be pooled over a language pair, and its bundle pairs always take two
// passes. Where the two sequences differ, the caller chooses the step; no
// step is written twice.
//
// A PairRecipe holds references to the options and the aligner it was
// built with (they must outlive it); it is immutable, and its methods may
// be called from many threads at once. Costs: see evidence.h and aligner.h
// (each pass O(n · band)).
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/dictionaries.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/pipeline.h"

namespace polyalign {

// Whether PipelineOptions::dictionaries asks for dictionaries, and the
// DictionaryOptions it stands for ("auto": the installed FreeDict
// databases).
bool dictionaries_on(const PipelineOptions& options);
DictionaryOptions pair_dictionary_options(const PipelineOptions& options);

// The feature options of every document aligned with `options` (words
// collected only when word links will be learned or cognates linked).
FeatureOptions pair_feature_options(const PipelineOptions& options);

// The aligner's view of a document's features.
AlignInput align_input(const DocumentFeatures& f);

// Parameters of pair_score(); the defaults are parallel_score()'s.
struct PairScoreOptions {
  double bead_confidence = 0.5;  // beads count from this posterior on
  double full_evidence = 0.5;    // shared evidence (PairEvidence units) that counts in full
  double prior_sentences = 4;    // sentences without evidence added to every pair
};

// The score of a pair (na, nb sentences) aligned by `alignment` (see
// parallel_score(), pipeline.h, and corpus.h stage 3):
//   Σ |b| · p_b · min(1, E_b / full_evidence) / (na + nb + prior_sentences)
// over the beads of two or three sentences (1-1, 2-1, 1-2) with posterior
// p_b >= bead_confidence. Larger beads are left out: they are where a
// search forces unrelated texts together. 0 without sentences.
double pair_score(const PairAlignment& alignment, const PairEvidence& evidence, std::size_t na,
                  std::size_t nb, const PairScoreOptions& options = {});

// What align() returns.
struct PairOutcome {
  PairAlignment alignment;
  PairEvidence evidence;       // what the final pass used (empty without anchors)
  std::size_t word_links = 0;  // links given (dictionary) and learned
  double score = -1;           // pair_score() with its defaults; -1 without anchors
};

// Told of align()'s progress, on the calling thread: begin(pass) before
// the estimation pass ("estimate") and the final pass after it ("align");
// done(step) after each of "evidence", "estimate", "learn links", "word
// links" and "align". Either may be empty.
struct PairSteps {
  std::function<void(std::string_view pass)> begin;
  std::function<void(std::string_view step)> done;
};

class PairRecipe {
 public:
  // Evidence and word links with the threads of `options` (corpus mode,
  // which runs many pairs side by side).
  PairRecipe(const PipelineOptions& options, const Aligner& aligner);
  // Evidence and word links with at least `threads` threads (one pair with
  // the machine to itself).
  PairRecipe(const PipelineOptions& options, const Aligner& aligner, unsigned threads);

  const PipelineOptions& options() const { return options_; }

  // 1. The word links known before any pass: the dictionary's
  // (PipelineOptions::dictionary), the cognates' (cognate_links(), with
  // PipelineOptions::cognates) and the dictd dictionaries' for the
  // documents' languages (load_lexicon(), PipelineOptions::dictionaries).
  // first_pass_links() leaves the last out unless
  // DictionaryOptions::first_pass: spread over the whole sentence matrix
  // of a long pair they cost more than they give (README of bench/); the
  // final pass, searched near the first pass's path, takes them all.
  std::vector<WordLink> first_pass_links(const DocumentFeatures& a,
                                         const DocumentFeatures& b) const;
  std::vector<WordLink> dictionary_links(const DocumentFeatures& a,
                                         const DocumentFeatures& b) const;
  // The same from `known`, the pair's known_links() computed before: corpus
  // mode keeps them from a pair's evidence to its word links, the cognates
  // being most of the evidence's cost.
  std::vector<WordLink> first_pass_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                         const std::vector<WordLink>& known) const;
  std::vector<WordLink> dictionary_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                         const std::vector<WordLink>& known) const;
  // The parts of dictionary_links(): the given dictionary's and the
  // cognates' links (known_links()), and the dictd dictionaries'.
  std::vector<WordLink> known_links(const DocumentFeatures& a, const DocumentFeatures& b) const;
  // The evidence of a pair, with `links` (those of first_pass_links()).
  PairEvidence evidence(const DocumentFeatures& a, const DocumentFeatures& b,
                        const std::vector<WordLink>& links) const;
  PairEvidence evidence(const DocumentFeatures& a, const DocumentFeatures& b) const {
    return evidence(a, b, first_pass_links(a, b));
  }
  // What the passes are given of `ev`: nothing without anchors.
  const PairEvidence* use(const PairEvidence& ev) const {
    return options_.anchors ? &ev : nullptr;
  }

  // One pass on its own (model estimated on the pair, no word links
  // learned).
  PairAlignment pass(const DocumentFeatures& a, const DocumentFeatures& b,
                     const PairEvidence* ev) const;
  // 2. The estimation pass.
  PairAlignment estimate(const DocumentFeatures& a, const DocumentFeatures& b,
                         const PairEvidence* ev) const;
  // 3. Word links learned from `first` (PipelineOptions::word_link_options).
  std::vector<WordLink> learn_links(const DocumentFeatures& a, const DocumentFeatures& b,
                                    const PairAlignment& first) const;
  // learn_links() with each word counted on its own (prefix_letters 0), for
  // the corpus lexicons: they pool the beads of many documents, where a
  // word's forms are frequent enough, and the extra links of word classes
  // raise the verification scores of documents that are not translations
  // (an unseen NTREX corpus then bundled a distractor).
  std::vector<WordLink> learn_whole_word_links(const DocumentFeatures& a,
                                               const DocumentFeatures& b,
                                               const PairAlignment& first) const;
  // `ev` with `links` added; word links count near `first`'s path when given.
  PairEvidence with_links(const PairEvidence& ev, const DocumentFeatures& a,
                          const DocumentFeatures& b, const std::vector<WordLink>& links,
                          const PairAlignment* first) const;
  // 4. The final pass with `model`, around `first`'s path.
  PairAlignment final_pass(const DocumentFeatures& a, const DocumentFeatures& b,
                           const LengthModel& model, const PairEvidence* ev,
                           const PairAlignment& first) const;

  // The whole recipe for one pair on its own (`polyalign align`): without
  // anchors one pass; with anchors but no word links one pass with the
  // evidence; else evidence, estimation, word links learned from it, and
  // the final pass. Then the score (with anchors); below
  // PipelineOptions::min_parallel_score, the confidence of every bead
  // pairing sentences is scaled by score / min_parallel_score.
  PairOutcome align(const DocumentFeatures& a, const DocumentFeatures& b,
                    const PairSteps& steps = {}) const;

 private:
  const PipelineOptions& options_;
  const Aligner& aligner_;
  EvidenceOptions evidence_;
  WordLinkOptions word_links_;
  std::vector<WordLink> lexicon_links(const DocumentFeatures& a, const DocumentFeatures& b) const;

  CognateOptions cognates_;
  DictionaryOptions dictionaries_;
  TranslationModelOptions translation_;
};

}  // namespace polyalign
