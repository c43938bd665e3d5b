// HTML text through gumbo (the HTML5 parsing algorithm, WHATWG §13.2):
// block elements as paragraphs, what is not content left out.
#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "builder.h"
#include "polyalign/document.h"

namespace polyalign::input {

namespace {

bool is_one_of(GumboTag tag, std::initializer_list<GumboTag> tags) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

// Not content: code, styling, navigation, embedded objects, form controls.
bool left_out(GumboTag t) {
  return is_one_of(t, {GUMBO_TAG_HEAD, GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT,
                       GUMBO_TAG_TEMPLATE, GUMBO_TAG_NAV, GUMBO_TAG_SVG, GUMBO_TAG_MATH,
                       GUMBO_TAG_SELECT, GUMBO_TAG_BUTTON, GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT,
                       GUMBO_TAG_CANVAS, GUMBO_TAG_TEXTAREA});
}

// Elements that start and end a paragraph; <br> and <hr> end one too.
bool is_block(GumboTag t) {
  return is_one_of(
      t, {GUMBO_TAG_P,          GUMBO_TAG_H1,         GUMBO_TAG_H2,      GUMBO_TAG_H3,
          GUMBO_TAG_H4,         GUMBO_TAG_H5,         GUMBO_TAG_H6,      GUMBO_TAG_LI,
          GUMBO_TAG_DT,         GUMBO_TAG_DD,         GUMBO_TAG_TD,      GUMBO_TAG_TH,
          GUMBO_TAG_TR,         GUMBO_TAG_TABLE,      GUMBO_TAG_CAPTION, GUMBO_TAG_DIV,
          GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,        GUMBO_TAG_UL,      GUMBO_TAG_OL,
          GUMBO_TAG_DL,         GUMBO_TAG_SECTION,    GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN,
          GUMBO_TAG_HEADER,     GUMBO_TAG_FOOTER,     GUMBO_TAG_ASIDE,   GUMBO_TAG_FIGURE,
          GUMBO_TAG_FIGCAPTION, GUMBO_TAG_ADDRESS,    GUMBO_TAG_BODY,    GUMBO_TAG_HTML,
          GUMBO_TAG_FORM,       GUMBO_TAG_FIELDSET,   GUMBO_TAG_LEGEND,  GUMBO_TAG_DETAILS,
          GUMBO_TAG_SUMMARY,    GUMBO_TAG_TITLE,      GUMBO_TAG_BR,      GUMBO_TAG_HR});
}

constexpr std::array<std::string_view, 14> kVoid = {"area",  "base", "br",    "col",  "embed",
                                                    "hr",    "img",  "input", "link", "meta",
                                                    "param", "source", "track", "wbr"};
// Elements the HTML parser closes by themselves when a sibling starts: they
// do not nest by repetition, so the depth scan below does not count them.
constexpr std::array<std::string_view, 13> kSelfClosing = {
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

// An upper bound of the nesting gumbo would build, from the tags alone, in
// one linear pass. Gumbo frees its tree recursively, so a page of a million
// nested <div> would overflow the stack: such input is refused before it
// is parsed. Close to the real depth for real pages (they close their
// elements); an overestimate only for unclosed elements.
std::uint32_t tag_depth(std::string_view s) {
  std::uint32_t depth = 0, deepest = 0;
  std::string name;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '<') continue;
    if (s.compare(i, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 2;
      continue;
    }
    const bool closing = i + 1 < s.size() && s[i + 1] == '/';
    std::size_t j = i + 1 + closing;
    name.clear();
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(s[j])));
      ++j;
    }
    if (name.empty()) continue;
    const std::size_t gt = s.find('>', j);
    if (gt == std::string_view::npos) break;
    i = gt;
    if (listed(kVoid, name) || listed(kSelfClosing, name)) continue;
    if (closing) {
      if (depth > 0) --depth;
      continue;
    }
    if (s[gt - 1] == '/') continue;
    if (name == "script" || name == "style" || name == "textarea" || name == "title") {
      // Raw text up to the end tag: its "<" are not tags.
      const std::size_t end = s.find("</", gt);
      if (end == std::string_view::npos) break;
      i = end - 1;
      continue;
    }
    deepest = std::max(deepest, ++depth);
  }
  return deepest;
}

class HtmlReader {
 public:
  // `bytes` is what gumbo parsed: the file from byte `base` on.
  HtmlReader(TextBuilder& out, std::string_view bytes, std::uint64_t base)
      : out_(out), bytes_(bytes), base_(base) {}

  void walk(const GumboNode* n, std::uint32_t depth) {
    if (depth > out_.limits().max_depth) {
      out_.fail(fmt::format("elements nested deeper than {} (the limit)", out_.limits().max_depth));
    }
    switch (n->type) {
      case GUMBO_NODE_DOCUMENT:
        children(&n->v.document.children, depth);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboTag tag = n->v.element.tag;
        if (left_out(tag)) break;
        const bool block = is_block(tag);
        if (block) flush();
        children(&n->v.element.children, depth);
        if (block) flush();
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE: {
        const GumboText& t = n->v.text;
        text_ += t.text;
        // The bytes of the original this text came from (a text node's
        // original_text points into the input).
        const std::uint64_t start = t.start_pos.offset;
        const std::uint64_t end = start + t.original_text.length;
        if (n->type != GUMBO_NODE_WHITESPACE && end <= bytes_.size()) {
          if (!has_source_) source_.start = base_ + start;
          source_.end = base_ + end;
          has_source_ = true;
        }
        break;
      }
      default:
        break;  // comments
    }
  }

  void flush() {
    if (has_source_) out_.add(text_, "", source_);
    text_.clear();
    has_source_ = false;
  }

 private:
  void children(const GumboVector* v, std::uint32_t depth) {
    for (unsigned i = 0; i < v->length; ++i)
      walk(static_cast<const GumboNode*>(v->data[i]), depth + 1);
  }

  TextBuilder& out_;
  std::string_view bytes_;
  std::uint64_t base_;
  std::string text_;
  ByteSpan source_;
  bool has_source_ = false;
};

}  // namespace

ExtractedText read_html(std::string_view bytes, std::string_view where, const InputLimits& limits) {
  TextBuilder out(where, limits, "\n\n");
  validate_text(bytes, where);  // gumbo reads UTF-8 only
  // The scan's bound is loose (tables add rows and bodies the tags do not
  // show), so it is checked against a multiple of the limit; the real tree
  // is checked against the limit itself while walking it.
  if (tag_depth(bytes) > 4 * limits.max_depth) {
    out.fail(fmt::format("elements nested deeper than {} (the limit)", limits.max_depth));
  }
  const std::uint64_t base = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a BOM
  bytes.remove_prefix(base);
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 1000;  // parse errors are not reported: stop counting early
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> tree(
      gumbo_parse_with_options(&options, bytes.data(), bytes.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (!tree) out.fail("the HTML parser failed");
  HtmlReader reader(out, bytes, base);
  reader.walk(tree->document, 0);
  reader.flush();
  return out.finish(InputFormat::kHtml, false);
}

}  // namespace polyalign::input
