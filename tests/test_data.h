// Paths the tests read: files of the repository, and the development data
// that lives beside it (../shared/data, see its README), which
// POLYALIGN_DATA_DIR overrides. Tests that need the data skip with a message
// when it is missing. Also the plain file and text helpers the tests share
// (whole files, lines, texts made from lines) and TempDir.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
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

// The bytes of a file ("" if it cannot be read).
inline std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The lines of a text file, without their line ends.
inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// `lines`, each ended by '\n'.
inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// `lines` as joined() gives them, except that every 29th line is lost and,
// every 41st line, a line of a distant part of the file is inserted:
// deletions and insertions as in crawled text (side B of a test pair).
inline std::string perturbed(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (k % 41 == 7) out += lines[(k + lines.size() / 2) % lines.size()] + "\n";
    if (k % 29 == 3) continue;
    out += lines[k] + "\n";
  }
  return out;
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
