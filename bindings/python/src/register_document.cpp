// Documents, byte spans, sentences and the segmenter (document.h,
// common.h, segmenter.h).
#include <fmt/format.h>

#include "bind.h"
#include "polyalign/document.h"

namespace polyalign::python {

namespace {

// Text given as str (encoded as UTF-8) or bytes (taken as they are).
std::string text_bytes(const py::handle& text, const char* what) {
  if (py::isinstance<py::str>(text) || py::isinstance<py::bytes>(text))
    return text.cast<std::string>();
  throw py::type_error(
      fmt::format("{} must be str or bytes, not {}", what,
                  py::str(py::type::of(text).attr("__name__")).cast<std::string>()));
}

}  // namespace

void register_document(py::module_& m) {
  py::class_<ByteSpan>(m, "ByteSpan",
                       "A half-open byte range [start, end) of a document's UTF-8 bytes.")
      .def(py::init<>())
      .def(py::init([](std::uint64_t start, std::uint64_t end) {
             return ByteSpan{start, end};
           }),
           py::arg("start"), py::arg("end"))
      .def_readwrite("start", &ByteSpan::start)
      .def_readwrite("end", &ByteSpan::end)
      .def("size", &ByteSpan::size)
      .def(py::self == py::self)
      .def("__repr__",
           [](const ByteSpan& s) { return fmt::format("ByteSpan({}, {})", s.start, s.end); });

  py::class_<SentenceRange>(m, "SentenceRange",
                            "A half-open range [begin, end) of sentence indices of one document; "
                            "iterating gives the indices.")
      .def(py::init<>())
      .def(py::init([](std::uint32_t begin, std::uint32_t end) {
             return SentenceRange{begin, end};
           }),
           py::arg("begin"), py::arg("end"))
      .def_readwrite("begin", &SentenceRange::begin)
      .def_readwrite("end", &SentenceRange::end)
      .def("size", &SentenceRange::size)
      .def("empty", &SentenceRange::empty)
      .def("__len__", &SentenceRange::size)
      .def("__iter__",
           [](const SentenceRange& r) {
             return py::iter(py::module_::import("builtins").attr("range")(r.begin, r.end));
           })
      .def(py::self == py::self)
      .def("__repr__", [](const SentenceRange& r) {
        return fmt::format("SentenceRange({}, {})", r.begin, r.end);
      });

  // The input stage (input.h): formats, limits, where text came from.
  py::enum_<InputFormat>(m, "InputFormat")
      .value("kAuto", InputFormat::kAuto)
      .value("kText", InputFormat::kText)
      .value("kDocx", InputFormat::kDocx)
      .value("kOdt", InputFormat::kOdt)
      .value("kHtml", InputFormat::kHtml)
      .value("kXliff", InputFormat::kXliff)
      .value("kSrt", InputFormat::kSrt)
      .value("kVtt", InputFormat::kVtt)
      .value("kPdf", InputFormat::kPdf);
  py::enum_<InputSide>(m, "InputSide")
      .value("kSource", InputSide::kSource)
      .value("kTarget", InputSide::kTarget);
  m.def(
      "input_format_name", [](InputFormat f) { return std::string(input_format_name(f)); },
      py::arg("format"), "InputFormat.kDocx -> \"docx\"");
  m.def("parse_input_format", &parse_input_format, py::arg("name"),
        "\"docx\" -> InputFormat.kDocx; ValueError for an unknown name");
  m.def(
      "detect_input_format",
      [](const py::bytes& bytes, const std::string& path) {
        return detect_input_format(std::string(bytes), path);
      },
      py::arg("bytes"), py::arg("path") = "",
      "The format of a file's bytes: content first, then the path's extension.");

  py::class_<InputLimits>(m, "InputLimits")
      .def(py::init<>())
      .def_readwrite("max_unpacked_bytes", &InputLimits::max_unpacked_bytes,
                     "uncompressed bytes read out of one zip container (docx, odt), or "
                     "text out of one PDF")
      .def_readwrite("max_depth", &InputLimits::max_depth, "element nesting (html, xml)")
      .def_readwrite("max_units", &InputLimits::max_units, "units (paragraphs, cues, segments)")
      .def_readwrite("max_unit_bytes", &InputLimits::max_unit_bytes, "bytes of one unit's text")
      .def_readwrite("max_pages", &InputLimits::max_pages, "pages of one PDF");

  py::class_<SourceUnit>(m, "SourceUnit",
                         "Where one unit (paragraph, cue, segment) of a Document's extracted "
                         "text came from in the original file.")
      .def(py::init<>())
      .def_readonly("text", &SourceUnit::text, "the unit in Document.text")
      .def_readonly("part", &SourceUnit::part, "container part (docx, odt); \"\" otherwise")
      .def_readonly("source", &SourceUnit::source,
                    "html/xliff/srt/vtt: bytes of the file; docx/odt: offsets in the part's text")
      .def_readonly("label", &SourceUnit::label, "srt/vtt: the cue's timing; xliff: its id")
      .def("__repr__", [](const SourceUnit& u) {
        return fmt::format("SourceUnit(text=ByteSpan({}, {}), part={}, source=ByteSpan({}, {}), "
                           "label={})",
                           u.text.start, u.text.end, repr(u.part), u.source.start, u.source.end,
                           repr(u.label));
      });
  py::class_<SourceLocation>(m, "SourceLocation", "Where a span came from: locate().")
      .def(py::init<>())
      .def_readonly("part", &SourceLocation::part)
      .def_readonly("source", &SourceLocation::source)
      .def_readonly("unit", &SourceLocation::unit, "index into Document.units; -1 for text")
      .def_readonly("offset", &SourceLocation::offset,
                    "start of the span within the unit's extracted text")
      .def("__repr__", [](const SourceLocation& l) {
        return fmt::format("SourceLocation(part={}, source=ByteSpan({}, {}), unit={}, offset={})",
                           repr(l.part), l.source.start, l.source.end, l.unit, l.offset);
      });

  py::class_<ReadOptions>(m, "ReadOptions")
      .def(py::init<>())
      .def_readwrite("max_bytes", &ReadOptions::max_bytes, "largest accepted file (bytes)")
      .def_readwrite("format", &ReadOptions::format, "InputFormat; kAuto: detected")
      .def_readwrite("side", &ReadOptions::side, "which side of an XLIFF file")
      .def_readwrite("limits", &ReadOptions::limits, "limits of the extracted formats");

  py::class_<Document>(m, "Document",
                       "A document: its original bytes (validated UTF-8, read as str) and what is "
                       "known about them. Build with Document(text, lang, path), read_document() "
                       "or make_document().")
      .def(py::init<>())
      .def(py::init([](const py::object& text, std::string lang, std::string path) {
             return make_document(text_bytes(text, "text"), std::move(lang), std::move(path));
           }),
           py::arg("text"), py::arg("lang") = "und", py::arg("path") = "")
      .def_readwrite("path", &Document::path)
      .def_readwrite("lang", &Document::lang, "ISO 639-1 code, or \"und\" when unknown")
      .def_readonly("text", &Document::text, "the original bytes, as str")
      .def_readonly("content_start", &Document::content_start, "3 after a UTF-8 BOM, else 0")
      .def_readonly("format", &Document::format, "what the file was (InputFormat)")
      .def_readonly("units", &Document::units,
                    "extracted formats: where each unit of `text` came from; empty for text")
      .def_readonly("sentence_units", &Document::sentence_units,
                    "each unit is one sentence (XLIFF segments, subtitle cues)")
      .def("__repr__", [](const Document& d) {
        return fmt::format("Document(path={}, lang={}, {} bytes)", repr(d.path), repr(d.lang),
                           d.text.size());
      });

  m.def(
      "make_document",
      [](const py::object& text, std::string lang, std::string path) {
        return make_document(text_bytes(text, "text"), std::move(lang), std::move(path));
      },
      py::arg("text"), py::arg("lang") = "und", py::arg("path") = "",
      "Text in memory as a Document (str, or bytes that must be UTF-8). ValueError for invalid "
      "UTF-8 or NUL bytes.\n\n"
      ">>> make_document(\"Guten Tag.\", \"de\", \"a.txt\")\n"
      "Document(path='a.txt', lang='de', 10 bytes)");
  m.def(
      "read_document",
      [](const std::string& path, const ReadOptions& options) {
        const ReadOptions o = options;
        py::gil_scoped_release release;
        return read_document(path, o);
      },
      py::arg("path"), py::arg("options") = ReadOptions(),
      "Reads a file as a Document: text, or the text of a DOCX, ODT, HTML, XLIFF, SRT or WebVTT "
      "file (options.format; detected by default). OSError if it cannot be read, ValueError if "
      "it is not UTF-8 text or not well-formed in its format.");
  m.def("locate", &locate, py::arg("doc"), py::arg("span"),
        "Where a span of doc.text came from in the original file (SourceLocation).");
  m.def(
      "validate_text",
      [](const py::object& text, const std::string& where) {
        validate_text(text_bytes(text, "text"), where);
      },
      py::arg("text"), py::arg("where") = "",
      "ValueError naming `where`, the byte and the problem unless `text` is UTF-8 without NUL.\n\n"
      ">>> validate_text(\"Grüße\", \"greeting\")      # UTF-8: nothing to say\n"
      ">>> validate_text(b\"Gr\\xfc\\xdfe\", \"greeting\")\n"
      "Traceback (most recent call last):\n"
      "ValueError: greeting...");
  m.def(
      "count_code_points",
      [](const py::object& text) {
        const std::string s = text_bytes(text, "text");
        validate_text(s, "text");
        return count_code_points(s);
      },
      py::arg("text"),
      "Unicode code points of a text (ValueError unless UTF-8).\n\n"
      ">>> count_code_points(\"Grüße\")\n"
      "5");

  py::class_<Sentence>(m, "Sentence")
      .def(py::init<>())
      .def_readwrite("span", &Sentence::span, "byte range in the document, trimmed of white space")
      .def_readwrite("paragraph", &Sentence::paragraph, "0-based paragraph number")
      .def_readwrite("length", &Sentence::length, "Unicode code points in the span")
      .def("__repr__", [](const Sentence& s) {
        return fmt::format("Sentence(span=ByteSpan({}, {}), paragraph={}, length={})", s.span.start,
                           s.span.end, s.paragraph, s.length);
      });
  py::bind_vector<std::vector<Sentence>>(m, "SentenceVector");

  py::class_<SegmenterOptions>(m, "SegmenterOptions")
      .def(py::init<>())
      .def_readwrite("lang", &SegmenterOptions::lang, "ISO 639-1 code; \"und\": ICU's root rules")
      .def_readwrite("split_lines", &SegmenterOptions::split_lines,
                     "a line end always ends a sentence")
      .def_readwrite("use_abbreviations", &SegmenterOptions::use_abbreviations,
                     "suppress breaks after known abbreviations")
      .def_readwrite("max_sentence_bytes", &SegmenterOptions::max_sentence_bytes,
                     "hard cap on one sentence's length (bytes); 0 disables")
      .def_readwrite("max_sentences", &SegmenterOptions::max_sentences,
                     "most sentences one text may give (else ValueError); 0 disables");

  py::class_<Segmenter>(m, "Segmenter",
                        "Sentence segmentation with exact byte spans (segmenter.h). Immutable; "
                        "segment() may run in many threads at once.")
      .def(py::init<SegmenterOptions>(), py::arg("options") = SegmenterOptions())
      .def(
          "segment",
          [](const Segmenter& s, const py::object& text) {
            const std::string bytes = text_bytes(text, "text");
            py::gil_scoped_release release;
            validate_text(bytes, "text");
            return s.segment(bytes);
          },
          py::arg("text"), "Sentences of the text; spans are offsets into its UTF-8 bytes.")
      .def_static(
          "split_lines",
          [](const py::object& text, std::uint32_t max_sentences) {
            const std::string bytes = text_bytes(text, "text");
            py::gil_scoped_release release;
            return Segmenter::split_lines(bytes, max_sentences);
          },
          py::arg("text"), py::arg("max_sentences") = kDefaultMaxSentences,
          "One sentence per line, nothing re-split; more than max_sentences lines (0: no "
          "limit): ValueError.")
      .def("options", &Segmenter::options, py::return_value_policy::copy);

  py::class_<SegmentedDocument>(m, "SegmentedDocument",
                                "A document and its sentences. len(d) sentences; d[i] is the text "
                                "of sentence i.")
      .def(py::init<>())
      .def_readwrite("document", &SegmentedDocument::document)
      .def_readwrite("sentences", &SegmentedDocument::sentences)
      .def("sentence_text",
           [](const SegmentedDocument& d, std::size_t i) {
             if (i >= d.sentences.size()) throw py::index_error("sentence index out of range");
             return std::string(d.sentence_text(i));
           })
      .def("__len__", [](const SegmentedDocument& d) { return d.sentences.size(); })
      .def("__getitem__",
           [](const SegmentedDocument& d, py::ssize_t i) {
             const auto n = static_cast<py::ssize_t>(d.sentences.size());
             if (i < 0) i += n;
             if (i < 0 || i >= n) throw py::index_error("sentence index out of range");
             return std::string(d.sentence_text(static_cast<std::size_t>(i)));
           })
      .def("__repr__", [](const SegmentedDocument& d) {
        return fmt::format("SegmentedDocument(path={}, lang={}, {} sentences)",
                           repr(d.document.path), repr(d.document.lang), d.sentences.size());
      });
  py::bind_vector<std::vector<SegmentedDocument>>(m, "SegmentedDocumentVector");
}

}  // namespace polyalign::python
