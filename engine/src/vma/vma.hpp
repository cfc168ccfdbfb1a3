// The objects of the per-VMA lock (mm_struct, vm_area_struct), the variant switches of the
// refcount lock, and the functions of both implementations: the vm_refcnt lock of v6.15+
// (with the seed's v7, the reviewers' proposals and the broken teaching variants as switches)
// in vma_refcount.cpp, and the rw_semaphore lock of v6.4 to v6.14 in vma_rwsem.cpp.
#pragma once

#include "../kernel.hpp"

#include <deque>

namespace lockstep::vma {

using namespace lockstep::kernel;

struct vm_area_struct;

struct mm_struct {
    std::int32_t id = 0;
    rw_semaphore mmap_lock;
    seqcount_t mm_lock_seq;         // v6.13+: odd while mmap is write-locked
    rcuwait vma_writer_wait;
    atomic_t mm_count;              // mmgrab / mmdrop
    // The maple tree reduced to the one range the scenario's threads fault on.
    shared<vm_area_struct*> mm_mt;
};

struct vm_area_struct {
    std::int32_t id = 0;
    shared<unsigned long> vm_start;
    shared<unsigned long> vm_end;
    shared<mm_struct*> vm_mm;
    shared<unsigned long> vm_flags;  // what writers modify and readers use
    shared<unsigned> vm_lock_seq;
    refcount_t vm_refcnt;            // refcount era: 0 detached, 1 attached, +readers, +O writer
    rw_semaphore vm_lock;            // rw_semaphore era: the per-vma lock
    shared<bool> detached;           // rw_semaphore era: the detached flag
    // Checker bookkeeping (not kernel memory).
    std::int32_t g_inside = -1;         // readers inside: bit per thread
    std::int32_t g_writer_inside = -1;  // the writer between its target and mm_lock_seq++ (task id)
    std::int32_t g_attached = -1;       // attached to the tree (1) or not (0)
    std::int32_t g_reader_refs = -1;    // references readers hold, transient ones included
    std::int32_t g_writer_refs = -1;    // the writer's own reference (v7, L3)
    std::int32_t g_excluding = -1;      // the writer has VMA_LOCK_OFFSET added (task id)
};

// The variant switches, each named as in the catalogue (catalogue.cpp says what kernel change
// each stands for). The algorithm tests them only as `if (sw().name)`, so that the lanes can
// show each switch as the kernel diff it is.
struct switches {
    // the vm_refcnt lock
    bool writer_takes_ref = false;
    bool writer_ref_after_wait = false;
    bool reader_limit = true;
    bool reader_inc_not_zero = true;
    bool reader_inc_acquire = true;
    bool limit_leaves_writer_ref = false;
    bool lock_seq_recheck = true;
    bool reader_checks_old_bit = false;
    bool eagain_retry = true;
    bool mm_check_in_start_read = true;
    bool start_read_drops_rcu = true;
    bool put_reads_mm_first = true;
    bool end_read_under_rcu = false;
    bool attach_release = true;
    bool asserts_bug_on = false;
    bool wake_every_put = false;
    bool wake_only_at_O2 = false;
    bool wake_at_or_below_O2 = false;
    bool wake_tests_old_count = false;
    bool rcuwait_wake_mb = true;
    // the rw_semaphore lock
    bool mm_lock_seqcount = true;
    bool end_write_all_release = true;
    bool detached_check_first = true;
};

// Catalogue name to member, for filling `switches` from a resolved config.
struct switch_member {
    const char* name;
    bool switches::*member;
};
inline constexpr switch_member switch_members[] = {
    {"writer_takes_ref", &switches::writer_takes_ref},
    {"writer_ref_after_wait", &switches::writer_ref_after_wait},
    {"reader_limit", &switches::reader_limit},
    {"reader_inc_not_zero", &switches::reader_inc_not_zero},
    {"reader_inc_acquire", &switches::reader_inc_acquire},
    {"limit_leaves_writer_ref", &switches::limit_leaves_writer_ref},
    {"lock_seq_recheck", &switches::lock_seq_recheck},
    {"reader_checks_old_bit", &switches::reader_checks_old_bit},
    {"eagain_retry", &switches::eagain_retry},
    {"mm_check_in_start_read", &switches::mm_check_in_start_read},
    {"start_read_drops_rcu", &switches::start_read_drops_rcu},
    {"put_reads_mm_first", &switches::put_reads_mm_first},
    {"end_read_under_rcu", &switches::end_read_under_rcu},
    {"attach_release", &switches::attach_release},
    {"asserts_bug_on", &switches::asserts_bug_on},
    {"wake_every_put", &switches::wake_every_put},
    {"wake_only_at_O2", &switches::wake_only_at_O2},
    {"wake_at_or_below_O2", &switches::wake_at_or_below_O2},
    {"wake_tests_old_count", &switches::wake_tests_old_count},
    {"rcuwait_wake_mb", &switches::rcuwait_wake_mb},
    {"mm_lock_seqcount", &switches::mm_lock_seqcount},
    {"end_write_all_release", &switches::end_write_all_release},
    {"detached_check_first", &switches::detached_check_first},
};

// Everything a scenario built, reachable from the algorithm code.
struct world {
    bool rwsem_era = false;
    switches sw;
    int lock_offset = 0x40000000;  // VMA_LOCK_OFFSET of this run
    std::deque<mm_struct> mms;
    std::deque<vm_area_struct> vmas;
    kmem_cache vma_cache;
    kmem_cache mm_cache;
    // Ghost cells on each thread's task object, by thread id: the mms it holds with mmgrab()
    // (bit per mm id) and the vmas it holds a vm_refcnt reference on (bit per vma).
    std::vector<std::int32_t> pinned_mms;
    std::vector<std::int32_t> held_refs;
    // rw_semaphore era: vmas are freed by call_rcu; a pending free waits for these readers.
    shared<vm_area_struct*> rcu_free_object;  // the vma waiting for a grace period
    std::int32_t rcu_free_waits = -1;   // cell: threads whose read sections must end first
};

world& the_world();
inline const switches& sw() { return the_world().sw; }

// VMA_REF_LIMIT: the highest count a reader may raise vm_refcnt to, just below the writer bit;
// v7 kept one more below it for the writer's own reference.
inline int ref_limit(const world& w) { return w.lock_offset - (w.sw.limit_leaves_writer_ref ? 2 : 1); }

// The kernel's slab caches for vmas and mms, as the kernel code names them.
#define vm_area_cachep (::lockstep::vma::the_world().vma_cache)
#define mm_cachep (::lockstep::vma::the_world().mm_cache)
#define VMA_LOCK_OFFSET (::lockstep::vma::the_world().lock_offset)
#define VMA_REF_LIMIT (::lockstep::vma::ref_limit(::lockstep::vma::the_world()))

// The lock's assertions: VM_BUG_ON_VMA in v7, WARN_ON_ONCE in the merged code.
void vma_assert(bool broken, const char* what);

// ERR_PTR(-EAGAIN), the only error vma_start_read returns: a sentinel vma pointer.
vm_area_struct* ERR_PTR(long error);
long PTR_ERR(const vm_area_struct* p);
inline bool IS_ERR_OR_NULL(const vm_area_struct* p) { return !p || PTR_ERR(p) != 0; }

// mmap_lock (include/linux/mmap_lock.h)
void mmap_write_lock(mm_struct* mm);
void mmap_write_unlock(mm_struct* mm);
void mmap_write_downgrade(mm_struct* mm);
void mmap_read_lock(mm_struct* mm);
void mmap_read_unlock(mm_struct* mm);
void vma_end_write_all(mm_struct* mm);

// Refcount era internals, visible to the rw_semaphore era's dispatch and to tests.
namespace refcnt {
void vma_start_write(vm_area_struct* vma);
void vma_mark_attached(vm_area_struct* vma);
void vma_mark_detached(vm_area_struct* vma);
void vma_end_read(vm_area_struct* vma);
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address);
}  // namespace refcnt

