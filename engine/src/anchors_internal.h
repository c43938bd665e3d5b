// anchors_internal.h (private) — the pieces of anchor extraction shared by
// anchors.cpp (extractor, links, words), numbers.cpp (locale-aware numbers;
// the locale's conventions in numbers/conventions.cpp) and names.cpp
// (phonetic name keys).
#pragma once

#include <unicode/utf8.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/anchors.h"

namespace polyalign::detail {

// ---- character classes ---------------------------------------------------

// U_GET_GC_MASK(c) (ICU's general category as a bit mask), from a table for
// the first 2048 code points (ASCII, Latin, Greek, Cyrillic... most of the
// characters the scans meet), filled from ICU itself: the same values
// without a library call per character.
std::uint32_t general_category_mask_slow(UChar32 c);
extern const std::array<std::uint32_t, 0x800> kGeneralCategoryMasks;
inline std::uint32_t general_category_mask(UChar32 c) {
  if (c >= 0 && c < 0x800) return kGeneralCategoryMasks[static_cast<std::size_t>(c)];
  return general_category_mask_slow(c);
}

// ---- hashing ---------------------------------------------------------------

// A hash of short strings (words, keys) eight bytes per multiply; std::hash
// (murmur over bytes) costs several times as much on them. The
// final mix spreads every input bit to the low bits (a hash table's bucket)
// and the high ones.
inline std::uint64_t short_string_hash(std::string_view s, std::uint64_t seed = 0) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = (s.size() ^ seed << 32) * kMul;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, s.data() + i, 8);
    h = (h ^ chunk) * kMul;
    h ^= h >> 29;
  }
  // The last 1-7 bytes in at most two fixed-size loads (a memcpy of a
  // variable size is a library call): two overlapping 4-byte loads, or the
  // first, middle and last byte; either covers every byte, and the length
  // is in the seed.
  const std::size_t rest = s.size() - i;
  if (rest > 0) {
    const char* p = s.data() + i;
    std::uint64_t chunk = 0;
    if (rest >= 4) {
      std::uint32_t low, high;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + rest - 4, 4);
      chunk = low | static_cast<std::uint64_t>(high) << 32;
    } else {
      chunk = static_cast<std::uint8_t>(p[0]) |
              static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[rest / 2])) << 8 |
              static_cast<std::uint64_t>(static_cast<std::uint8_t>(p[rest - 1])) << 16;
    }
    h = (h ^ chunk) * kMul;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

// ---- UTF-8 helpers -------------------------------------------------------
// Text given to the extractor is valid UTF-8 by contract; an ill-formed
// sequence decodes to a negative value, which every caller treats as "not a
// letter, digit or separator", so bad bytes degrade output instead of throwing
// inside the scan.

// The code point at byte `i` (< text.size()); `next` receives the byte after it.
inline UChar32 decode_at(std::string_view text, std::size_t i, std::size_t& next) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto c = static_cast<UChar32>(s[i]);
  if (c < 0x80) {
    next = i + 1;
    return c;
  }
  std::int32_t pos = static_cast<std::int32_t>(i);
  UChar32 out = 0;
  U8_NEXT(s, pos, static_cast<std::int32_t>(text.size()), out);
  next = static_cast<std::size_t>(pos);
  return out;
}

// The code point that ends at byte `i`, or -1 at the start of the text;
// `start` receives its first byte.
inline UChar32 decode_before(std::string_view text, std::size_t i, std::size_t& start) {
  if (i == 0) {
    start = 0;
    return -1;
  }
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  if (s[i - 1] < 0x80) {
    start = i - 1;
    return s[i - 1];
  }
  std::int32_t pos = static_cast<std::int32_t>(i);
  UChar32 out = 0;
  U8_PREV(s, 0, pos, out);
  start = static_cast<std::size_t>(pos);
  return out;
}

