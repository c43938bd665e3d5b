#include "process_memory.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace polyalign::cli {

namespace {

// Heap reserved once, at the start, and advised as huge pages: address
// space only, paid for in memory when touched. A 10k-sentence pair peaks
// below it; a longer pair's heap grows past it with the kernel's default
// pages (a growth is a mapping of its own). Reserving more, or reserving
// this much at every growth, raised the peak of the 1M-sentence pair
// (1.36-1.48 GB against 1.25-1.30 GB); 128 MB left it in that range.
constexpr std::size_t kTopPad = std::size_t{128} << 20;
constexpr int kDefaultTopPad = 128 << 10;  // glibc's M_TOP_PAD default
constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;

}  // namespace

void configure_heap() {
  // Arrays up to 32 MB come from the heap and stay there when freed (by
  // default glibc maps each from the kernel and unmaps it on free, so
  // every pass page-faults its memory in afresh); the peak stays the
  // same: only what was freed is kept, for the next pass to take.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, static_cast<int>(kTopPad));
  // A growth of the heap now (a block larger than what is left at its
  // top), reserving kTopPad beyond it; then the default again.
  auto* const begin = static_cast<char*>(sbrk(0));
  // (volatile: a block allocated and freed unused may be left out.)
  void* volatile block = std::malloc(std::size_t{1} << 20);
  auto* const end = static_cast<char*>(sbrk(0));
  std::free(block);
  mallopt(M_TOP_PAD, kDefaultTopPad);
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
