// Fuzz target: the bilingual dictionary reader (--dictionary FILE).
//
// Input: the raw bytes of the file; they are written to a temporary file
// (one per process, reused) and read with read_dictionary().
//
// Invariants: it either returns entries or throws std::invalid_argument
// (not UTF-8 text, a line without a tab), never anything else; the error
// names the file (and the line, for a missing tab); each entry is two
// single words as tokenize_words() gives them (non-empty, lower-cased,
// tokenizing again changes nothing); no more entries than lines.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "fuzz_common.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"

namespace {

// Owns the path and removes the file when the fuzzer exits normally. (A
// separate cleanup object would be destroyed after the path it reads.)
struct TempFile {
  std::string path = "/tmp/polyalign-fuzz-dictionary." + std::to_string(::getpid()) + ".tsv";
  ~TempFile() { std::remove(path.c_str()); }
};

const std::string& temp_path() {
  static const TempFile file;
  return file.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = temp_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(f != nullptr);
  FUZZ_CHECK(std::fwrite(data, 1, size, f) == size);
  FUZZ_CHECK(std::fclose(f) == 0);
  std::vector<std::pair<std::string, std::string>> entries;
  try {
    entries = polyalign::read_dictionary(path);
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    FUZZ_CHECK(what.rfind(path + ": ", 0) == 0);
    return 0;
  }
  const auto lines = static_cast<std::size_t>(std::count(data, data + size, '\n')) + 1;
  FUZZ_CHECK(entries.size() <= lines);
  for (const auto& [a, b] : entries) {
    FUZZ_CHECK(!a.empty() && !b.empty());
    FUZZ_CHECK(polyalign::tokenize_words(a) == std::vector<std::string>{a});
    FUZZ_CHECK(polyalign::tokenize_words(b) == std::vector<std::string>{b});
  }
  return 0;
}
