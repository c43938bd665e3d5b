#include "polyalign/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "polyalign/common.h"

namespace polyalign {

namespace {
std::atomic<unsigned> temp_counter{0};
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  std::filesystem::path p(path_);
  std::filesystem::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    fail_io(path_, fmt::format("cannot write: directory {} does not exist", dir.string()));
  }
  if (std::filesystem::is_directory(p, ec)) {
    fail_io(path_, "cannot write: it is a directory");
  }
  temp_path_ = (dir / fmt::format(".{}.tmp.{}.{}", p.filename().string(), ::getpid(),
                                   temp_counter.fetch_add(1)))
                   .string();
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    fail_io(path_, fmt::format("cannot write: {}", std::strerror(errno)));
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::commit() {
  out_.flush();
  bool ok = static_cast<bool>(out_);
  out_.close();
  ok = ok && !out_.fail();
  if (ok) {
    // fsync so the rename never exposes a file whose data is not on disk.
    int fd = ::open(temp_path_.c_str(), O_RDONLY);
    if (fd >= 0) {
      ok = ::fsync(fd) == 0;
      ::close(fd);
    }
  }
  if (!ok) {
    int err = errno;
    std::remove(temp_path_.c_str());
    committed_ = true;
    fail_io(path_, fmt::format("write failed: {}", err ? std::strerror(err) : "I/O error (disk full?)"));
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    int err = errno;
    std::remove(temp_path_.c_str());
    committed_ = true;
    fail_io(path_, fmt::format("cannot rename into place: {}", std::strerror(err)));
  }
  committed_ = true;
}

std::string read_file(const std::string& path, std::uint64_t max_bytes) {
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) fail_io(path, "no such file");
  if (std::filesystem::is_directory(st)) fail_io(path, "is a directory, expected a text file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail_io(path, fmt::format("cannot open: {}", std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    data.append(buf, n);
    if (data.size() > max_bytes) {
      std::fclose(f);
      fail_io(path, fmt::format("larger than the limit of {} bytes", max_bytes));
    }
  }
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) fail_io(path, "read error");
  return data;
}

}  // namespace polyalign
