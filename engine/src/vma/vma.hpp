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
    shared<unsigned> mm_lock_seq;  // mm_lock_seq.sequence: odd while mmap is write-locked
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

// The refcount lock's variant switches (see catalogue.cpp for what each stands for).
enum class wake_rule { final_le_o1, every_put, only_o2, le_o2 };

struct switches {
    bool writer_takes_ref = false;
    bool writer_ref_after_wait = false;
    bool reader_limit = true;
    bool reader_inc_not_zero = true;
    bool lock_seq_recheck = true;
    bool reader_checks_old_bit = false;
    bool eagain_retry = true;
    bool mm_check_in_start_read = true;
    bool put_reads_mm_first = true;
    bool end_read_under_rcu = false;
    wake_rule wake = wake_rule::final_le_o1;
};

// Everything a scenario built, reachable from the algorithm code.
struct world {
    bool rwsem_era = false;
    switches sw;
    int lock_offset = 0x40000000;  // VMA_LOCK_OFFSET of this run
    std::deque<mm_struct> mms;
    std::deque<vm_area_struct> vmas;
    kmem_cache vm_area_cachep;
    kmem_cache mm_cachep;
    // rw_semaphore era: vmas are freed by call_rcu; a pending free waits for these readers.
    shared<vm_area_struct*> rcu_free_object;  // the vma waiting for a grace period
    std::int32_t rcu_free_waits = -1;   // cell: threads whose read sections must end first
};

world& the_world();

// The most a reader may raise vm_refcnt to: one count below VMA_LOCK_OFFSET, and one more
// kept free for a writer that takes its own reference (v7, L3).
inline int ref_limit(const world& w) {
    return w.lock_offset - ((w.sw.writer_takes_ref || w.sw.writer_ref_after_wait) ? 2 : 1);
}

#define VMA_LOCK_OFFSET (::lockstep::vma::the_world().lock_offset)
#define VMA_REF_LIMIT (::lockstep::vma::ref_limit(::lockstep::vma::the_world()))

// ERR_PTR(-EAGAIN) for vma_start_read.
vm_area_struct* ERR_PTR_EAGAIN();
inline bool IS_ERR_OR_NULL(const vm_area_struct* p) { return !p || p == ERR_PTR_EAGAIN(); }

// mmap_lock (include/linux/mmap_lock.h)
void mmap_write_lock(mm_struct* mm);
void mmap_write_unlock(mm_struct* mm);
void mmap_read_lock(mm_struct* mm);
void mmap_read_unlock(mm_struct* mm);
void vma_end_write_all(mm_struct* mm);

// The lock operations; each dispatches to the run's implementation.
void vma_start_write(vm_area_struct* vma);
void vma_mark_attached(vm_area_struct* vma);
void vma_mark_detached(vm_area_struct* vma);
void vma_end_read(vm_area_struct* vma);
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address);

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

// The work the scenario threads do (mm/memory.c, mm/mprotect.c, mm/vma.c, reduced).
void do_page_fault(mm_struct* mm, unsigned long address);
void do_mprotect(mm_struct* mm, unsigned long address);
void do_munmap(mm_struct* mm, unsigned long address);
void do_mmap(mm_struct* mm, unsigned long address);
void mmdrop(mm_struct* mm);
void mmgrab(mm_struct* mm);

// Checker bookkeeping helpers shared by both implementations.
namespace ghost {
void reader_took_ref(vm_area_struct* vma);
void reader_dropped_ref(vm_area_struct* vma);  // also leaves the vma if it was inside
void reader_inside(vm_area_struct* vma, bool inside);
void writer_excludes(vm_area_struct* vma);  // the writer has just set VMA_LOCK_OFFSET
void writer_inside(vm_area_struct* vma);
void writer_done(mm_struct* mm);  // mm_lock_seq++ releases every vma write-locked in this cycle
}  // namespace ghost

}  // namespace lockstep::vma
