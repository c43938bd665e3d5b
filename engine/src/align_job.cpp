#include "polyalign/align_job.h"

#include <fmt/format.h>

#include <future>

#include "polyalign/io.h"
#include "polyalign/language.h"
#include "polyalign/report.h"
#include "util/parallel.h"

namespace polyalign {

namespace {

void warn_about(const DocumentAlignment& r, const std::string& a_path, const std::string& b_path,
                const AlignJobOptions& options) {
  if (!options.warning) return;
  for (const auto* d : {&r.a, &r.b}) {
    if (d->sentences.empty()) {
      options.warning(
          fmt::format("{} has no sentences; every sentence of the other document is left unaligned",
                      d->document.path));
    }
  }
  const double min_score = options.pipeline.min_parallel_score;
  if (r.parallel_score >= 0 && r.parallel_score < min_score && !r.a.sentences.empty() &&
      !r.b.sentences.empty()) {
    options.warning(fmt::format(
        "{} and {} do not look like translations of one another (parallel score {:.2f} < "
        "{:.2f}); the confidences of paired sentences are scaled down",
        a_path, b_path, r.parallel_score, min_score));
  }
}

// The checks, their findings and the review page, when asked for.
void check_and_report(AlignJobResult& job, const std::string& a_path, const std::string& b_path,
                      const AlignJobOptions& options) {
  if (options.findings.empty() && options.report.empty()) return;
  const DocumentAlignment& r = job.alignment;
  CheckOptions check_options;
  check_options.checks = options.checks;
  check_options.dictionaries = options.check_dictionaries;
  check_options.threads = options.pipeline.threads;
  job.findings = check_pair(r, check_options);
  job.checked = true;
  if (!options.findings.empty()) {
    AtomicOutput f(options.findings);
    write_findings_jsonl(f.stream(), r, job.findings);
    f.commit();
  }
  if (!options.report.empty()) {
    ReportOptions report_options;
    report_options.title = fmt::format("polyalign review: {} ~ {}", a_path, b_path);
    report_options.checks = options.checks;
    AtomicOutput f(options.report);
    write_report_html(f.stream(), r, job.findings, report_options);
    f.commit();
  }
}

}  // namespace

Document load_document(const std::string& path, std::string_view lang, const ReadOptions& read) {
  Document doc = read_document(path, read);
  doc.lang = normalize_language_code(lang);
  return doc;
}

AlignJobResult run_align_job(const std::string& a_path, const std::string& b_path,
                             const AlignJobOptions& options) {
  const PipelineOptions& po = options.pipeline;
  // Reading and validating a document is a pass over its bytes: the two
  // are read side by side when two threads are allowed, and what their
  // alignment needs that takes long to build starts building as soon as
  // a document is read. The futures wait for that build when destroyed,
  // at the end of the job.
  const bool warm = util::resolve_threads(po.threads) > 1;  // 0: all cores
  Document a, b;
  std::future<void> warm_a, warm_b;
  util::parallel_invoke(
      warm ? 2u : 1u,
      [&] {
        a = load_document(a_path, options.lang_a, options.read_a);
        if (warm) warm_a = prepare_async(a, po);
      },
      [&] {
        b = load_document(b_path, options.lang_b, options.read_b);
        if (warm) warm_b = prepare_async(b, po);
      });
  AlignJobResult job;
  job.alignment = align_documents(std::move(a), std::move(b), po);
  warn_about(job.alignment, a_path, b_path, options);
  AtomicOutput out(options.output);
  write_pair_alignment(out.stream(), job.alignment, options.format, options.explain);
  out.commit();
  check_and_report(job, a_path, b_path, options);
  return job;
}

}  // namespace polyalign
