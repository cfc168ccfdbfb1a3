// What both per-VMA lock implementations share: mmap_lock with its sequence count, the work
// the scenario threads do (a page fault, mprotect, munmap, mmap), mm lifetime, and the
// checker's bookkeeping of who is inside.
#include "vma.hpp"

#include <cassert>

namespace lockstep::vma {

world& the_world() { return *static_cast<world*>(detail::machine::current().scenario_state.get()); }

namespace {
vm_area_struct* eagain_sentinel() {
    static vm_area_struct eagain;
    return &eagain;
}
}  // namespace

vm_area_struct* ERR_PTR([[maybe_unused]] long error) {
    assert(error == -EAGAIN);
    return eagain_sentinel();
}
long PTR_ERR(const vm_area_struct* p) { return p == eagain_sentinel() ? -EAGAIN : 0; }

// ---- mmap_lock (include/linux/mmap_lock.h) ------------------------------------------------

// Since v6.13 mm_lock_seq is a seqcount: odd while mmap_lock is held for write.
static void mm_lock_seqcount_begin(mm_struct* mm) {
    KERNEL_FUNCTION();
    do_raw_write_seqcount_begin(mm->mm_lock_seq);
}

static void mm_lock_seqcount_end(mm_struct* mm) {
    KERNEL_FUNCTION();
    do_raw_write_seqcount_end(mm->mm_lock_seq);
}

void mmap_write_lock(mm_struct* mm) {
    KERNEL_FUNCTION();
    label("mmap_write_lock");
    down_write(mm->mmap_lock);
    if (sw().mm_lock_seqcount) mm_lock_seqcount_begin(mm);
}

// Unlocks every vma write-locked since mmap_write_lock() at once: their vm_lock_seq stops
// matching mm_lock_seq.
void vma_end_write_all(mm_struct* mm) {
    KERNEL_FUNCTION();
    label("end_write_all");
    if (sw().mm_lock_seqcount) {
        mm_lock_seqcount_end(mm);
    } else if (sw().end_write_all_release) {
        smp_store_release(mm->mm_lock_seq.sequence, plain_read(mm->mm_lock_seq.sequence) + 1);
    } else {
        WRITE_ONCE(mm->mm_lock_seq.sequence, plain_read(mm->mm_lock_seq.sequence) + 1);
    }
    ghost::writer_done(mm);
}

void mmap_write_unlock(mm_struct* mm) {
    KERNEL_FUNCTION();
    vma_end_write_all(mm);
    up_write(mm->mmap_lock);
}

void mmap_write_downgrade(mm_struct* mm) {
    KERNEL_FUNCTION();
    vma_end_write_all(mm);
    downgrade_write(mm->mmap_lock);
}

void mmap_read_lock(mm_struct* mm) {
    KERNEL_FUNCTION();
    label("mmap_read_lock");
    down_read(mm->mmap_lock);
}

void mmap_read_unlock(mm_struct* mm) {
    KERNEL_FUNCTION();
    up_read(mm->mmap_lock);
}

void vma_assert(bool broken, const char* what) {
    if (sw().asserts_bug_on) {
        VM_BUG_ON(broken, what);
    } else {
        WARN_ON_ONCE(broken, what);
    }
}

// ---- the lock operations, for the run's implementation -------------------------------------

// The scenario's work calls these; each goes to the run's implementation. They live apart from
// the vma namespace so that inside refcnt:: and rwsem:: the kernel names find that era's own.
namespace work {

void vma_start_write(vm_area_struct* vma) {
    the_world().rwsem_era ? rwsem::vma_start_write(vma) : refcnt::vma_start_write(vma);
}
void vma_mark_attached(vm_area_struct* vma) {
    the_world().rwsem_era ? rwsem::vma_mark_attached(vma) : refcnt::vma_mark_attached(vma);
}
void vma_mark_detached(vm_area_struct* vma) {
    the_world().rwsem_era ? rwsem::vma_mark_detached(vma) : refcnt::vma_mark_detached(vma);
}
void vma_end_read(vm_area_struct* vma) {
    the_world().rwsem_era ? rwsem::vma_end_read(vma) : refcnt::vma_end_read(vma);
}
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address) {
    return the_world().rwsem_era ? rwsem::lock_vma_under_rcu(mm, address)
                                 : refcnt::lock_vma_under_rcu(mm, address);
}

}  // namespace work

// ---- mm lifetime (include/linux/sched/mm.h) ----------------------------------------------

void mmgrab(mm_struct* mm) {
    KERNEL_FUNCTION();
    atomic_inc(mm->mm_count);
    const std::int32_t pinned = the_world().pinned_mms[detail::machine::current().self()];
    ghost_set(pinned, ghost_get(pinned) | (value_t{1} << mm->id));
}

