// polyalign/input.h — the input stage: which format a file is in, and its
// text taken out as paragraphs, each mapped back to where it came from.
//
//   polyalign::ReadOptions o;                        // format: kAuto
//   polyalign::Document d = polyalign::read_document("a.docx", o);
//   // d.text: the extracted text, one unit (paragraph, cue, segment) per
//   // line; d.units[i] says where unit i came from in "a.docx".
//   polyalign::SourceLocation at = polyalign::locate(d, sentence.span);
//
// Formats and what a unit is:
//   text   the file itself (no units; spans are the file's bytes)
//   docx   Office Open XML: w:p paragraphs of word/document.xml (headings,
//          list items and table cells are paragraphs too), then those of
//          word/footnotes.xml and word/endnotes.xml
//   odt    OpenDocument text: text:p and text:h of content.xml (table cells
//          and footnote bodies hold text:p, so they are paragraphs too)
//   html   block elements (p, h1-h6, li, td, th, div, blockquote, pre, ...;
//          <br> and <hr> end one too): the text directly under one, up to
//          the next block element; head, script, style, noscript, template,
//          nav, svg, math, iframe, object, canvas and form controls
//          (select, button, textarea) are left out
//   xliff  XLIFF 1.2 trans-unit or 2.0 unit: each <seg-source> <mrk
//          mtype="seg">, else <source> (or <target>: InputSide); 2.0 each
//          <segment>'s <source>/<target>. Segments are kept as given: one
//          sentence each, never split or joined (Document::sentence_units)
//   srt    SubRip cues; vtt: WebVTT cues. A cue is one sentence (its lines
//          joined with a space), its timing kept in SourceUnit::label
//   pdf    best effort: the text layer (poppler), pages in order, each laid
//          out as printed; paragraphs are rebuilt from its lines: a blank
//          line (a wide gap between two lines) or a form feed ends one,
//          the lines of one are joined with a space, and a line ending in a
//          hyphen between two letters is joined without it ("Verein-" +
//          "barung" -> "Vereinbarung"; kept before a capital, between the
//          two halves of a reduplication, "anak-" + "anak", and in a token
//          holding a hyphen or slash already: compounds, URLs). A
//          paragraph that does not end a sentence at the foot of a page runs
//          on to the next page. What a PDF does not hold is not found:
//          columns side by side share lines, running heads, footers and
//          page numbers are text like any other, glyphs drawn without a
//          Unicode mapping come out wrong or not at all, and scanned pages
//          have no text (refused: run OCR first). Convert with the tool
//          that made the PDF where the original is at hand
//
// Detection (InputFormat::kAuto): content first (a zip holding
// word/document.xml or an OpenDocument text mimetype, "%PDF-", "WEBVTT", an
// SRT cue, an <xliff> root, an HTML doctype or <html>), then the extension
// (.docx .odt .html .htm .xhtml .xlf .xliff .srt .vtt .pdf), else text.
//
// Spans stay honest. Document::text of an extracted format holds the units
// separated by a line end ("\n"; "\n\n" between paragraphs of docx, odt and
// html so the segmenter numbers them as paragraphs; one "\n" for the
// sentence-unit formats, whose text is one sentence per line). Every
// sentence lies inside one unit, and locate() maps its span back:
//   html, xliff, srt, vtt: the byte span in the original file of the unit's
//     element or cue (its text is decoded: entities, tags and line breaks
//     inside it differ from the bytes there, so a sentence is located to its
//     unit, plus its offset within the unit's extracted text)
//   docx, odt: the part (e.g. "word/document.xml") and the byte offsets
//     within that part's extracted text: the part's units joined as they are
//     in Document::text, counted from the part's first unit
//   pdf: the page the paragraph starts on as the part ("page 3", from 1)
//     and the byte offsets within that page's extracted text, counted as
//     for docx (a paragraph run on from the page before belongs to that page)
//
// Limits (InputLimits): a zip is refused when its declared or actual
// uncompressed size passes max_unpacked_bytes (inflating stops there: zip
// bombs); a PDF with more than max_pages pages or max_unpacked_bytes of
// text, or encrypted with a password, is refused; XML is parsed by
// pugixml, which never expands entities declared in a DTD (billion laughs
// stay "&lol9;" as text) nor fetches external ones; nesting deeper than
// max_depth, more than max_units units or a unit longer than
// max_unit_bytes is refused. Every refusal is one line naming the file.
//
// Thread-safety: every function here is reentrant and keeps no state
// (the PDF reader silences poppler's error messages, process-wide, once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"

