// Corpus mode (corpus.h) and its writers (corpus_formats.h), including the
// pieces that let its phases run elsewhere (CorpusExecutor,
// CorpusTaskRunner; polyalign/dask.py uses them).
#include <fmt/format.h>

#include "bind.h"
#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"

namespace polyalign::python {

namespace {

py::list bytes_list(const std::vector<std::string>& v) {
  py::list out;
  for (const std::string& s : v) out.append(py::bytes(s));
  return out;
}

// A CorpusCheckpoint written in Python (subclass polyalign.CorpusCheckpoint
// and define load, save and, optionally, bundle_aligned). The engine calls
// it from its threads: the GIL is taken for each call; the state travels
// as bytes.
class PyCorpusCheckpoint : public CorpusCheckpoint {
 public:
  std::optional<std::string> load(const std::string& key) override {
    py::gil_scoped_acquire gil;
    const py::object r = method("load")(key);
    if (r.is_none()) return std::nullopt;
    return r.cast<std::string>();
  }
  void save(const std::string& key, const std::string& bytes) override {
    py::gil_scoped_acquire gil;
    method("save")(key, py::bytes(bytes));
  }
  void bundle_aligned(const CorpusResult& members, const Bundle& bundle) override {
    py::gil_scoped_acquire gil;
    if (py::function f = py::get_override(static_cast<const CorpusCheckpoint*>(this),
                                           "bundle_aligned"))
      f(members, bundle);
  }

