// checks/calendar_names.h (private) — month and weekday names of a
// language, as the names check meets them.
//
// "Oktober" (id, de) and "Oct." (en), "Tuesday" and "у вівторок", "मार्च"
// and "März" name one month or day: capitalised in most languages, they are
// name candidates, and a translation writes them its own way. ICU's
// calendar symbols (DateFormatSymbols, Gregorian) of the language give every
// form: wide and abbreviated, format and stand-alone (the Ukrainian
// genitive "жовтня" and nominative "жовтень"). A month is present in a
// version whose sentences name the same month in that version's language,
// and missing (still reported) where they do not.
//
// Keys are name keys (polyalign/anchors.h name_key()). A word of a
// sentence names item i when its key equals a form's key, or, for a wide
// form of six letters or more, shares its first four letters and is at most
// three letters longer (inflection: "жовтні", "Oktobers"). O(forms) per
// lookup; tables are built once per language and shared by all threads.
#pragma once

#include <optional>
#include <string_view>

namespace polyalign::checks {

// 0-11: January..December, 12-18: Sunday..Saturday; nullopt: neither (or
// a language ICU has no symbols for).
std::optional<int> calendar_item(std::string_view lang, std::string_view key);

}  // namespace polyalign::checks
