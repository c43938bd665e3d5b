#include "polyalign/document.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

#include "polyalign/io.h"

namespace polyalign {

namespace {

// Describes why the bytes at `p` do not start a valid UTF-8 sequence, or
// returns the sequence length. RFC 3629: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF.
int utf8_sequence(const unsigned char* p, const unsigned char* end, const char** why) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  int n;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else if (c == 0xC0 || c == 0xC1) {
    *why = "overlong 2-byte sequence";
    return 0;
  } else if (c >= 0x80 && c <= 0xBF) {
    *why = "unexpected continuation byte";
    return 0;
  } else {
    *why = "byte 0xF5..0xFF never appears in UTF-8";
    return 0;
  }
  if (end - p < n) {
    *why = "truncated multi-byte sequence at end of input";
    return 0;
  }
  for (int k = 1; k < n; ++k) {
    if ((p[k] & 0xC0) != 0x80) {
      *why = "truncated multi-byte sequence";
      return 0;
    }
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) {
    *why = "overlong sequence";
    return 0;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) {
    *why = "UTF-16 surrogate code point encoded in UTF-8";
    return 0;
  }
  if (cp > 0x10FFFF) {
    *why = "code point above U+10FFFF";
    return 0;
  }
  return n;
}

}  // namespace

void validate_text(std::string_view bytes, std::string_view where) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  if (bytes.size() >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
    fail_input(where, "looks like UTF-16 (byte order mark FF FE / FE FF); convert it to UTF-8 "
                      "first, e.g. iconv -f UTF-16 -t UTF-8");
  }
  const auto* begin = p;
  while (p < end) {
    // Fast path over ASCII: eight bytes at a time while none is >= 0x80 or
    // < 0x20 (the second test is "hasless" from Anderson's Bit Twiddling
    // Hacks; it may flag a clean word, never misses a bad one, and a flagged
    // word goes through the byte loop below). Every text is validated by
    // reading, segmenting and language identification, so this runs three
    // times per byte.
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    while (end - p >= 8) {
      std::uint64_t x = 0;
      std::memcpy(&x, p, sizeof x);
      if (((x | ((x - 0x20 * kOnes) & ~x)) & (0x80 * kOnes)) != 0) break;
      p += 8;
    }
    if (p == end) break;
    if (*p >= 0x20 && *p < 0x80) {
      ++p;
      continue;
    }
    if (*p == 0) {
      fail_input(where, fmt::format("byte {}: NUL byte: this looks like a binary file, not text",
                                    p - begin));
    }
    const char* why = nullptr;
    int n = utf8_sequence(p, end, &why);
    if (n == 0) {
      fail_input(where, fmt::format("byte {}: invalid UTF-8 ({}); polyalign reads UTF-8 text only",
                                    p - begin, why));
    }
    p += n;
  }
}

Document make_document(std::string text, std::string lang, std::string path) {
  validate_text(text, path.empty() ? std::string_view("<text>") : std::string_view(path));
  Document doc;
  doc.path = std::move(path);
  doc.lang = std::move(lang);
  doc.text = std::move(text);
  if (doc.text.size() >= 3 && static_cast<unsigned char>(doc.text[0]) == 0xEF &&
      static_cast<unsigned char>(doc.text[1]) == 0xBB &&
      static_cast<unsigned char>(doc.text[2]) == 0xBF) {
    doc.content_start = 3;
  }
  return doc;
}

Document read_document(const std::string& path, const ReadOptions& options) {
  std::string bytes = read_file(path, options.max_bytes);
  const InputFormat format = options.format == InputFormat::kAuto
                                 ? detect_input_format(bytes, path)
                                 : options.format;
  if (format == InputFormat::kText) return make_document(std::move(bytes), "und", path);
  ExtractedText x = extract_text(bytes, format, path, options.limits, options.side);
  Document doc = make_document(std::move(x.text), "und", path);
  doc.format = format;
  doc.units = std::move(x.units);
  doc.sentence_units = x.sentence_units;
  return doc;
}

std::uint32_t count_code_points(std::string_view s) {
  std::uint32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace polyalign
