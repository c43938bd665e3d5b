#include "polyalign/segmenter.h"

#include <fmt/format.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "abbreviations.h"
#include "polyalign/document.h"
#include "polyalign/language.h"
#include "util/icu.h"
#include "util/text.h"

namespace polyalign {

namespace {

// ICU gets a line (or paragraph) at most this long at once. Longer ones are
// cut into overlapping windows: sentence-break rules only look a few
// characters around a break, so a break decided away from the window's edges
// is the same as in the whole text, and a 50 MB line never becomes a 100 MB
// UTF-16 copy.
constexpr std::uint64_t kWindowBytes = 1u << 20;
// Breaks closer than this to a window edge are taken from the neighbouring
// window, which sees them with enough context on both sides.
constexpr std::uint64_t kWindowMargin = 4096;
// A URL or e-mail address is recognised only within this many UTF-16 units of
// a break; the bound keeps a pathological space-free line linear.
constexpr std::int32_t kMaxLinkUnits = 2048;
// Longest single piece of an abbreviation ("Ursprüngl.", "Dipl.-Kfm.").
constexpr std::int32_t kMaxAbbreviationUnits = 24;

bool is_space(UChar32 c) { return u_isUWhiteSpace(c); }

// U+0085, U+2028 and U+2029 separate paragraphs for ICU (UAX #29 Sep): a
// break there is never suppressed. CR and LF inside a block only reach ICU
// as spaces (see Run::convert).
bool is_separator(UChar32 c) { return c == 0x85 || c == 0x2028 || c == 0x2029; }

bool is_opening(UChar32 c) {
  if (c == '"' || c == '\'' || c == 0xBF || c == 0xA1) return true;  // also ¿ ¡
  std::int8_t type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION ||
         type == U_FINAL_PUNCTUATION;  // „…“ and »…« open with a "final" quote
}

bool is_closing(UChar32 c) {
  if (c == '"' || c == '\'') return true;
  std::int8_t type = u_charType(c);
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

// Question and exclamation marks (not the full stop, not the danda).
bool is_question_or_exclamation(UChar32 c) {
  return c == '?' || c == '!' || c == 0x203C || c == 0x203D || (c >= 0x2047 && c <= 0x2049) ||
         c == 0xFF1F || c == 0xFF01;
}

// Decodes the code point at `p` of valid UTF-8 and stores its length in `n`.
UChar32 decode(const char* p, int* n) {
  auto c = static_cast<unsigned char>(p[0]);
  if (c < 0x80) {
    *n = 1;
    return c;
  }
  auto b = [p](int k) { return static_cast<UChar32>(static_cast<unsigned char>(p[k]) & 0x3F); };
  if (c < 0xE0) {
    *n = 2;
    return (static_cast<UChar32>(c & 0x1F) << 6) | b(1);
  }
  if (c < 0xF0) {
    *n = 3;
    return (static_cast<UChar32>(c & 0x0F) << 12) | (b(1) << 6) | b(2);
  }
  *n = 4;
  return (static_cast<UChar32>(c & 0x07) << 18) | (b(1) << 12) | (b(2) << 6) | b(3);
}

// First byte in [i, end) that does not start a white-space code point.
std::uint64_t skip_space_forward(std::string_view text, std::uint64_t i, std::uint64_t end) {
  while (i < end) {
    int n;
    if (!is_space(decode(text.data() + i, &n))) break;
    i += n;
  }
  return i;
}

// End of [begin, i) once trailing white space is removed.
std::uint64_t skip_space_backward(std::string_view text, std::uint64_t begin, std::uint64_t i) {
  while (i > begin) {
    std::uint64_t p = i - 1;
    while (p > begin && util::is_utf8_continuation(text[p])) --p;
    int n;
    if (!is_space(decode(text.data() + p, &n))) break;
    i = p;
  }
  return i;
}

std::uint64_t skip_bom(std::string_view text) {
  return text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

// End of the line starting at `pos` (before its terminator), and where the
// next line starts: "\n", "\r\n" and a lone "\r" each end a line.
std::pair<std::uint64_t, std::uint64_t> find_line(std::string_view text, std::uint64_t pos) {
  const std::uint64_t size = text.size();
  // Two memchr (vectorised) instead of a byte loop: the '\n', then a '\r'
  // before it (rare).
  const char* base = text.data();
  const void* newline = std::memchr(base + pos, '\n', size - pos);
  const std::uint64_t limit =
      newline == nullptr ? size : static_cast<std::uint64_t>(static_cast<const char*>(newline) - base);
  const void* cr = std::memchr(base + pos, '\r', limit - pos);
  const std::uint64_t i =
      cr == nullptr ? limit : static_cast<std::uint64_t>(static_cast<const char*>(cr) - base);
  if (i == size) return {i, i};
  if (text[i] == '\r' && i + 1 < size && text[i + 1] == '\n') return {i, i + 2};
  return {i, i + 1};
}

// The code point at [i, ...) of a UTF-16 buffer.
UChar32 char_at(const char16_t* s, std::int32_t n, std::int32_t i) {
  UChar32 c;
  U16_GET(s, 0, i, n, c);
  return c;
}

enum class Initial { kDigit, kUpper, kLower, kOther };

// A white-space-delimited piece of the UTF-16 buffer: [begin, end).
struct Piece {
  std::int32_t begin = 0;
  std::int32_t end = 0;
  std::int32_t size() const { return end - begin; }
};

// The piece ending at `end` (scanning back at most `limit` units); begin < 0
// if it is longer.
Piece piece_before(const char16_t* s, std::int32_t end, std::int32_t limit) {
  std::int32_t i = end;
  while (i > 0 && !is_space(s[i - 1])) {
    if (end - i >= limit) return {-1, end};
    --i;
  }
  return {i, end};
}

Piece piece_after(const char16_t* s, std::int32_t n, std::int32_t begin, std::int32_t limit) {
  std::int32_t i = begin;
  while (i < n && !is_space(s[i])) {
    if (i - begin >= limit) return {begin, -1};
    ++i;
  }
  return {begin, i};
}

std::int32_t skip_opening(const char16_t* s, std::int32_t begin, std::int32_t end) {
  while (begin < end && is_opening(s[begin])) ++begin;
  return begin;
}

// How the word after a break begins, after any opening quotes or brackets.
Initial initial_of(const char16_t* s, std::int32_t n, std::int32_t b) {
  Piece next = piece_after(s, n, b, kMaxAbbreviationUnits);
  std::int32_t end = next.end < 0 ? n : next.end;
  std::int32_t i = skip_opening(s, b, end);
  if (i >= end) return Initial::kOther;
  UChar32 c = char_at(s, n, i);
  if (u_isdigit(c)) return Initial::kDigit;
  if (u_isupper(c) || u_istitle(c)) return Initial::kUpper;
  if (u_islower(c)) return Initial::kLower;
  return Initial::kOther;
}

bool all_digits(const char16_t* s, std::int32_t begin, std::int32_t end) {
  if (begin >= end) return false;
  for (std::int32_t i = begin; i < end; ++i) {
    if (s[i] < u'0' || s[i] > u'9') return false;
  }
  return true;
}

// "1.", "IV.", "b." at the start of a line: a list marker, not a sentence.
bool is_list_marker(const char16_t* s, std::int32_t begin, std::int32_t dot) {
  std::int32_t length = dot - begin;
  if (length >= 1 && length <= 3 && all_digits(s, begin, dot)) return true;
  if (length == 1 && u_isalpha(s[begin])) return true;
  if (length < 1 || length > 5) return false;
  for (std::int32_t i = begin; i < dot; ++i) {
    if (std::u16string_view(u"IVXLCivxlc").find(s[i]) == std::u16string_view::npos) return false;
  }
  return true;
}

// Whether the space-free run around position `b` is a URL or e-mail address.
bool inside_link(const char16_t* s, std::int32_t n, std::int32_t b) {
  Piece before = piece_before(s, b, kMaxLinkUnits);
  Piece after = piece_after(s, n, b, kMaxLinkUnits);
  if (before.begin < 0 || after.end < 0) return false;
  std::u16string_view token(s + before.begin, after.end - before.begin);
  if (token.find(u"://") != std::u16string_view::npos) return true;
  if (token.size() > 4 && (token.substr(0, 4) == u"www." || token.substr(0, 4) == u"WWW.")) {
    return true;
  }
  // local@domain.tld
  std::size_t at = token.find(u'@');
  return at != std::u16string_view::npos && at > 0 &&
         token.find(u'.', at + 2) != std::u16string_view::npos;
}

// Whether the code point before `i` is a letter without case or a combining
// mark (Devanagari words often end in a vowel sign).
bool caseless_letter_before(const char16_t* s, std::int32_t i) {
  if (i <= 0) return false;
  UChar32 c;
  U16_PREV(s, 0, i, c);
  std::int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) return true;
  return type == U_OTHER_LETTER;
}

// Whether `text` ends its sentences with the danda (U+0964, U+0965) at least
// as often as with full stops after caseless words. Hindi news mostly does,
// and then uses the full stop for abbreviations only; some Hindi on the web
// ends sentences with full stops instead, and there they must keep doing so.
bool uses_danda(std::string_view text) {
  std::size_t dandas = 0;
  std::size_t stops = 0;
  const std::size_t size = text.size();
  for (std::size_t i = 0; i < size; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE0 && i + 2 < size && static_cast<unsigned char>(text[i + 1]) == 0xA5 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA4 ||
         static_cast<unsigned char>(text[i + 2]) == 0xA5)) {
      ++dandas;
    } else if (c == '.' && i > 0 &&
               (i + 1 == size || text[i + 1] == ' ' || text[i + 1] == '\n' ||
                text[i + 1] == '\r')) {
      std::size_t p = i - 1;
      while (p > 0 && util::is_utf8_continuation(text[p])) --p;
      int n;
      UChar32 cp = decode(text.data() + p, &n);
      std::int8_t type = u_charType(cp);
      stops +=
          type == U_OTHER_LETTER || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
    }
  }
  return dandas > 0 && dandas >= stops;
}

// Decides which of ICU's candidate breaks stand. Immutable; shared by all
// segment() calls.
class BreakFilter {
 public:
  BreakFilter(detail::AbbreviationTable abbreviations, bool use_abbreviations)
      : abbreviations_(std::move(abbreviations)), use_abbreviations_(use_abbreviations) {}