 private:
  py::function method(const char* name) const {
    py::function f = py::get_override(static_cast<const CorpusCheckpoint*>(this), name);
    if (!f) throw py::type_error(std::string("CorpusCheckpoint subclass must define ") + name);
    return f;
  }
};

}  // namespace

void register_corpus(py::module_& m) {
  py::class_<CorpusCheckpoint, PyCorpusCheckpoint, std::shared_ptr<CorpusCheckpoint>>(
      m, "CorpusCheckpoint",
      "Where a corpus run saves each stage's result and finds an interrupted run's (corpus.h). "
      "Subclass it: load(key) -> bytes | None, save(key, bytes), and optionally "
      "bundle_aligned(members, bundle). Keep a reference to it while a run uses it.")
      .def(py::init<>());

  py::class_<CorpusOptions> options(m, "CorpusOptions", "See corpus.h.");
  options.def(py::init<>())
      .def_readwrite("pipeline", &CorpusOptions::pipeline,
                     "segmentation, features, anchors, evidence and aligner settings")
      .def_readwrite("threads", &CorpusOptions::threads, "0 = one per hardware thread");
  def_tuple_field(options, "extensions", &CorpusOptions::extensions,
                  "directories are searched for files with these extensions; empty = all");
  def_tuple_field(options, "exclude", &CorpusOptions::exclude, "directories never searched");
  options.def_readwrite("read", &CorpusOptions::read)
      .def_readwrite("max_key_share", &CorpusOptions::max_key_share)
      .def_readwrite("max_key_documents", &CorpusOptions::max_key_documents)
      .def_readwrite("candidates_per_language", &CorpusOptions::candidates_per_language)
      .def_readwrite("retry_candidates_per_language", &CorpusOptions::retry_candidates_per_language)
      .def_readwrite("max_length_ratio", &CorpusOptions::max_length_ratio)
      .def_readwrite("index_decisive_level", &CorpusOptions::index_decisive_level)
      .def_readwrite("verify_bead_confidence", &CorpusOptions::verify_bead_confidence)
      .def_readwrite("verify_full_evidence", &CorpusOptions::verify_full_evidence)
      .def_readwrite("verify_prior_sentences", &CorpusOptions::verify_prior_sentences)
      .def_readwrite("min_pair_score", &CorpusOptions::min_pair_score)
      .def_readwrite("neutral_pair_score", &CorpusOptions::neutral_pair_score)
      .def_readwrite("corpus_learning", &CorpusOptions::corpus_learning)
      .def_readwrite("pooled_fit_sentences", &CorpusOptions::pooled_fit_sentences,
                     "with corpus learning: one bead model per language pair, fitted on a "
                     "sample of its documents of at most this many sentences a side; 0: each "
                     "pair fits its own")
      .def_readwrite("refinement_passes", &CorpusOptions::refinement_passes)
      .def_readwrite("all_pivots", &CorpusOptions::all_pivots)
      .def_readwrite("minimal_tuples", &CorpusOptions::minimal_tuples)
      .def_readwrite("third_version_rounds", &CorpusOptions::third_version_rounds,
                     "rounds in which each pair of a bundle of 3+ is aligned again with what "
                     "the other members say; 0: each pair on its own")
      .def_readwrite("third_version_confidence", &CorpusOptions::third_version_confidence,
                     "beads of the direct alignments give third-version keys from this "
                     "posterior on")
      .def_readwrite("third_version_min_members", &CorpusOptions::third_version_min_members,
                     "bundles of fewer members are not aligned again with third versions")
      .def_readwrite("memory_limit", &CorpusOptions::memory_limit,
                     "bytes the run may spend to save time (half for pair evidence kept "
                     "between passes); default: a quarter of physical memory; at least 16 MiB")
      .def_readwrite("checkpoint", &CorpusOptions::checkpoint,
                     "CorpusCheckpoint or None: stages saved as done, an interrupted run's reused");
  def_progress_field(options, "progress", &CorpusOptions::progress,
                     "callable(stage, fraction) or None; exceptions it raises are printed and "
                     "ignored");

  py::class_<SkippedFile>(m, "SkippedFile")
      .def_readonly("path", &SkippedFile::path)
      .def_readonly("reason", &SkippedFile::reason)
      .def("__repr__", [](const SkippedFile& s) {
        return fmt::format("SkippedFile({}, {})", repr(s.path), repr(s.reason));
      });
  py::bind_vector<std::vector<SkippedFile>>(m, "SkippedFileVector");

  py::class_<Tuple>(m, "Tuple",
                    "Sentences of a bundle's members that translate one another: members[k] is "
                    "a SentenceRange of the bundle's k-th document (empty: none).")
      .def(py::init<>())
      .def_readwrite("members", &Tuple::members)
      .def_readwrite("confidence", &Tuple::confidence)
      .def_readwrite("pair_confidence", &Tuple::pair_confidence,
                     "per pair of members (pair_index order); -1 when neither is in the tuple")
      .def("__repr__", [](const Tuple& t) {
        std::string members;
        for (const SentenceRange& r : t.members)
          members += fmt::format("{}[{}, {})", members.empty() ? "" : ", ", r.begin, r.end);
        return fmt::format("Tuple({}; confidence={:.4g})", members, t.confidence);
      });
  py::bind_vector<std::vector<Tuple>>(m, "TupleVector");
  m.def("pair_index", &pair_index, py::arg("k"), py::arg("l"), py::arg("n"),
        "Index of the pair of members (k, l) of n in Tuple.pair_confidence.");

  py::class_<Bundle>(m, "Bundle", "Documents that are versions of one another, and their tuples.")
      .def(py::init<>())
      .def_readwrite("id", &Bundle::id)
      .def_readwrite("documents", &Bundle::documents, "indices into CorpusResult.documents")
      .def_readwrite("pivot", &Bundle::pivot, "index into `documents`")
      .def_readwrite("confidence", &Bundle::confidence)
      .def_readwrite("join_evidence", &Bundle::join_evidence)
      .def_readwrite("tuples", &Bundle::tuples)
      .def_readwrite("pairs", &Bundle::pairs,
                     "each pair of members' alignment, [BeadVector] in pair_index order (side a = "
                     "the member first in `documents`); every bead inside one tuple")
      .def(
          "pair",
          [](const Bundle& b, std::size_t k, std::size_t l) {
            const std::size_t n = b.documents.size();
            if (k == l || k >= n || l >= n || b.pairs.size() != n * (n - 1) / 2)
              throw py::index_error(fmt::format("no pair ({}, {}) in {}", k, l, b.id));
            std::vector<Bead> out = b.pairs[pair_index(k, l, n)];
            if (k > l) {
              for (Bead& bead : out) std::swap(bead.a, bead.b);
            }
            return out;
          },
          py::arg("k"), py::arg("l"),
          "the alignment of members k and l (indices into `documents`), side a = member k")
      .def("__repr__", [](const Bundle& b) {
        return fmt::format("Bundle({}, {} documents, {} tuples, confidence={:.4g})", repr(b.id),
                           b.documents.size(), b.tuples.size(), b.confidence);
      });
  py::bind_vector<std::vector<Bundle>>(m, "BundleVector");

  py::class_<UnmatchedDocument>(m, "UnmatchedDocument")
      .def_readonly("document", &UnmatchedDocument::document, "index into CorpusResult.documents")
      .def_readonly("reason", &UnmatchedDocument::reason);
  py::bind_vector<std::vector<UnmatchedDocument>>(m, "UnmatchedDocumentVector");

  py::class_<PairCheck>(m, "PairCheck", "A candidate pair aligned to check it.")
      .def_readonly("a", &PairCheck::a)
      .def_readonly("b", &PairCheck::b)
      .def_readonly("candidate_score", &PairCheck::candidate_score)
      .def_readonly("score", &PairCheck::score);
  py::bind_vector<std::vector<PairCheck>>(m, "PairCheckVector");

  py::class_<CorpusStats>(m, "CorpusStats")
      .def_readonly("bytes", &CorpusStats::bytes)
      .def_readonly("sentences", &CorpusStats::sentences)
      .def_readonly("candidate_pairs", &CorpusStats::candidate_pairs)
      .def_readonly("verified_pairs", &CorpusStats::verified_pairs)
      .def_readonly("decided_pairs", &CorpusStats::decided_pairs)
      .def_readonly("decisive_ratio", &CorpusStats::decisive_ratio)
      .def_readonly("seconds", &CorpusStats::seconds);

  py::class_<CorpusResult>(m, "CorpusResult")
      .def(py::init<>())
      .def_readwrite("documents", &CorpusResult::documents, "sorted by path")
      .def_readwrite("bundles", &CorpusResult::bundles)
      .def_readwrite("unmatched", &CorpusResult::unmatched)
      .def_readwrite("skipped", &CorpusResult::skipped)
      .def_readwrite("checks", &CorpusResult::checks)
      .def_readwrite("stats", &CorpusResult::stats)
      .def("__repr__", [](const CorpusResult& r) {
        return fmt::format("CorpusResult({} documents, {} bundles, {} unmatched, {} skipped)",
                           r.documents.size(), r.bundles.size(), r.unmatched.size(),
                           r.skipped.size());
      });

  m.def(
      "find_corpus_files",
      [](const std::vector<std::string>& paths, const CorpusOptions& options) {
        const CorpusOptions o = options;
        py::gil_scoped_release release;
        return find_corpus_files(paths, o);
      },
      py::arg("paths"), py::arg("options") = CorpusOptions());

  py::class_<CorpusPhase>(m, "CorpusPhase",
                          "One phase of corpus mode handed to an executor: independent tasks "
                          "(bytes) and the bytes they all read.")
      .def_readonly("name", &CorpusPhase::name)
      .def_property_readonly("shared", [](const CorpusPhase& p) { return py::bytes(p.shared); })
      .def_property_readonly("tasks", [](const CorpusPhase& p) { return bytes_list(p.tasks); })
      .def_readonly("follows", &CorpusPhase::follows,
                    "an earlier phase whose task i named what task i here names: run it where "
                    "that one ran (its runner kept what it built); \"\": anywhere");

  m.def(
      "align_corpus",
      [](const std::vector<std::string>& paths, const CorpusOptions& options,
         const py::object& executor) {
        const CorpusOptions o = options;
        if (executor.is_none()) {
          py::gil_scoped_release release;
          return align_corpus(paths, o);
        }
        // pybind11's wrapper takes the GIL for each call and lets the
        // executor's exceptions through unchanged.
        const auto run = executor.cast<CorpusExecutor>();
        py::gil_scoped_release release;
        return align_corpus(paths, o, run);
      },
      py::arg("paths"), py::arg("options") = CorpusOptions(), py::arg("executor") = py::none(),
      "Corpus mode (corpus.h) over files and directories. executor: None (this process's "
      "threads) or callable(CorpusPhase) -> [bytes], the results of "
      "CorpusTaskRunner.run(phase.shared, task) for every task, in order.");

  m.def(
      "align_corpus",
      [](std::vector<Document> documents, const CorpusOptions& options) {
        const CorpusOptions o = options;
        py::gil_scoped_release release;
        return align_corpus(std::move(documents), o);
      },
      py::arg("documents"), py::arg("options") = CorpusOptions(),
      "Corpus mode over Documents in memory (distinct paths: their identities; \"und\" "
      "languages detected).");

  py::class_<CorpusTaskRunner>(m, "CorpusTaskRunner",
                               "Runs tasks of align_corpus(paths, options, executor) (corpus.h); "
                               "run() may be called from many threads at once.")
      .def(py::init(
               [](const CorpusOptions& options, std::string bundle_dir, std::size_t cache_bytes) {
                 CorpusOptions o = options;
                 py::gil_scoped_release release;
                 return std::make_unique<CorpusTaskRunner>(std::move(o), std::move(bundle_dir),
                                                           cache_bytes);
               }),
           py::arg("options"), py::arg("bundle_dir") = "",
           py::arg("cache_bytes") = std::size_t{1} << 30)
      .def(
          "run",
          [](const CorpusTaskRunner& r, const py::bytes& shared, const py::bytes& task) {
            const std::string_view s(PyBytes_AS_STRING(shared.ptr()),
                                     static_cast<std::size_t>(PyBytes_GET_SIZE(shared.ptr())));
            const std::string_view t(PyBytes_AS_STRING(task.ptr()),
                                     static_cast<std::size_t>(PyBytes_GET_SIZE(task.ptr())));
            std::string out;
            {
              py::gil_scoped_release
                  release;  // `shared` and `task` stay alive: the caller holds them
              out = r.run(s, t);
            }
            return py::bytes(out);
          },
          py::arg("shared"), py::arg("task"))
      .def("stats", &CorpusTaskRunner::stats);
  py::class_<CorpusTaskRunner::Stats>(m, "CorpusTaskRunnerStats")
      .def_readonly("documents_prepared", &CorpusTaskRunner::Stats::documents_prepared)
      .def_readonly("evidence_built", &CorpusTaskRunner::Stats::evidence_built)
      .def_readonly("evidence_reused", &CorpusTaskRunner::Stats::evidence_reused);

  py::enum_<CorpusFormat>(m, "CorpusFormat")
      .value("kJsonl", CorpusFormat::kJsonl)
      .value("kTmx", CorpusFormat::kTmx)
      .value("kTsv", CorpusFormat::kTsv)
      .value("kMoses", CorpusFormat::kMoses);
  m.def("parse_corpus_formats", &parse_corpus_formats, py::arg("list"),
        "\"tmx,tsv,jsonl,moses\" -> [CorpusFormat, ...]; ValueError for an unknown or repeated "
        "name.");

  py::class_<CorpusWriteOptions> write(m, "CorpusWriteOptions", "See corpus_formats.h.");
  write.def(py::init<>());
  def_tuple_field(write, "formats", &CorpusWriteOptions::formats, "CorpusFormat, ...");
  write.def_readwrite("min_confidence", &CorpusWriteOptions::min_confidence,
                      "Moses files keep a sentence pair from this confidence on");
  write.def_readwrite("source_lang", &CorpusWriteOptions::source_lang,
                      "first <tuv> and srclang of TMX, first TSV column; '' = the language the "
                      "others align best against");
  m.def("corpus_language_order", &corpus_language_order, py::arg("result"),
        py::arg("source_lang") = "",
        "The bundled languages in the writers' order: the source language first, then the "
        "others alphabetically; ValueError when no bundled document is in source_lang.");

  m.def("default_memory_limit", &default_memory_limit,
        "CorpusOptions.memory_limit by default: a quarter of physical memory, in bytes.");
  m.def("parse_memory_size", &parse_memory_size, py::arg("text"),
        py::arg("what") = "--memory-limit",
        "Bytes of a size such as '512M', '2G' or '1048576' (K, M, G, T: powers of 1024); "
        "ValueError for anything else or below 16M.");
  m.def(
      "write_corpus",
      [](const CorpusResult& result, const std::string& outdir, const CorpusWriteOptions& options) {
        const CorpusWriteOptions o = options;
        py::gil_scoped_release release;
        return write_corpus(result, outdir, o);
      },
      py::arg("result"), py::arg("outdir"), py::arg("options") = CorpusWriteOptions(),
      "Writes bundles.json and the formats under outdir, every file atomically (corpus_formats.h); "
      "returns the files written.");
  m.def(
      "write_bundle_file",
      [](const CorpusResult& result, const Bundle& bundle, const std::string& outdir) {
        py::gil_scoped_release release;
        return write_bundle_file(result, bundle, outdir);
      },
      py::arg("result"), py::arg("bundle"), py::arg("outdir"),
      "Writes <outdir>/<bundle id>/pairs/<l1>-<l2>.jsonl and alignment.jsonl atomically; "
      "returns the latter's path.");
}

}  // namespace polyalign::python
