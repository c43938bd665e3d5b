// The consistency checks (checks.h), their findings and the review page
// (report.h), and the corpus job (corpus_job.h): what `polyalign corpus`
// does, as one call that polyalign.align_corpus(..., out_dir=...) and
// polyalign.dask make.
#include <fmt/format.h>

#include <sstream>

#include "bind.h"
#include "polyalign/checks.h"
#include "polyalign/corpus_job.h"
#include "polyalign/io.h"
#include "polyalign/report.h"

namespace polyalign::python {

namespace {

void register_findings(py::module_& m) {
  py::enum_<CheckKind> kind(m, "CheckKind");
  for (CheckKind k : all_checks()) {
    // kNumbers, kNames...: the C++ names, from the checks' names.
    std::string name(check_kind_name(k));
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    kind.value(("k" + name).c_str(), k);
  }
  m.def("all_checks", &all_checks);
  m.def(
      "check_kind_name", [](CheckKind k) { return std::string(check_kind_name(k)); },
      py::arg("kind"));
  m.def("parse_checks", &parse_checks, py::arg("list"),
        "\"all\", \"none\" or \"numbers,names,...\" -> [CheckKind, ...]; ValueError for an "
        "unknown name.\n\n"
        ">>> [check_kind_name(k) for k in parse_checks(\"numbers, names\")]\n"
        "['numbers', 'names']");
  py::enum_<Severity>(m, "Severity")
      .value("kError", Severity::kError)
      .value("kWarning", Severity::kWarning)
      .value("kInfo", Severity::kInfo);

  m.def(
      "severity_name", [](Severity s) { return std::string(severity_name(s)); },
      py::arg("severity"), "\"error\", \"warning\" or \"info\"");

  py::class_<FindingMember>(m, "FindingMember")
      .def_readonly("member", &FindingMember::member,
                    "index into Bundle.documents; for a pair 0 = A, 1 = B")
      .def_readonly("sentences", &FindingMember::sentences, "sentences concerned, ascending")
      .def_readonly("highlights", &FindingMember::highlights,
                    "ByteSpans of the words concerned; empty: the whole sentences")
      .def("__repr__", [](const FindingMember& f) {
        return fmt::format("FindingMember(member={}, {} sentences, {} highlights)", f.member,
                           f.sentences.size(), f.highlights.size());
      });
  py::class_<TupleRef>(m, "TupleRef")
      .def_readonly("bundle", &TupleRef::bundle)
      .def_readonly("tuple", &TupleRef::tuple)
      .def("__repr__",
           [](const TupleRef& t) { return fmt::format("TupleRef({}, {})", t.bundle, t.tuple); });
  py::class_<Finding>(m, "Finding", "What a check found in a tuple (checks.h).")
      .def_readonly("kind", &Finding::kind)
      .def_readonly("severity", &Finding::severity)
      .def_readonly("bundle", &Finding::bundle)
      .def_readonly("tuple", &Finding::tuple)
      .def_readonly("members", &Finding::members)
      .def_readonly("message", &Finding::message)
      .def_readonly("related", &Finding::related)
      .def("__repr__", [](const Finding& f) {
        return fmt::format("Finding({}, bundle={}, tuple={}, {})", check_kind_name(f.kind),
                           f.bundle, f.tuple, repr(f.message));
      });
  m.def("findings_summary", &findings_summary, py::arg("findings"),
        "\"3 findings (numbers 1, repeated 2)\"\n\n"
        ">>> r = align(\"Der Preis stieg um 12 Prozent.\", \"The price rose by 15 percent.\",\n"
        "...           lang_a=\"de\", lang_b=\"en\")\n"
        ">>> findings_summary(check_pair(r))\n"
        "'1 finding (numbers 1)'");
}

// The checks themselves and what is written of them: findings.jsonl and
// the review page, for a corpus and for a pair (one overload each).
void register_checks(py::module_& m) {
  py::class_<CheckOptions> options(m, "CheckOptions", "See checks.h.");
  options.def(py::init<>());
  def_tuple_field(options, "checks", &CheckOptions::checks, "CheckKind, ...");
  options.def_readwrite("anchors", &CheckOptions::anchors, "AnchorOptions (lang: each document's)")
      .def_readwrite("name_threshold", &CheckOptions::name_threshold)
      .def_readwrite("name_presence_threshold", &CheckOptions::name_presence_threshold)
      .def_readwrite("min_name_letters", &CheckOptions::min_name_letters)
      .def_readwrite("dictionaries", &CheckOptions::dictionaries,
                     "names translated word by word: \"auto\", \"none\" or a directory")
      .def_readwrite("length_max_deviation", &CheckOptions::length_max_deviation)
      .def_readwrite("length_min_sigma", &CheckOptions::length_min_sigma)
      .def_readwrite("length_smoothing", &CheckOptions::length_smoothing)
      .def_readwrite("length_min_samples", &CheckOptions::length_min_samples)
      .def_readwrite("untranslated_min_letters", &CheckOptions::untranslated_min_letters)
      .def_readwrite("inconsistent_min_words", &CheckOptions::inconsistent_min_words)
      .def_readwrite("repeat_min_words", &CheckOptions::repeat_min_words)
      .def_readwrite("repeat_min_containment", &CheckOptions::repeat_min_containment)
      .def_readwrite("repeat_min_size_ratio", &CheckOptions::repeat_min_size_ratio)
      .def_readwrite("threads", &CheckOptions::threads, "0 = one per hardware thread");

  py::class_<ReportOptions> report(m, "ReportOptions", "See report.h.");
  report.def(py::init<>())
      .def_readwrite("title", &ReportOptions::title, "page title and heading")
      .def_readwrite("low_confidence", &ReportOptions::low_confidence,
                     "initial threshold of the \"low confidence\" filter (0..1)");
  def_tuple_field(report, "checks", &ReportOptions::checks,
                  "checks listed as filters (empty: the findings' kinds)");

  m.def(
      "check_corpus",
      [](const CorpusResult& result, const CheckOptions& options) {
        const CheckOptions o = options;
        py::gil_scoped_release release;
        return check_corpus(result, o);
      },
      py::arg("result"), py::arg("options") = CheckOptions(),
      "The consistency checks on every bundle of a CorpusResult (checks.h): [Finding, ...].");
  m.def(
      "check_pair",
      [](const DocumentAlignment& result, const CheckOptions& options) {
        const CheckOptions o = options;
        py::gil_scoped_release release;
        return check_pair(result, o);
      },
      py::arg("result"), py::arg("options") = CheckOptions(),
      "The consistency checks on a pair's beads (Finding.tuple: the bead): [Finding, ...].\n\n"
      ">>> r = align(\"Der Preis stieg um 12 Prozent.\", \"The price rose by 15 percent.\",\n"
      "...           lang_a=\"de\", lang_b=\"en\")\n"
      ">>> check_pair(r)[0].message\n"
      "'numbers differ: 12 (de) not in en; 15 (en) not in de'");

  // Into a str, and into a file written atomically (io.h), as the CLI does.
  auto def_writers = [&m](auto tag) {
    using Result = decltype(tag);
    m.def(
        "format_findings_jsonl",
        [](const Result& r, const std::vector<Finding>& findings) {
          std::ostringstream out;
          py::gil_scoped_release release;
          write_findings_jsonl(out, r, findings);
          return out.str();
        },
        py::arg("result"), py::arg("findings"), "findings.jsonl's text (checks.h).");
    m.def(
        "write_findings_jsonl",
        [](const Result& r, const std::vector<Finding>& findings, const std::string& path) {
          py::gil_scoped_release release;
          AtomicFile out(path);
          write_findings_jsonl(out.stream(), r, findings);
          out.commit();
        },
        py::arg("result"), py::arg("findings"), py::arg("path"),
        "Writes the findings to path as JSONL, atomically (checks.h).");
    m.def(
        "format_report_html",
        [](const Result& r, const std::vector<Finding>& findings, const ReportOptions& options) {
          const ReportOptions o = options;
          std::ostringstream out;
          py::gil_scoped_release release;
          write_report_html(out, r, findings, o);
          return out.str();
        },
        py::arg("result"), py::arg("findings"), py::arg("options") = ReportOptions(),
        "The review page's HTML (report.h).");
    m.def(
        "write_report_html",
        [](const Result& r, const std::vector<Finding>& findings, const std::string& path,
           const ReportOptions& options) {
          const ReportOptions o = options;
          py::gil_scoped_release release;
          AtomicFile out(path);
          write_report_html(out.stream(), r, findings, o);
          out.commit();
        },
        py::arg("result"), py::arg("findings"), py::arg("path"),
        py::arg("options") = ReportOptions(),
        "Writes the review page to path, atomically (report.h).");
  };
  def_writers(CorpusResult{});
  def_writers(DocumentAlignment{});
}

}  // namespace

void register_job(py::module_& m) {
  register_findings(m);
  register_checks(m);

  py::class_<CorpusJobOptions> options(m, "CorpusJobOptions", "See corpus_job.h.");
  options.def(py::init<>())
      .def_readwrite("corpus", &CorpusJobOptions::corpus, "CorpusOptions")
      .def_readwrite("write", &CorpusJobOptions::write, "CorpusWriteOptions");
  def_tuple_field(options, "checks", &CorpusJobOptions::checks,
                  "CheckKind, ...; empty: no checks, no findings.jsonl");
  options.def_readwrite("check_dictionaries", &CorpusJobOptions::check_dictionaries,
                        "CheckOptions.dictionaries of the checks")
      .def_readwrite("report", &CorpusJobOptions::report, "write report.html")
      .def_readwrite("summary_lines", &CorpusJobOptions::summary_lines,
                     "bundles and unmatched files corpus_job_summary() lists (0: all)")
      .def_readwrite("resume", &CorpusJobOptions::resume,
                     "go on from the state an interrupted job left in OUTDIR/.resume (same "
                     "files, same options: else ValueError)")
      .def_readwrite("runners_write_bundle_files", &CorpusJobOptions::runners_write_bundle_files,
                     "with an executor: its runners write <bundle>/alignment.jsonl");
  def_progress_field(options, "bundle_saved", &CorpusJobOptions::bundle_saved,
                     "callable(bundle_id) or None, called once a bundle's files and state are "
                     "written (from the engine's threads); exceptions it raises are printed "
                     "and ignored");
  def_progress_field(options, "aligned", &CorpusJobOptions::aligned,
                     "callable(CorpusResult) or None, called once corpus mode is done; "
                     "exceptions it raises are printed and ignored");

  py::class_<CorpusJobResult>(m, "CorpusJobResult")
      .def_readonly("output_dir", &CorpusJobResult::output_dir)
      .def_readonly("result", &CorpusJobResult::result, "CorpusResult")
      .def_readonly("findings", &CorpusJobResult::findings)
      .def_readonly("files", &CorpusJobResult::files, "format files written, bundles.json last")
      .def_readonly("qa_files", &CorpusJobResult::qa_files, "findings.jsonl, report.html");

  m.def("corpus_output_dir", &corpus_output_dir, py::arg("path"),
        "path without trailing slashes; OSError when a file is in its way.");
  m.def(
      "run_corpus_job",
      [](const std::vector<std::string>& paths, const std::string& output_dir,
         const CorpusJobOptions& options, const py::object& executor) {
        const CorpusJobOptions o = options;
        if (executor.is_none()) {
          py::gil_scoped_release release;
          return run_corpus_job(paths, output_dir, o);
        }
        const auto run = executor.cast<CorpusExecutor>();  // takes the GIL for each call
        py::gil_scoped_release release;
        return run_corpus_job(paths, output_dir, o, run);
      },
      py::arg("paths"), py::arg("output_dir"), py::arg("options") = CorpusJobOptions(),
      py::arg("executor") = py::none(),
      "What `polyalign corpus PATHS -o OUTPUT_DIR` does (corpus_job.h): corpus mode, the "
      "formats, findings.jsonl and report.html. executor: as align_corpus's.");
  m.def("corpus_job_summary", &corpus_job_summary, py::arg("job"), py::arg("options"),
        "What `polyalign corpus` prints when the job is done.");
}

}  // namespace polyalign::python
