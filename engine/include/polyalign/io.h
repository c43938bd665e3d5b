// polyalign/io.h — file utilities kept apart from the alignment code.
//
// AtomicFile: output is written to a temporary file beside the target and
// renamed over it only on commit(), so a failed or interrupted run never
// leaves a half-written file under the target's name.
//
//   polyalign::AtomicFile out("result.jsonl");
//   out.stream() << ...;
//   out.commit();        // flush, fsync, rename; throws std::runtime_error
//   // destroyed without commit(): the temporary file is removed.
#pragma once

#include <fstream>
#include <string>

namespace polyalign {

class AtomicFile {
 public:
  // Creates "<dir>/.<name>.tmp.<pid>.<n>". Throws std::runtime_error with the
  // path and the system's reason if it cannot be created.
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  void commit();

 private:
  std::string path_, temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

// Reads a whole file into memory. Throws std::runtime_error naming the path
// and the system's reason (missing, a directory, unreadable...).
std::string read_file(const std::string& path, std::uint64_t max_bytes);

}  // namespace polyalign
