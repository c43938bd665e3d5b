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
// "layanan"); a name with a word the dictionary does not know (a person's
// or a place's name: "Kavanaugh") stays missing.
//
// O(vocabulary · log pairs) per member pair with a lacking name (the
// dictionary's links between the two documents), then O(words) per
// lacking name.
#pragma once

#include <string>

#include "checks/names.h"
#include "checks/prepare.h"

namespace polyalign::checks {

// Clears from the checked names of `names` the lacking members whose tuple
// sentences translate every word of the name. `directory`: of the dictd
// databases ("" = none: nothing is cleared).
void drop_dictionary_names(const Group& g, GroupNames& names, const std::string& directory);

}  // namespace polyalign::checks
