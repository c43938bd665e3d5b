// checks/name_dictionary.h (private) — names a bilingual dictionary
// translates.
//
// "Prison Service" is "Layanan Penjara" in Indonesian: a name made of
// common words is often translated word by word, once, where no corpus
// statistics can see it (checks/name_counterparts.h needs the name twice).
// With a dictionary for the two languages (FreeDict, polyalign/
// dictionaries.h; directly or through English), a name is not missing from
// a member whose tuple sentences hold a translation of each of its words
// of three letters or more ("prison" -> "penjara", "service" ->
// "layanan"); a name of several words whose words are each translated or
// written as they are, at least one translated, is there too ("North
// Korea" / "उत्तर कोरिया": the direction translated, the country
// transliterated). A name of several words each of which is a common word
// (below, or one the corpus writes in lower case), one at least
// translated there and not written by the name's sentence outside the
// name, is translated in part ("Drought Monitor" / "Pengamat
// Kekeringan"). A name inside a wider name of its sentence (one the gate
// did not confirm) that is translated is translated with it ("Institute"
// of "National Cancer Institute" / "Lembaga Kanker Nasional"). A name with
// a word the dictionary does not know (a person's or a place's name:
// "Kavanaugh") stays missing.
//
// A name every word of which the corpus writes in lower case in its
// language (in any document: "the drought", "a monitor") and a dictionary of
// that language translates by a word that is not its transliteration ("drought" -> "kekeringan"; not
// "wales" -> "वेल्स": dictionaries list names too), none of them a
// country, region, language, month or weekday (ICU names those), is made
// of common words: "Drought Monitor", "Commission". Where none of its
// translations is there, a translator may still have rendered it in words
// no dictionary lists ("Pengamat kekeringan", "Gremium"): its absence is
// reported with the severity info (checks/names.h), unless the corpus knows
// how that language translates it (checks/name_counterparts.h: then the
// translation is missing too, a warning).
//
// O(vocabulary · log pairs) per member pair with a lacking name (the
// dictionary's links between the two documents), then O(words) per
// lacking name.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "checks/names.h"
#include "checks/prepare.h"

namespace polyalign::checks {

// Clears from the checked names of `names` the lacking members whose tuple
// sentences hold every word of the name, translated or written, one at
// least translated; notes in `common_in` the lacking members left whose
// language the dictionary translates every word of the name into.
// `directory`: of the dictd databases ("" = none: nothing is done);
// `options`: the name thresholds a written word is compared with.
// `lower`: per language, the name keys of the words the corpus's documents
// of that language write in lower case (LowerCaseWords).
using LowerCaseWords = std::unordered_map<std::string, std::unordered_set<std::string>>;
LowerCaseWords lower_case_words(const std::vector<Group>& groups);
void drop_dictionary_names(const Group& g, GroupNames& names, const std::string& directory,
                           const CheckOptions& options, const LowerCaseWords& lower);

}  // namespace polyalign::checks
