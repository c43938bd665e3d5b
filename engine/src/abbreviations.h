// abbreviations.h (private) — the abbreviations after which the segmenter
// suppresses a sentence break, per language.
//
// A table merges two sources:
//  - ICU's own sentence-break exception list for the language (the data
//    behind the locale keyword "@ss=standard", brkitr bundle
//    "exceptions/SentenceBreak"), present for de, en, es, fr, it, pt, ru...;
//  - polyalign's lists (abbreviations.cpp), written for the languages ICU has
//    none for (id, hi, uk) and as additions where ICU's list has gaps (de, en).
// The table only answers "is this an abbreviation, and of which kind"; the
// segmenter decides, from what follows, whether to drop the break.
//
// Why ICU's data but not ICU's filter (BreakIterator for "de@ss=standard"):
// ICU 72 matches an exception against the end of the text before a break
// without requiring a word boundary in front of it, so German "r." (rechts)
// suppresses the break after every "er." and "u." after every "zu.". On NTREX
// German (documents joined into paragraphs) plain ICU recovers 731 of 956
// lines as sentences, ICU with "@ss=standard" 637, this table 759.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace polyalign::detail {

enum class AbbreviationKind : std::uint8_t {
  kTitle,   // never ends a sentence ("Dr.", "Jl.", "вул.", "डॉ."): no break after it
  kNumber,  // binds to a following number ("No. 8", "ст. 5", "रु. 500")
};

class AbbreviationTable {
 public:
  // The table for an ISO 639-1 code (already normalised, e.g. "de"); "und" or a
  // language nobody has data for gives an empty table. Throws
  // std::runtime_error if ICU's data exists but cannot be read.
  static AbbreviationTable for_language(std::string_view lang);

  // `key` is the abbreviation with its white space removed ("z.B." for "z. B.").
  std::optional<AbbreviationKind> find(std::u16string_view key) const;

  std::size_t size() const { return entries_.size(); }
  // Most white-space-separated pieces in one entry ("до н. э." has 3).
  int max_pieces() const { return max_pieces_; }
  // The language writes ordinal numbers with a dot ("am 2. August", "1. Kongress").
  bool ordinal_dot() const { return ordinal_dot_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::u16string_view s) const {
      return std::hash<std::u16string_view>{}(s);
    }
  };
  // `capitalised`: also add the entry with its first letter in upper case.
  void add(std::u16string_view entry, AbbreviationKind kind, bool capitalised);

  std::unordered_map<std::u16string, AbbreviationKind, Hash, std::equal_to<>> entries_;
  int max_pieces_ = 1;
  bool ordinal_dot_ = false;
};

}  // namespace polyalign::detail
