// Helpers shared by the libFuzzer targets of tests/fuzz (see README.md there).
//
// Every target reads its input in a fixed, documented layout so that real
// files make good seeds (tests/fuzz/corpus/<target>/): usually one or two
// configuration bytes, then text. Text parts are split on kSeparator (0x1E,
// the ASCII record separator, which real text never holds).
//
// An invariant that does not hold calls FUZZ_CHECK, which prints what failed
// and aborts: libFuzzer then saves the input as a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"

#define FUZZ_CHECK(cond)                                                          \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                               \
    }                                                                             \
  } while (0)

namespace polyalign::fuzz {

inline constexpr char kSeparator = '\x1e';

// Languages the targets choose from with one byte: the development
// languages, scripts with their own number and name rules (Arabic and
// Hebrew right to left, Thai and Chinese without spaces, Greek with its own
// break rules), "und" and a code no data exists for.
inline constexpr std::string_view kLanguages[] = {"und", "en", "de", "id", "hi", "uk", "fr",
                                                  "ru",  "ar", "he", "th", "zh", "ja", "el",
                                                  "bn",  "es", "vi", "tr", "qq", "fa"};
inline constexpr std::size_t kLanguageCount = sizeof(kLanguages) / sizeof(kLanguages[0]);

inline std::string_view language(std::uint8_t byte) { return kLanguages[byte % kLanguageCount]; }

// Splits `data` on kSeparator into at most `max_parts` parts (the last one
// takes the rest).
inline std::vector<std::string_view> split_parts(std::string_view data, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const std::size_t p = data.find(kSeparator);
    if (p == std::string_view::npos) break;
    parts.push_back(data.substr(0, p));
    data.remove_prefix(p + 1);
  }
  parts.push_back(data);
  return parts;
}

// `bytes` made valid for the engine: every byte that does not start a
// well-formed UTF-8 sequence (RFC 3629) becomes U+FFFD, NUL becomes a space
// and a leading UTF-16 byte order mark is dropped. Valid text comes back
// unchanged, so targets that need valid text still see every valid input
// exactly, and random bytes still reach the code beyond the validator.
inline std::string make_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  if (end - p >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) p += 2;
  while (p < end) {
    const unsigned char c = *p;
    int n = 0;
    if (c < 0x80) n = 1;
    else if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    bool ok = n > 0 && end - p >= n;
    for (int k = 1; ok && k < n; ++k) ok = (p[k] & 0xC0) == 0x80;
    if (ok && n == 3) {
      ok = !(c == 0xE0 && p[1] < 0xA0) && !(c == 0xED && p[1] >= 0xA0);  // overlong, surrogate
    } else if (ok && n == 4) {
      ok = !(c == 0xF0 && p[1] < 0x90) && !(c == 0xF4 && p[1] >= 0x90);  // overlong, > U+10FFFF
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++p;
    } else if (c == 0) {
      out += ' ';
      ++p;
    } else {
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
      p += n;
    }
  }
  return out;
}

// True when [start, end) lies within a text of `size` bytes and both ends
// fall on code point boundaries of valid UTF-8 `text`.
inline bool on_boundaries(std::string_view text, std::uint64_t start, std::uint64_t end) {
  auto boundary = [&](std::uint64_t i) {
    return i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  };
  return start <= end && end <= text.size() && boundary(start) && boundary(end);
}

}  // namespace polyalign::fuzz