  // `danda_text`: the text ends its sentences with the danda (see uses_danda).
  bool keep_break(const char16_t* s, std::int32_t n, std::int32_t b, std::int32_t block_start,
                  bool danda_text, std::u16string& key) const;

  // Whether a sentence starts at `p`, a number after a full stop that ICU ran
  // on into (see the definition). `dot` is the position of the full stop.
  bool number_starts_sentence(const char16_t* s, std::int32_t n, std::int32_t dot, std::int32_t p,
                              bool danda_text, std::u16string& key) const;

 private:
  std::optional<detail::AbbreviationKind> abbreviation_before(const char16_t* s, std::int32_t n,
                                                              std::int32_t token_start,
                                                              std::int32_t end, std::int32_t b,
                                                              bool* inside,
                                                              std::u16string& key) const;

  detail::AbbreviationTable abbreviations_;
  bool use_abbreviations_;  // also governs initials and ordinals
};

// Whether the piece after `b` is an initial ("R." in "J. R. Tolkien").
bool next_is_initial(const char16_t* s, std::int32_t n, std::int32_t b) {
  Piece next = piece_after(s, n, b, 4);
  return next.end == b + 2 && s[b + 1] == u'.' && (u_isupper(s[b]) || u_istitle(s[b]));
}

// Whether what precedes the piece starting at `begin` can lead into an
// initial: nothing, a capitalised word ("Donald J.") or an abbreviation or
// another initial ("ім. Т.", "J. R.").
bool name_before(const char16_t* s, std::int32_t begin) {
  std::int32_t e = begin;
  while (e > 0 && is_space(s[e - 1])) --e;
  if (e == 0) return true;
  if (s[e - 1] == u'.') return true;
  Piece previous = piece_before(s, e, kMaxLinkUnits);
  if (previous.begin < 0) return false;
  std::int32_t i = skip_opening(s, previous.begin, e);
  if (i >= e) return true;
  UChar32 c = char_at(s, e, i);
  return u_isupper(c) || u_istitle(c);
}

}  // namespace

