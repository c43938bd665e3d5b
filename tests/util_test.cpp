// util/: the engine's one parallel_for (its rule for errors, workers and
// progress), the ASCII and UTF-8 text helpers, rounding and ICU errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "util/icu.h"
#include "util/once_per_key.h"
#include "util/parallel.h"
#include "util/rounding.h"
#include "util/text.h"

using polyalign::util::parallel_for;

TEST_CASE("OncePerKey: each key built once, from any thread, and kept") {
  polyalign::util::OncePerKey<std::string> values;
  std::atomic<int> builds{0};
  std::vector<const std::string*> seen(64);
  polyalign::util::parallel_for(seen.size(), 4, [&](std::size_t i) {
    const std::string key = i % 2 == 0 ? "de" : "uk";
    seen[i] = &values.get(key, [&] {
      ++builds;
      return key + "-table";
    });
  });
  CHECK(builds == 2);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(*seen[i] == (i % 2 == 0 ? "de-table" : "uk-table"));
    CHECK(seen[i] == seen[i % 2]);  // the same object every time
  }
}

TEST_CASE("parallel_for: every item once, at any thread count") {
  for (unsigned threads : {0u, 1u, 2u, 3u, 8u}) {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      CAPTURE(threads);
      CAPTURE(n);
      std::vector<int> hits(n, 0);
      parallel_for(n, threads, [&](std::size_t i) { ++hits[i]; });
      CHECK(std::count(hits.begin(), hits.end(), 1) == static_cast<long>(n));
    }
  }
}

TEST_CASE("parallel_for: threads 0 means all cores, 1 the calling thread only") {
  CHECK(polyalign::util::resolve_threads(0) ==
        std::max(1u, std::thread::hardware_concurrency()));
  CHECK(polyalign::util::resolve_threads(3) == 3);
  const auto caller = std::this_thread::get_id();
  bool elsewhere = false;
  parallel_for(50, 1, [&](std::size_t) { elsewhere |= std::this_thread::get_id() != caller; });
  CHECK_FALSE(elsewhere);
}

TEST_CASE("parallel_for: worker indices are below the thread count") {
  std::mutex m;
  std::set<unsigned> workers;
  parallel_for(200, 3, [&](std::size_t, unsigned worker) {
    std::lock_guard<std::mutex> lock(m);
    workers.insert(worker);
  });
  REQUIRE_FALSE(workers.empty());
  CHECK(*workers.rbegin() < 3);
}

TEST_CASE("parallel_for: the lowest failing index is rethrown, whatever the threads") {
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    std::atomic<int> after{0};
    try {
      parallel_for(100, threads, [&](std::size_t i) {
        if (i == 17 || i == 40 || i == 41) throw std::runtime_error("item " + std::to_string(i));
        if (i > 60) ++after;
      });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "item 17");
    }
    // Items are claimed in order and none after a failure: at most the few
    // already claimed past 17 ran (none with one thread).
    if (threads == 1) CHECK(after.load() == 0);
  }
}

// Progress is reported by the calling thread for the items it completes
// (with the share of all items done then): with helpers, it may complete
// none of them.
TEST_CASE("parallel_for: progress from the calling thread, rising to 1") {
  for (unsigned threads : {1u, 2u}) {
    std::vector<double> seen;
    const auto caller = std::this_thread::get_id();
    bool elsewhere = false;
    parallel_for(
        64, threads, [](std::size_t) {},
        [&](double f) {
          elsewhere |= std::this_thread::get_id() != caller;
          seen.push_back(f);
        });
    CHECK_FALSE(elsewhere);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
    CHECK(std::all_of(seen.begin(), seen.end(), [](double f) { return f > 0 && f <= 1; }));
    if (threads == 1) {
      REQUIRE(seen.size() == 64);
      CHECK(seen.back() == doctest::Approx(1.0));
    }
  }
}

// A progress callback may throw to stop the work (the Python binding's
// KeyboardInterrupt): the exception reaches the caller once no helper is
// inside `f`, and no item is claimed after it.
TEST_CASE("parallel_for: a throwing progress stops the work, helpers drained") {
  for (unsigned threads : {1u, 2u, 4u}) {
    CAPTURE(threads);
    std::atomic<int> inside{0}, started{0};
    int reports = 0;
    try {
      parallel_for(
          10000, threads,
          [&](std::size_t) {
            ++inside;
            ++started;
            std::this_thread::sleep_for(std::chrono::microseconds(50));
            --inside;
          },
          [&](double) {
            if (++reports == 5) throw std::runtime_error("stop");
          });
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "stop");
    }
    CHECK(inside.load() == 0);
    CHECK(started.load() < 10000);
  }
}

TEST_CASE("parallel_invoke: both run, the first one's error wins") {
  int a = 0, b = 0;
  polyalign::util::parallel_invoke(2, [&] { a = 1; }, [&] { b = 2; });
  CHECK(a + b == 3);
  CHECK_THROWS_WITH(polyalign::util::parallel_invoke(
                        2, [] { throw std::invalid_argument("a"); },
                        [] { throw std::invalid_argument("b"); }),
                    "a");
}

TEST_CASE("text: ASCII lower-casing leaves other bytes alone") {
  CHECK(polyalign::util::ascii_lowered("HTTPS://Example.ORG") == "https://example.org");
  CHECK(polyalign::util::ascii_lowered("ÄÖÜ Straße") == "ÄÖÜ straße");
  CHECK(polyalign::util::starts_with_ascii_ci("WWW.example", "www."));
  CHECK_FALSE(polyalign::util::starts_with_ascii_ci("WW", "www"));
}

TEST_CASE("text: code point starts in UTF-8") {
  const std::string s = "aé✓";  // 1 + 2 + 3 bytes
  CHECK(polyalign::util::code_point_start(s, 0) == 0);
  CHECK(polyalign::util::code_point_start(s, 2) == 1);   // inside é
  CHECK(polyalign::util::code_point_start(s, 4) == 3);   // inside ✓
  CHECK(polyalign::util::code_point_start(s, 5) == 3);
  CHECK(polyalign::util::code_point_start(s, 6) == 6);   // the end
  CHECK(polyalign::util::code_point_start(s, 99) == 99); // past the end: as given
}

TEST_CASE("rounding: the two forms") {
  CHECK(polyalign::util::round_to_scale(0.123456, 1e3) == 0.123);
  CHECK(polyalign::util::round_to_scale(0.9996, 1e3) == 1.0);
  CHECK(polyalign::util::round_to_unit(0.123456, 1e-4) == doctest::Approx(0.1235));
}

TEST_CASE("check_icu: failures throw with context, success and warnings pass") {
  CHECK_NOTHROW(polyalign::util::check_icu(U_ZERO_ERROR, "where", "what"));
  CHECK_NOTHROW(polyalign::util::check_icu(U_USING_DEFAULT_WARNING, "where", "what"));
  CHECK_THROWS_AS(polyalign::util::check_icu(U_ILLEGAL_ARGUMENT_ERROR, "x", "y"),
                  std::runtime_error);
  CHECK_THROWS_WITH(polyalign::util::check_icu(U_ILLEGAL_ARGUMENT_ERROR, "rules", "cannot build"),
                    "rules: cannot build: U_ILLEGAL_ARGUMENT_ERROR");
  int object = 0;
  CHECK_NOTHROW(polyalign::util::check_icu(U_ZERO_ERROR, &object, "x", "y"));
  CHECK_THROWS_AS(polyalign::util::check_icu(U_ZERO_ERROR, nullptr, "x", "y"), std::runtime_error);
}
