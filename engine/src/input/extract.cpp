// The input stage's entry points: format names, detection, dispatch to the
// readers, and locate().
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "builder.h"
#include "polyalign/document.h"

namespace polyalign {

namespace {

constexpr std::pair<InputFormat, std::string_view> kNames[] = {
    {InputFormat::kAuto, "auto"},   {InputFormat::kText, "text"}, {InputFormat::kDocx, "docx"},
    {InputFormat::kOdt, "odt"},     {InputFormat::kHtml, "html"}, {InputFormat::kXliff, "xliff"},
    {InputFormat::kSrt, "srt"},     {InputFormat::kVtt, "vtt"},   {InputFormat::kPdf, "pdf"}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The extensions each format is known by, in input_extensions()'s order.
constexpr std::pair<std::string_view, InputFormat> kExtensions[] = {
    {"txt", InputFormat::kText},   {"docx", InputFormat::kDocx},  {"odt", InputFormat::kOdt},
    {"html", InputFormat::kHtml},  {"htm", InputFormat::kHtml},   {"xhtml", InputFormat::kHtml},
    {"xlf", InputFormat::kXliff},  {"xliff", InputFormat::kXliff}, {"srt", InputFormat::kSrt},
    {"vtt", InputFormat::kVtt},    {"pdf", InputFormat::kPdf}};

InputFormat by_extension(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return InputFormat::kText;
  const std::string ext = lower(path.substr(dot + 1));
  for (const auto& [e, f] : kExtensions)
    if (e == ext) return f;
  return InputFormat::kText;
}

// Markup signatures in the first 4 KB: an XLIFF root, an HTML doctype or
// root element. Text that merely mentions them further on stays text.
InputFormat by_markup(std::string_view head) {
  std::size_t i = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  if (i >= head.size() || head[i] != '<') return InputFormat::kAuto;
  const std::string h = lower(head.substr(i, 4096));
  if (h.find("<xliff") != std::string::npos) return InputFormat::kXliff;
  if (h.rfind("<!doctype html", 0) == 0 || h.find("<html") != std::string::npos)
    return InputFormat::kHtml;
  return InputFormat::kAuto;
}

}  // namespace

std::vector<std::string> input_extensions() {
  std::vector<std::string> out;
  for (const auto& [e, f] : kExtensions) out.emplace_back(e);
  return out;
}

std::string_view input_format_name(InputFormat format) {
  for (const auto& [f, name] : kNames)
    if (f == format) return name;
  return "?";
}

InputFormat parse_input_format(std::string_view name) {
  for (const auto& [f, n] : kNames)
    if (n == name) return f;
  fail_input("--input-format",
             fmt::format("unknown format '{}' (expected auto, text, docx, odt, html, xliff, srt, "
                         "vtt or pdf)",
                         name));
}

InputFormat detect_input_format(std::string_view bytes, std::string_view path) {
  if (input::looks_like_zip(bytes)) {
    const InputFormat f = input::office_format(bytes);
    if (f != InputFormat::kAuto) return f;
  }
  if (bytes.substr(0, 5) == "%PDF-") return InputFormat::kPdf;
  std::string_view head = bytes.substr(0, 4096);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  if (head.substr(0, 6) == "WEBVTT" &&
      (head.size() == 6 || head[6] == ' ' || head[6] == '\t' || head[6] == '\n' || head[6] == '\r'))
    return InputFormat::kVtt;
  if (input::looks_like_srt(bytes)) return InputFormat::kSrt;
  const InputFormat markup = by_markup(bytes.substr(0, 4096));
  if (markup != InputFormat::kAuto) return markup;
  return by_extension(path);
}

ExtractedText extract_text(std::string_view bytes, InputFormat format, std::string_view where,
                           const InputLimits& limits, InputSide side) {
  if (format == InputFormat::kAuto) format = detect_input_format(bytes, where);
  switch (format) {
    case InputFormat::kDocx:
    case InputFormat::kOdt:
      return input::read_office(bytes, format, where, limits);
    case InputFormat::kHtml:
      return input::read_html(bytes, where, limits);
    case InputFormat::kXliff:
      return input::read_xliff(bytes, where, limits, side);
    case InputFormat::kSrt:
    case InputFormat::kVtt:
      return input::read_subtitles(bytes, format, where, limits);
    case InputFormat::kPdf:
      return input::read_pdf(bytes, where, limits);
    case InputFormat::kAuto:
    case InputFormat::kText:
      break;
  }
  ExtractedText out;
  out.text = std::string(bytes);
  return out;
}

SourceLocation locate(const Document& doc, ByteSpan span) {
  SourceLocation at;
  if (doc.units.empty()) {
    at.source = span;
    at.offset = span.start;
    return at;
  }
  // The last unit starting at or before the span.
  auto it = std::upper_bound(doc.units.begin(), doc.units.end(), span.start,
                             [](std::uint64_t x, const SourceUnit& u) { return x < u.text.start; });
  if (it != doc.units.begin()) --it;
  const SourceUnit& u = *it;
  at.part = u.part;
  at.unit = it - doc.units.begin();
  at.offset = span.start > u.text.start ? span.start - u.text.start : 0;
  if (u.part.empty()) {
    at.source = u.source;
  } else {
    // Offsets in the part's text are those in Document::text, shifted.
    const std::uint64_t shift = u.text.start - u.source.start;
    at.source = {span.start - shift, std::max(span.start, span.end) - shift};
  }
  return at;
}

}  // namespace polyalign