// Looks for an abbreviation that ends at the full stop before `end`, possibly
// made of several pieces ("z. B.", "т. зв.", "до н. э."); when the pieces after
// the break complete one ("n." + "Chr."), the break is inside it (`inside`).
std::optional<detail::AbbreviationKind> BreakFilter::abbreviation_before(
    const char16_t* s, std::int32_t n, std::int32_t token_start, std::int32_t end, std::int32_t b,
    bool* inside, std::u16string& key) const {
  const int max_pieces = abbreviations_.max_pieces();
  Piece before[4];
  int num_before = 0;
  for (std::int32_t e = end, begin = token_start; num_before < std::min(max_pieces, 4);) {
    if (begin < 0 || e - begin > kMaxAbbreviationUnits) break;
    before[num_before++] = {begin, e};
    e = begin;
    while (e > 0 && is_space(s[e - 1])) --e;
    if (e == 0) break;
    begin = piece_before(s, e, kMaxAbbreviationUnits).begin;
  }
  Piece after[3];
  int num_after = 0;
  for (std::int32_t begin = b; num_after < std::min(max_pieces - 1, 3) && begin < n;) {
    Piece p = piece_after(s, n, begin, kMaxAbbreviationUnits);
    if (p.end < 0 || p.size() == 0) break;
    after[num_after++] = p;
    begin = p.end;
    while (begin < n && is_space(s[begin])) ++begin;
  }
  std::optional<detail::AbbreviationKind> found;
  for (int k = 1; k <= num_before; ++k) {
    for (int m = 0; k + m <= max_pieces && m <= num_after; ++m) {
      key.clear();
      const Piece& first = before[k - 1];
      std::int32_t first_begin = skip_opening(s, first.begin, first.end);
      key.append(s + first_begin, first.end - first_begin);
      for (int j = k - 2; j >= 0; --j) key.append(s + before[j].begin, before[j].size());
      for (int j = 0; j < m; ++j) key.append(s + after[j].begin, after[j].size());
      if (auto kind = abbreviations_.find(key)) {
        if (m > 0) {
          *inside = true;
          return kind;
        }
        if (!found) found = kind;
      }
    }
  }
  return found;
}