namespace rwsem {
void vma_start_write(vm_area_struct* vma);
void vma_mark_attached(vm_area_struct* vma);
void vma_mark_detached(vm_area_struct* vma);
void vma_end_read(vm_area_struct* vma);
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address);
void vm_area_free(vm_area_struct* vma);
}  // namespace rwsem

// The work the scenario threads do (mm/memory.c, mm/mprotect.c, mm/vma.c, reduced), and the
// lock operations they call, each going to the run's implementation.
namespace work {
void vma_start_write(vm_area_struct* vma);
void vma_mark_attached(vm_area_struct* vma);
void vma_mark_detached(vm_area_struct* vma);
void vma_end_read(vm_area_struct* vma);
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address);
void handle_mm_fault(vm_area_struct* vma);
void do_page_fault(mm_struct* mm, unsigned long address);
void do_mprotect(mm_struct* mm, unsigned long address);
void do_munmap(mm_struct* mm, unsigned long address);
void do_mmap(mm_struct* mm, unsigned long address);
}  // namespace work

void mmdrop(mm_struct* mm);
void mmgrab(mm_struct* mm);

// Checker bookkeeping helpers shared by both implementations.
namespace ghost {
void reader_took_ref(vm_area_struct* vma);
void reader_dropped_ref(vm_area_struct* vma);  // also leaves the vma if it was inside
void reader_inside(vm_area_struct* vma, bool inside);
void writer_excludes(vm_area_struct* vma);  // the writer has just set VMA_LOCK_OFFSET
void writer_inside(vm_area_struct* vma);
void writer_waits_for(unsigned target);  // names the coming wait "vm_refcnt == OFFSET+1"
void writer_done(mm_struct* mm);  // mm_lock_seq++ releases every vma write-locked in this cycle
void reader_used(vm_area_struct* vma, value_t flags);  // V1: a lock holder read stale flags
}  // namespace ghost

}  // namespace lockstep::vma
