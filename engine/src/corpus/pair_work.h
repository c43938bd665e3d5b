// corpus/pair_work.h — what one pair of documents goes through in corpus
// mode, the same wherever it runs: on align_corpus()'s threads, which keep
// a PairWork (its evidence) from one phase to the next, or in a task of a
// CorpusTaskRunner, which keeps the evidence for the task that follows on
// the same runner and builds it again anywhere else (the same values: every
// step is deterministic). Each step is a step of the pair recipe
// (pair_recipe.h); this file only says which steps corpus mode takes when:
//   verification (stage 3): check_pair(), then after corpus-wide learning
//     (corpus/lexicon.h) recheck_pair();
//   N-way (stage 5): estimate_pair(), learning, final_pair().
//
// A PairWork is worked on by one thread at a time; the DocTable and the
// recipe are shared read-only.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "corpus/documents.h"
#include "pair_recipe.h"
#include "polyalign/evidence.h"
#include "polyalign/length_model.h"

namespace polyalign::corpus {

// A pair of documents being aligned, and what its next pass needs.
struct PairWork {
  std::size_t a = 0, b = 0;          // documents, a < b
  PairEvidence evidence;             // anchors (and dictionary links); empty without anchors
  // The pair's PairRecipe::known_links() once computed (with its evidence):
  // its word links after learning start from them too.
  std::optional<std::vector<WordLink>> known;
  PairAlignment first;               // the pass word links are learned from
  std::vector<WordLink> links;       // word links for the next pass
  std::optional<LengthModel> model;  // length model for the next pass (else estimated)
  std::optional<BeadModel> fitted;   // bead model of the final pass (else first's fitted one)
};

// Bytes of pair evidence (PairEvidence::memory_bytes()) and known links
// kept from one pass to the next, over all pairs of a stage: what is left
// of three quarters of CorpusOptions::memory_limit once the heap in use
// when the stage starts (the documents, their index, the results so far)
// is counted, and at most half of the limit (half of it where the heap in
// use cannot be read). Within it a pass reuses the evidence of the pass
// before, past it the evidence is dropped and built again (the same
// values), so that memory does not grow with the number of pairs in
// flight (~25 KB a pair of 20-sentence news documents). The quarter left
// is for the pairs being aligned and the allocator's slack.
std::size_t kept_evidence_bytes(const CorpusOptions& options);

// Shares a budget of bytes of evidence between the pairs of a stage; used
// by many workers at once. Which pairs keep their evidence depends on
// timing, the results do not.
class EvidenceBudget {
 public:
  explicit EvidenceBudget(std::size_t bytes) : left_(static_cast<std::int64_t>(bytes)) {}
  // Keeps p.evidence and p.known if they fit in what is left, else p.known
  // alone if it fits (its cognates are the dearer half to build again),
  // else drops both.
  void keep_or_drop(PairWork& p);

 private:
  bool take(std::int64_t bytes);  // false (and nothing taken) if fewer are left
  std::atomic<std::int64_t> left_;
};

// p.evidence built unless kept.
void ensure_evidence(PairWork& p, const DocTable& docs, const PairRecipe& recipe);

// The aligner of corpus mode: single-threaded and silent (pairs run side
// by side instead; progress is reported per pair).
AlignerOptions pair_aligner_options(const PipelineOptions& po);

// Pairs of one language pair learn together in one orientation: x is the
// alphabetically first language (a "hi-en" pair is pooled as en-hi).
bool oriented(const PairWork& p, const DocTable& docs);

// "de-hi": the language pair of p, oriented.
std::string language_pair(const PairWork& p, const DocTable& docs);

// The verification score's parameters (CorpusOptions::verify_*).
PairScoreOptions verify_score_options(const CorpusOptions& options);

// p.evidence (with anchors only; else left empty), from p.known (computed
// first if not kept).
void build_evidence(PairWork& p, const DocTable& docs, const PairRecipe& recipe);

// recipe.dictionary_links() of p, from p.known when kept (which it then
// frees: the pair's next pass reads the links, not p.known).
std::vector<WordLink> pair_dictionary_links(PairWork& p, const DocTable& docs,
                                            const PairRecipe& recipe);

// Verification, first round: aligned with anchors (p.first) and scored.
double check_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                  const PairRecipe& recipe);

// Verification, second round: aligned again with the word links
// apply_lexicon() put in p.links, and scored. Frees p.
double recheck_pair(PairWork& p, const DocTable& docs, const CorpusOptions& options,
                    const PairRecipe& recipe);

// N-way: the estimation pass of two members of a bundle (p.first).
void estimate_pair(PairWork& p, const DocTable& docs, const PairRecipe& recipe);

// What a pair's final pass read (its evidence with the word links, its
// length model, and the estimation pass whose path and fitted weights it
// followed): kept while its bundle's pairs are aligned again with what
// the third members say (corpus/third_versions.h).
struct FinalInputs {
  PairEvidence evidence;
  LengthModel model;
  PairAlignment first;
};

// N-way: the final pass, with the word links, length model and bead model
// apply_lexicon() set (if it ran), around the estimation pass's path.
// Frees p; with `keep`, what the pass read is moved there.
PairAlignment final_pair(PairWork& p, const DocTable& docs, const PairRecipe& recipe,
                         FinalInputs* keep = nullptr);

}  // namespace polyalign::corpus