// Decides whether ICU's candidate break at `b` (a UTF-16 offset into the
// window `s` of length `n`) stands. `block_start` is where the line or
// paragraph starts in `s`, or -1 if the window starts inside it. Only ever
// removes breaks: ICU's rules (UAX #29) stay the baseline for every language.
bool BreakFilter::keep_break(const char16_t* s, std::int32_t n, std::int32_t b,
                             std::int32_t block_start, bool danda_text, std::u16string& key) const {
  if (b >= n) return true;
  std::int32_t end = b;
  while (end > 0 && is_space(s[end - 1])) {
    if (is_separator(s[end - 1])) return true;
    --end;
  }
  if (end == 0) return true;
  const bool spaced = end < b;

  // ICU breaks inside "…/index.php?Id=5" and "…?q=x!y": a link is one word.
  if (!spaced && inside_link(s, n, b)) return false;

  const Initial next = initial_of(s, n, b);
  const char16_t last = s[end - 1];
  if (last != u'.') {
    // '"Why?" he asked.': UAX #29 lets only a full stop run on into a
    // lowercase word (SB8); the same holds for ? and ! in running text.
    std::int32_t i = end;
    while (i > 0 && is_closing(s[i - 1])) --i;
    return !(i > 0 && is_question_or_exclamation(s[i - 1]) && next == Initial::kLower);
  }

  Piece token = piece_before(s, end, kMaxAbbreviationUnits);
  if (token.begin < 0) return true;
  const std::int32_t word = skip_opening(s, token.begin, end);
  const std::int32_t dot = end - 1;

  if (block_start >= 0 && token.begin == block_start && is_list_marker(s, word, dot)) {
    return false;
  }

  if (!use_abbreviations_) return true;
  // Where sentences end with a danda, a full stop after a Devanagari (or
  // other caseless) word marks an abbreviation: "यू.एस.", "सेन.", "कि.मी.".
  if (danda_text && caseless_letter_before(s, dot)) return false;
  {
    bool inside = false;
    if (auto kind = abbreviation_before(s, n, token.begin, end, b, &inside, key)) {
      if (inside) return false;
      if (*kind == detail::AbbreviationKind::kNumber) {
        if (next == Initial::kDigit) return false;
      } else {
        // A one-letter "title" right after a number is a unit or symbol
        // ("100 м.", "5 s."), which may well end the sentence.
        bool after_number = false;
        if (dot - word == 1 && token.begin > 0) {
          std::int32_t e = token.begin;
          while (e > 0 && is_space(s[e - 1])) --e;
          Piece previous = piece_before(s, e, kMaxAbbreviationUnits);
          after_number = previous.begin >= 0 && all_digits(s, previous.begin, previous.end);
        }
        if (!after_number) return false;
      }
    }
  }

  // Initials: "Donald J. Trump", "J. R. R. Tolkien", "ім. Т. Г. Шевченка".
  // A lone capital after an ordinary lowercase word is more often the end of
  // a sentence ("a Higher grade A. The data…", "his name to Ye. On…").
  if (next == Initial::kUpper && dot - word == 1 && (u_isupper(s[word]) || u_istitle(s[word])) &&
      (word > token.begin || next_is_initial(s, n, b) || name_before(s, token.begin))) {
    return false;
  }

  // "am 2. August", "dem 1. Kongress" where ordinals are written with a dot.
  if (abbreviations_.ordinal_dot() && next == Initial::kUpper && dot - word <= 3 &&
      all_digits(s, word, dot)) {
    return false;
  }
  return true;
}

