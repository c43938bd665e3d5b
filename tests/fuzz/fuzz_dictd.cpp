// Fuzz target: the dictd database reader and FreeDict definitions
// (read_dictd(), freedict_word_pairs(); --dictionaries DIR).
//
// Input: one flag byte (bit 0: the text is name.dict, plain, instead of
// name.dict.dz, gzip), then the index's bytes, 0x1E, the text file's
// bytes. They are written to temporary files (one pair per process,
// reused) and read with read_dictd() under a 1 MiB limit.
//
// Invariants: it either returns entries or throws std::invalid_argument
// naming one of the two files, in one line; each entry's definition is a
// slice of the text at most the limit long; each definition's word pairs
// are single words as tokenize_words() gives them (non-empty, tokenizing
// again changes nothing) and never one word spelt alike on both sides.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "fuzz_common.h"
#include "polyalign/dictionaries.h"
#include "polyalign/features.h"

namespace {

// One object owns the path and removes the files at exit. (A separate
// cleanup object would be destroyed after the function-local path it reads.)
struct TempFiles {
  std::string base = "/tmp/polyalign-fuzz-dictd." + std::to_string(::getpid());
  ~TempFiles() {
    for (const char* ext : {".index", ".dict", ".dict.dz"}) std::remove((base + ext).c_str());
  }
};

const std::string& base_path() {
  static const TempFiles files;
  return files.base;
}

void write_file(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(f != nullptr);
  FUZZ_CHECK(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
  FUZZ_CHECK(std::fclose(f) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool plain = (data[0] & 1) != 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t sep = input.find(polyalign::fuzz::kSeparator);
  const std::string_view index = input.substr(0, sep);
  const std::string_view text = sep == std::string_view::npos ? std::string_view() : input.substr(sep + 1);
  const std::string& base = base_path();
  write_file(base + ".index", index);
  std::remove((base + (plain ? ".dict.dz" : ".dict")).c_str());
  write_file(base + (plain ? ".dict" : ".dict.dz"), text);
  constexpr std::uint64_t kLimit = 1 << 20;
  std::vector<polyalign::DictdEntry> entries;
  try {
    entries = polyalign::read_dictd(base + ".index", kLimit);
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    FUZZ_CHECK(what.rfind(base + ".", 0) == 0);
    FUZZ_CHECK(what.find('\n') == std::string::npos);
    return 0;
  }
  for (const polyalign::DictdEntry& e : entries) {
    FUZZ_CHECK(e.definition.size() <= kLimit);
    if (plain) FUZZ_CHECK(text.find(e.definition) != std::string_view::npos);
    for (const auto& [a, b] : polyalign::freedict_word_pairs(e.definition)) {
      FUZZ_CHECK(!a.empty() && !b.empty() && a != b);
      FUZZ_CHECK(polyalign::tokenize_words(a) == std::vector<std::string>{a});
      FUZZ_CHECK(polyalign::tokenize_words(b) == std::vector<std::string>{b});
    }
  }
  return 0;
}
