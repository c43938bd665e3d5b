// Pair alignment: the options of every stage, the results, and the
// pipeline's entry points (pipeline.h, aligner.h, features.h, anchors.h,
// evidence.h, length_model.h, formats.h), plus the shorthands segment() and
// align() for text in memory.
#include <fmt/format.h>

#include <optional>
#include <sstream>

#include "bind.h"
#include "polyalign/anchors.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/formats.h"
#include "polyalign/language.h"
#include "polyalign/length_model.h"
#include "polyalign/pipeline.h"

namespace polyalign::python {

namespace {

// A Document given as a Document, or as text (str, or bytes that must be
// UTF-8); `lang` (if given) overrides its language.
Document to_document(const py::handle& x, const std::optional<std::string>& lang,
                     const char* what) {
  Document doc;
  if (py::isinstance<Document>(x)) {
    doc = x.cast<Document>();
  } else if (py::isinstance<py::str>(x) || py::isinstance<py::bytes>(x)) {
    doc = make_document(x.cast<std::string>());
  } else {
    throw py::type_error(
        fmt::format("{} must be a Document, str or bytes, not {}", what,
                    py::str(py::type::of(x).attr("__name__")).cast<std::string>()));
  }
  if (lang) doc.lang = normalize_language_code(*lang);
  return doc;
}

}  // namespace

void register_pipeline(py::module_& m) {
  // ------------------------------------------------------------ options
  py::class_<BeadType>(m, "BeadType", "How many sentences a bead takes from A and from B.")
      .def(py::init<>())
      .def(py::init([](std::uint8_t a, std::uint8_t b, double prior) {
             return BeadType{a, b, prior};
           }),
           py::arg("a"), py::arg("b"), py::arg("prior"))
      .def_readwrite("a", &BeadType::a)
      .def_readwrite("b", &BeadType::b)
      .def_readwrite("prior", &BeadType::prior, "prior probability (normalised over the set)")
      .def("__repr__", [](const BeadType& t) {
        return fmt::format("BeadType({}, {}, {})", t.a, t.b, t.prior);
      });
  m.def("default_bead_types", &default_bead_types,
        "1-1 1-0 0-1 2-1 1-2 2-2 1-3 3-1 with priors after Gale & Church (1993).");

  py::class_<LengthModel>(m, "LengthModel", "The Gale-Church length model (length_model.h).")
      .def(py::init<>())
      .def(py::init([](double c, double s2) {
             return LengthModel{c, s2};
           }),
           py::arg("c"), py::arg("s2"))
      .def_readwrite("c", &LengthModel::c, "B characters per A character")
      .def_readwrite("s2", &LengthModel::s2, "variance per character")
      .def("match_cost", &LengthModel::match_cost, py::arg("la"), py::arg("lb"))
      .def("__repr__",
           [](const LengthModel& l) { return fmt::format("LengthModel(c={}, s2={})", l.c, l.s2); });

  py::class_<AlignerOptions> aligner(m, "AlignerOptions", "See aligner.h.");
  aligner.def(py::init<>());
  def_tuple_field(aligner, "bead_types", &AlignerOptions::bead_types, "BeadType, ...");
  aligner
      .def_readwrite("estimate_parameters", &AlignerOptions::estimate_parameters,
                     "estimate c and s2 from the texts (else use `model`)")
      .def_readwrite("model", &AlignerOptions::model)
      .def_readwrite("paragraph_crossing_penalty", &AlignerOptions::paragraph_crossing_penalty)
      .def_readwrite("paragraph_mismatch_penalty", &AlignerOptions::paragraph_mismatch_penalty)
      .def_readwrite("anchor_weight", &AlignerOptions::anchor_weight)
      .def_readwrite("unmatched_anchor_weight", &AlignerOptions::unmatched_anchor_weight)
      .def_readwrite("dropped_anchor_weight", &AlignerOptions::dropped_anchor_weight)
      .def_readwrite("orphan_number_weight", &AlignerOptions::orphan_number_weight)
      .def_readwrite("length_weight", &AlignerOptions::length_weight)
      .def_readwrite("link_weight", &AlignerOptions::link_weight)
      .def_readwrite("unmatched_link_weight", &AlignerOptions::unmatched_link_weight)
      .def_readwrite("no_shared_weight", &AlignerOptions::no_shared_weight)
      .def_readwrite("lexical_weight", &AlignerOptions::lexical_weight)
      .def_readwrite("pair_bias", &AlignerOptions::pair_bias)
      .def_readwrite("estimate_weights", &AlignerOptions::estimate_weights,
                     "fit the bead priors and cost weights to each pair (with estimate_parameters)")
      .def_readwrite("prior_strength", &AlignerOptions::prior_strength)
      .def_readwrite("weight_strength", &AlignerOptions::weight_strength)
      .def_readwrite("posterior_temperature", &AlignerOptions::posterior_temperature)
      .def_readwrite("foreign_penalty", &AlignerOptions::foreign_penalty)
      .def_readwrite("full_dp_cells", &AlignerOptions::full_dp_cells)
      .def_readwrite("coarse_factor", &AlignerOptions::coarse_factor)
      .def_readwrite("initial_band", &AlignerOptions::initial_band)
      .def_readwrite("band_margin", &AlignerOptions::band_margin)
      .def_readwrite("threads", &AlignerOptions::threads);
  def_progress_field(aligner, "progress", &AlignerOptions::progress,
                     "callable(fraction) or None; exceptions it raises are printed and ignored");

  py::enum_<AnchorKind>(m, "AnchorKind")
      .value("kNumber", AnchorKind::kNumber)
      .value("kName", AnchorKind::kName)
      .value("kUrl", AnchorKind::kUrl)
      .value("kEmail", AnchorKind::kEmail)
      .value("kAcronym", AnchorKind::kAcronym)
      .value("kLatinWord", AnchorKind::kLatinWord);
  m.def("anchor_kind_name", [](AnchorKind k) { return std::string(anchor_kind_name(k)); });

  py::class_<AnchorOptions>(m, "AnchorOptions", "See anchors.h.")
      .def(py::init<>())
      .def_readwrite("lang", &AnchorOptions::lang)
      .def_readwrite("numbers", &AnchorOptions::numbers)
      .def_readwrite("names", &AnchorOptions::names)
      .def_readwrite("urls", &AnchorOptions::urls)
      .def_readwrite("acronyms", &AnchorOptions::acronyms)
      .def_readwrite("latin_words", &AnchorOptions::latin_words);

  py::class_<FeatureOptions>(m, "FeatureOptions", "See features.h.")
      .def(py::init<>())
      .def_readwrite("anchors", &FeatureOptions::anchors)
      .def_readwrite("words", &FeatureOptions::words)
      .def_readwrite("sentence_language", &FeatureOptions::sentence_language)
      .def_readwrite("foreign_min_letters", &FeatureOptions::foreign_min_letters)
      .def_readwrite("max_word_sentences", &FeatureOptions::max_word_sentences);

  py::class_<EvidenceOptions>(m, "EvidenceOptions", "See evidence.h.")
      .def(py::init<>())
      .def_readwrite("name_threshold", &EvidenceOptions::name_threshold)
      .def_readwrite("number_weight", &EvidenceOptions::number_weight)
      .def_readwrite("name_weight", &EvidenceOptions::name_weight)
      .def_readwrite("url_weight", &EvidenceOptions::url_weight)
      .def_readwrite("acronym_weight", &EvidenceOptions::acronym_weight)
      .def_readwrite("latin_word_weight", &EvidenceOptions::latin_word_weight)
      .def_readwrite("word_link_weight", &EvidenceOptions::word_link_weight)
      .def_readwrite("max_df", &EvidenceOptions::max_df)
      .def_readwrite("link_window", &EvidenceOptions::link_window)
      .def_readwrite("threads", &EvidenceOptions::threads);

  py::class_<WordLinkOptions>(m, "WordLinkOptions", "See evidence.h.")
      .def(py::init<>())
      .def_readwrite("min_confidence", &WordLinkOptions::min_confidence)
      .def_readwrite("min_count", &WordLinkOptions::min_count)
      .def_readwrite("min_dice", &WordLinkOptions::min_dice)
      .def_readwrite("max_links", &WordLinkOptions::max_links)
      .def_readwrite("max_count", &WordLinkOptions::max_count)
      .def_readwrite("prefix_letters", &WordLinkOptions::prefix_letters)
      .def_readwrite("threads", &WordLinkOptions::threads);

  py::class_<CognateOptions>(m, "CognateOptions", "See evidence.h.")
      .def(py::init<>())
      .def_readwrite("min_similarity", &CognateOptions::min_similarity)
      .def_readwrite("min_letters", &CognateOptions::min_letters)
      .def_readwrite("max_partners", &CognateOptions::max_partners)
      .def_readwrite("skip_frequent", &CognateOptions::skip_frequent)
      .def_readwrite("name_threshold", &CognateOptions::name_threshold)
      .def_readwrite("threads", &CognateOptions::threads);

  py::class_<PipelineOptions> pipeline(m, "PipelineOptions", "See pipeline.h.");
  pipeline.def(py::init<>())
      .def_readwrite("detect_language", &PipelineOptions::detect_language)
      .def_readwrite("presegmented", &PipelineOptions::presegmented)
      .def_readwrite("segmenter", &PipelineOptions::segmenter)
      .def_readwrite("aligner", &PipelineOptions::aligner)
      .def_readwrite("threads", &PipelineOptions::threads)
      .def_readwrite("anchors", &PipelineOptions::anchors)
      .def_readwrite("word_links", &PipelineOptions::word_links)
      .def_readwrite("cognates", &PipelineOptions::cognates)
      .def_readwrite("features", &PipelineOptions::features)
      .def_readwrite("evidence", &PipelineOptions::evidence)
      .def_readwrite("word_link_options", &PipelineOptions::word_link_options)
      .def_readwrite("cognate_options", &PipelineOptions::cognate_options)
      .def_readwrite("dictionaries", &PipelineOptions::dictionaries,
                     "bilingual dictionaries: 'auto' (FreeDict under /usr/share/dictd), 'none', "
                     "or a directory of dictd databases")
      .def_readwrite("min_parallel_score", &PipelineOptions::min_parallel_score,
                     "below this parallel_score(), paired sentences' confidences are scaled "
                     "down; 0: off");
  def_tuple_field(pipeline, "dictionary", &PipelineOptions::dictionary,
                  "(word_a, word_b), ...: word links of strength 1 (see read_dictionary)");
  def_progress_field(pipeline, "progress", &PipelineOptions::progress,
                     "callable(stage, fraction) or None; exceptions it raises are printed and "
                     "ignored");

  // ------------------------------------------------------------ results
  py::class_<Bead>(m, "Bead", "Sentences of A and of B that translate one another.")
      .def(py::init<>())
      .def_readwrite("a", &Bead::a, "SentenceRange of A")
      .def_readwrite("b", &Bead::b, "SentenceRange of B")
      .def_readwrite("cost", &Bead::cost, "nats")
      .def_readwrite("confidence", &Bead::confidence, "posterior probability in [0, 1]")
      .def("__repr__", [](const Bead& b) {
        return fmt::format(
            "Bead(a=SentenceRange({}, {}), b=SentenceRange({}, {}), cost={:.4g}, "
            "confidence={:.4g})",
            b.a.begin, b.a.end, b.b.begin, b.b.end, b.cost, b.confidence);
      });
  py::bind_vector<std::vector<Bead>>(m, "BeadVector");

  py::class_<BeadModel>(m, "BeadModel", "The bead priors and cost weights fitted to a pair (aligner.h).")
      .def(py::init<>())
      .def_readwrite("bead_types", &BeadModel::bead_types)
      .def_readwrite("length_weight", &BeadModel::length_weight)
      .def_readwrite("anchor_weight", &BeadModel::anchor_weight)
      .def_readwrite("link_weight", &BeadModel::link_weight)
      .def_readwrite("unmatched_anchor_weight", &BeadModel::unmatched_anchor_weight)
      .def_readwrite("unmatched_link_weight", &BeadModel::unmatched_link_weight)
      .def_readwrite("no_shared_weight", &BeadModel::no_shared_weight)
      .def_readwrite("lexical_weight", &BeadModel::lexical_weight)
      .def_readwrite("orphan_number_weight", &BeadModel::orphan_number_weight)
      .def_readwrite("paragraph_mismatch_penalty", &BeadModel::paragraph_mismatch_penalty)
      .def_readwrite("pair_bias", &BeadModel::pair_bias)
      .def("__repr__", [](const BeadModel& b) {
        return fmt::format("BeadModel({} bead types, length_weight={:.3g}, anchor_weight={:.3g}, "
                           "pair_bias={:.3g})",
                           b.bead_types.size(), b.length_weight, b.anchor_weight, b.pair_bias);
      });

  py::class_<PairAlignment>(m, "PairAlignment")
      .def(py::init<>())
      .def_readwrite("fitted", &PairAlignment::fitted,
                     "BeadModel fitted to the pair by estimation, or None")
      .def_readwrite("beads", &PairAlignment::beads, "in document order, covering both documents")
      .def_readwrite("model", &PairAlignment::model, "the length model used")
      .def_readwrite("total_cost", &PairAlignment::total_cost)
      .def_readwrite("band", &PairAlignment::band)
      .def_readwrite("cells", &PairAlignment::cells)
      .def("__repr__", [](const PairAlignment& r) {
        return fmt::format("PairAlignment({} beads, c={:.4g}, s2={:.4g})", r.beads.size(),
                           r.model.c, r.model.s2);
      });

  py::class_<AnchorMatch>(m, "AnchorMatch")
      .def_readonly("kind", &AnchorMatch::kind)
      .def_readonly("key", &AnchorMatch::key)
      .def_readonly("weight", &AnchorMatch::weight)
      .def("__repr__", [](const AnchorMatch& a) {
        return fmt::format("AnchorMatch({}, {}, {})", anchor_kind_name(a.kind), repr(a.key),
                           a.weight);
      });

  py::class_<PairEvidence>(m, "PairEvidence",
                           "What two documents share, sentence by sentence (evidence.h).")
      .def("empty", &PairEvidence::empty)
      .def("nonzeros", &PairEvidence::nonzeros)
      .def("matches", &PairEvidence::matches, py::arg("a"), py::arg("b"),
           "The anchors the sentences a (of A) and b (of B) share.");

  py::class_<StageTiming>(m, "StageTiming")
      .def_readonly("stage", &StageTiming::stage)
      .def_readonly("seconds", &StageTiming::seconds)
      .def_readonly("peak_rss_kb", &StageTiming::peak_rss_kb);

  py::class_<DocumentAlignment>(m, "DocumentAlignment",
                                "Two segmented documents and the alignment of their sentences.")
      .def(py::init<>())
      .def_readwrite("a", &DocumentAlignment::a)
      .def_readwrite("b", &DocumentAlignment::b)
      .def_readwrite("alignment", &DocumentAlignment::alignment)
      .def_readwrite("evidence", &DocumentAlignment::evidence)
      .def_readwrite("word_links", &DocumentAlignment::word_links)
      .def_readwrite("timings", &DocumentAlignment::timings)
      .def_readwrite("parallel_score", &DocumentAlignment::parallel_score,
                     "parallel_score() of the final alignment; -1 when not measured")
      .def("__repr__", [](const DocumentAlignment& r) {
        return fmt::format("DocumentAlignment({} ~ {}: {} beads)", r.a.sentences.size(),
                           r.b.sentences.size(), r.alignment.beads.size());
      });

  // ------------------------------------------------------------ entry points
  m.def(
      "segment_document",
      [](Document doc, const PipelineOptions& options) {
        const PipelineOptions o = options;
        py::gil_scoped_release release;
        return segment_document(std::move(doc), o);
      },
      py::arg("document"), py::arg("options") = PipelineOptions(),
      "Identifies the language (if \"und\") and splits into sentences.");
  m.def(
      "align_documents",
      [](Document a, Document b, const PipelineOptions& options) {
        const PipelineOptions o = options;
        py::gil_scoped_release release;
        return align_documents(std::move(a), std::move(b), o);
      },
      py::arg("a"), py::arg("b"), py::arg("options") = PipelineOptions(),
      "Segments and aligns two documents (pipeline.h).");
  m.def(
      "segment",
      [](const py::object& text, std::optional<std::string> lang, const PipelineOptions& options) {
        Document doc = to_document(text, lang, "text");
        const PipelineOptions o = options;
        py::gil_scoped_release release;
        return segment_document(std::move(doc), o);
      },
      py::arg("text"), py::arg("lang") = py::none(), py::arg("options") = PipelineOptions(),
      "segment_document() of text in memory (str, bytes or a Document); lang None or \"auto\": "
      "detected. Sentence spans are offsets into the UTF-8 bytes.\n\n"
      ">>> d = segment(\"Grüße aus Berlin. Bis bald!\", lang=\"de\")\n"
      ">>> len(d), d[1], d.sentences[1].span\n"
      "(2, 'Bis bald!', ByteSpan(20, 29))");
  m.def(
      "align",
      [](const py::object& a, const py::object& b, std::optional<std::string> lang_a,
         std::optional<std::string> lang_b, const PipelineOptions& options) {
        Document da = to_document(a, lang_a, "a");
        Document db = to_document(b, lang_b, "b");
        const PipelineOptions o = options;
        py::gil_scoped_release release;
        return align_documents(std::move(da), std::move(db), o);
      },
      py::arg("a"), py::arg("b"), py::arg("lang_a") = py::none(), py::arg("lang_b") = py::none(),
      py::arg("options") = PipelineOptions(),
      "align_documents() of two texts (str, bytes or Documents); languages None or \"auto\": "
      "detected.");
  m.def(
      "parallel_score",
      [](const PairAlignment& alignment, const PairEvidence& evidence, std::size_t na,
         std::size_t nb) { return parallel_score(alignment, evidence, na, nb); },
      py::arg("alignment"), py::arg("evidence"), py::arg("na"), py::arg("nb"),
      "How much of two documents an alignment pairs in confident beads sharing evidence "
      "(pipeline.h), in [0, 1].");
  m.def(
      "read_dictionary",
      [](const std::string& path) {
        py::gil_scoped_release release;
        return read_dictionary(path);
      },
      py::arg("path"), "One \"word_a<TAB>word_b\" entry per line (evidence.h).");

  py::enum_<PairFormat>(m, "PairFormat")
      .value("kBrackets", PairFormat::kBrackets)
      .value("kTsv", PairFormat::kTsv)
      .value("kJsonl", PairFormat::kJsonl)
      .value("kTmx", PairFormat::kTmx)
      .value("kXliff", PairFormat::kXliff);
  m.def("parse_pair_format", &parse_pair_format, py::arg("name"),
        "\"brackets\", \"tsv\", \"jsonl\", \"tmx\" or \"xliff\" -> PairFormat; ValueError for "
        "another name.\n\n"
        ">>> parse_pair_format(\"tsv\")\n"
        "<PairFormat.kTsv: 1>");
  m.def(
      "format_pair_alignment",
      [](const DocumentAlignment& r, const py::object& format, bool explain) {
        const PairFormat f = py::isinstance<py::str>(format)
                                 ? parse_pair_format(format.cast<std::string>())
                                 : format.cast<PairFormat>();
        std::ostringstream out;
        {
          py::gil_scoped_release release;
          write_pair_alignment(out, r, f, explain);
        }
        return out.str();
      },
      py::arg("result"), py::arg("format") = "brackets", py::arg("explain") = false,
      "write_pair_alignment() into a str: the output of `polyalign align --format ...` "
      "(\"brackets\", \"tsv\", \"jsonl\", \"tmx\", \"xliff\" or a PairFormat).\n\n"
      ">>> r = align(\"Anna kam um 9 Uhr.\", \"Anna came at 9.\", lang_a=\"de\", lang_b=\"en\")\n"
      ">>> format_pair_alignment(r, \"tsv\").split(\"\\t\")[:2]\n"
      "['Anna kam um 9 Uhr.', 'Anna came at 9.']");
}

}  // namespace polyalign::python