// UAX #29 rule SB8 keeps a full stop with whatever follows when a lowercase
// letter comes before the next capital: meant for "e.g. 5 apples", it also
// swallows sentences that start with a number ("…left now. 18 holes to play",
// "…Пелтроу. 37-річна ведуча"). Here a break goes back in when the word before
// the full stop is an ordinary word: letters only, at least two of them, and
// no known abbreviation ("No. 8", "ca. 5", "ст. 5" stay whole).
bool BreakFilter::number_starts_sentence(const char16_t* s, std::int32_t n, std::int32_t dot,
                                         std::int32_t p, bool danda_text,
                                         std::u16string& key) const {
  std::int32_t q = skip_opening(s, p, n);
  if (q >= n || !u_isdigit(char_at(s, n, q))) return false;
  if (danda_text && use_abbreviations_ && caseless_letter_before(s, dot)) return false;
  std::int32_t i = dot;
  while (i > 0 && is_closing(s[i - 1])) --i;
  std::int32_t letters = 0;
  // Apostrophes are part of words ("Скоп'є", "O'Neill"), not opening quotes.
  auto apostrophe = [](UChar32 c) { return c == u'\'' || c == 0x2019 || c == 0x02BC; };
  while (i > 0 && !is_space(s[i - 1]) && (apostrophe(s[i - 1]) || !is_opening(s[i - 1]))) {
    UChar32 c = s[i - 1];
    if (U16_IS_TRAIL(c) && i > 1 && U16_IS_LEAD(s[i - 2])) {
      c = U16_GET_SUPPLEMENTARY(s[i - 2], c);
      --i;
    }
    std::int8_t type = u_charType(c);
    if (u_isalpha(c)) {
      ++letters;
    } else if (type != U_NON_SPACING_MARK && type != U_COMBINING_SPACING_MARK && c != u'-' &&
               !apostrophe(c)) {
      return false;
    }
    --i;
  }
  if (letters < 2) return false;
  if (!use_abbreviations_) return true;
  bool inside = false;
  return !abbreviation_before(s, n, i, dot + 1, p, &inside, key);
}

