// File utilities (io.h): AtomicFile commits whole files or none, also when
// the disk fills up or a signal ends the process; read_file() reads bytes
// as they are, within a limit, and says why it cannot.
#include "polyalign/io.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_data.h"

namespace fs = std::filesystem;
using polyalign::testing::read_all;
using polyalign::testing::TempDir;

namespace {

// Runs `body` in a child process; returns its wait status.
template <typename Body>
int in_child(Body&& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

}  // namespace

TEST_CASE("AtomicFile: nothing under the target name until commit") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "polyalign_atomic_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string target = (dir / "out.txt").string();
  {
    polyalign::AtomicFile f(target);
    f.stream() << "half";
    CHECK_FALSE(fs::exists(target));
  }  // destroyed without commit
  CHECK_FALSE(fs::exists(target));
  CHECK(fs::is_empty(dir));  // and the temporary file is gone too
  {
    std::ofstream(target) << "old";
    polyalign::AtomicFile f(target);
    f.stream() << "new";
    CHECK(std::ifstream(target).rdbuf() != nullptr);
    f.commit();
  }
  std::ifstream in(target);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  CHECK(content == "new");
  CHECK_THROWS_WITH_AS(polyalign::AtomicFile((dir / "no" / "such" / "dir.txt").string()),
                       doctest::Contains("does not exist"), std::runtime_error);
  fs::remove_all(dir);
}

TEST_CASE("interrupted: a signal removes the temporary files and ends the process by that signal") {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    CAPTURE(sig);
    TempDir dir("polyalign_signal");
    const std::string done = (dir.path() / "done.txt").string();
    const std::string half = (dir.path() / "half.txt").string();
    const int status = in_child([&] {
      polyalign::install_interrupt_cleanup();
      polyalign::AtomicFile first(done);
      first.stream() << "complete\n";
      first.commit();
      polyalign::AtomicFile second(half);
      second.stream() << std::string(100'000, 'x');
      second.stream().flush();  // on disk under the temporary name
      polyalign::AtomicFile third((dir.path() / "third.txt").string());
      ::raise(sig);
      ::_exit(3);  // not reached
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK(dir.names() == std::vector<std::string>{"done.txt"});
    CHECK(read_all(done) == "complete\n");
  }
}

TEST_CASE("interrupted: a signal the process ignores stays ignored") {
  TempDir dir("polyalign_signal_ignored");
  const int status = in_child([&] {
    ::signal(SIGINT, SIG_IGN);
    polyalign::install_interrupt_cleanup();
    polyalign::AtomicFile f((dir.path() / "out.txt").string());
    f.stream() << "still here\n";
    ::raise(SIGINT);
    f.commit();
  });
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(read_all(dir.path() / "out.txt") == "still here\n");
}

TEST_CASE("interrupted: remove_pending_temp_files() removes exactly the uncommitted files") {
  TempDir dir("polyalign_pending");
  polyalign::AtomicFile done((dir.path() / "done.txt").string());
  done.stream() << "x";
  done.commit();
  {
    polyalign::AtomicFile open((dir.path() / "open.txt").string());
    open.stream() << "y";
    open.stream().flush();
    CHECK(dir.names().size() == 2);  // done.txt and the temporary file
    polyalign::remove_pending_temp_files();
    CHECK(dir.names() == std::vector<std::string>{"done.txt"});
  }
  // More AtomicFiles than the table holds: all still work and clean up.
  std::vector<std::unique_ptr<polyalign::AtomicFile>> many;
  for (std::size_t k = 0; k < polyalign::kMaxPendingTempFiles + 8; ++k) {
    many.push_back(std::make_unique<polyalign::AtomicFile>((dir.path() / ("m" + std::to_string(k))).string()));
  }
  many.clear();
  CHECK(dir.names() == std::vector<std::string>{"done.txt"});
}

TEST_CASE("disk full (simulated with RLIMIT_FSIZE): one clear error, no file left") {
  // A file size limit makes write() fail with EFBIG once the limit is
  // reached, as a full disk fails with ENOSPC (SIGXFSZ ignored, as a shell's
  // "ulimit -f" leaves it). Run in a child: the limit is per process.
  TempDir dir("polyalign_disk_full");
  const std::string target = (dir.path() / "out.jsonl").string();
  std::ofstream(target) << "earlier\n";
  const int status = in_child([&] {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit {
      1 << 16, 1 << 16
    };
    ::setrlimit(RLIMIT_FSIZE, &limit);
    polyalign::AtomicFile f(target);
    f.stream() << std::string(1 << 20, 'x');
    try {
      f.commit();
    } catch (const std::runtime_error& e) {
      if (std::string(e.what()) == target + ": write failed: File too large") ::_exit(0);
      ::_exit(2);
    }
    ::_exit(1);
  });
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(dir.names() == std::vector<std::string>{"out.jsonl"});
  CHECK(read_all(target) == "earlier\n");  // the earlier file is untouched
}

TEST_CASE("read_file: the bytes as they are, within the limit") {
  TempDir dir("polyalign_read_file");
  struct Case {
    const char* name;
    std::string bytes;
  };
  const Case cases[] = {
      {"empty", ""},
      {"BOM and CRLF kept", "\xEF\xBB\xBFSatu.\r\nDua.\r\n"},
      {"Devanagari and Cyrillic", "जनसंख्या 2,645 लोग।\nНаселення 2 645 осіб.\n"},
      {"NUL and invalid UTF-8 are not read_file's business", std::string("a\0b\xC0\xAF\xFF", 6)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string path = dir.file("in.txt", c.bytes);
    CHECK(polyalign::read_file(path, c.bytes.size()) == c.bytes);
    CHECK(polyalign::read_file(path, 1u << 20) == c.bytes);
    if (!c.bytes.empty()) {
      CHECK_THROWS_WITH_AS(
          polyalign::read_file(path, c.bytes.size() - 1),
          (path + ": larger than the limit of " + std::to_string(c.bytes.size() - 1) + " bytes")
              .c_str(),
          std::runtime_error);
    }
  }
  CHECK_THROWS_WITH_AS(polyalign::read_file((dir.path() / "missing.txt").string(), 100),
                       ((dir.path() / "missing.txt").string() + ": no such file").c_str(),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(polyalign::read_file(dir.path().string(), 100),
                       doctest::Contains("is a directory"), std::runtime_error);
}

TEST_CASE("AtomicFile: a target that cannot be written is refused when the file is made") {
  TempDir dir("polyalign_atomic_refused");
  const std::string sub = (dir.path() / "sub").string();
  fs::create_directories(sub);
  // The target is a directory: nothing written, the directory untouched.
  CHECK_THROWS_WITH_AS(polyalign::AtomicFile{sub}, doctest::Contains("it is a directory"),
                       std::runtime_error);
  CHECK(fs::is_directory(sub));
  CHECK(dir.names() == std::vector<std::string>{"sub"});
  // A committed file replaces the old one whole; the path is the target's.
  const std::string target = dir.file("sub/out.tsv", "old\n");
  polyalign::AtomicFile f(target);
  CHECK(f.path() == target);
  f.stream() << "Київ\tKyiv\n";
  CHECK(read_all(target) == "old\n");
  f.commit();
  CHECK(read_all(target) == "Київ\tKyiv\n");
  CHECK(dir.names() == std::vector<std::string>{"sub"});
  std::vector<std::string> in_sub;
  for (const auto& e : fs::directory_iterator(sub)) in_sub.push_back(e.path().filename().string());
  CHECK(in_sub == std::vector<std::string>{"out.tsv"});  // no temporary file left
}
