// polyalign_fuzz_replay: runs fuzz targets on saved inputs without libFuzzer,
// so that every seed and every input that once crashed a target
// (regressions/<target>/) is checked by the ordinary test suite, with any
// compiler and under the sanitizer build.
//
//   polyalign_fuzz_replay TARGET PATH...
//
// PATHs are files or directories (every regular file in them, sorted). Each
// input is given to TARGET's LLVMFuzzerTestOneInput, built into this binary
// under the name polyalign_fuzz_<target> (tests/fuzz/CMakeLists.txt). A
// failed invariant aborts; the input's path is printed first.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#define POLYALIGN_FUZZ_TARGET(name) \
  extern "C" int polyalign_##name(const std::uint8_t* data, std::size_t size);
#include "replay_targets.inc"
#undef POLYALIGN_FUZZ_TARGET

namespace {

using TargetFn = int (*)(const std::uint8_t*, std::size_t);

struct Target {
  const char* name;
  TargetFn run;
};

constexpr Target kTargets[] = {
#define POLYALIGN_FUZZ_TARGET(name) {#name, &polyalign_##name},
#include "replay_targets.inc"
#undef POLYALIGN_FUZZ_TARGET
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TARGET PATH...\n", argv[0]);
    return 2;
  }
  const Target* target = nullptr;
  for (const Target& t : kTargets) {
    if (std::strcmp(t.name, argv[1]) == 0) target = &t;
  }
  if (!target) {
    std::fprintf(stderr, "polyalign_fuzz_replay: unknown target '%s'\n", argv[1]);
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (int k = 2; k < argc; ++k) {
    const fs::path p(argv[k]);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::directory_iterator(p)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (fs::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "polyalign_fuzz_replay: %s: no such file or directory\n", argv[k]);
      return 2;
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    std::fprintf(stderr, "%s %s (%zu bytes)\n", target->name, f.c_str(), bytes.size());
    target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%s: %zu inputs replayed, all invariants held\n", target->name, files.size());
  return 0;
}
