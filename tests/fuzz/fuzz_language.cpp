// Fuzz target: language identification (CLD2) and language codes.
//
// Input: byte 0 picks the options: bits 0-1 min_letters (20, 0, 1, 200),
// bits 2-3 min_percent (60, 0, 100, 30), bit 4 sample_bytes 4096 (the
// smallest; longer texts are then judged on slices), bit 5 passes the rest
// unvalidated (identify_language must then reject ill-formed UTF-8 with
// std::invalid_argument and nothing else). The rest is the text, made
// valid UTF-8 unless bit 5 is set. normalize_language_code() also gets the
// first 16 bytes.
//
// Invariants: "und" or a lower-case code of 2-3 letters; percent in
// [0, 100]; at most three ranked guesses; the same answer twice.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/document.h"
#include "polyalign/language.h"

namespace {

bool code_form(std::string_view code) {
  if (code.size() < 2 || code.size() > 3) return false;
  for (char c : code) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t flags = data[0];
  const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  constexpr int kLetters[] = {20, 0, 1, 200};
  constexpr int kPercent[] = {60, 0, 100, 30};
  polyalign::LanguageOptions o;
  o.min_letters = kLetters[flags & 3];
  o.min_percent = kPercent[(flags >> 2) & 3];
  if (flags & 0x10) o.sample_bytes = 4096;

  (void)polyalign::normalize_language_code(raw.substr(0, 16));
  FUZZ_CHECK(polyalign::normalize_language_code("") == "und");

  std::string text;
  if (flags & 0x20) {
    text.assign(raw);
    bool valid = true;
    try {
      polyalign::validate_text(text, "text");
    } catch (const std::invalid_argument&) {
      valid = false;
    }
    if (!valid) {
      bool threw = false;
      try {
        polyalign::identify_language(text, o);
      } catch (const std::invalid_argument&) {
        threw = true;
      }
      FUZZ_CHECK(threw);
      return 0;
    }
  } else {
    text = polyalign::fuzz::make_valid_utf8(raw);
    o.valid_utf8 = true;
  }
  const polyalign::LanguageGuess g = polyalign::identify_language(text, o);
  FUZZ_CHECK(g.lang == "und" || code_form(g.lang));
  FUZZ_CHECK(g.percent >= 0 && g.percent <= 100);
  FUZZ_CHECK(g.ranked.size() <= 3);
  const polyalign::LanguageGuess again = polyalign::identify_language(text, o);
  FUZZ_CHECK(again.lang == g.lang && again.percent == g.percent && again.ranked == g.ranked);
  return 0;
}
