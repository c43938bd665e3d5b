// checks/number_words.h (private) — a number written in words.
//
// "11" in English is "elf" in the German translation, "sebelas" in the
// Indonesian one: not a missing number. ICU's spell-out rules
// (RuleBasedNumberFormat, URBNF_SPELLOUT) give every cardinal and ordinal
// form a locale has ("elf", "elfte", "elften"...; Ukrainian's masculine,
// feminine and neuter forms); the text is searched for one of them as a
// word, case-folded ("sieben" is not in "siebenundzwanzig"). A spelling of
// five code points or more also matches with its last code point changed
// or gone and up to two letters more, for inflection ("одинадцять" /
// "одинадцяти"). A language ICU has no rules for matches
// nothing.
//
// Integers from kMinWordNumber to kMaxWordNumber only: "one" is also "a"
// in many languages (ein, एक), and larger numbers are rarely written out,
// their spellings varying more than the rules give. The
// formatters are built once per thread and language; O(spellings · text)
// per look-up. Reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace polyalign::checks {

inline constexpr std::uint64_t kMinWordNumber = 2;
inline constexpr std::uint64_t kMaxWordNumber = 1000;

// Whether `text` writes `value` in words in language `lang` (ISO 639-1).
bool written_in_words(std::string_view text, std::uint64_t value, const std::string& lang);

}  // namespace polyalign::checks
