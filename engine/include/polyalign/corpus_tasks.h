// polyalign/corpus_tasks.h — corpus mode on many machines: align_corpus()
// (polyalign/corpus.h, which includes this header) with its phases handed
// out as tasks, and the worker's side that runs them.
//
//   // anywhere (one runner per process, built with equal options):
//   polyalign::CorpusTaskRunner runner(options);
//   // here, where the decisions are taken and the result put together:
//   polyalign::CorpusResult r = polyalign::align_corpus(paths, options,
//       [&](const polyalign::CorpusPhase& phase) {
//         std::vector<std::string> out;  // in order, computed anywhere, e.g.
//         for (const std::string& t : phase.tasks) out.push_back(runner.run(phase.shared, t));
//         return out;
//       });
//
// The phases: "read" (files read, identified, segmented, featured and
// indexed; tasks of ~128 KB of files, each returning its documents' texts,
// sentences and index keys), "check" (candidate pairs aligned and scored),
// "learn" (word links and length model of each language pair, one task
// each), "recheck" (candidates scored again with those word links),
// "estimate" (estimation passes of the bundles' pairs), "learn" again
// (pooled over all bundles), "align" (final passes and tuples). Pair tasks
// carry ~2000 sentences of work (50-100 ms here), a bundle's pairs always
// in one task. A phase with no task is not handed out.
// Tasks name documents by path, language and content hash and pairs by
// their place in the task; results carry scores, bead lists, learned word
// links and tuples, with every number exact (MessagePack doubles).
//
// Cost: each runner prepares every document its tasks name once (cache
// permitting), where align_corpus() prepares each once in all. A pair's
// evidence (the anchors its documents share; a third of all the work on
// the development corpora), which align_corpus() keeps from one phase to
// the next, is kept by the runner that built it for the phase that follows
// (CorpusPhase::follows); a task run elsewhere builds it again.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/corpus.h"

namespace polyalign {

// One phase of corpus mode: tasks independent of one another, and bytes all
// of them read (e.g. the word links learned so far; may be empty).
struct CorpusPhase {
  std::string name;                // "read", "check", "learn", "recheck", "estimate", "align"
  std::string shared;              // opaque; the same for every task of the phase
  std::vector<std::string> tasks;  // opaque; each names the files it reads
  // Non-empty: the name of an earlier phase (the latest of that name) whose
  // task i named the same documents and pairs as task i here: "recheck"
  // follows "check", "align" follows "estimate". The runner that ran that
  // task kept what it built for those pairs (their evidence) and runs task i
  // here without building it again: run it there when you can (anywhere
  // else gives the same result, with more work).
  std::string follows;
};

// Runs the tasks of a phase and returns their results in order: result i is
// CorpusTaskRunner::run(phase.shared, phase.tasks[i]) on any machine, by a
// runner built with options equal to align_corpus()'s. Called from the
// thread that called align_corpus(); may throw (align_corpus() then throws
// that exception).
using CorpusExecutor = std::function<std::vector<std::string>(const CorpusPhase& phase)>;

// align_corpus(paths, options) with every phase's work run by `executor`
// instead of this process's threads (`options.threads` unused); the
// candidates, bundles and the result are put together here. Memory here:
// the documents' texts and sentences (not their features). Same result and
// exceptions as align_corpus(paths, options).
CorpusResult align_corpus(const std::vector<std::string>& paths, const CorpusOptions& options,
                          const CorpusExecutor& executor);

// The worker's side: runs tasks of align_corpus(paths, options, executor).
// Documents are read from the paths the tasks name (the content must be
// what the "read" phase saw, else std::runtime_error) and prepared
// (language, sentences, features) once; prepared documents are kept for
// later tasks up to `cache_bytes` (an estimate of their memory), the least
// recently used dropped first, and so are the pairs' evidence a following
// phase will read (up to as much again; each dropped once read).
//
// Thread-safety: run() may be called from many threads at once; each call
// runs on its calling thread only. Not copyable (owns the cache).
class CorpusTaskRunner {
 public:
  // `options` must equal the ones given to align_corpus() (`threads` and
  // `progress` are not used). `bundle_dir` non-empty: "align" tasks also
  // write <bundle_dir>/<bundle id>/alignment.jsonl (write_bundle_file(),
  // corpus_formats.h). Throws std::invalid_argument for bad options.
  explicit CorpusTaskRunner(CorpusOptions options, std::string bundle_dir = {},
                            std::size_t cache_bytes = std::size_t{1} << 30);
  ~CorpusTaskRunner();
  CorpusTaskRunner(const CorpusTaskRunner&) = delete;
  CorpusTaskRunner& operator=(const CorpusTaskRunner&) = delete;

  // The result of one task of a phase (see CorpusExecutor). Throws what the
  // same work throws in align_corpus(), std::invalid_argument for bytes
  // that are not a task of this version of polyalign.
  std::string run(std::string_view shared, std::string_view task) const;

  // What this runner did so far (for tests and benchmarks).
  struct Stats {
    std::size_t documents_prepared = 0;  // read and prepared (not found kept)
    std::size_t evidence_built = 0;      // pairs whose evidence a task built
    std::size_t evidence_reused = 0;     // pairs whose evidence a task found kept
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace polyalign
