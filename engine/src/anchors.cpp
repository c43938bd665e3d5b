// anchors.cpp — the extractor: URLs and e-mail addresses, then numbers
// (numbers.cpp), then words: acronyms, Latin words inside other scripts and
// name candidates (keys from names.cpp).
#include "polyalign/anchors.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "anchors_internal.h"
#include "util/text.h"

namespace polyalign {

std::string_view anchor_kind_name(AnchorKind kind) {
  switch (kind) {
    case AnchorKind::kNumber:
      return "number";
    case AnchorKind::kName:
      return "name";
    case AnchorKind::kUrl:
      return "url";
    case AnchorKind::kEmail:
      return "email";
    case AnchorKind::kAcronym:
      return "acronym";
    case AnchorKind::kLatinWord:
      return "latin_word";
  }
  return "unknown";
}

namespace detail {

std::uint32_t general_category_mask_slow(UChar32 c) { return U_GET_GC_MASK(c); }

const std::array<std::uint32_t, 0x800> kGeneralCategoryMasks = [] {
  std::array<std::uint32_t, 0x800> t{};
  for (UChar32 c = 0; c < 0x800; ++c) t[static_cast<std::size_t>(c)] = U_GET_GC_MASK(c);
  return t;
}();

namespace {

// Name candidates are single words and runs of up to this many words; a
// longer run of capitalised words is also given whole. Three covers the
// usual full name (Vietnamese "Trinh Xuan Truong", "Hang A Ky") after a title.
constexpr std::size_t kMaxNameRun = 3;

bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

using util::ascii_lower;
using util::ascii_lowered;

bool is_word_char(UChar32 c) {
  return c >= 0 && (general_category_mask(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// ---- URLs and e-mail -----------------------------------------------------

// End of a URL starting at `i`: up to white space or a character that cannot
// be in a URL written in text (RFC 3986 excludes < > " `, IRIs (RFC 3987) add
// letters, marks and digits of any script), then without trailing
// punctuation and unbalanced closing brackets, as in GitHub Flavored
// Markdown's extended autolinks (spec 0.29, §6.9).
std::size_t url_end(std::string_view text, std::size_t i) {
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if (b <= 0x20 || b == 0x7F || b == '<' || b == '>' || b == '"' || b == '`') break;
      ++i;
      continue;
    }
    std::size_t next = 0;
    if (!is_word_char(decode_at(text, i, next))) break;
    i = next;
  }
  return i;
}

std::size_t trim_url(std::string_view text, std::size_t start, std::size_t end) {
  while (end > start) {
    const char c = text[end - 1];
    if (std::string_view("?!.,:;*_~'\"").find(c) != std::string_view::npos) {
      --end;
      continue;
    }
    if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      const std::string_view url = text.substr(start, end - start);
      if (std::count(url.begin(), url.end(), open) < std::count(url.begin(), url.end(), c)) {
        --end;
        continue;
      }
    }
    break;
  }
  return end;
}

bool email_local_char(char c) {
  return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// The e-mail address around the '@' at `at` (RFC 5322 dot-atom local part,
// restricted to the characters seen in running text; a domain of at least two
// labels whose last is alphabetic), or an empty span.
ByteSpan email_at(std::string_view text, std::size_t at, std::size_t floor) {
  std::size_t start = at;
  while (start > floor && email_local_char(text[start - 1])) --start;
  while (start < at && text[start] == '.') ++start;
  if (start == at) return {};
  std::size_t end = at + 1;
  while (end < text.size() && (ascii_alnum(text[end]) || text[end] == '.' || text[end] == '-'))
    ++end;
  while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  const std::string_view domain = text.substr(at + 1, end - at - 1);
  const std::size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || domain.find("..") != std::string_view::npos) {
    return {};
  }
  const std::string_view tld = domain.substr(dot + 1);
  if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      })) {
    return {};
  }
  return {start, end};
}

void push_anchor(std::vector<Anchor>* out, AnchorKind kind, std::string key, std::size_t start,
                 std::size_t end) {
  if (out == nullptr) return;
  Anchor a;
  a.kind = kind;
  a.key = std::move(key);
  a.span = {start, end};
  out->push_back(std::move(a));
}

// ---- words ---------------------------------------------------------------

struct Word {
  std::size_t start = 0;
  std::size_t end = 0;
  bool latin = false;
  bool digits = false;
  int letters = 0;
  int upper = 0;             // upper- or title-case letters
  int lower = 0;             // lower-case letters
  bool capitalised = false;  // first letter upper- or title-case
  bool bicameral = false;    // its script capitalises names
  bool spaceless = false;    // its script is written without spaces between words
};

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x02BB; }

