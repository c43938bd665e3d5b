// numbers/characters.h (private) — the character classes number reading
// shares between the locale conventions (numbers/conventions.cpp) and the
// reader (numbers.cpp): decimal digits and digit-group separators.
// Pure functions of a code point; O(1), no allocation, thread-safe.
#pragma once

#include <unicode/uchar.h>

#include "anchors_internal.h"

namespace polyalign::detail::numbers {

// Decimal digit value of `c` (Nd only, so superscripts and circled digits are
// not digits), or -1.
inline int digit_value(UChar32 c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c < 0x80) return -1;
  return u_charType(c) == U_DECIMAL_DIGIT_NUMBER ? u_charDigitValue(c) : -1;
}

// Spaces that group digits in any language: ISO 80000-1 §7.3.1 recommends a
// (thin) space, CLDR uses NBSP/NNBSP; they never separate two unrelated
// numbers in running text, unlike a plain space.
inline bool is_grouping_space(UChar32 c) {
  return c == 0x00A0 || c == 0x202F || c == 0x2009 || c == 0x2007;
}

inline Separator classify(UChar32 c, bool plain_space_groups) {
  switch (c) {
    case '.':
    case 0xFF0E:  // fullwidth full stop
      return Separator::kDot;
    case ',':
    case 0xFF0C:  // fullwidth comma
      return Separator::kComma;
    case ':':
      return Separator::kColon;
    case '/':
      return Separator::kSlash;
    case '\'':
    case 0x2019:
      return Separator::kApostrophe;
    case 0x066B:
      return Separator::kArabicDecimal;
    case 0x066C:
      return Separator::kArabicGroup;
    case ' ':
      return plain_space_groups ? Separator::kSpace : Separator::kNone;
    default:
      return is_grouping_space(c) ? Separator::kSpace : Separator::kNone;
  }
}

}  // namespace polyalign::detail::numbers
