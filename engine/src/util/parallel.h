// util/parallel.h — the engine's one way to run independent work on threads.
//
//   util::parallel_for(items.size(), options.threads, [&](std::size_t i) {
//     results[i] = work(items[i]);  // each item writes only its own slot
//   });
//
// Rules, the same for every caller:
// - `threads` = 0 means all cores (resolve_threads); 1 runs everything on the
//   calling thread, in index order, with no thread started.
// - The calling thread is one of the workers; at most threads - 1 helpers are
//   started, never more than there are items. A helper that cannot be started
//   (no thread to be had) leaves its share to the others.
// - Items are claimed in index order. When an item throws, no item is
//   claimed after it; the items begun are drained, and the exception of the
//   lowest failing index is rethrown to the caller. Since claims are in order,
//   every item below that index has run, so which exception the caller sees
//   does not depend on the thread count.
// - `f` is called as f(i) or f(i, worker), worker in [0, threads): an index
//   for per-thread scratch space (0 is the calling thread).
// - parallel_for() returns only when no helper is inside `f` any more.
// - `progress(fraction)`, when given, is called on the calling thread after
//   each item it completes, with the fraction of all items completed. If it
//   throws, that is the failure of the item just completed (rule above).
//
// Results must not depend on which thread ran an item; callers keep output
// deterministic by writing per-index slots and merging them in index order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <type_traits>

namespace polyalign::util {

// The number of workers for a `threads` option: 0 = all cores (at least 1).
inline unsigned resolve_threads(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

namespace detail {

// Shared by the caller and its helpers. Helpers are detached: the caller
// waits for the items, not for thread exit, and the state lives as long as
// the last helper holds it.
struct ParallelState {
  std::size_t n = 0;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable idle;
  std::atomic<std::size_t> done{0};     // items completed
  std::size_t busy = 0;                 // helpers inside the loop; guarded by m
  std::size_t error_index = SIZE_MAX;   // guarded by m
  std::exception_ptr error;             // guarded by m
};

template <typename F>
void call_item(F& f, std::size_t i, unsigned worker) {
  if constexpr (std::is_invocable_v<F&, std::size_t, unsigned>) {
    f(i, worker);
  } else {
    f(i);
  }
}

// Records the exception being handled as item i's, and stops the claims.
inline void fail(ParallelState& s, std::size_t i) {
  s.stop = true;
  std::lock_guard<std::mutex> lock(s.m);  // the only lock on the way
  if (i < s.error_index) {
    s.error_index = i;
    s.error = std::current_exception();
  }
}

// Claims and runs items until none is left or one has failed.
template <typename F, typename After>
void run_items(ParallelState& s, F& f, unsigned worker, After&& after_item) {
  for (;;) {
    if (s.stop.load(std::memory_order_relaxed)) return;
    const std::size_t i = s.next.fetch_add(1);
    if (i >= s.n) return;
    try {
      call_item(f, i, worker);
    } catch (...) {
      fail(s, i);
    }
    // `after_item` reports progress on the calling thread, and a progress
    // callback may throw to stop the work (the Python binding's
    // KeyboardInterrupt): it fails item i, so the helpers are waited for.
    try {
      after_item(s.done.fetch_add(1) + 1);
    } catch (...) {
      fail(s, i);
    }
  }
}

}  // namespace detail

template <typename F, typename Progress>
void parallel_for(std::size_t n, unsigned threads, F&& f, Progress&& progress) {
  if (n == 0) return;
  const auto report = [&](std::size_t done) {
    progress(static_cast<double>(done) / static_cast<double>(n));
  };
  const unsigned workers =
      static_cast<unsigned>(std::min<std::size_t>(resolve_threads(threads), n));
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      detail::call_item(f, i, 0u);
      report(i + 1);
    }
    return;
  }
  auto state = std::make_shared<detail::ParallelState>();
  state->n = n;
  auto* fn = &f;
  for (unsigned w = 1; w < workers; ++w) {
    {
      std::lock_guard<std::mutex> lock(state->m);
      ++state->busy;
    }
    try {
      std::thread([state, fn, w] {
        detail::run_items(*state, *fn, w, [](std::size_t) {});
        std::lock_guard<std::mutex> lock(state->m);
        if (--state->busy == 0) state->idle.notify_all();
      }).detach();
    } catch (const std::system_error&) {
      std::lock_guard<std::mutex> lock(state->m);
      --state->busy;  // no thread to be had: the others run its share
      break;
    }
  }
  detail::run_items(*state, f, 0u, report);
  std::unique_lock<std::mutex> lock(state->m);
  state->idle.wait(lock, [&] { return state->busy == 0; });
  if (state->error) std::rethrow_exception(state->error);
}

template <typename F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
  parallel_for(n, threads, std::forward<F>(f), [](double) {});
}

// Runs a() and b() at once (b on a helper thread when threads != 1), with
// parallel_for's rule for errors (a's exception before b's).
template <typename A, typename B>
void parallel_invoke(unsigned threads, A&& a, B&& b) {
  parallel_for(2, threads, [&](std::size_t i) {
    if (i == 0) {
      a();
    } else {
      b();
    }
  });
}

}  // namespace polyalign::util