struct Segmenter::Impl {
  std::unique_ptr<icu::BreakIterator> prototype;  // never iterated: only cloned
  BreakFilter filter;
};

namespace {

// The message of SegmenterOptions::max_sentences (the caller names the file).
std::string too_many_sentences(std::uint32_t limit) {
  return fmt::format("more than {} sentences (the limit, SegmenterOptions::max_sentences); split "
                     "the text into smaller documents",
                     limit);
}

// State of one segment() call: its own clone of the ICU iterator (so calls on
// one Segmenter can run in parallel) and buffers reused across lines.
class Run {
 public:
  Run(const icu::BreakIterator& prototype, const BreakFilter& filter,
      const SegmenterOptions& options, std::string_view text, std::vector<Sentence>& out)
      : filter_(filter), options_(options), text_(text), out_(out), danda_text_(uses_danda(text)) {
    iterator_.reset(prototype.clone());
    if (!iterator_) fail_io("Segmenter", "cannot clone the ICU sentence iterator: out of memory");
  }

  // Splits the line or paragraph [begin, end) (trimmed, non-empty).
  void segment_block(std::uint64_t begin, std::uint64_t end, std::uint32_t paragraph) {
    paragraph_ = paragraph;
    sentence_start_ = begin;
    std::uint64_t window = begin;
    std::uint64_t accept_from = begin;
    while (end - window > kWindowBytes) {
      std::uint64_t window_end = align(window + kWindowBytes);
      std::uint64_t accept_to = align(window_end - kWindowMargin);
      scan(window, window_end, begin, accept_from, accept_to);
      accept_from = accept_to;
      window = align(accept_to - kWindowMargin);
    }
    scan(window, end, begin, accept_from, end);
    emit(sentence_start_, end);
  }

 private:
  // Moves `i` back to the start of its code point.
  std::uint64_t align(std::uint64_t i) const { return util::code_point_start(text_, i); }

  // UTF-16 copy of text_[begin, end) into buffer_. CR and LF become spaces,
  // one unit each, so that with split_lines off a paragraph's line ends do
  // not force breaks (ICU treats them as paragraph separators).
  void convert(std::uint64_t begin, std::uint64_t end) {
    buffer_.clear();
    buffer_.reserve(end - begin);
    const char* p = text_.data() + begin;
    const char* stop = text_.data() + end;
    while (p < stop) {
      auto c = static_cast<unsigned char>(*p);
      if (c < 0x80) {
        buffer_.push_back(c == '\r' || c == '\n' ? u' ' : static_cast<char16_t>(c));
        ++p;
        continue;
      }
      int n;
      UChar32 cp = decode(p, &n);
      p += n;
      if (cp <= 0xFFFF) {
        buffer_.push_back(static_cast<char16_t>(cp));
      } else {
        buffer_.push_back(U16_LEAD(cp));
        buffer_.push_back(U16_TRAIL(cp));
      }
    }
  }