// Script of a letter, with the properties the word classes depend on.
void describe_first_letter(UChar32 c, Word& w) {
  if (c < 0x80) {
    w.latin = true;
    w.bicameral = true;
    w.capitalised = c >= 'A' && c <= 'Z';
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  w.latin = script == USCRIPT_LATIN;
  // Georgian gained capitals (Mtavruli) in Unicode 11, but they are used for
  // all-caps headings, never to mark names.
  w.bicameral = u_hasBinaryProperty(c, UCHAR_CASED) && script != USCRIPT_GEORGIAN;
  w.capitalised = u_isUUppercase(c) || u_istitle(c);
  // UAX #14 classes ID, CJ (Han, kana) and SA (Thai, Lao, Khmer, Myanmar):
  // words are not separated by spaces, so a "word" here would be a phrase.
  const auto lb = static_cast<ULineBreak>(u_getIntPropertyValue(c, UCHAR_LINE_BREAK));
  w.spaceless = lb == U_LB_IDEOGRAPHIC || lb == U_LB_COMPLEX_CONTEXT ||
                lb == U_LB_CONDITIONAL_JAPANESE_STARTER;
}

// ASCII bytes that are not word characters (is_word_char): all but letters
// and digits.
constexpr std::array<bool, 256> kAsciiNonWord = [] {
  std::array<bool, 256> t{};
  for (int b = 0; b < 0x80; ++b) {
    t[b] = !((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'));
  }
  return t;
}();

// Words of `text` outside `masks`: runs of letters, marks and digits with
// inner apostrophes and joiners, starting with a letter (UAX #29 ALetter;
// a run starting with a digit is a number's business).
std::vector<Word> scan_words(std::string_view text, std::span<const ByteSpan> masks,
                             int& latin_letters, int& other_letters) {
  std::vector<Word> words;
  std::size_t m = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (skip_masked(masks, m, i)) continue;
    // ASCII spaces and punctuation between words: a tight loop up to the
    // next mask rather than one pass of this loop per byte.
    const std::size_t stop = m < masks.size() ? masks[m].start : text.size();
    while (i < stop && kAsciiNonWord[static_cast<unsigned char>(text[i])]) ++i;
    if (i == stop) continue;
    std::size_t next = 0;
    const UChar32 c = decode_at(text, i, next);
    if (!is_word_char(c)) {
      i = next;
      continue;
    }
    const bool starts_with_letter = (general_category_mask(c) & U_GC_L_MASK) != 0;
    // Filled in place: a local Word copied in at the end was stored
    // field by field and read back whole, a store-forwarding stall per word
    // that cost a third of the extraction.
    Word& w = words.emplace_back();
    w.start = i;
    if (starts_with_letter) describe_first_letter(c, w);
    while (i < text.size()) {
      const UChar32 d = decode_at(text, i, next);
      if (is_word_char(d)) {
        const auto gc = general_category_mask(d);
        if (gc & (U_GC_L_MASK | U_GC_M_MASK)) {
          if (gc & U_GC_L_MASK) ++w.letters;
          if (gc & (U_GC_LU_MASK | U_GC_LT_MASK)) ++w.upper;
          if (gc & U_GC_LL_MASK) ++w.lower;
          // Marks count with their script: Indic vowel signs are half of
          // the writing; combining accents (script Inherited) count for none.
          if (d < 0x80) {
            ++latin_letters;
          } else {
            UErrorCode status = U_ZERO_ERROR;
            const UScriptCode script = uscript_getScript(d, &status);
            if (script == USCRIPT_LATIN) {
              ++latin_letters;
            } else if (script != USCRIPT_INHERITED && script != USCRIPT_COMMON) {
              ++other_letters;
            }
          }
        } else if (gc & U_GC_ND_MASK) {
          w.digits = true;
        }
        i = next;
        continue;
      }
      std::size_t after = 0;
      const bool inner = (is_apostrophe(d) || d == 0x200C || d == 0x200D) && next < text.size() &&
                         is_word_char(decode_at(text, next, after));
      if (!inner) break;
      i = next;
    }
    w.end = i;
    if (!starts_with_letter) words.pop_back();
  }
  return words;
}

// Two candidate words belong to one run when a single space, no-break space
// or hyphen (only a space for scripts without case) separates them.
bool adjacent(std::string_view text, const Word& a, const Word& b) {
  if (b.start <= a.end) return false;
  std::size_t next = 0;
  const UChar32 c = decode_at(text, a.end, next);
  if (next != b.start) return false;
  if (c == ' ' || c == 0x00A0) return true;
  return a.bicameral && (c == '-' || c == 0x2010 || c == 0x2011);
}

}  // namespace

namespace {

// Whether `text` may hold a link or an e-mail address: both need a "://",
// a "www." (any case) or an "@". Most sentences have none, and these are
// found by memchr-speed searches instead of a look at every byte.
bool may_hold_link(std::string_view text) {
  if (text.find('@') != std::string_view::npos) return true;
  if (text.find("://") != std::string_view::npos) return true;
  for (std::size_t dot = text.find('.', 3); dot != std::string_view::npos;
       dot = text.find('.', dot + 1)) {
    if (ascii_lower(text[dot - 3]) == 'w' && ascii_lower(text[dot - 2]) == 'w' &&
        ascii_lower(text[dot - 1]) == 'w')
      return true;
  }
  return false;
}

}  // namespace

std::vector<ByteSpan> scan_links(std::string_view text, std::vector<Anchor>* out) {
  std::vector<ByteSpan> spans;
  if (!may_hold_link(text)) return spans;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const char lc = ascii_lower(c);
    std::size_t floor = spans.empty() ? 0 : spans.back().end;
    if ((lc == 'h' || lc == 'f' || lc == 'w') && (i == 0 || !ascii_alnum(text[i - 1]))) {
      std::size_t before = 0;
      const UChar32 prev = decode_before(text, i, before);
      std::size_t scheme = 0;
      for (std::string_view s : {"https://", "http://", "ftp://"}) {
        if (util::starts_with_ascii_ci(text.substr(i), s)) scheme = s.size();
      }
      const bool www = scheme == 0 && util::starts_with_ascii_ci(text.substr(i), "www.");
      if ((scheme > 0 || www) && !is_word_char(prev)) {
        const std::size_t end = trim_url(text, i, url_end(text, i + scheme));
        const std::string_view rest =
            text.substr(i + scheme, end > i + scheme ? end - i - scheme : 0);
        // A host is needed ("www." alone, "http://" alone are not links);
        // "www." needs a dot after it ("www.example.org").
        const std::string_view host = rest.substr(0, rest.find('/'));
        const bool has_host = www ? host.size() > 4 &&
                                        host.find('.', 4) != std::string_view::npos &&
                                        host.find('.', 4) > 4
                                  : !host.empty() && ascii_alnum(host[0]);
        if (has_host) {
          std::string key = ascii_lowered(rest);
          while (!key.empty() && key.back() == '/') key.pop_back();
          push_anchor(out, AnchorKind::kUrl, std::move(key), i, end);
          spans.push_back({i, end});
          i = end;
          continue;
        }
      }
    }
    if (c == '@') {
      const ByteSpan e = email_at(text, i, floor);
      if (e.size() > 0) {
        push_anchor(out, AnchorKind::kEmail, ascii_lowered(text.substr(e.start, e.size())), e.start,
                    e.end);
        spans.push_back(e);
        i = e.end;
        continue;
      }
    }
    ++i;
  }
  return spans;
}

