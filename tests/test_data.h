// Paths the tests read: files of the repository, and the development data
// that lives beside it (../shared/data, see its README), which
// POLYALIGN_DATA_DIR overrides. Tests that need the data skip with a message
// when it is missing.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace polyalign::testing {

inline std::string source_file(std::string_view relative) {
  return std::string(POLYALIGN_SOURCE_DIR) + "/" + std::string(relative);
}

inline std::string data_dir() {
  if (const char* dir = std::getenv("POLYALIGN_DATA_DIR")) return dir;
  const std::filesystem::path beside =
      std::filesystem::path(POLYALIGN_SOURCE_DIR).parent_path() / "shared" / "data";
  return beside.string();
}

}  // namespace polyalign::testing
