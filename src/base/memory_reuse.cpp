#include "base/memory_reuse.h"

#include <malloc.h>

namespace toxplan {

void keep_freed_memory_for_reuse() {
  // Blocks up to 512 MB come from the heap and stay there when freed, up to 1 GB of free space.
  mallopt(M_MMAP_THRESHOLD, 512 << 20);
  mallopt(M_TRIM_THRESHOLD, 1024 << 20);
}

}  // namespace toxplan
