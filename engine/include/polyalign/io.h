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

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
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
  int slot_ = -1;  // in the table of pending temporary files (-1: not in it)
};

// Output of a command: to `path` through an AtomicFile, or to standard
// output when `path` is "" or "-" (what the -o options of the CLI take).
//
//   polyalign::AtomicOutput out(path);
//   out.stream() << ...;
//   out.commit();  // the file renamed into place, or stdout flushed
//
// Not copyable; one thread at a time.
class AtomicOutput {
 public:
  // Throws what AtomicFile's constructor throws (nothing for stdout).
  explicit AtomicOutput(const std::string& path);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  std::ostream& stream();
  // AtomicFile::commit(), or flushes stdout; throws std::runtime_error
  // ("stdout: write failed") when stdout could not be written.
  void commit();

 private:
  std::unique_ptr<AtomicFile> file_;  // null: stdout
};

// Reads a whole file into memory. Throws std::runtime_error naming the path
// and the system's reason (missing, a directory, unreadable...).
std::string read_file(const std::string& path, std::uint64_t max_bytes);

// Interrupted runs. After install_interrupt_cleanup(), SIGINT, SIGTERM and
// SIGHUP first remove the temporary file of every AtomicFile not yet
// committed, then end the process by the same signal (a shell sees exit
// status 128 + signal: 130, 143, 129). So an interrupted run leaves no
// partial and no temporary file, and every file it committed before is
// complete, even with AtomicFiles written on other threads meanwhile (the
// handler waits up to 200 ms for a file another thread registered to be
// created, then removes it; an AtomicFile constructed after the signal
// throws instead of creating its file). Signals the process ignores
// (nohup, background jobs) stay ignored. Meant for programs (the CLI calls
// it first thing); a library user with handlers of their own can call
// remove_pending_temp_files() from them instead. The temporary files of up to kMaxPendingTempFiles
// AtomicFiles open at once are tracked; more are still removed by their
// destructors, only not on a signal. SIGKILL cannot be caught: a killed run
// may leave hidden ".<name>.tmp.<pid>.<n>" files (never read by corpus
// mode, which skips hidden files).
inline constexpr std::size_t kMaxPendingTempFiles = 64;
void install_interrupt_cleanup();
// Unlinks the temporary files of the AtomicFiles not yet committed.
// Async-signal-safe.
void remove_pending_temp_files() noexcept;

}  // namespace polyalign
