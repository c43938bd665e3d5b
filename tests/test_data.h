// Paths the tests read: files of the repository, and the development data
// that lives beside it (../shared/data, see its README), which
// POLYALIGN_DATA_DIR overrides. Tests that need the data skip with a message
// when it is missing.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

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

// A fresh directory under the system's temporary directory, named after
// `prefix`, the process and a counter; removed with all it holds on exit.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "polyalign-test")
      : path_(std::filesystem::temp_directory_path() /
              (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" +
               std::to_string(counter_++))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `content` to path()/relative (directories created); its path.
  std::string file(const std::string& relative, const std::string& content) const {
    const std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  // The names of the entries directly in the directory, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
  static inline int counter_ = 0;
};

}  // namespace polyalign::testing
