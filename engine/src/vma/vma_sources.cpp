// The kernel files the per-VMA lock's functions live in. One row per function the algorithm
// code enters with KERNEL_FUNCTION() (or a frame of its own); a new function needs one row.
//
// The refcount column is v6.18. Files moved more than once in that era, which is why a table
// is kept rather than a rule:
// - v6.15 moved the VMA lock out of include/linux/mm.h and mm/memory.c into
//   include/linux/mmap_lock.h and mm/mmap_lock.c;
// - v6.16 moved vm_area_alloc() and vm_area_free() from kernel/fork.c to mm/vma_init.c;
// - v6.18 (commit cc483b328881) moved vma_start_read() out of the header into mm/mmap_lock.c,
//   while vma_refcount_put() and is_vma_writer_only() stayed in include/linux/mmap_lock.h.
// The rwsem column is v6.4 to v6.14, where it differs.
#include "vma_family.hpp"

#include <array>

namespace lockstep::vma {

namespace {

struct source_row {
    std::string_view function;
    const char* refcount;  // v6.18
    const char* rwsem;     // v6.4 to v6.14; nullptr: same file as `refcount`
};

constexpr const char* mmap_lock_h = "include/linux/mmap_lock.h";
constexpr const char* mmap_lock_c = "mm/mmap_lock.c";
constexpr const char* mm_h = "include/linux/mm.h";

constexpr std::array sources{
    // the per-VMA lock
    source_row{"lock_vma_under_rcu", mmap_lock_c, "mm/memory.c"},
    source_row{"vma_start_read", mmap_lock_c, mm_h},
    source_row{"vma_end_read", mmap_lock_h, mm_h},
    source_row{"vma_refcount_put", mmap_lock_h, nullptr},
    source_row{"is_vma_writer_only", mmap_lock_h, nullptr},
    source_row{"vma_start_write", mmap_lock_h, mm_h},
    source_row{"__vma_start_write", mmap_lock_c, nullptr},
    source_row{"__vma_enter_locked", mmap_lock_c, nullptr},
    source_row{"__vma_exit_locked", mmap_lock_c, nullptr},
    source_row{"vma_mark_attached", mmap_lock_h, mm_h},
    source_row{"vma_mark_detached", mmap_lock_c, mm_h},
    // mmap_lock and mm_lock_seq
    source_row{"mmap_read_lock", mmap_lock_h, nullptr},
    source_row{"mmap_read_unlock", mmap_lock_h, nullptr},
    source_row{"mmap_write_lock", mmap_lock_h, nullptr},
    source_row{"mmap_write_unlock", mmap_lock_h, nullptr},
    source_row{"mmap_write_downgrade", mmap_lock_h, nullptr},
    source_row{"vma_end_write_all", mmap_lock_h, nullptr},
    source_row{"mm_lock_seqcount_begin", mmap_lock_h, nullptr},
    source_row{"mm_lock_seqcount_end", mmap_lock_h, nullptr},
    // waiting and waking
    source_row{"rcuwait_wait_event", "include/linux/rcuwait.h", nullptr},
    source_row{"rcuwait_wake_up", "kernel/exit.c", nullptr},
    source_row{"wait_event_interruptible", "include/linux/wait.h", nullptr},
    source_row{"prepare_to_wait_event", "kernel/sched/wait.c", nullptr},
    source_row{"finish_wait", "kernel/sched/wait.c", nullptr},
    // the mm and the vma's life
    source_row{"mmgrab", "include/linux/sched/mm.h", nullptr},
    source_row{"mmdrop", "include/linux/sched/mm.h", nullptr},
    source_row{"vm_area_alloc", "mm/vma_init.c", "kernel/fork.c"},
    source_row{"vm_area_free", "mm/vma_init.c", "kernel/fork.c"},
    // the callers the scenarios start from
    source_row{"do_page_fault", "arch/x86/mm/fault.c", nullptr},
    source_row{"handle_mm_fault", "mm/memory.c", nullptr},
    source_row{"find_vma", "mm/mmap.c", nullptr},
    source_row{"do_mmap", "mm/mmap.c", nullptr},
    source_row{"do_munmap", "mm/mmap.c", nullptr},
    source_row{"do_mprotect", "mm/mprotect.c", nullptr},
};

}  // namespace

const char* kernel_file_of(std::string_view function, std::string_view algorithm) {
    if (algorithm != "refcount" && algorithm != "rwsem") return nullptr;  // another family's code
    for (const source_row& row : sources)
        if (row.function == function) return algorithm == "rwsem" && row.rwsem ? row.rwsem : row.refcount;
    return nullptr;
}

}  // namespace lockstep::vma
