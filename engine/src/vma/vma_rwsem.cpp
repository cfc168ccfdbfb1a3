// The per-VMA lock of v6.4 to v6.14: a separately allocated rw_semaphore per vma plus a
// `detached` flag (include/linux/mm.h, mm/memory.c of those releases). Kept as its own
// implementation because the algorithm really is different: readers trylock a semaphore,
// the writer takes it for write, and detached vmas are freed after an RCU grace period.
#include "vma.hpp"

namespace lockstep::vma::rwsem {

/*
 * Try to read-lock a vma. The function is allowed to occasionally yield false locked result
 * to avoid performance overhead, in which case we fall back to using mmap_lock. The function
 * should never yield false unlocked result.
 */
static bool vma_start_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("start_read.check");
    mm_struct* mm = plain_read(vma->vm_mm);
    /* Check before locking. A race might cause false locked result. */
    if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(mm->mm_lock_seq)) return false;

    label("start_read.trylock");
    if (down_read_trylock(vma->vm_lock) == 0) return false;

    /*
     * Overflow might produce false locked result. False unlocked result is impossible because
     * we modify and check vma->vm_lock_seq under vma->vm_lock protection and mm->mm_lock_seq
     * modification invalidates all existing locks. ACQUIRE pairs with the RELEASE in
     * vma_end_write_all().
     */
    label("start_read.recheck");
    const unsigned lock_seq = plain_read(vma->vm_lock_seq);
    if (lock_seq == smp_load_acquire(mm->mm_lock_seq)) {
        up_read(vma->vm_lock);
        return false;
    }
    ghost::reader_inside(vma, true);
    return true;
}

void vma_end_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    rcu_read_lock(); /* keeps vma alive till the end of up_read */
    ghost::reader_inside(vma, false);
    up_read(vma->vm_lock);
    rcu_read_unlock();
}

void vma_start_write(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    mm_struct* mm = plain_read(vma->vm_mm);
    const unsigned mm_lock_seq = plain_read(mm->mm_lock_seq);
    if (plain_read(vma->vm_lock_seq) == mm_lock_seq) return;

    label("start_write.down_write");
    down_write(vma->vm_lock);
    ghost::writer_inside(vma);
    /*
     * We should use WRITE_ONCE() here because we can have concurrent reads from the early
     * lockless pessimistic check in vma_start_read().
     */
    WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq);
    up_write(vma->vm_lock);
}

void vma_mark_attached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    plain_write(vma->detached, false);
    ghost_set(vma->g_attached, 1);
}

void vma_mark_detached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    /* When detaching vma should be write-locked */
    plain_write(vma->detached, true);
    ghost_set(vma->g_attached, 0);
}

vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma;

    label("lock_vma");
    rcu_read_lock();
retry:
    label("lock_vma.walk");
    vma = READ_ONCE(mm->mm_mt); /* mas_walk(&mas) */
    if (!vma) goto inval;

    if (!vma_start_read(vma)) goto inval;

    /* Check since vm_start/vm_end might change before we lock the VMA */
    if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end))
        goto inval_end_read;

    /* Check if the VMA got isolated after we found it */
    if (plain_read(vma->detached)) {
        rwsem::vma_end_read(vma);
        /* The area was replaced with another one */
        goto retry;
    }

    rcu_read_unlock();
    return vma;

inval_end_read:
    rwsem::vma_end_read(vma); /* this era's, not the dispatcher found by ADL */
inval:
    rcu_read_unlock();
    return nullptr;
}

// vm_area_free(): call_rcu(&vma->vm_rcu, vm_area_free_rcu_cb). The free happens once every
// thread that was inside an RCU read section at this point has left it (the machine ends
// the grace period after the step that closes the last such section).
void vm_area_free(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    auto& mc = detail::machine::current();
    world& w = the_world();
    value_t readers = 0;
    for (thread_id t = 0; t < static_cast<thread_id>(mc.threads_.size()); ++t)
        if (peek(mc.threads_[t].task.rcu_depth) > 0) readers |= value_t{1} << t;
    plain_write(w.rcu_free_object, vma); /* call_rcu() */
    ghost_set(w.rcu_free_waits, readers);
}

}  // namespace lockstep::vma::rwsem
