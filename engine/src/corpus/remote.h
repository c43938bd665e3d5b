// corpus/remote.h — the side of align_corpus() with a CorpusExecutor
// (corpus.h, "On many machines"): each method runs one phase's tasks
// through the executor and puts their results where the in-process phase
// puts them, so that the stages after it cannot tell where it ran. Tasks
// are cut and encoded by corpus/task_codec.h; the runner on the other side
// (CorpusTaskRunner, task_runner.cpp) decodes them.
//
// Called from the thread that called align_corpus() only; the executor may
// throw (the exception goes through to the caller), and a result count
// other than the task count is std::invalid_argument. Holds references to
// the executor and the documents (they must outlive it).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "corpus/documents.h"
#include "corpus/lexicon.h"
#include "corpus/pair_work.h"

namespace polyalign::corpus {

// The "read" phase: `files` read, identified, segmented and indexed
// elsewhere; their documents (without features) in `docs`, in the order of
// `files`, and the files refused in `skipped`.
void read_remotely(const CorpusExecutor& executor, const std::vector<std::string>& files,
                   const CorpusOptions& options, std::vector<Prepared>& docs,
                   std::vector<SkippedFile>& skipped);

// The later phases, over the documents of the "read" phase (in corpus
// order: pairs and bundles name them by index).
class Remote {
 public:
  Remote(const CorpusExecutor& executor, const std::vector<Prepared>& docs)
      : executor_(executor), docs_(docs) {}

  // "check": score[i] and pairs[i].first (check_pair) of every pair.
  void check(std::vector<PairWork>& pairs, std::vector<double>& score) const;
  // "learn": the lexicon of every group of pairs (lexicon_groups()), from
  // their p.first (learn_lexicon(), with `fit_sentences`).
  Lexicons learn(const std::vector<PairWork>& pairs,
                 const std::map<std::string, std::vector<std::size_t>>& groups,
                 std::size_t fit_sentences = 0) const;
  // "recheck": score[i] of every pair with the language pair's word links
  // (`after_check`: these pairs were just checked, in the same tasks).
  void recheck(const std::vector<PairWork>& pairs, const Lexicons& lexicons,
               std::vector<double>& score, bool after_check) const;
  // "estimate": p.first of the pairs of every bundle (pairs_of[b]: bundle
  // b's pairs in pair_index() order); a bundle's pairs in one task, small
  // bundles together (bundle_chunks()).
  void estimate(std::vector<PairWork>& pairs,
                const std::vector<std::vector<std::size_t>>& pairs_of) const;
  // "align": the tuples of every bundle (members, id set), in the tasks of
  // "estimate", which it follows; keys[i]: the lexicon of pair i (none:
  // empty).
  void align(std::vector<Bundle>& bundles, const std::vector<PairWork>& pairs,
             const std::vector<std::vector<std::size_t>>& pairs_of,
             const std::vector<std::string>& keys, const Lexicons& lexicons) const;

 private:
  std::vector<std::string> run(std::string name, std::string shared,
                               std::vector<std::string> tasks, std::string follows = {}) const;

  const CorpusExecutor& executor_;
  const std::vector<Prepared>& docs_;
};

}  // namespace polyalign::corpus