void mmdrop(mm_struct* mm) {
    KERNEL_FUNCTION();
    const bool last = atomic_dec_and_test(mm->mm_count);
    const std::int32_t pinned = the_world().pinned_mms[detail::machine::current().self()];
    ghost_set(pinned, ghost_get(pinned) & ~(value_t{1} << mm->id));
    if (last) kmem_cache_free(mm_cachep, mm); /* __mmdrop() */
}

// ---- what the scenario threads do ----------------------------------------------------------

namespace work {


namespace {

constexpr unsigned long VM_READ = 0x1, VM_WRITE = 0x2;

// find_vma() under mmap_lock: the tree cannot change while we hold it.
vm_area_struct* find_vma(mm_struct* mm, unsigned long) {
    KERNEL_FUNCTION();
    return plain_read(mm->mm_mt);
}

// kernel/fork.c
vm_area_struct* vm_area_alloc(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    label("mmap.alloc");
    auto* vma = static_cast<vm_area_struct*>(kmem_cache_alloc(vm_area_cachep));
    if (!vma) return nullptr;
    // vma_init() leaves vm_refcnt alone: with SLAB_TYPESAFE_BY_RCU an RCU reader may still be
    // looking at this object, and a freed vma's count is already 0.
    plain_write(vma->vm_mm, mm);
    plain_write(vma->vm_start, address & ~0xfffUL);
    plain_write(vma->vm_end, (address & ~0xfffUL) + 0x1000);
    plain_write(vma->vm_lock_seq, UINT_MAX);
    if (the_world().rwsem_era) plain_write(vma->detached, true);
    return vma;
}

void vm_area_free(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    if (the_world().rwsem_era) return rwsem::vm_area_free(vma);
    // vma_assert_detached(): freeing a vma that still has a count is a bug.
    vma_assert(refcount_read(vma->vm_refcnt) != 0, "refcount_read(&vma->vm_refcnt)");
    label("free");
    kmem_cache_free(vm_area_cachep, vma);
}

}  // namespace

// mm/memory.c: the part of the fault that matters here is that it reads the vma.
void handle_mm_fault(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("use");
    const unsigned long flags = READ_ONCE(vma->vm_flags);
    ghost::reader_used(vma, static_cast<value_t>(flags));
}

void do_page_fault(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma = lock_vma_under_rcu(mm, address);
    forget_past({id_of(vma)});  // of the lookup only its answer is left (a held count is in memory)
    if (vma) {
        handle_mm_fault(vma);
        vma_end_read(vma);
        return;
    }
    // No per-VMA lock: fall back to mmap_lock (lock_mm_and_find_vma()).
    mmap_read_lock(mm);
    vma = find_vma(mm, address);
    if (vma) handle_mm_fault(vma);
    mmap_read_unlock(mm);
}

// mm/mprotect.c, reduced to a change of the vma's flags.
void do_mprotect(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = find_vma(mm, address);
    if (vma) {
        vma_start_write(vma);
        forget_past({id_of(vma)});  // the vma is write-locked, however long that took
        label("modify");
        WRITE_ONCE(vma->vm_flags, VM_READ); /* vm_flags_reset(): drop VM_WRITE */
    }
    mmap_write_unlock(mm);
}

// mm/vma.c, do_vmi_align_munmap(): vms_gather_munmap_vmas() write-locks and detaches the
// vma, vma_iter_clear_gfp() takes it out of the tree, and vms_complete_munmap_vmas()
// downgrades mmap_lock to read, frees the vma (remove_vma()) and read-unlocks.
void do_munmap(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = find_vma(mm, address);
    if (!vma) {
        mmap_write_unlock(mm);
        return;
    }
    vma_start_write(vma);
    forget_past({id_of(vma)});  // the vma is write-locked, however long that took
    vma_mark_detached(vma);
    forget_past({id_of(vma)});  // and detached, whether it had to wait for a reader or not
    label("munmap.remove");
    rcu_assign_pointer(mm->mm_mt, static_cast<vm_area_struct*>(nullptr)); /* vma_iter_clear_gfp() */
    mmap_write_downgrade(mm);
    vm_area_free(vma);
    mmap_read_unlock(mm);
}

// mm/vma.c, __mmap_new_vma(): the new vma is set up, write-locked, then vma_iter_store_new()
// attaches it before publishing it in the tree, so a walker never finds it with a count of 0.
void do_mmap(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = vm_area_alloc(mm, address);
    forget_past({id_of(vma)});  // which object the slab gave, not what else it looked at
    if (vma) {
        plain_write(vma->vm_flags, VM_READ | VM_WRITE); /* vm_flags_init() */
        vma_start_write(vma);
        forget_past({id_of(vma)});  // the vma is write-locked
        vma_mark_attached(vma);
        rcu_assign_pointer(mm->mm_mt, vma);
    }
    mmap_write_unlock(mm);
}

}  // namespace work

// ---- checker bookkeeping -------------------------------------------------------------------

