// DOCX (Office Open XML, ECMA-376 Part 1 §17) and ODT (OpenDocument 1.2
// Part 1 §5) text: their paragraphs in document order.
#include <fmt/format.h>

#include <pugixml.hpp>

#include "builder.h"

namespace polyalign::input {

namespace {

// Element names without their namespace prefix ("w:p" -> "p").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// What the two vocabularies call a paragraph, a run of white space, and
// what is not text of the paragraph it sits in.
struct Vocabulary {
  std::vector<std::string_view> paragraphs;  // a unit each
  std::vector<std::string_view> spaces;      // tabs, line breaks, ODT's text:s
  std::vector<std::string_view> skipped;     // deleted text, field codes, note marks
  // Elements whose paragraphs come after the paragraph holding them
  // (ODT's footnote bodies sit inside the paragraph citing them).
  std::vector<std::string_view> deferred;
};

const Vocabulary kDocx{{"p"}, {"tab", "br", "cr"}, {"delText", "instrText", "fldData"}, {}};
const Vocabulary kOdt{{"p", "h"},
                      {"s", "tab", "line-break"},
                      {"note-citation", "annotation", "tracked-changes"},
                      {"note"}};

bool in(const std::vector<std::string_view>& names, std::string_view n) {
  for (std::string_view x : names)
    if (x == n) return true;
  return false;
}

class PartReader {
 public:
  PartReader(TextBuilder& out, const Vocabulary& v, std::string_view part)
      : out_(out), v_(v), part_(part) {}

  void read(std::string_view xml) {
    pugi::xml_document doc;
    // White-space-only text is kept (a run " " between two words); entities
    // declared in a DTD are never expanded (pugixml does not).
    const pugi::xml_parse_result r =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!r) {
      out_.fail(fmt::format("{}: not well-formed XML at byte {} ({})", part_, r.offset,
                            r.description()));
    }
    walk(doc, 0);
  }

 private:
  void check_depth(int depth) const {
    if (static_cast<std::uint32_t>(depth) > out_.limits().max_depth) {
      out_.fail(fmt::format("{}: elements nested deeper than {} (the limit)", part_,
                            out_.limits().max_depth));
    }
  }

  // Finds paragraphs below `n` in document order.
  void walk(const pugi::xml_node& n, int depth) {
    check_depth(depth);
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      if (in(v_.paragraphs, local_name(c))) {
        paragraph(c, depth + 1);
      } else {
        walk(c, depth + 1);
      }
    }
  }

  void paragraph(const pugi::xml_node& p, int depth) {
    std::string text;
    std::vector<pugi::xml_node> later;  // nested paragraphs (text boxes, notes)
    collect(p, depth, text, later);
    out_.add(text, part_, {});
    for (const pugi::xml_node& n : later) {
      if (in(v_.paragraphs, local_name(n))) {
        paragraph(n, depth + 1);
      } else {
        walk(n, depth + 1);
      }
    }
  }

  void collect(const pugi::xml_node& n, int depth, std::string& text,
               std::vector<pugi::xml_node>& later) {
    check_depth(depth);
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        text += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = local_name(c);
      if (in(v_.paragraphs, name) || in(v_.deferred, name)) {
        later.push_back(c);
      } else if (in(v_.spaces, name)) {
        text += ' ';
      } else if (!in(v_.skipped, name)) {
        collect(c, depth + 1, text, later);
      }
    }
  }

  TextBuilder& out_;
  const Vocabulary& v_;
  std::string part_;
};

constexpr std::string_view kOdtMimetype = "application/vnd.oasis.opendocument.text";

}  // namespace

InputFormat office_format(std::string_view bytes) {
  if (!looks_like_zip(bytes)) return InputFormat::kAuto;
  try {
    ZipArchive zip(bytes, "", 1 << 10);
    if (zip.has("word/document.xml")) return InputFormat::kDocx;
    if (zip.has("mimetype") && zip.read("mimetype") == kOdtMimetype) return InputFormat::kOdt;
  } catch (const std::invalid_argument&) {
    // Not a zip after all, or a mimetype over 1 KB: not one of ours.
  }
  return InputFormat::kAuto;
}

ExtractedText read_office(std::string_view bytes, InputFormat format, std::string_view where,
                          const InputLimits& limits) {
  ZipArchive zip(bytes, where, limits.max_unpacked_bytes);
  TextBuilder out(where, limits, "\n\n");
  if (format == InputFormat::kDocx) {
    if (!zip.has("word/document.xml")) out.fail("not a DOCX file (no word/document.xml in the archive)");
    for (std::string_view part : {"word/document.xml", "word/footnotes.xml", "word/endnotes.xml"}) {
      if (zip.has(part)) PartReader(out, kDocx, part).read(zip.read(part));
    }
  } else {
    if (!zip.has("content.xml")) out.fail("not an ODT file (no content.xml in the archive)");
    PartReader(out, kOdt, "content.xml").read(zip.read("content.xml"));
  }
  return out.finish(format, false);
}

}  // namespace polyalign::input
