// polyalign/corpus_job.h — the whole of `polyalign corpus` as one call:
// corpus mode over files and directories, its files written to an output
// directory, the consistency checks run and the review page made.
//
//   polyalign::CorpusJobOptions job;                      // defaults below
//   polyalign::CorpusJobResult r = polyalign::run_corpus_job({"crawl/"}, "out", job);
//   std::cout << polyalign::corpus_job_summary(r, job);   // what the CLI prints
//
// Steps, in this order (a failure stops the job; files written before stay,
// each complete, none partial):
//  1. The output directory is checked (corpus_output_dir): a file in its
//     place fails the job before any work. It is added to the corpus
//     options' `exclude`, so a run never reads an earlier run's results.
//     The write options are checked (validate_corpus_write_options).
//  2. Corpus mode (corpus.h): on this process's threads (CorpusOptions::
//     threads), or every phase through a caller's CorpusExecutor (the
//     distributed task protocol; polyalign.dask runs the job so). The
//     result is the same either way, and so is every file below. On this
//     process's threads the job keeps a state in OUTDIR/.resume (a
//     CorpusCheckpoint, corpus.h: the run's fingerprint, the candidate
//     checks, the lexicons, each bundle as soon as it is aligned) and
//     writes each bundle's files (<bundle>/pairs/, alignment.jsonl) as
//     soon as the bundle is aligned, before saving its state: an
//     interrupted job can be resumed (`resume` below).
//  3. CorpusJobOptions::aligned is called (the CLI reports skipped files).
//  4. The checks (check_corpus; checks.h), on CorpusOptions::threads.
//  5. The formats (write_corpus; corpus_formats.h), bundles.json last.
//  6. OUTDIR/findings.jsonl (write_findings_jsonl) when checks ran, and
//     the review pages unless turned off: OUTDIR/<bundle>/report.html for
//     every bundle, then their index OUTDIR/report.html
//     (write_report_pages; report.h), each written atomically (AtomicFile).
//  7. OUTDIR/.resume is removed: the job is complete.
//
// Output: a function of the input files and the options only (no time, no
// thread count): the CLI, the Python binding and the Dask layer, which all
// run this, write the same bytes.
//
// Complexity and memory: those of align_corpus() and check_corpus(); the
// writers are linear in the result.
//
// Thread-safety: run_corpus_job() is reentrant (two jobs must not share an
// output directory); it calls `aligned` and the corpus options' `progress`
// from the calling thread only.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"

namespace polyalign {

struct CorpusJobOptions {
  // What corpus mode reads and how it aligns (corpus.h); its `threads` also
  // runs the checks. The output directory is added to its `exclude`.
  CorpusOptions corpus;
  // The formats written beside bundles.json, and the Moses threshold.
  CorpusWriteOptions write;
  // Checks run on the result, their findings written to OUTDIR/findings.jsonl
  // and shown on the review page; empty: none run, no findings.jsonl.
  std::vector<CheckKind> checks = all_checks();
  // CheckOptions::dictionaries of the checks: "auto", "none" or a directory.
  std::string check_dictionaries = "auto";
  // Write the review pages: OUTDIR/report.html (the index) and
  // OUTDIR/<bundle>/report.html.
  bool report = true;
  // Bundles, and unmatched files, corpus_job_summary() lists one per line;
  // past that many it counts the rest (bundles.json lists them all). 0: all.
  std::size_t summary_lines = 20;
  // With an executor whose runners write the per-bundle files themselves
  // (CorpusTaskRunner built with bundle_dir = the output directory, as
  // polyalign.dask does): the job does not write them again. Without an
  // executor: unused.
  bool runners_write_bundle_files = false;
  // Go on from where an interrupted job over the same files with the same
  // options stopped (steps 2 and 5 below): what it saved in
  // OUTDIR/.resume is reused (the candidate checks, the lexicons, each
  // bundle it aligned, whose files it had written) and only the rest is
  // done; the files written are the same bytes as an uninterrupted job's.
  // Throws std::invalid_argument when the saved state is of other files
  // (paths, sizes, modification times) or other options; with no saved
  // state the job starts from the beginning. Not with an executor. Without
  // it, an earlier state in OUTDIR is discarded (today's files are
  // overwritten as before).
  bool resume = false;
  // Called once a bundle's files are written and its state saved (step 2),
  // with its id, from worker threads (several at once). Empty: not called.
  // Without an executor only.
  std::function<void(const std::string& bundle_id)> bundle_saved;
  // Called from the calling thread once corpus mode is done, before the
  // checks and the writing (e.g. to end a progress display and report the
  // files skipped, CorpusResult::skipped). Empty: not called.
  std::function<void(const CorpusResult& result)> aligned;
};

struct CorpusJobResult {
  std::string output_dir;             // as given, trailing slashes removed
  CorpusResult result;                // corpus mode's result
  std::vector<Finding> findings;      // empty when no check ran
  std::vector<std::string> files;     // format files, in commit order (bundles.json last)
  std::vector<std::string> qa_files;  // findings.jsonl, report.html (the index), as written
};

// `path` without trailing slashes ("out/" -> "out"; "/" stays). Throws
// std::runtime_error ("<path>: cannot create directory: a file is in the
// way") when something that is not a directory is there.
std::string corpus_output_dir(std::string path);

// Runs the job (see above) on the files and directories `paths`, writing
// under `output_dir` (created with its parents if missing). executor empty:
// this process's threads. Throws what align_corpus(), check_corpus() and
// the writers throw: std::invalid_argument for bad options,
// std::runtime_error for files that cannot be listed or written.
CorpusJobResult run_corpus_job(const std::vector<std::string>& paths, const std::string& output_dir,
                               const CorpusJobOptions& options = {},
                               const CorpusExecutor& executor = {});

// What `polyalign corpus` prints on stdout when a job is done: counts of
// documents, bundles, tuples and unmatched files, one line per bundle and
// per unmatched file, the throughput, where the results are, the findings
// by kind and the review page. Lines end with '\n'.
std::string corpus_job_summary(const CorpusJobResult& job, const CorpusJobOptions& options);

// "3 findings (numbers 1, repeated 2)": the findings per kind, for the
// summaries of corpus and pair jobs.
std::string findings_summary(const std::vector<Finding>& findings);

}  // namespace polyalign
