// polyalign/language.h — language identification (CLD2).
//
//   std::string lang = polyalign::detect_language(doc.text);   // "id", "hi", "uk", "und"...
//
// Returns an ISO 639-1 code where one exists (otherwise CLD2's code, e.g.
// "haw"), or "und" when the text is too short, too mixed or unknown to tell.
// Thread-safe; CLD2 tables are static.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace polyalign {

struct LanguageGuess {
  std::string lang = "und";  // ISO 639-1 code or "und"
  int percent = 0;           // share of the text's letters in that language (0..100)
  bool reliable = false;     // CLD2's own reliability verdict
  std::vector<std::string> ranked;  // CLD2's top languages, best first (up to 3)
};

struct LanguageOptions {
  int min_letters = 20;   // fewer letters than this: "und"
  int min_percent = 60;   // top language must cover this share of the text, else "und"
  // Longer texts are judged on evenly spaced slices of this many bytes in
  // all (a document does not change language halfway through, and the
  // slices still see its beginning, middle and end).
  std::size_t sample_bytes = 256u << 10;
  // The caller guarantees valid UTF-8 (e.g. a sentence of a Document, which
  // was validated on reading): skip the check.
  bool valid_utf8 = false;
};

LanguageGuess identify_language(std::string_view utf8, const LanguageOptions& options = {});

// The language of a whole document: identify_language(utf8, options).lang
// with sample_bytes = 32 KB (a document's language shows in a smaller
// sample than a mixed text's shares do).
// valid_utf8: the caller has validated `utf8` (skips the check).
std::string detect_language(std::string_view utf8, bool valid_utf8 = false);

// Normalises a user-given code ("EN", "en-US", "en_GB", "iw") to polyalign's
// form ("en", "en", "en", "he"); "" and "auto" become "und".
std::string normalize_language_code(std::string_view code);

}  // namespace polyalign