namespace polyalign {

enum class InputFormat { kAuto, kText, kDocx, kOdt, kHtml, kXliff, kSrt, kVtt, kPdf };

// "auto", "text", "docx", "odt", "html", "xliff", "srt", "vtt", "pdf".
std::string_view input_format_name(InputFormat format);
// The inverse; std::invalid_argument naming `--input-format` otherwise.
InputFormat parse_input_format(std::string_view name);

// Which side of a bilingual XLIFF file is read.
enum class InputSide { kSource, kTarget };

struct InputLimits {
  // Uncompressed bytes read out of one zip container (docx, odt), all parts
  // together; checked against the sizes the zip declares and while
  // inflating. Also the most text taken out of one PDF. 256 MiB.
  std::uint64_t max_unpacked_bytes = 256ull << 20;
  std::uint32_t max_pages = 100'000;        // pages of one PDF
  std::uint32_t max_depth = 256;            // element nesting (html, xml)
  std::uint32_t max_units = 2'000'000;      // units (paragraphs, cues, segments)
  std::uint32_t max_unit_bytes = 1u << 20;  // bytes of one unit's text (1 MiB)
};

// Where one unit of extracted text came from.
struct SourceUnit {
  ByteSpan text;      // the unit in Document::text
  std::string part;   // container part ("word/document.xml"), pdf page ("page 3");
                      // "" for single-file formats
  ByteSpan source;    // html/xliff/srt/vtt: bytes of the original file;
                      // docx/odt/pdf: offsets within the part's extracted text
  std::string label;  // srt/vtt: "00:00:01,000 --> 00:00:02,500"; xliff: the unit's id
};

// A sentence's (or any span's) place in the original file.
struct SourceLocation {
  std::string part;        // as SourceUnit::part
  ByteSpan source;         // text: the bytes themselves; html/xliff/srt/vtt:
                           // the unit's bytes; docx/odt/pdf: offsets in the part's text
  std::int64_t unit = -1;  // index into Document::units; -1 for text
  std::uint64_t offset = 0;  // start of the span within the unit's extracted text
};

// Text taken out of a file.
struct ExtractedText {
  InputFormat format = InputFormat::kText;
  std::string text;               // UTF-8, units separated as described above
  std::vector<SourceUnit> units;  // in text order; empty for text
  bool sentence_units = false;    // xliff/srt/vtt: one unit = one sentence
};

// The file extensions polyalign reads, without the dot: "txt", then those
// of the formats above ("docx", "odt", "html", "htm", "xhtml", "xlf",
// "xliff", "srt", "vtt", "pdf"). `corpus` searches directories for these.
std::vector<std::string> input_extensions();

// The format of `bytes` (content first, then `path`'s extension); never
// kAuto. Reads at most the first few KB, plus the zip's directory.
InputFormat detect_input_format(std::string_view bytes, std::string_view path);

// Extracts the text of `bytes` in `format` (kAuto: detect_input_format).
// kText returns the bytes unchanged, without units. Throws
// std::invalid_argument("<where>: ...") for malformed input or a passed
// limit, in one line.
ExtractedText extract_text(std::string_view bytes, InputFormat format, std::string_view where,
                           const InputLimits& limits = {}, InputSide side = InputSide::kSource);

}  // namespace polyalign