// If byte `i` lies inside one of `masks` (sorted, non-overlapping), moves `i`
// to that mask's end and returns true. `m` is the caller's cursor into the
// masks; scans that move forward through the text keep it between calls.
inline bool skip_masked(std::span<const ByteSpan> masks, std::size_t& m, std::size_t& i) {
  while (m < masks.size() && masks[m].end <= i) ++m;
  if (m < masks.size() && masks[m].start <= i) {
    i = masks[m].end;
    return true;
  }
  return false;
}

// ---- URLs and e-mail addresses (anchors.cpp) -------------------------------

// Spans of the URLs and e-mail addresses of `text`, in text order. When `out`
// is given, their anchors (kUrl, kEmail) are appended to it. Numbers and
// words are never looked for inside these spans.
std::vector<ByteSpan> scan_links(std::string_view text, std::vector<Anchor>* out);

// ---- Numbers (numbers.cpp) -------------------------------------------------

// How a separator character between two digit groups can be read.
enum class Separator : std::uint8_t {
  kNone,           // not a separator
  kDot,            // '.'  decimal (en, hi) or grouping (de, id)
  kComma,          // ','  decimal (de, id, uk) or grouping (en, hi)
  kSpace,          // NBSP, NNBSP, thin or figure space (grouping anywhere), or a plain
                   // space where the locale groups with a space (uk, fr)
  kApostrophe,     // ' or ’ (grouping in de-CH)
  kArabicDecimal,  // U+066B
  kArabicGroup,    // U+066C
  kColon,          // ':'  times
  kSlash,          // '/'  numeric dates
};

// The number-writing conventions of one language, read from ICU's CLDR data
// (see number_conventions()).
struct NumberConventions {
  bool known = false;                     // ICU has locale data for the language
  Separator decimal = Separator::kNone;   // CLDR decimal symbol (numbering system latn)
  Separator grouping = Separator::kNone;  // CLDR grouping symbol (numbering system latn)
  bool time_dot = false;                  // short time pattern is H.mm (id, fi, da)
  enum class DayMonth : std::uint8_t { kUnknown, kDayFirst, kMonthFirst };
  DayMonth day_month = DayMonth::kUnknown;     // order in the short date pattern
  bool percent_prefix = false;                 // percent pattern puts '%' first (tr)
  std::vector<std::string> ordinal_suffixes;   // letters glued after an ordinal ("st", "ला")
  std::vector<std::string> currency_prefixes;  // letter currency symbols glued before digits
                                               // ("Rp", "IDR")
};

// The conventions for an ISO 639-1 code or BCP 47 tag; "und", "" and languages
// ICU has no data for give `known == false`. Cached; thread-safe.
// (numbers/conventions.cpp)
std::shared_ptr<const NumberConventions> number_conventions(std::string_view lang);

// Appends the number anchors of `text` to `out`, skipping `masks` (sorted,
// disjoint spans, e.g. URLs). O(n).
void scan_numbers(std::string_view text, const NumberConventions& conventions,
                  std::span<const ByteSpan> masks, std::vector<Anchor>& out);

// ---- Names (names.cpp) -----------------------------------------------------

// The phonetic key of one word (no spaces inside; any script), as used by
// name_key(). Cached per thread. May be empty (a word of marks only). The
// ICU transliterator is built on the first word outside Latin (a failure
// throws std::runtime_error from there).
std::string word_name_key(std::string_view word);
// The same key without the cache.
std::string compute_word_key(std::string_view word);
// The same key for a document's vocabulary, cached per thread apart from
// the names' (a vocabulary would evict them): corpus mode keys each
// document's words again for every pair it is in.
std::string vocabulary_word_key(std::string_view word);

// Whether `text` holds a letter outside the Latin script, one that
// word_name_key() may need that transliterator for; and building it ahead
// (throws as word_name_key() would). ICU loads its whole registry for it,
// which takes longer than the features of 10k Latin sentences: a caller
// with a thread to spare builds it there, off the features' critical path.
bool needs_transliterator(std::string_view text);
void build_transliterator();

// Orders anchors by span start, longer spans first, keeping the order of
// generation otherwise (a composite before its parts).
void sort_anchors(std::vector<Anchor>& anchors);

}  // namespace polyalign::detail
