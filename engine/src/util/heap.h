// util/heap.h — how much heap the process holds in live blocks, for the
// budgets that trade memory for time (corpus mode's kept evidence). Not the
// resident set: freed blocks the allocator keeps for reuse are not counted,
// since the next allocations take them first.
#pragma once

#include <cstddef>
#include <optional>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace polyalign::util {

// Bytes in live heap blocks (all arenas, and blocks mapped on their own);
// none where the allocator does not tell. Cost: a walk over the arenas'
// bins (microseconds); call it per stage, not per item.
// Also none under AddressSanitizer, whose allocator serves malloc while
// glibc's counters see none of its blocks, and when the counters read zero
// (another allocator preloaded).
inline std::optional<std::size_t> heap_in_use() {
#if defined(__SANITIZE_ADDRESS__)
  return std::nullopt;
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 m = mallinfo2();
  const std::size_t bytes = m.uordblks + m.hblkhd;
  if (bytes == 0) return std::nullopt;
  return bytes;
#else
  return std::nullopt;
#endif
}

}  // namespace polyalign::util
