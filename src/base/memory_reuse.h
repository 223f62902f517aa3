// Process-wide allocator policy for the spread solver's working memory.
#pragma once

namespace toxplan {

// Every spread solve allocates some tens of MB of grids and frees them. By default glibc returns
// blocks of that size to the kernel (mmap / trim) as soon as they are freed, so the next site
// page-faults all of it in again: a quarter of a single site's time (48 -> 37 ms for a 5 U site
// on the default atlas). Called once at the start of main(), it keeps freed memory for reuse.
void keep_freed_memory_for_reuse();

}  // namespace toxplan
