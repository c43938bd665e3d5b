#include "process_memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace polyalign::cli {

namespace {

// Heap reserved past what is asked for whenever the heap grows: address
// space only, paid for in memory when touched. The first reservation is the
// one given huge pages (a later growth of the heap is a mapping of its own,
// with the kernel's default pages).
constexpr std::size_t kTopPad = std::size_t{256} << 20;
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;

}  // namespace

void configure_heap() {
  // Arrays up to 32 MB come from the heap and stay there when freed (by
  // default glibc maps each from the kernel and unmaps it on free, so
  // every pass page-faults its memory in afresh); the peak stays the
  // same: only what was freed is kept, for the next pass to take.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  // One arena for all threads: the worker threads' allocations then reuse
  // the main heap's pages (and its huge pages) instead of each faulting in
  // an arena of its own. The threads allocate little while they work.
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_TOP_PAD, static_cast<int>(kTopPad));
  // A growth of the heap now (a block larger than what is left at its
  // top), reserving kTopPad beyond it; that reservation is advised as huge
  // pages.
  auto* const begin = static_cast<char*>(sbrk(0));
  // (volatile: a block allocated and freed unused may be left out.)
  void* volatile block = std::malloc(std::size_t{1} << 20);
  auto* const end = static_cast<char*>(sbrk(0));
  std::free(block);
  if (begin == reinterpret_cast<char*>(-1) || end <= begin) return;
  const std::uintptr_t lo =
      (reinterpret_cast<std::uintptr_t>(begin) + kHugePage - 1) & ~(kHugePage - 1);
  const std::uintptr_t hi = reinterpret_cast<std::uintptr_t>(end) & ~(kHugePage - 1);
#if defined(MADV_HUGEPAGE)
  // Advice only: where the kernel has no huge pages it is refused, and the
  // heap keeps its 4 KB pages.
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#endif
}

}  // namespace polyalign::cli