namespace ghost {

namespace {
value_t my_bit() { return value_t{1} << detail::machine::current().self(); }
value_t vma_bit(const vm_area_struct* vma) {
    const auto& vmas = the_world().vmas;
    for (std::size_t i = 0; i < vmas.size(); ++i)
        if (&vmas[i] == vma) return value_t{1} << i;
    return 0;
}
std::int32_t my_refs() { return the_world().held_refs[detail::machine::current().self()]; }
}  // namespace

void reader_took_ref(vm_area_struct* vma) {
    ghost_set(vma->g_reader_refs, ghost_get(vma->g_reader_refs) + 1);
    ghost_set(my_refs(), ghost_get(my_refs()) | vma_bit(vma));
}

void reader_dropped_ref(vm_area_struct* vma) {
    ghost_set(vma->g_reader_refs, ghost_get(vma->g_reader_refs) - 1);
    ghost_set(my_refs(), ghost_get(my_refs()) & ~vma_bit(vma));
    ghost_set(vma->g_inside, ghost_get(vma->g_inside) & ~my_bit());
}

void reader_inside(vm_area_struct* vma, bool inside) {
    const value_t mask = ghost_get(vma->g_inside);
    ghost_set(vma->g_inside, inside ? (mask | my_bit()) : (mask & ~my_bit()));
}

void writer_excludes(vm_area_struct* vma) {
    auto& mc = detail::machine::current();
    auto* mm = static_cast<mm_struct*>(mc.object_ptr[peek(vma->vm_mm.cell)]);
    if (ghost_get(vma->g_excluding) != 0)
        mc.add_verdict({"V3", mc.me().name + " sets VMA_LOCK_OFFSET while another writer has it set",
                        mc.steps, {mc.self()}, {}});
    else if (!mm || !rwsem_is_write_locked_by_me(mm->mmap_lock))
        mc.add_verdict({"V3", mc.me().name + " sets VMA_LOCK_OFFSET without holding mmap_lock for write",
                        mc.steps, {mc.self()}, {}});
    ghost_set(vma->g_excluding, current_task()->id);
}

void writer_inside(vm_area_struct* vma) { ghost_set(vma->g_writer_inside, current_task()->id); }

void writer_waits_for(unsigned target) {
    const unsigned extra = target - static_cast<unsigned>(VMA_LOCK_OFFSET);
    describe_next_wait("vm_refcnt == OFFSET" + (extra ? "+" + std::to_string(extra) : std::string()));
}

// V1 under a weak memory: a lock excludes in time and also makes the last holder's stores
// visible. A thread that holds the vma for read, or mmap_lock, reads its flags as the last
// writer left them (the newest store: writers change them only while they hold the vma for
// write, and none does now). Under sequential consistency a load always reads the newest
// store, so this can only fire under --memory lkmm.
void reader_used(vm_area_struct* vma, value_t flags) {
    auto& mc = detail::machine::current();
    const value_t newest = peek(vma->vm_flags.cell);
    if (flags == newest || ghost_get(vma->g_writer_inside) != 0) return;  // a writer inside is V1 already
    const auto* mm = static_cast<const mm_struct*>(mc.object_ptr[peek(vma->vm_mm.cell)]);
    const bool read_locked = (ghost_get(vma->g_inside) >> mc.self()) & 1;
    const bool mmap_locked = mm && (peek(mm->mmap_lock.owner) == current_task()->id ||
                                    ((peek(mm->mmap_lock.reader_mask) >> mc.self()) & 1));
    if (!read_locked && !mmap_locked) return;  // a use without a lock is V6's business
    std::string by;
    if (const int x = mc.mem.weak_location(vma->vm_flags.cell); x >= 0) {
        const detail::message& last = mc.mem.weak->msg(x, mc.mem.weak->coherence(x).back());
        if (last.writer >= 0)
            by = " " + mc.threads_[last.writer].name + "'s store of " + mc.describe(vma->vm_flags.cell, newest) +
                 " (step " + std::to_string(last.step) + ")";
    }
    if (by.empty()) by = " the store of " + mc.describe(vma->vm_flags.cell, newest);
    mc.add_verdict({"V1", "V1 broken: " + mc.me().name + " holds " +
                              (read_locked ? "the vma read lock" : std::string("mmap_lock")) + " but reads " +
                              mc.cell_name(vma->vm_flags.cell) + " = " + mc.describe(vma->vm_flags.cell, flags) +
                              ", a value from before the last write cycle:" + by +
                              ", made while the vma was write-locked, is not visible to it although that cycle has ended",
                    mc.steps, {mc.self()}, {}});
}

void writer_done(mm_struct*) {
    for (auto& vma : the_world().vmas)
        if (ghost_get(vma.g_writer_inside) == current_task()->id) ghost_set(vma.g_writer_inside, 0);
}

}  // namespace ghost

}  // namespace lockstep::vma
