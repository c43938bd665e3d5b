// util/memory.h — handing memory the process has freed back to the kernel.
//
//   if (freed_bytes >= util::kWorthReleasing) util::release_free_memory();
//
// A step that frees large temporaries, or copies many large arrays into
// one (the blocks of features computed on several threads), leaves their
// pages with the C heap, which keeps them (in one arena per thread; the
// command-line program asks it to keep freed memory for reuse:
// cli/process_memory.h). The process's resident memory then holds them
// beside what the next step builds. This returns the free pages. The
// caller decides when that is worth it: taking pages back costs page
// faults (10% more CPU time on a 10k-sentence pair when done after every
// step), so only large documents do it. Changes where memory comes from,
// never a result. Thread-safe; costs a walk over the heap's free chunks.
#pragma once

#include <cstddef>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace polyalign::util {

// Memory freed at once from which returning it pays (bytes).
inline constexpr std::size_t kWorthReleasing = std::size_t{32} << 20;

inline void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace polyalign::util
