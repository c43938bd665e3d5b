// The consistency checks' kinds and findings (checks.h) and the corpus job
// (corpus_job.h): what `polyalign corpus` does, as one call that
// polyalign.align_corpus(..., out_dir=...) and polyalign.dask make.
#include <fmt/format.h>

#include "bind.h"
#include "polyalign/checks.h"
#include "polyalign/corpus_job.h"

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
        "unknown name.");
  py::enum_<Severity>(m, "Severity")
      .value("kError", Severity::kError)
      .value("kWarning", Severity::kWarning)
      .value("kInfo", Severity::kInfo);

  py::class_<FindingMember>(m, "FindingMember")
      .def_readonly("member", &FindingMember::member)
      .def_readonly("sentences", &FindingMember::sentences)
      .def_readonly("highlights", &FindingMember::highlights);
  py::class_<TupleRef>(m, "TupleRef")
      .def_readonly("bundle", &TupleRef::bundle)
      .def_readonly("tuple", &TupleRef::tuple);
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
        "\"3 findings (numbers 1, repeated 2)\"");
}

}  // namespace

void register_job(py::module_& m) {
  register_findings(m);

  py::class_<CorpusJobOptions> options(m, "CorpusJobOptions", "See corpus_job.h.");
  options.def(py::init<>())
      .def_readwrite("corpus", &CorpusJobOptions::corpus, "CorpusOptions")
      .def_readwrite("write", &CorpusJobOptions::write, "CorpusWriteOptions");
  def_tuple_field(options, "checks", &CorpusJobOptions::checks,
                  "CheckKind, ...; empty: no checks, no findings.jsonl");
  options.def_readwrite("report", &CorpusJobOptions::report, "write report.html")
      .def_readwrite("runners_write_bundle_files", &CorpusJobOptions::runners_write_bundle_files,
                     "with an executor: its runners write <bundle>/alignment.jsonl");
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
