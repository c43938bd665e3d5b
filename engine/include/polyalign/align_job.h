// polyalign/align_job.h — the whole of `polyalign align` as one call: two
// files read, their sentences aligned, the alignment written in a format,
// and optionally the consistency checks' findings and the review page.
//
//   polyalign::AlignJobOptions job;              // defaults below
//   job.format = polyalign::PairFormat::kJsonl;
//   job.output = "a-b.jsonl";                    // "" or "-": stdout
//   polyalign::AlignJobResult r = polyalign::run_align_job("a.txt", "b.txt", job);
//
// Steps, in this order:
//  1. Both files are read (read_document with read_a / read_b: their
//     format detected and text extracted, input.h; UTF-8 validated) and
//     their language codes set (load_document). With pipeline.threads > 1 they
//     are read side by side, and what their alignment needs that takes long
//     to build starts building as soon as one is read (prepare_async). A
//     file that cannot be read fails the job; when both fail, A's error is
//     the one thrown, at any thread count.
//  2. align_documents() (pipeline.h).
//  3. AlignJobOptions::warning, for a document without sentences, and for
//     two documents that do not look like translations of one another
//     (parallel score below PipelineOptions::min_parallel_score).
//  4. The alignment written to `output` (write_pair_alignment; formats.h).
//  5. With `findings` or `report` set: the checks (check_pair; checks.h)
//     on pipeline.threads, their findings written to `findings`
//     (write_findings_jsonl) and the review page to `report`
//     (write_report_html; report.h).
// Every file is written atomically (AtomicOutput): a failure leaves no
// partial file; files written before it stay.
//
// Thread-safety: run_align_job() is reentrant; it calls `warning` and the
// pipeline's `progress` from the calling thread only.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/document.h"
#include "polyalign/formats.h"
#include "polyalign/pipeline.h"

namespace polyalign {

struct AlignJobOptions {
  // Segmentation, anchors, word links, aligner; `threads` also reads the
  // two files side by side and runs the checks.
  PipelineOptions pipeline;
  // Languages of A and B: ISO 639-1 codes ("de", "hi"...) or "auto" (CLD2
  // detects it; see load_document).
  std::string lang_a = "auto", lang_b = "auto";
  // How A and B are read: input format (auto: detected), XLIFF side, limits.
  ReadOptions read_a, read_b;
  PairFormat format = PairFormat::kBrackets;
  bool explain = false;  // jsonl: the anchors each bead's sides share (formats.h)
  std::string output;    // where the alignment goes; "" or "-": stdout
  std::string findings;  // the checks' findings (JSONL); "": not written ("-": stdout)
  std::string report;    // the review page (HTML); "": not written ("-": stdout)
  // Checks run when `findings` or `report` is set.
  std::vector<CheckKind> checks = all_checks();
  // CheckOptions::dictionaries of the checks: "auto", "none" or a directory.
  std::string check_dictionaries = "auto";
  // Called from the calling thread with each warning (one line, no
  // "polyalign: " prefix), before the alignment is written. Empty: none.
  std::function<void(std::string_view message)> warning;
};

struct AlignJobResult {
  DocumentAlignment alignment;
  bool checked = false;           // the checks ran (findings or report set)
  std::vector<Finding> findings;  // their findings
};

// read_document(path, read) with its language set from `lang`
// (normalize_language_code: "auto" leaves it to be detected). Throws what
// read_document() throws.
Document load_document(const std::string& path, std::string_view lang,
                       const ReadOptions& read = {});

// Runs the job (see above). Throws std::invalid_argument for bad input or
// options, std::runtime_error for files that cannot be read or written.
AlignJobResult run_align_job(const std::string& a_path, const std::string& b_path,
                             const AlignJobOptions& options = {});

}  // namespace polyalign
