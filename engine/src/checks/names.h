// checks/names.h (private) — the names check: a name in one member of a
// tuple that is absent from another (the rules are in polyalign/checks.h,
// "names").
//
// Four steps. shared_names() decides once per group which names may be
// checked at all: a name must be confirmed by other members whose
// documents have a name PairEvidence matches to it (the clustering the
// aligner uses); it builds PairEvidence for every ordered pair of members,
// O(names) each. find_missing_names() then looks each checked name of a
// tuple up in the other members' tuple sentences: O(names_a · words_b) per
// tuple, name_similarity() at most once per (key, member).
// drop_translated_names() (checks/name_counterparts.h) reads every group
// to learn how each language translates a name, and clears the lacking
// members that hold its translation; report_missing_names() writes what is
// left, at most one finding per tuple. All are reentrant.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

// Which names of each member may be checked (see the header comment).
struct NameGate {
  std::vector<std::vector<std::uint8_t>> confirmed;  // [k][key]: by the bundle
  std::vector<std::vector<std::vector<std::uint8_t>>>
      pair;  // [k][l][key]: k's and l's documents share it
};

NameGate shared_names(const Group& g, const CheckOptions& options);

// A checked name of one member of a tuple, and the members lacking it.
struct CheckedName {
  ByteSpan span;
  std::uint32_t sentence = 0;
  std::string_view key;  // its name key (points into the member's features)
  std::uint64_t hash = 0;            // of `key`
  std::vector<std::size_t> absent;   // members whose tuple sentences do not write it (translated: counted)
  std::vector<std::size_t> lacking;  // of those, the ones it is reported missing from
  // Lacking members whose language translates it consistently over the
  // corpus (checks/name_counterparts.h): its absence there is an omission.
  std::vector<std::size_t> translated_in;
  // Lacking members in whose language a dictionary translates every word of
  // the name (checks/name_dictionary.h): a name made of common words
  // ("Drought Monitor"), which a translation may render with words the
  // dictionary does not list. Its absence there is reported as info.
  std::vector<std::size_t> common_in;
};

// One member's cell of a tuple as the names check sees it.
struct NameCell {
  std::vector<CheckedName> names;
  // Hashes of the stems of its words' name keys (word_key_hash() of
  // word_stem()), sorted, unique: what a counterpart is looked up in.
  std::vector<std::uint64_t> words;
  bool has(std::uint64_t h) const { return std::binary_search(words.begin(), words.end(), h); }
};

// A group's cells, [t * n + k].
struct GroupNames {
  std::vector<NameCell> cells;
};

std::uint64_t word_key_hash(std::string_view key);

// What a word key is counted and looked up as when a name's translation is
// sought: its first five letters (four of a five-letter key; shorter keys
// whole), so that the inflected forms of a word count as one
// ("zahidnii" / "zahidna", Західній / Західна).
std::string_view word_stem(std::string_view key);

// The checked names of every tuple of `g` and the members lacking them
// (names present as written, inflected or in a compound are not lacking;
// nor, in a tuple of three or more versions, a name no third version holds).
// O(names_a · words_b) per tuple.
GroupNames find_missing_names(const Group& g, const NameGate& gate, const CheckOptions& options);

// Clears the lacking members of the names that a member's document does
// not hold in more than two thirds of the two or more tuples they are in
// (all of two or three; a short name may meet a word that looks like it:
// "vest" / "вести"): "Welsh" in an English text whose German version writes
// "walisisch", "West Virginia" / "Західна Вірджинія". That version renders
// the name another way, unless the corpus knows how (`translated_in`:
// then the tuples without the translation lack it). A name dropped by
// mistake is one the version writes elsewhere, or one that occurs once:
// still reported. O(names · members) per group.
void drop_consistently_absent(const Group& g, GroupNames& names);

// One finding per tuple with a lacking name left in `names`: the widest
// lacking name is reported, not the names inside it.
void report_missing_names(const Group& g, const GroupNames& names, std::vector<Finding>& out);

}  // namespace polyalign::checks