  // Runs ICU over the window [begin, end) of the block starting at
  // `block_begin` and emits the sentences ending at breaks in
  // [accept_from, accept_to).
  void scan(std::uint64_t begin, std::uint64_t end, std::uint64_t block_begin,
            std::uint64_t accept_from, std::uint64_t accept_to) {
    convert(begin, end);
    const auto n = static_cast<std::int32_t>(buffer_.size());
    UErrorCode status = U_ZERO_ERROR;
    UText text = UTEXT_INITIALIZER;
    utext_openUChars(&text, buffer_.data(), n, &status);
    iterator_->setText(&text, status);
    if (U_FAILURE(status)) {
      utext_close(&text);
      util::check_icu(status, "Segmenter",
                      fmt::format("ICU cannot iterate over the text at byte {}", begin));
    }
    std::int32_t block_start = -1;
    if (begin == block_begin) block_start = 0;
    // Breaks come in increasing order, so one cursor maps them to bytes.
    std::int32_t unit = 0;
    std::uint64_t byte = begin;
    // Emits the sentence ending at `b`; false once past this window's share.
    auto take = [&](std::int32_t b) {
      while (unit < b) {
        int len;
        UChar32 cp = decode(text_.data() + byte, &len);
        byte += len;
        unit += cp > 0xFFFF ? 2 : 1;
      }
      if (byte < accept_from) return true;
      if (byte >= accept_to) return false;
      emit(sentence_start_, byte);
      sentence_start_ = byte;
      return true;
    };
    const char16_t* s = buffer_.data();
    std::int32_t previous = 0;
    for (std::int32_t b = iterator_->next(); b != icu::BreakIterator::DONE; b = iterator_->next()) {
      // Full stops ICU did not break after, followed by space and a number.
      for (std::int32_t dot = previous; dot < b; ++dot) {
        if (s[dot] != u'.' || dot + 1 >= n || !is_space(s[dot + 1]) || is_separator(s[dot + 1])) {
          continue;
        }
        std::int32_t p = dot + 1;
        while (p < n && is_space(s[p]) && !is_separator(s[p])) ++p;
        if (p < b && filter_.number_starts_sentence(s, n, dot, p, danda_text_, key_) && !take(p)) {
          utext_close(&text);
          return;
        }
      }
      previous = b;
      if (b >= n) break;
      if (filter_.keep_break(s, n, b, block_start, danda_text_, key_) && !take(b)) break;
    }
    utext_close(&text);
  }

  // Adds [begin, end) trimmed, cut into pieces of at most max_sentence_bytes.
  void emit(std::uint64_t begin, std::uint64_t end) {
    begin = skip_space_forward(text_, begin, end);
    end = skip_space_backward(text_, begin, end);
    const std::uint64_t cap = options_.max_sentence_bytes;
    while (cap > 0 && end - begin > cap) {
      // The last white space at or before the cap ends the piece...
      std::uint64_t p = align(begin + cap);
      bool found = false;
      while (p > begin) {
        int n;
        if (is_space(decode(text_.data() + p, &n))) {
          found = true;
          break;
        }
        do --p;
        while (p > begin && util::is_utf8_continuation(text_[p]));
      }
      if (found) {
        push(begin, skip_space_backward(text_, begin, p));
        begin = skip_space_forward(text_, p, end);
        continue;
      }
      // ...else the last code point boundary does (at least one code point).
      std::uint64_t cut = align(begin + cap);
      if (cut == begin) {
        int n;
        decode(text_.data() + begin, &n);
        cut = begin + n;
      }
      push(begin, cut);
      begin = skip_space_forward(text_, cut, end);
    }
    if (begin < end) push(begin, end);
  }

  void push(std::uint64_t begin, std::uint64_t end) {
    if (options_.max_sentences > 0 && out_.size() >= options_.max_sentences) {
      fail_input("", too_many_sentences(options_.max_sentences));
    }
    out_.push_back({{begin, end}, paragraph_, count_code_points(text_.substr(begin, end - begin))});
  }

