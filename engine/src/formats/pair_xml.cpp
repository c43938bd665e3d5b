#include "formats/pair_xml.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <string>

#include "format_util.h"
#include "formats/tmx.h"
#include "polyalign/formats.h"

namespace polyalign::formats {

namespace {

// An attribute or note of text that does not come from the documents'
// sentences (a path, a language code): cleaned the same way.
std::string legal(std::string s) {
  format_util::make_xml_legal(s);
  return s;
}

pugi::xml_node declaration(pugi::xml_document& xml) {
  pugi::xml_node decl = xml.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  return decl;
}

}  // namespace

void write_pair_tmx(std::ostream& out, const DocumentAlignment& r) {
  pugi::xml_document xml;
  pugi::xml_node body = start_tmx(xml, legal(r.a.document.lang));
  std::size_t n = 0;
  for (const Bead& bead : r.alignment.beads) {
    pugi::xml_node tu = body.append_child("tu");
    tu.append_attribute("tuid") = fmt::format("{}", ++n).c_str();
    // <prop> elements come before the <tuv>s (TMX 1.4b §3.4).
    pugi::xml_node prop = tu.append_child("prop");
    prop.append_attribute("type") = "x-confidence";
    prop.text() = fmt::format("{:.4f}", bead.confidence).c_str();
    for (const auto& [d, range] : {std::pair{&r.a, bead.a}, std::pair{&r.b, bead.b}}) {
      if (range.empty()) continue;
      pugi::xml_node tuv = tu.append_child("tuv");
      tuv.append_attribute("xml:lang") = legal(d->document.lang).c_str();
      tuv.append_child("seg").text() = format_util::xml_text(*d, range).c_str();
    }
  }
  xml.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

void write_pair_xliff(std::ostream& out, const DocumentAlignment& r) {
  pugi::xml_document xml;
  declaration(xml);
  pugi::xml_node root = xml.append_child("xliff");
  root.append_attribute("version") = "1.2";
  root.append_attribute("xmlns") = "urn:oasis:names:tc:xliff:document:1.2";
  root.append_attribute("xmlns:polyalign") = std::string(kXliffNamespace).c_str();
  // XLIFF 1.2 §2.2 <file>: original, source-language and datatype are
  // required; the target language is known here.
  pugi::xml_node file = root.append_child("file");
  file.append_attribute("original") =
      legal(r.a.document.path.empty() ? "a" : r.a.document.path).c_str();
  file.append_attribute("source-language") = legal(r.a.document.lang).c_str();
  file.append_attribute("target-language") = legal(r.b.document.lang).c_str();
  file.append_attribute("datatype") = "plaintext";
  file.append_attribute("tool-id") = "polyalign";
  pugi::xml_node tool = file.append_child("header").append_child("tool");
  tool.append_attribute("tool-id") = "polyalign";
  tool.append_attribute("tool-name") = "polyalign";
  tool.append_attribute("tool-version") = std::string(kVersion).c_str();
  pugi::xml_node body = file.append_child("body");
  std::size_t n = 0;
  for (const Bead& bead : r.alignment.beads) {
    const std::string confidence = fmt::format("{:.4f}", bead.confidence);
    pugi::xml_node unit = body.append_child("trans-unit");
    unit.append_attribute("id") = fmt::format("{}", ++n).c_str();
    unit.append_attribute("polyalign:confidence") = confidence.c_str();
    unit.append_child("source").text() = format_util::xml_text(r.a, bead.a).c_str();
    if (!bead.b.empty()) {
      pugi::xml_node target = unit.append_child("target");
      // A CAT tool shows the state: the doubtful pairs are the ones to review.
      target.append_attribute("state") =
          bead.confidence < 0.5 ? "needs-review-translation" : "translated";
      target.text() = format_util::xml_text(r.b, bead.b).c_str();
    }
    pugi::xml_node note = unit.append_child("note");
    note.append_attribute("from") = "polyalign";
    note.text() = fmt::format("alignment confidence {}", confidence).c_str();
  }
  xml.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

}  // namespace polyalign::formats
