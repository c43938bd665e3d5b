// util/text.h — byte-level text helpers shared by the stages. Unicode-aware
// case folding and normalisation go through ICU where they are used; these
// touch ASCII only and leave every other byte (UTF-8 included) as it is.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace polyalign::util {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A copy of `s` with A-Z lower-cased.
inline std::string ascii_lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Whether `c` is a UTF-8 continuation byte (10xxxxxx).
constexpr bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The code point boundary at or before byte `i` of valid UTF-8 (`i` itself
// when it is 0, a boundary, or at or past the end).
inline std::size_t code_point_start(std::string_view text, std::size_t i) {
  while (i > 0 && i < text.size() && is_utf8_continuation(text[i])) --i;
  return i;
}

// Whether `text` starts with `prefix`, A-Z compared case-insensitively
// (`prefix` given in lower case).
inline bool starts_with_ascii_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (ascii_lower(text[k]) != prefix[k]) return false;
  }
  return true;
}

}  // namespace polyalign::util
