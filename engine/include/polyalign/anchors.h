// polyalign/anchors.h — tokens that survive translation: numbers, names,
// URLs, e-mail addresses, acronyms, Latin-script words inside other scripts.
//
//   polyalign::AnchorExtractor ex({.lang = "id"});
//   std::vector<polyalign::Anchor> found = ex.extract(sentence_text);
//   // "Populasinya adalah 2.645 jiwa ... 31,82%." ->
//   //   {kNumber, "2645"}, {kNumber, "31.82%"}, {kNumber, "31.82"}
//
// Keys are language-independent: two anchors on the two sides of a bead
// match when their kinds and keys are equal (numbers, URLs, e-mails,
// acronyms, Latin words) or, for names, when name_similarity() of their keys
// is >= 0.8.
//
// Spans. Every anchor spans the exact bytes of its token. Several anchors may
// cover the same bytes:
//  - alternative readings of one ambiguous token share its span and have
//    `ambiguous` set ("1.500" in en: "1.5" and "1500"); at most one of them
//    can be right, so a matcher should count one match per span;
//  - a composite comes first, then its parts with their own, nested spans:
//    a range and its two ends ("2025-2030", "2025", "2030"), a percentage and
//    its plain value ("31.82%", "31.82"), a date and its fields, a run of
//    name words and the shorter runs and words inside it.
// Anchors are ordered by span start, longer spans first.
//
// Number conventions come from ICU's CLDR data for `lang` (decimal and
// grouping symbols of numbering system latn, short date and time patterns,
// the percent pattern, ordinal suffixes, the currency symbol): any language
// ICU has data for works; "und" and unknown languages give both readings of a
// form that conventions read differently.
//
// Thread-safety: an AnchorExtractor is immutable after construction;
// extract() may be called from many threads. Name keys are cached per thread
// (bounded), and each thread uses its own clone of the ICU transliterator.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"

namespace polyalign {

enum class AnchorKind : std::uint8_t {
  // key: canonical, ASCII digits, '.' as decimal mark, no grouping, no
  // trailing fractional zeros, no leading zeros: "2645", "31.82", "-5",
  // "31.82%", ranges "2025-2030" (en dash and spaced forms too), times
  // "10:30" / "9:05:30", dates in ISO 8601 "2025-10-23", and forms that fit
  // no number ("1.2.3", "192.168.1.1") as written.
  kNumber,
  kName,       // key: name_key() of the word or run, e.g. "ke tao" for "Che Tao"
  kUrl,        // key: lower-cased URL without scheme, trailing punctuation and '/'
  kEmail,      // key: lower-cased address
  kAcronym,    // key: as written, 2+ Latin capitals and digits: "MWP", "MP3", "COVID-19"
  kLatinWord,  // a Latin-script word inside a non-Latin-script sentence; key: lower-cased
};

std::string_view anchor_kind_name(AnchorKind kind);  // "number", "name", ...

struct Anchor {
  AnchorKind kind = AnchorKind::kNumber;
  std::string key;         // normalised, comparable across languages and scripts
  ByteSpan span;           // bytes of the token within the text given to extract()
  bool ambiguous = false;  // one of several readings of the same span (e.g. "1.500")
};

struct AnchorOptions {
  std::string lang = "und";  // ISO 639-1 or BCP 47; decides number conventions
  bool numbers = true;
  bool names = true;
  bool urls = true;  // URLs and e-mail addresses
  bool acronyms = true;
  bool latin_words = true;  // Latin words inside non-Latin-script text
};

class AnchorExtractor {
 public:
  explicit AnchorExtractor(AnchorOptions options = {});
  ~AnchorExtractor();
  AnchorExtractor(AnchorExtractor&&) noexcept;
  AnchorExtractor& operator=(AnchorExtractor&&) noexcept;
  AnchorExtractor(const AnchorExtractor&) = delete;
  AnchorExtractor& operator=(const AnchorExtractor&) = delete;

  // Anchors of valid UTF-8 `text` (typically one sentence), in text order.
  // Spans are relative to `text`. O(n) in the text length; the first time a
  // thread meets a name word it is transliterated (microseconds), later
  // meetings hit the per-thread cache. Ill-formed UTF-8 is not diagnosed: its
  // bytes are skipped as separators.
  //
  // Name candidates: in scripts that capitalise names (Latin, Cyrillic,
  // Greek, Armenian...) capitalised words, sentence-initial ones included; in
  // caseless scripts written with spaces (Devanagari, Arabic, Georgian...)
  // every word. A word is a candidate alone (if its key has 2+ letters) and
  // in every run of 2-3 adjacent candidates (joined by one space, or by a
  // hyphen in cased scripts); a longer capitalised run is also given whole.
  // Scripts written without spaces (Han, kana, Thai...) give no names.
  //
  // Throws std::runtime_error if ICU cannot build the transliterator, which
  // is built on the first name word outside the Latin script (not before:
  // loading ICU's transliterators costs more than extracting the anchors of
  // thousands of Latin-script sentences).
  std::vector<Anchor> extract(std::string_view text) const;

  const AnchorOptions& options() const { return options_; }

 private:
  struct Impl;
  AnchorOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Numbers of `text` under the conventions of `lang`, as anchors (kNumber),
// exactly as AnchorExtractor({.lang = lang}).extract() gives them (digits
// inside URLs and e-mail addresses are not numbers). Exposed for tests and
// the QA checks.
std::vector<Anchor> extract_numbers(std::string_view text, std::string_view lang);

// The phonetic key of a name in any script: word by word, Indo-Aryan schwa
// deletion (Devanagari, Bengali, Gurmukhi, Gujarati), ICU "Any-Latin;
// Latin-ASCII", lower-cased, then folded so usual transliteration shifts
// agree: ph -> f, h after a consonant dropped (th, kh, ch, nh, jh...), a final
// h after a vowel dropped, c/q -> k, word-initial x -> s (else ks), w -> v,
// y -> i, doubled letters single; apostrophes and non-letters dropped. Words
// are joined by one space. "Che Tao" / "चे ताओ" -> "ke tao"; "Лок Бінь" /
// "Loc Binh" -> "lok bin". Thread-safe.
std::string name_key(std::string_view name);

// Similarity of two name keys in [0, 1] (1 = identical; 0 if exactly one is
// empty): 1 - d / max(length), d a weighted Levenshtein distance where
// substituting a vowel for a vowel costs 0.7, a sibilant for a sibilant
// (s, z, j) 0.5, inserting or deleting a vowel or a space 0.5, anything else
// 1. When both keys have the same number (> 1) of words, the score is at most
// that of the least similar pair of words of 2+ letters, so one differing
// word ("Na Duong" / "Xuan Duong") keeps two names apart. Names whose keys
// score >= 0.8 are treated as the same name.
double name_similarity(std::string_view key_a, std::string_view key_b);

}  // namespace polyalign
