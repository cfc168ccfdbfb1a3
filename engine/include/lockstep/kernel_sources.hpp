// Where the kernel keeps the functions the algorithms are written after, so that a step can be
// traced back to the kernel source it stands for ("mm/mmap_lock.c: vma_start_read").
#pragma once

#include <string_view>

namespace lockstep {

// The kernel source file of `function` (an event's `function`, the innermost algorithm
// frame), for the variant's algorithm: "refcount" (the vm_refcnt lock, as of v6.18) or
// "rwsem" (the rw_semaphore lock of v6.4 to v6.14). nullptr for a name the table lacks.
const char* kernel_file_of(std::string_view function, std::string_view algorithm = "refcount");

}  // namespace lockstep
