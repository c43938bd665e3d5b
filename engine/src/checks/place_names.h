// checks/place_names.h (private) — countries, regions and languages by
// their names in each language, as the names check meets them.
//
// "Greece", "Griechenland", "Yunani", "यूनान" and "Греції" (the Ukrainian
// genitive of "Греція") name one country; "Welsh" and "walisisch" one
// language; "Europe" and "Eropa" one region. A translation writes them its
// own way, so a name check that looks for the same letters calls each one
// missing. ICU's display names give every form: the territories
// (Locale::getISOCountries() and the macro-regions: Europe, Latin America,
// the European Union...) and the languages (Locale::getISOLanguages()),
// each named in the language at hand. A place is present in a version
// whose sentences name the same territory or language in that version's
// language, and missing (still reported) where they do not.
//
// Keys are name keys (polyalign/anchors.h name_key()); a name of several
// words is one key ("north korea"). A word names a form when its key equals
// the form's, or, for a one-word form of five letters or more, starts with
// the form less its ending (one letter, two from seven letters on) and is
// at most three letters longer: inflection ("hreciji" / "hrecija",
// "walisische" / "walisisch"). Forms of fewer than four letters are left
// out. Tables are built once per language and shared by all threads;
// O(letters of the key) hash look-ups per call.
#pragma once

#include <string_view>
#include <vector>

namespace polyalign::checks {

// The territories and languages (opaque ids, sorted) whose name in
// language `lang` (ISO 639-1) `key` is; empty: none (or a language ICU has
// no names in).
std::vector<int> place_items(std::string_view lang, std::string_view key);

// The territory (an id as place_items() gives) whose ISO 3166 code, of two
// or three letters, or macro-region code ("EU", "UN") is `code` (upper
// case, as written: "US", "USA", "EU"), or -1. A version writes "the EU"
// or "USA" where another writes "Uni Eropa" or "Amerika Serikat". O(1).
int place_item_of_code(std::string_view code);

}  // namespace polyalign::checks
