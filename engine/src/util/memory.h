// util/memory.h — handing memory the process has freed back to the kernel.
//
//   util::release_free_memory();  // after freeing large arrays, before building more
//
// A stage that copies many large arrays into one (the blocks of features
// computed on several threads) frees the parts as it goes; the C heap keeps
// the freed pages (the command-line program asks it to, so that the next
// pass reuses them: cli/process_memory.h), and the process's resident
// memory then holds the parts and the whole at once. This returns the free
// pages, so the peak holds about one copy. Changes where memory comes from,
// never a result. Thread-safe; costs a walk over the heap's free chunks.
#pragma once

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace polyalign::util {

inline void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace polyalign::util
