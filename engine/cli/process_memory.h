// cli/process_memory.h — how the command-line program's heap is laid out.
//
//   polyalign::cli::configure_heap();  // first thing in main(), once
//
// The passes of an alignment allocate and free arrays of megabytes one
// after another (bands, cost memos, rows of evidence). This keeps them in
// a heap that is reused rather than returned to the kernel, and backs
// the first 128 MB of that heap with transparent huge pages where the
// kernel allows it (its "madvise" mode), so that first touching it takes
// one page fault per 2 MB instead of one per 4 KB. It changes where
// memory comes from, never a result. A process-wide setting: the program's, not the library's (the
// Python binding leaves the interpreter's heap alone).
#pragma once

namespace polyalign::cli {

void configure_heap();

}  // namespace polyalign::cli
