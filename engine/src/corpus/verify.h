// corpus/verify.h — stage 3 of corpus mode (polyalign/corpus.h): every
// candidate pair aligned sentence by sentence and scored (pair_score() with
// CorpusOptions::verify_*). The decisive stage: bundles are built from
// these scores only.
//
// With anchors, word links and corpus learning, two rounds: the first with
// anchors only; then the pairs of the first batch that are each other's
// best candidate and pass min_pair_score teach one lexicon per language
// pair, and every candidate is aligned and scored again with it (a
// translation shares far more words with its original than an article on
// the same topic does). Later batches (the second candidate search) are
// scored with the same lexicons. With a Remote, every round runs as tasks
// elsewhere, with the same scores.
//
// A Verifier is used from one thread (it keeps the lexicons between
// batches); it runs the pairs on `threads` workers (0 = all cores) and
// reports progress ("verify") from the calling thread. It holds references
// to everything it is given.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "corpus/candidates.h"
#include "corpus/lexicon.h"
#include "corpus/remote.h"

namespace polyalign::corpus {

class Verifier {
 public:
  Verifier(const DocTable& docs, const CorpusOptions& options, const PairRecipe& recipe,
           unsigned threads, const Remote* remote)
      : docs_(docs), options_(options), recipe_(recipe), threads_(threads), remote_(remote) {}

  // Scores of `cands`, in order; progress reported from `from` to `to`.
  std::vector<double> score(const std::vector<Candidate>& cands, double from, double to);

 private:
  // The first round's scores (anchors only), or for a later batch only the
  // evidence the second round starts from.
  void first_round(std::vector<PairWork>& pairs, std::vector<double>& score, bool later_batch,
                   double share, const Progress& report);
  // The lexicons (learned from the seeds of this batch unless learned
  // before), then every pair aligned and scored again with them.
  void second_round(const std::vector<Candidate>& cands, std::vector<PairWork>& pairs,
                    std::vector<double>& score, bool later_batch, double share,
                    const Progress& report);
  // Mutually best candidates (per document and other language) that pass
  // the threshold.
  std::vector<std::size_t> seeds(const std::vector<Candidate>& cands,
                                 const std::vector<double>& score) const;

  const DocTable& docs_;
  const CorpusOptions& options_;
  const PairRecipe& recipe_;
  unsigned threads_;
  const Remote* remote_;
  std::optional<Lexicons> lexicons_;
};

}  // namespace polyalign::corpus