  const BreakFilter& filter_;
  const SegmenterOptions& options_;
  std::string_view text_;
  std::vector<Sentence>& out_;
  std::unique_ptr<icu::BreakIterator> iterator_;
  std::u16string buffer_;
  std::u16string key_;
  const bool danda_text_;
  std::uint32_t paragraph_ = 0;
  std::uint64_t sentence_start_ = 0;
};

bool valid_language_code(std::string_view lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  return std::all_of(lang.begin(), lang.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The language's own break rules if ICU has any (only root and "el" in ICU
// 72), else root: never the process's default locale, which would make
// results depend on LANG.
icu::Locale break_locale(const std::string& lang) {
  if (lang == "und") return icu::Locale::getRoot();
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle =
      ures_openDirect(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", lang.c_str(), &status);
  ures_close(bundle);
  return U_SUCCESS(status) ? icu::Locale(lang.c_str()) : icu::Locale::getRoot();
}

}  // namespace

Segmenter::Segmenter(SegmenterOptions options) : options_(std::move(options)) {
  std::string lang = normalize_language_code(options_.lang);
  if (!valid_language_code(lang)) {
    fail_input("SegmenterOptions.lang",
               fmt::format("\"{}\" is not an ISO 639 language code (e.g. \"en\", \"hi\", "
                           "\"und\")",
                           options_.lang));
  }
  options_.lang = lang;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> prototype(
      icu::BreakIterator::createSentenceInstance(break_locale(lang), status));
  util::check_icu(status, prototype.get(), "Segmenter",
                  fmt::format("ICU cannot build the sentence rules for \"{}\"", lang));
  detail::AbbreviationTable abbreviations;
  if (options_.use_abbreviations) abbreviations = detail::AbbreviationTable::for_language(lang);
  impl_ = std::make_unique<Impl>(Impl{
      std::move(prototype), BreakFilter(std::move(abbreviations), options_.use_abbreviations)});
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

std::vector<Sentence> Segmenter::segment(std::string_view text) const {
  if (!impl_) fail_input("Segmenter::segment", "called on a moved-from Segmenter");
  validate_text(text, "text to segment");
  std::vector<Sentence> out;
  Run run(*impl_->prototype, impl_->filter, options_, text, out);
  std::uint32_t paragraph = 0;
  bool seen_content = false;
  bool blank_since = false;  // a blank line since the last content
  // With split_lines off, consecutive non-blank lines form one block.
  std::uint64_t block_begin = 0;
  std::uint64_t block_end = 0;
  bool in_block = false;
  auto flush = [&] {
    if (in_block) run.segment_block(block_begin, block_end, paragraph);
    in_block = false;
  };
  for (std::uint64_t pos = skip_bom(text); pos < text.size();) {
    auto [line_end, next] = find_line(text, pos);
    std::uint64_t content = skip_space_forward(text, pos, line_end);
    if (content == line_end) {
      flush();
      blank_since = seen_content;
    } else {
      if (blank_since) ++paragraph;
      blank_since = false;
      seen_content = true;
      std::uint64_t content_end = skip_space_backward(text, content, line_end);
      if (options_.split_lines) {
        run.segment_block(content, content_end, paragraph);
      } else {
        if (!in_block) block_begin = content;
        block_end = content_end;
        in_block = true;
      }
    }
    pos = next;
  }
  flush();
  return out;
}

std::vector<Sentence> Segmenter::split_lines(std::string_view text, std::uint32_t max_sentences) {
  validate_text(text, "text to split into lines");
  std::vector<Sentence> out;
  for (std::uint64_t pos = skip_bom(text); pos < text.size();) {
    if (max_sentences > 0 && out.size() >= max_sentences) {
      fail_input("", too_many_sentences(max_sentences));
    }
    auto [line_end, next] = find_line(text, pos);
    std::uint64_t begin = skip_space_forward(text, pos, line_end);
    std::uint64_t end = skip_space_backward(text, begin, line_end);
    if (begin == end) begin = end = pos;
    out.push_back({{begin, end}, 0, count_code_points(text.substr(begin, end - begin))});
    pos = next;
  }
  return out;
}

}  // namespace polyalign
