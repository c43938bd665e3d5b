#include "polyalign/corpus_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>

#include "corpus_state.h"
#include "polyalign/common.h"
#include "polyalign/io.h"
#include "polyalign/report.h"

namespace polyalign {

namespace {

// "3 documents", "1 bundle".
std::string count(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// findings.jsonl and the review pages (report.html, the index, and
// <bundle>/report.html), each committed whole.
void write_qa_files(CorpusJobResult& job, const CorpusJobOptions& options) {
  const CorpusResult& r = job.result;
  if (!options.checks.empty()) {
    AtomicFile f(job.output_dir + "/findings.jsonl");
    write_findings_jsonl(f.stream(), r, job.findings);
    f.commit();
    job.qa_files.push_back(f.path());
  }
  if (options.report) {
    ReportOptions report_options;
    report_options.checks = options.checks;
    report_options.source_lang = options.write.source_lang;
    // The index (written last) stands for its bundles' pages.
    job.qa_files.push_back(
        write_report_pages(r, job.findings, job.output_dir, report_options).back());
  }
}

// "results in out/ (bundles.json, corpus.tmx, ...)".
std::string results_line(const std::string& dir, const std::vector<CorpusFormat>& formats) {
  std::string s = fmt::format("results in {}/ (bundles.json", dir);
  for (CorpusFormat f : formats) {
    switch (f) {
      case CorpusFormat::kJsonl:
        s += ", <bundle>/alignment.jsonl";
        break;
      case CorpusFormat::kTmx:
        s += ", corpus.tmx";
        break;
      case CorpusFormat::kTsv:
        s += ", corpus.tsv";
        break;
      case CorpusFormat::kMoses:
        s += ", moses/";
        break;
    }
  }
  return s + ")\n";
}

}  // namespace

std::string corpus_output_dir(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  if (std::filesystem::exists(path) && !std::filesystem::is_directory(path)) {
    // Fail before the work, not after it.
    fail_io(path, "cannot create directory: a file is in the way");
  }
  return path;
}

CorpusJobResult run_corpus_job(const std::vector<std::string>& paths, const std::string& output_dir,
                               const CorpusJobOptions& options, const CorpusExecutor& executor) {
  CorpusJobResult job;
  job.output_dir = corpus_output_dir(output_dir);
  validate_corpus_write_options(options.write);
  CorpusOptions corpus = options.corpus;
  corpus.exclude.push_back(job.output_dir);  // never read an earlier run's output
  if (paths.empty()) fail_input("corpus", "no input path given");
  if (executor && options.resume)
    fail_input("--resume", "not supported with an executor (the distributed corpus mode)");
  const bool jsonl = std::find(options.write.formats.begin(), options.write.formats.end(),
                               CorpusFormat::kJsonl) != options.write.formats.end();
  if (!executor) {
    // The state an interrupted run resumes from; bundle files are written
    // as their bundles are aligned.
    const std::string fingerprint =
        corpus_state::run_fingerprint(find_corpus_files(paths, corpus), options);
    corpus_state::open_state(job.output_dir, fingerprint, options.resume);
    corpus.checkpoint = std::make_shared<corpus_state::StateCheckpoint>(job.output_dir, jsonl,
                                                                        options.bundle_saved);
  }
  job.result = executor ? align_corpus(paths, corpus, executor) : align_corpus(paths, corpus);
  const CorpusResult& r = job.result;
  if (options.aligned) options.aligned(r);
  if (!options.checks.empty()) {
    CheckOptions check_options;
    check_options.checks = options.checks;
    check_options.dictionaries = options.check_dictionaries;
    check_options.threads = corpus.threads;
    job.findings = check_corpus(r, check_options);
  }
  CorpusWriteOptions write = options.write;
  if (!executor || options.runners_write_bundle_files) {
    std::erase(write.formats, CorpusFormat::kJsonl);  // written where each bundle was aligned
    if (!executor && jsonl) {
      const std::filesystem::path root(job.output_dir);
      for (const Bundle& b : r.bundles)
        job.files.push_back((root / b.id / "alignment.jsonl").string());
    }
  }
  const std::vector<std::string> files = write_corpus(r, job.output_dir, write);
  job.files.insert(job.files.end(), files.begin(), files.end());
  write_qa_files(job, options);
  if (!executor) corpus_state::close_state(job.output_dir);
  return job;
}

std::string corpus_job_summary(const CorpusJobResult& job, const CorpusJobOptions& options) {
  const CorpusResult& r = job.result;
  std::size_t tuples = 0;
  for (const Bundle& b : r.bundles) tuples += b.tuples.size();
  std::string s = fmt::format("polyalign corpus: {} ({} skipped), {}, {}, {}\n",
                              count(r.documents.size(), "document"), r.skipped.size(),
                              count(r.bundles.size(), "bundle"), count(tuples, "tuple"),
                              count(r.unmatched.size(), "unmatched file"));
  const std::size_t lines = options.summary_lines == 0 ? SIZE_MAX : options.summary_lines;
  for (std::size_t i = 0; i < r.bundles.size() && i < lines; ++i) {
    const Bundle& b = r.bundles[i];
    std::string langs;
    for (std::size_t d : b.documents) {
      langs += fmt::format("{}{}", langs.empty() ? "" : "+", r.documents[d].document.lang);
    }
    s += fmt::format("  {}: {} ({} documents), {} tuples, confidence {:.2f}\n", b.id, langs,
                     b.documents.size(), b.tuples.size(), b.confidence);
  }
  if (r.bundles.size() > lines) {
    const std::size_t more = r.bundles.size() - lines;
    s += fmt::format("  ... and {} more bundle{} (every bundle: {}/bundles.json)\n", more,
                     more == 1 ? "" : "s", job.output_dir);
  }
  for (std::size_t i = 0; i < r.unmatched.size() && i < lines; ++i) {
    const UnmatchedDocument& u = r.unmatched[i];
    const Document& d = r.documents[u.document].document;
    s += fmt::format("  unmatched {} ({}): {}\n", d.path, d.lang, u.reason);
  }
  if (r.unmatched.size() > lines) {
    const std::size_t more = r.unmatched.size() - lines;
    s += fmt::format("  ... and {} more unmatched file{} (every one: {}/bundles.json)\n", more,
                     more == 1 ? "" : "s", job.output_dir);
  }
  const double seconds = std::max(r.stats.seconds, 1e-9);
  s += fmt::format(
      "throughput: {:.2f} MB in {:.2f} s: {:.2f} MB/s, {:.0f} sentences/s ({} sentences, "
      "{} candidate pairs checked, {} decided by the index)\n",
      static_cast<double>(r.stats.bytes) / 1e6, r.stats.seconds,
      static_cast<double>(r.stats.bytes) / 1e6 / seconds,
      static_cast<double>(r.stats.sentences) / seconds, r.stats.sentences, r.stats.candidate_pairs,
      r.stats.decided_pairs);
  s += results_line(job.output_dir, options.write.formats);
  if (!options.checks.empty()) {
    s += fmt::format("checks: {} in {}/findings.jsonl\n", findings_summary(job.findings),
                     job.output_dir);
  }
  if (options.report) s += fmt::format("review page: {}/report.html\n", job.output_dir);
  return s;
}

std::string findings_summary(const std::vector<Finding>& findings) {
  const FindingCounts c = count_findings(findings);
  std::string kinds;
  for (CheckKind k : all_checks()) {
    const std::size_t n = c.by_kind[static_cast<std::size_t>(k)];
    if (n) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", check_kind_name(k), n);
    }
  }
  return fmt::format("{} finding{}{}", c.total, c.total == 1 ? "" : "s",
                     kinds.empty() ? "" : " (" + kinds + ")");
}

}  // namespace polyalign
