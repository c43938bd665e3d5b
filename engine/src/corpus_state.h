// corpus_state.h — what `polyalign corpus` keeps in OUTDIR/.resume while it
// runs, so that an interrupted run can go on (CorpusJobOptions::resume,
// corpus_job.h):
//   run.json       the run's fingerprint (run_fingerprint()): a resumed run
//                  whose fingerprint differs is refused;
//   checks, lexicons, bundle-NNNN   CorpusCheckpoint's keys (corpus.h),
//                  each written atomically; a bundle's state is saved only
//                  after its files (<bundle>/pairs/, alignment.jsonl) are
//                  committed, so its presence says they are complete.
// The directory is removed once the job has written everything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "polyalign/corpus_job.h"

namespace polyalign::corpus_state {

// The directory of the state under `output_dir`.
std::string state_dir(const std::string& output_dir);

// JSON (one line) of what decides the job's output: the files (path, size,
// modification time) and the options that change results. Not in it: the
// thread count, the memory limit, progress and callbacks, and the nested
// settings of CorpusOptions::pipeline (segmenter, aligner, features,
// evidence, word-link and cognate options) beyond its switches.
std::string run_fingerprint(const std::vector<std::string>& files, const CorpusJobOptions& options);

// Prepares the state directory for a run with `fingerprint`: with `resume`,
// keeps a state saved with the same fingerprint (throws
// std::invalid_argument when it differs); else, or when there is none,
// starts an empty one. Returns whether a saved state is kept.
bool open_state(const std::string& output_dir, const std::string& fingerprint, bool resume);

// Removes the state directory (the job is complete).
void close_state(const std::string& output_dir);

// The CorpusCheckpoint of a job: keys as files of the state directory;
// each aligned bundle's files written under the output directory (when
// `write_bundle_files`) before its state is saved.
class StateCheckpoint : public CorpusCheckpoint {
 public:
  StateCheckpoint(std::string output_dir, bool write_bundle_files,
                  std::function<void(const std::string& bundle_id)> bundle_saved);
  std::optional<std::string> load(const std::string& key) override;
  void save(const std::string& key, const std::string& bytes) override;
  void bundle_aligned(const CorpusResult& members, const Bundle& bundle) override;

 private:
  std::string output_dir_, dir_;
  bool write_bundle_files_;
  std::function<void(const std::string& bundle_id)> bundle_saved_;
};

}  // namespace polyalign::corpus_state
