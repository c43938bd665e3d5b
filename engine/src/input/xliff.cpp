// XLIFF 1.2 (OASIS, 2008) and 2.0 (OASIS, 2014): the segments of one side,
// kept as given.
#include <fmt/format.h>

#include <pugixml.hpp>

#include "builder.h"
#include "polyalign/document.h"

namespace polyalign::input {

namespace {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Inline elements that hold native codes, not text (1.2 §2.5.1; 2.0's
// <ph/>, <sc/>, <ec/> and <cp/> are empty).
bool is_code(std::string_view n) {
  return n == "ph" || n == "bpt" || n == "ept" || n == "it" || n == "cp";
}

class XliffReader {
 public:
  XliffReader(TextBuilder& out, std::string_view bytes, InputSide side)
      : out_(out), bytes_(bytes), side_(side == InputSide::kSource ? "source" : "target") {}

  // Finds units (1.2 trans-unit, 2.0 unit) below `n`.
  void walk(const pugi::xml_node& n, std::uint32_t depth) {
    check_depth(depth);
    for (const pugi::xml_node& c : n.children(  )) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = local_name(c);
      if (name == "trans-unit") {
        unit_12(c, depth + 1);
      } else if (name == "unit") {
        unit_20(c, depth + 1);
      } else {
        walk(c, depth + 1);
      }
    }
  }

 private:
  void check_depth(std::uint32_t depth) const {
    if (depth > out_.limits().max_depth) {
      out_.fail(fmt::format("elements nested deeper than {} (the limit)", out_.limits().max_depth));
    }
  }

  static pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
    for (const pugi::xml_node& c : n.children())
      if (c.type() == pugi::node_element && local_name(c) == name) return c;
    return {};
  }

  // 1.2: the segmented form (<seg-source>'s <mrk mtype="seg">, or the
  // target's own) when there is one, else the whole <source>/<target>.
  void unit_12(const pugi::xml_node& u, std::uint32_t depth) {
    const std::string id = u.attribute("id").value();
    pugi::xml_node whole = child(u, side_);
    pugi::xml_node segmented = side_ == "source" ? child(u, "seg-source") : whole;
    std::vector<pugi::xml_node> marks;
    if (segmented) find_marks(segmented, depth + 1, marks);
    if (!marks.empty()) {
      for (const pugi::xml_node& m : marks)
        add(m, fmt::format("{}/{}", id, m.attribute("mid").value()), depth + 1);
    } else if (whole) {
      add(whole, id, depth + 1);
    }
  }

  void find_marks(const pugi::xml_node& n, std::uint32_t depth, std::vector<pugi::xml_node>& out) {
    check_depth(depth);
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      if (local_name(c) == "mrk" && std::string_view(c.attribute("mtype").value()) == "seg") {
        out.push_back(c);
      } else {
        find_marks(c, depth + 1, out);
      }
    }
  }

  // 2.0: each <segment>'s side (<ignorable> holds what lies between them).
  void unit_20(const pugi::xml_node& u, std::uint32_t depth) {
    const std::string id = u.attribute("id").value();
    for (const pugi::xml_node& c : u.children()) {
      if (c.type() != pugi::node_element || local_name(c) != "segment") continue;
      const pugi::xml_node s = child(c, side_);
      const std::string_view sid = c.attribute("id").value();
      if (s) add(s, sid.empty() ? id : fmt::format("{}/{}", id, sid), depth + 2);
    }
  }

  void add(const pugi::xml_node& e, std::string_view label, std::uint32_t depth) {
    std::string text;
    collect(e, depth, text);
    out_.add(text, "", span_of(e), label);
  }

  void collect(const pugi::xml_node& n, std::uint32_t depth, std::string& text) {
    check_depth(depth);
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        text += c.value();
      } else if (c.type() == pugi::node_element && !is_code(local_name(c))) {
        collect(c, depth + 1, text);
      }
    }
  }

  // The element's bytes in the file: from its "<" to the end of its first
  // closing tag (pugixml keeps each node's offset into the parsed buffer).
  ByteSpan span_of(const pugi::xml_node& e) const {
    const std::ptrdiff_t at = e.offset_debug();
    if (at <= 0 || static_cast<std::size_t>(at) > bytes_.size()) return {};
    const std::size_t start = static_cast<std::size_t>(at) - 1;
    const std::string close = fmt::format("</{}", e.name());
    std::size_t end = bytes_.find(close, start);
    if (end != std::string_view::npos) end = bytes_.find('>', end);
    if (end == std::string_view::npos) return {start, start};
    return {start, end + 1};
  }

  TextBuilder& out_;
  std::string_view bytes_;
  std::string side_;
};

}  // namespace

ExtractedText read_xliff(std::string_view bytes, std::string_view where, const InputLimits& limits,
                         InputSide side) {
  TextBuilder out(where, limits, "\n");
  // UTF-8 only, so that the parser's offsets are the file's.
  validate_text(bytes, where);
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(
      bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!r) out.fail(fmt::format("not well-formed XML at byte {} ({})", r.offset, r.description()));
  const pugi::xml_node root = doc.document_element();
  if (local_name(root) != "xliff") {
    out.fail(fmt::format("not XLIFF: the root element is <{}>, not <xliff>", root.name()));
  }
  XliffReader reader(out, bytes, side);
  reader.walk(root, 1);
  return out.finish(InputFormat::kXliff, true);
}

}  // namespace polyalign::input
