// What both per-VMA lock implementations share: mmap_lock with its sequence count, the work
// the scenario threads do (a page fault, mprotect, munmap, mmap), mm lifetime, and the
// checker's bookkeeping of who is inside.
#include "vma.hpp"

namespace lockstep::vma {

world& the_world() { return *static_cast<world*>(detail::machine::current().scenario_state.get()); }

vm_area_struct* ERR_PTR_EAGAIN() {
    static vm_area_struct eagain;
    return &eagain;
}

// ---- mmap_lock (include/linux/mmap_lock.h) ------------------------------------------------

void mmap_write_lock(mm_struct* mm) {
    KERNEL_FUNCTION();
    label("mmap_write_lock");
    down_write(mm->mmap_lock);
    // mm_lock_seqcount_begin(): sequence++ then smp_wmb(); odd means write-locked.
    increment(mm->mm_lock_seq, "mm_lock_seqcount_begin", order::release);
}

// Releases every vma write-locked in this cycle at once: their vm_lock_seq no longer matches.
void vma_end_write_all(mm_struct* mm) {
    KERNEL_FUNCTION();
    // mm_lock_seqcount_end(): smp_wmb() then sequence++ (a release store since b1f02b95758d).
    label("end_write_all");
    increment(mm->mm_lock_seq, "mm_lock_seqcount_end", order::release);
    ghost::writer_done(mm);
}

void mmap_write_unlock(mm_struct* mm) {
    KERNEL_FUNCTION();
    vma_end_write_all(mm);
    up_write(mm->mmap_lock);
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

// ---- the lock operations, for the run's implementation -------------------------------------

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

// ---- mm lifetime (include/linux/sched/mm.h) ----------------------------------------------

void mmgrab(mm_struct* mm) {
    KERNEL_FUNCTION();
    atomic_inc(mm->mm_count);
    const std::int32_t pinned = detail::machine::current().me().task.pinned_mms;
    ghost_set(pinned, ghost_get(pinned) | (value_t{1} << mm->id));
}

void mmdrop(mm_struct* mm) {
    KERNEL_FUNCTION();
    const bool last = atomic_dec_and_test(mm->mm_count);
    const std::int32_t pinned = detail::machine::current().me().task.pinned_mms;
    ghost_set(pinned, ghost_get(pinned) & ~(value_t{1} << mm->id));
    if (last) kmem_cache_free(the_world().mm_cachep, mm->id); /* __mmdrop() */
}

// ---- what the scenario threads do ----------------------------------------------------------

namespace {

constexpr unsigned long VM_READ = 0x1, VM_WRITE = 0x2;

// The part of handle_mm_fault() that matters here: it reads the vma.
void handle_mm_fault(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("use");
    read_and_ignore(vma->vm_flags);
}

// find_vma() under mmap_lock: the tree cannot change while we hold it.
vm_area_struct* find_vma(mm_struct* mm, unsigned long) {
    KERNEL_FUNCTION();
    return plain_read(mm->mm_mt);
}

vm_area_struct* vm_area_alloc(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    world& w = the_world();
    label("mmap.alloc");
    const std::int32_t id = kmem_cache_alloc(w.vm_area_cachep);
    if (!id) return nullptr;
    auto* vma = static_cast<vm_area_struct*>(detail::machine::current().object_ptr[id]);
    // vma_init(): vm_refcnt is left alone. The cache is SLAB_TYPESAFE_BY_RCU, so a reader
    // may still be looking at this object, and a freed vma's count is 0 already.
    plain_write(vma->vm_mm, mm);
    plain_write(vma->vm_start, address & ~0xfffUL);
    plain_write(vma->vm_end, (address & ~0xfffUL) + 0x1000);
    plain_write(vma->vm_lock_seq, UINT_MAX);
    if (w.rwsem_era) plain_write(vma->detached, true);
    return vma;
}

void vm_area_free(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    world& w = the_world();
    if (w.rwsem_era) return rwsem::vm_area_free(vma);
    /* The vma should be detached while being destroyed. */
    VM_BUG_ON(peek(vma->vm_refcnt.refs.counter) != 0, "refcount_read(&vma->vm_refcnt)");
    label("free");
    kmem_cache_free(w.vm_area_cachep, vma->id);
}

}  // namespace

void do_page_fault(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma = lock_vma_under_rcu(mm, address);
    if (vma) {
        handle_mm_fault(vma);
        vma_end_read(vma);
        return;
    }
    // The per-VMA lock failed: fall back to mmap_lock (lock_mm_and_find_vma()).
    mmap_read_lock(mm);
    vma = find_vma(mm, address);
    if (vma) handle_mm_fault(vma);
    mmap_read_unlock(mm);
}

void do_mprotect(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = find_vma(mm, address);
    if (vma) {
        vma_start_write(vma);
        label("modify");
        WRITE_ONCE(vma->vm_flags, VM_READ); /* vm_flags_reset(): drop VM_WRITE */
    }
    mmap_write_unlock(mm);
}

void do_munmap(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = find_vma(mm, address);
    if (vma) {
        vma_start_write(vma);
        label("munmap.remove");
        WRITE_ONCE(mm->mm_mt, static_cast<vm_area_struct*>(nullptr)); /* vma_iter_clear() */
        vma_mark_detached(vma);
    }
    mmap_write_unlock(mm);
    if (vma) vm_area_free(vma); /* remove_vma() */
}

void do_mmap(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    mmap_write_lock(mm);
    vm_area_struct* vma = vm_area_alloc(mm, address);
    if (vma) {
        /* Lock the VMA since it is modified after insertion into VMA tree */
        vma_start_write(vma);
        WRITE_ONCE(vma->vm_flags, VM_READ | VM_WRITE);
        WRITE_ONCE(mm->mm_mt, vma); /* vma_iter_store_new() */
        vma_mark_attached(vma);
    }
    mmap_write_unlock(mm);
}

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
std::int32_t my_refs() { return detail::machine::current().me().task.held_refs; }
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

void writer_done(mm_struct*) {
    for (auto& vma : the_world().vmas)
        if (ghost_get(vma.g_writer_inside) == current_task()->id) ghost_set(vma.g_writer_inside, 0);
}

}  // namespace ghost

}  // namespace lockstep::vma