void sort_anchors(std::vector<Anchor>& anchors) {
  const auto before = [](const Anchor& a, const Anchor& b) {
    if (a.span.start != b.span.start) return a.span.start < b.span.start;
    return a.span.end > b.span.end;
  };
  // A sentence has a handful of anchors, mostly in order already: insertion
  // sort (stable, like std::stable_sort) moves only the few out of place and
  // needs no buffer.
  if (anchors.size() > 32) {
    std::stable_sort(anchors.begin(), anchors.end(), before);
    return;
  }
  for (std::size_t i = 1; i < anchors.size(); ++i) {
    if (!before(anchors[i], anchors[i - 1])) continue;
    Anchor moved = std::move(anchors[i]);
    std::size_t j = i;
    for (; j > 0 && before(moved, anchors[j - 1]); --j) anchors[j] = std::move(anchors[j - 1]);
    anchors[j] = std::move(moved);
  }
}

}  // namespace detail

struct AnchorExtractor::Impl {
  std::shared_ptr<const detail::NumberConventions> conventions;
};

AnchorExtractor::AnchorExtractor(AnchorOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->conventions = detail::number_conventions(options_.lang);
}

AnchorExtractor::~AnchorExtractor() = default;
AnchorExtractor::AnchorExtractor(AnchorExtractor&&) noexcept = default;
AnchorExtractor& AnchorExtractor::operator=(AnchorExtractor&&) noexcept = default;

