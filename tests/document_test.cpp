#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "polyalign/document.h"

namespace {
std::string message_of(const std::string& bytes) {
  try {
    polyalign::validate_text(bytes, "in.txt");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("UTF-8 validation names the byte and the problem") {
  struct Case {
    const char* name;
    std::string bytes;
    std::string expected;  // "" = valid
  };
  const Case cases[] = {
      {"ascii", "Hello.", ""},
      {"devanagari", "नमस्ते।", ""},
      {"cyrillic", "Привіт.", ""},
      {"emoji", "ok \xF0\x9F\x98\x80", ""},
      {"bom", "\xEF\xBB\xBFtext", ""},
      {"crlf", "a\r\nb\r", ""},
      {"overlong slash", "ab\xC0\xAF", "in.txt: byte 2: invalid UTF-8 (overlong 2-byte sequence)"},
      {"overlong 3-byte", "\xE0\x80\xAF", "in.txt: byte 0: invalid UTF-8 (overlong sequence)"},
      {"surrogate", "x\xED\xA0\x80", "in.txt: byte 1: invalid UTF-8 (UTF-16 surrogate code point"},
      {"truncated at end", "abc\xE0\xA4", "in.txt: byte 3: invalid UTF-8 (truncated multi-byte sequence at end"},
      {"truncated inside", "\xE0\xA4z", "in.txt: byte 0: invalid UTF-8 (truncated multi-byte sequence)"},
      {"lone continuation", "a\x80", "in.txt: byte 1: invalid UTF-8 (unexpected continuation byte)"},
      {"above U+10FFFF", "\xF4\x90\x80\x80", "in.txt: byte 0: invalid UTF-8 (code point above U+10FFFF)"},
      {"NUL", std::string("ab\0cd", 5), "in.txt: byte 2: NUL byte: this looks like a binary file"},
      {"UTF-16 LE", std::string("\xFF\xFEH\0i\0", 6), "in.txt: looks like UTF-16"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string msg = message_of(c.bytes);
    if (c.expected.empty()) {
      CHECK(msg.empty());
    } else {
      CHECK(msg.rfind(c.expected, 0) == 0);
    }
  }
}

TEST_CASE("make_document records a BOM without removing it") {
  auto doc = polyalign::make_document("\xEF\xBB\xBFSatu.", "id");
  CHECK(doc.content_start == 3);
  CHECK(doc.text.size() == 8);
  CHECK(polyalign::make_document("Satu.").content_start == 0);
}

TEST_CASE("code points, not bytes") {
  CHECK(polyalign::count_code_points("abc") == 3);
  CHECK(polyalign::count_code_points("नमस्ते") == 6);
  CHECK(polyalign::count_code_points("Київ") == 4);
  CHECK(polyalign::count_code_points("\xF0\x9F\x98\x80") == 1);
}

TEST_CASE("reading files: clear errors") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "polyalign_document_test";
  fs::create_directories(dir);
  CHECK_THROWS_WITH_AS(polyalign::read_document((dir / "missing.txt").string()),
                       doctest::Contains("no such file"), std::runtime_error);
  CHECK_THROWS_WITH_AS(polyalign::read_document(dir.string()),
                       doctest::Contains("is a directory"), std::runtime_error);
  {
    std::ofstream(dir / "big.txt") << std::string(100, 'x');
  }
  polyalign::ReadOptions small;
  small.max_bytes = 10;
  CHECK_THROWS_WITH_AS(polyalign::read_document((dir / "big.txt").string(), small),
                       doctest::Contains("larger than the limit"), std::runtime_error);
  fs::remove_all(dir);
}
