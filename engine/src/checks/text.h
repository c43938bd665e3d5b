// checks/text.h (private) — the byte and code point helpers the consistency
// checks read sentences with: a sentence's identity with its white space
// collapsed, its words, its letters, its script.
//
// Every function takes valid UTF-8 (documents are validated when read) and
// returns byte offsets relative to the text it was given. O(bytes) each,
// no state: safe from any thread.
#pragma once

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"

namespace polyalign::checks {

// White space collapsed to one space, trimmed: the identity of a sentence
// for the repeated, untranslated and inconsistent checks (ASCII white space
// and no-break spaces; the bytes are otherwise compared as they are).
std::string collapse_space(std::string_view text);

inline bool is_word_code_point(UChar32 c) {
  return c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// Calls f(start, end) for every word (run of letters, marks and digits) of
// valid UTF-8 `text`, byte offsets relative to it.
template <typename F>
void for_each_word_span(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0, start = -1;
  while (i < n) {
    const std::int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (is_word_code_point(c)) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      f(static_cast<std::size_t>(start), static_cast<std::size_t>(at));
      start = -1;
    }
  }
  if (start >= 0) f(static_cast<std::size_t>(start), text.size());
}

// Letters (and the marks written with them) of `text` outside `skip`
// (spans relative to `text`, ascending by start).
std::size_t letters_outside(std::string_view text, const std::vector<ByteSpan>& skip);

// Letters of `text`, with the marks written with them (a Devanagari vowel
// sign is a mark).
inline std::size_t letters(std::string_view text) { return letters_outside(text, {}); }

bool has_letter_or_digit(std::string_view text);

// Byte offset of the first letter of `text` (text.size() if none).
std::size_t first_letter(std::string_view text);

// Whether the first code point of `text` is an upper-case (lower-case)
// letter.
bool starts_upper(std::string_view text);
bool starts_lower(std::string_view text);

// Calls f(word) for every word of a name key (words joined by one space).
template <typename F>
void for_each_key_word(std::string_view key, F&& f) {
  std::size_t pos = 0;
  while (pos <= key.size()) {
    std::size_t space = key.find(' ', pos);
    if (space == std::string_view::npos) space = key.size();
    if (space > pos) f(key.substr(pos, space - pos));
    pos = space + 1;
  }
}

// Letters of a name key (its bytes but the spaces between its words).
inline std::size_t key_letters(std::string_view key) {
  return static_cast<std::size_t>(
      std::count_if(key.begin(), key.end(), [](char ch) { return ch != ' '; }));
}

// The script most letters of `text` are in (UScriptCode; the first 20,000
// letters are counted).
int main_script(std::string_view text);

}  // namespace polyalign::checks