namespace {

using detail::Word;
// Consecutive name candidates of one kind, each with its word's key.
using NameRun = std::vector<std::pair<const Word*, std::string>>;

// The names of a run: every stretch of up to kMaxNameRun words, and a
// longer run of capitalised words whole. Empties the run.
void push_name_run(NameRun& run, std::vector<Anchor>& out) {
  const std::size_t n = run.size();
  for (std::size_t first = 0; first < n; ++first) {
    std::string key;
    for (std::size_t last = first; last < n && last < first + detail::kMaxNameRun; ++last) {
      if (!run[last].second.empty()) {
        if (!key.empty()) key.push_back(' ');
        key += run[last].second;
      }
      // A lone word needs two letters of key: one-letter keys ("a", "e")
      // would match anything.
      if (key.empty() || (last == first && key.size() < 2)) continue;
      detail::push_anchor(&out, AnchorKind::kName, key, run[first].first->start,
                          run[last].first->end);
    }
  }
  if (n > detail::kMaxNameRun && run.front().first->bicameral) {
    std::string key;
    for (const auto& [word, word_key] : run) {
      if (word_key.empty()) continue;
      if (!key.empty()) key.push_back(' ');
      key += word_key;
    }
    detail::push_anchor(&out, AnchorKind::kName, std::move(key), run.front().first->start,
                        run.back().first->end);
  }
  run.clear();
}

void push_acronym(std::string_view text, const Word& w, std::vector<Anchor>& out) {
  // "COVID-19": digits joined by a hyphen belong to the acronym.
  std::size_t end = w.end;
  if (end + 1 < text.size() && text[end] == '-' && text[end + 1] >= '0' && text[end + 1] <= '9') {
    std::size_t q = end + 1;
    while (q < text.size() && text[q] >= '0' && text[q] <= '9') ++q;
    std::size_t next = 0;
    if (q >= text.size() || !detail::is_word_char(detail::decode_at(text, q, next))) end = q;
  }
  detail::push_anchor(&out, AnchorKind::kAcronym, std::string(text.substr(w.start, end - w.start)),
                      w.start, end);
}

void push_latin_word(std::string_view text, const Word& w, std::vector<Anchor>& out) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data() + w.start, static_cast<int32_t>(w.end - w.start)));
  u.toLower(icu::Locale::getRoot());
  std::string key;
  u.toUTF8String(key);
  detail::push_anchor(&out, AnchorKind::kLatinWord, std::move(key), w.start, w.end);
}

}  // namespace

std::vector<Anchor> AnchorExtractor::extract(std::string_view text) const {
  std::vector<Anchor> out;
  // A news sentence has 5-10 anchors on average (English 5.5, German, whose
  // nouns are capitalised, 10): one allocation instead of up to five
  // growths that move them.
  out.reserve(16);
  const std::vector<ByteSpan> links = detail::scan_links(text, options_.urls ? &out : nullptr);
  if (options_.numbers) detail::scan_numbers(text, *impl_->conventions, links, out);
  if (!(options_.names || options_.acronyms || options_.latin_words)) {
    detail::sort_anchors(out);
    return out;
  }

  int latin_letters = 0;
  int other_letters = 0;
  const std::vector<Word> words = detail::scan_words(text, links, latin_letters, other_letters);
  const bool non_latin_text = other_letters > latin_letters;

  // Name runs: consecutive candidate words of one kind (capitalised words of
  // a bicameral script, or words of a caseless script).
  NameRun run;
  for (const Word& w : words) {
    const bool acronym = w.latin && w.upper >= 2 && w.lower == 0 && w.upper == w.letters;
    if (acronym) {
      push_name_run(run, out);
      if (options_.acronyms) push_acronym(text, w, out);
      continue;
    }
    if (w.digits) {  // "Su27", "iPhone15": neither a name nor a plain word
      push_name_run(run, out);
      continue;
    }
    if (options_.latin_words && w.latin && non_latin_text && w.letters >= 2) push_latin_word(text, w, out);
    if (!options_.names) continue;
    const bool candidate = !w.spaceless && (w.bicameral ? w.capitalised : true);
    if (!candidate) {
      push_name_run(run, out);
      continue;
    }
    if (!run.empty() && !(run.back().first->bicameral == w.bicameral &&
                          detail::adjacent(text, *run.back().first, w))) {
      push_name_run(run, out);
    }
    run.emplace_back(&w, detail::word_name_key(text.substr(w.start, w.end - w.start)));
  }
  push_name_run(run, out);
  detail::sort_anchors(out);
  return out;
}

}  // namespace polyalign
