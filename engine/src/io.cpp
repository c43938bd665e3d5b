#include "polyalign/io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "polyalign/common.h"

namespace polyalign {

namespace {
std::atomic<unsigned> temp_counter{0};

// The temporary files a signal handler must remove: a fixed table of C
// strings, since a handler may neither allocate nor lock. A slot is free
// (0), being filled (1), holds the path of a file being created (2) or
// created (3); the handler reads only slots in states 2 and 3, and
// lock-free atomics are async-signal-safe.
struct PendingSlot {
  std::atomic<int> state{0};
  char path[4096];
};
static_assert(std::atomic<int>::is_always_lock_free);
PendingSlot pending[kMaxPendingTempFiles];

int register_pending(const std::string& path) {
  if (path.size() >= sizeof(PendingSlot::path)) return -1;
  for (std::size_t k = 0; k < kMaxPendingTempFiles; ++k) {
    int expected = 0;
    if (pending[k].state.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
      std::memcpy(pending[k].path, path.c_str(), path.size() + 1);
      pending[k].state.store(2, std::memory_order_release);
      return static_cast<int>(k);
    }
  }
  return -1;  // table full: the destructor still removes the file
}

// Set by the handler before it removes the files: a file registered after
// it is not created (another thread may write while the handler runs).
std::atomic<bool> interrupting{false};

// Whether a thread is between registering a file and creating it.
bool any_being_created() {
  for (const PendingSlot& s : pending) {
    const int state = s.state.load(std::memory_order_acquire);
    if (state == 1 || state == 2) return true;
  }
  return false;
}

void unregister_pending(int& slot) {
  if (slot >= 0) pending[slot].state.store(0, std::memory_order_release);
  slot = -1;
}

void remove_pending_and_reraise(int sig) {
  // SA_RESETHAND restored the default action on entry and the signal is
  // blocked while this runs: re-raised, it ends the process on return,
  // with the status a shell reports for that signal.
  const int saved = errno;
  interrupting.store(true);
  remove_pending_temp_files();
  // Another thread may be creating a file it registered before the flag
  // was set: wait for it to be created, then remove it too. Bounded: the
  // thread may be this one, interrupted between the two steps.
  const timespec ms{0, 1000000};
  for (int waited = 0; waited < 200 && any_being_created(); ++waited) ::nanosleep(&ms, nullptr);
  remove_pending_temp_files();
  ::raise(sig);
  errno = saved;
}
}  // namespace

void remove_pending_temp_files() noexcept {
  for (PendingSlot& s : pending) {
    const int state = s.state.load(std::memory_order_acquire);
    if (state == 2 || state == 3) ::unlink(s.path);
  }
}

void install_interrupt_cleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;
    struct sigaction sa {};
    sa.sa_handler = remove_pending_and_reraise;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    ::sigaction(sig, &sa, nullptr);
  }
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
  // Registered before it exists, so no signal finds it unregistered; not
  // created once a signal is being handled (the handler, on another
  // thread, may have looked already).
  slot_ = register_pending(temp_path_);
  if (interrupting.load()) {
    unregister_pending(slot_);
    fail_io(path_, "cannot write: the process is being interrupted");
  }
  out_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    const int err = errno;
    unregister_pending(slot_);
    fail_io(path_, fmt::format("cannot write: {}", std::strerror(err)));
  }
  if (slot_ >= 0) pending[slot_].state.store(3, std::memory_order_release);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_path_.c_str());
  }
  // Only after the file is gone (removed or renamed): a signal in between
  // unlinks a path that no longer exists, which is harmless.
  unregister_pending(slot_);
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
  unregister_pending(slot_);
}

AtomicOutput::AtomicOutput(const std::string& path) {
  if (!path.empty() && path != "-") file_ = std::make_unique<AtomicFile>(path);
}

AtomicOutput::~AtomicOutput() = default;

std::ostream& AtomicOutput::stream() { return file_ ? file_->stream() : std::cout; }

void AtomicOutput::commit() {
  if (file_) {
    file_->commit();
  } else {
    std::cout.flush();
    if (!std::cout) fail_io("stdout", "write failed");
  }
}

std::string read_file(const std::string& path, std::uint64_t max_bytes) {
  std::error_code ec;
  std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) fail_io(path, "no such file");
  if (std::filesystem::is_directory(st)) fail_io(path, "is a directory, expected a text file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail_io(path, fmt::format("cannot open: {}", std::strerror(errno)));
  std::string data;
  // Room for the whole file at once (when its size is known): grown by
  // doubling, a 150 MB file was copied eight times and its last two
  // buffers were resident together.
  if (const std::uintmax_t size = std::filesystem::file_size(path, ec); !ec)
    data.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(size, max_bytes + 1)));
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
