// PDF text, best effort: poppler lays each page's text out as it is
// printed (pdftotext -layout), and paragraphs are rebuilt from its lines.
// A PDF holds glyphs placed on a page, not paragraphs; what comes out is
// as good as the file's text layer and its layout (see input.h).
#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <climits>
#include <memory>
#include <mutex>

#include "builder.h"

namespace polyalign::input {

namespace {

// Poppler reports damaged objects on stderr; the reader's own error (or a
// best-effort text) is what the user needs. The handler is global to
// poppler, so it is set once.
void silence_poppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// `s` as valid UTF-8: ill-formed sequences (a text layer mapping a glyph
// to a lone surrogate) become U+FFFD.
std::string valid_utf8(const std::vector<char>& s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < n;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  return out;
}

bool is_letter(UChar32 c) {
  const auto t = u_charType(c);
  return u_isalpha(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

UChar32 last_char(std::string_view s, std::size_t end) {
  if (end == 0) return -1;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  auto i = static_cast<std::int32_t>(end);
  UChar32 c;
  U8_PREV(p, 0, i, c);
  return c;
}

UChar32 first_char(std::string_view s) {
  if (s.empty()) return -1;
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  std::int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<std::int32_t>(s.size()), c);
  return c;
}

// The hyphen a line ends with ('-', U+00AD soft hyphen, U+2010), in bytes;
// 0 for none.
std::size_t hyphen_bytes(std::string_view line) {
  if (line.ends_with('-')) return 1;
  if (line.ends_with("\xC2\xAD")) return 2;
  if (line.ends_with("\xE2\x80\x90")) return 3;
  return 0;
}

std::string_view trim(std::string_view s) {
  const auto ws = " \t\r\v";
  const std::size_t a = s.find_first_not_of(ws);
  if (a == std::string_view::npos) return {};
  return s.substr(a, s.find_last_not_of(ws) - a + 1);
}

// The word a text ends with / starts with (letters and marks).
std::string_view last_word(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0) {
    std::size_t j = i;
    const UChar32 c = last_char(s, j);
    if (!is_letter(c)) break;
    U8_BACK_1(reinterpret_cast<const std::uint8_t*>(s.data()), 0, j);
    i = j;
  }
  return s.substr(i);
}

std::string_view first_word(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int32_t>(s.size());
  std::int32_t i = 0;
  while (i < n) {
    std::int32_t j = i;
    UChar32 c;
    U8_NEXT(p, j, n, c);
    if (c < 0 || !is_letter(c)) break;
    i = j;
  }
  return s.substr(0, static_cast<std::size_t>(i));
}

// Whether a paragraph's text ends a sentence (then a page break ends the
// paragraph; otherwise it runs on to the next page).
bool ends_sentence(std::string_view s) {
  while (!s.empty()) {
    const UChar32 c = last_char(s, s.size());
    std::size_t i = s.size();
    U8_BACK_1(reinterpret_cast<const std::uint8_t*>(s.data()), 0, i);
    // Closing quotes and brackets after the stop.
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x201D || c == 0x2019 ||
        c == 0x00BB) {
      s = s.substr(0, i);
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026 || c == 0x0964 ||
           c == 0x0965 || c == 0x3002 || c == 0xFF01 || c == 0xFF1F;
  }
  return true;
}

// Rebuilds paragraphs from the pages' lines and hands them to a TextBuilder.
class Paragraphs {
 public:
  explicit Paragraphs(TextBuilder& out) : out_(out) {}

  // One line of page `page` (1-based); "" for a blank line.
  void line(std::string_view raw, int page) {
    const std::string_view l = trim(raw);
    if (l.empty()) {
      flush();
      return;
    }
    if (text_.empty()) {
      page_ = page;
      text_ = l;
      return;
    }
    const std::size_t h = hyphen_bytes(text_);
    const UChar32 before = h != 0 ? last_char(text_, text_.size() - h) : -1;
    const UChar32 after = first_char(l);
    if (h != 0 && is_letter(before) && is_letter(after)) {
      // "Verein-\nbarung" is one word. The hyphen stays where it is part of
      // the word: a capital after it ("Baden-\nWürttemberg"), the same word
      // on both sides (reduplication: Indonesian "anak-\nanak"), or a token
      // with hyphens or slashes already (a compound "kho-khan-\nnang", a
      // URL).
      const std::string_view before_hyphen = std::string_view(text_).substr(0, text_.size() - h);
      const std::size_t space = before_hyphen.find_last_of(' ');
      const std::string_view token =
          space == std::string_view::npos ? before_hyphen : before_hyphen.substr(space + 1);
      const bool keep = h == 1 && (u_isupper(after) || last_word(before_hyphen) == first_word(l) ||
                                   token.find_first_of("-/") != std::string_view::npos);
      if (!keep) text_.resize(text_.size() - h);
    } else {
      text_ += ' ';
    }
    text_ += l;
  }

  // The end of page `page`: a paragraph that does not end a sentence runs on.
  void page_end() {
    if (!ends_sentence(text_)) return;
    flush();
  }

  void flush() {
    if (text_.empty()) return;
    out_.add(text_, fmt::format("page {}", page_), {});
    text_.clear();
  }

 private:
  TextBuilder& out_;
  std::string text_;  // the paragraph so far
  int page_ = 0;      // where it starts
};

}  // namespace

ExtractedText read_pdf(std::string_view bytes, std::string_view where, const InputLimits& limits) {
  silence_poppler();
  TextBuilder out(where, limits, "\n\n");
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) out.fail("PDF larger than 2 GiB");
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) out.fail("not a readable PDF (damaged or truncated)");
  if (doc->is_locked()) out.fail("encrypted PDF: it needs a password to be read");
  const int pages = doc->pages();
  if (pages < 0 || static_cast<std::uint64_t>(pages) > limits.max_pages) {
    out.fail(fmt::format("{} pages, more than the limit of {}", pages, limits.max_pages));
  }
  Paragraphs paragraphs(out);
  std::uint64_t total = 0;
  for (int i = 0; i < pages; ++i) {
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    // Physical layout: lines as printed, a blank line where the gap between
    // two lines is wide (a paragraph break); the raw and reading-order modes
    // drop those gaps.
    const std::string text =
        valid_utf8(page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8());
    total += text.size();
    if (total > limits.max_unpacked_bytes) {
      out.fail(fmt::format("more than {} bytes of text (the limit)", limits.max_unpacked_bytes));
    }
    // Poppler ends every page with a form feed; the page break is
    // page_end()'s to judge. One inside the page's text ends a paragraph.
    std::string_view rest = text;
    while (!rest.empty() && (rest.back() == '\f' || rest.back() == '\n')) rest.remove_suffix(1);
    while (!rest.empty()) {
      const std::size_t nl = rest.find_first_of("\n\f");
      paragraphs.line(rest.substr(0, nl), i + 1);
      if (nl == std::string_view::npos) break;
      if (rest[nl] == '\f') paragraphs.flush();
      rest.remove_prefix(nl + 1);
    }
    paragraphs.page_end();
  }
  paragraphs.flush();
  ExtractedText result = out.finish(InputFormat::kPdf, false);
  if (result.units.empty()) out.fail("no text layer: scanned PDF? run OCR first");
  return result;
}

}  // namespace polyalign::input
