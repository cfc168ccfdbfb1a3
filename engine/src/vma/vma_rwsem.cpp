// The per-VMA lock of v6.4 to v6.14: an rw_semaphore per vma (vma->vm_lock) plus a `detached`
// flag, in include/linux/mm.h and mm/memory.c of those releases. The variant `rwsem` is v6.13
// and v6.14; `rwsem-v6.4` the first release. The switches are what changed in between: the
// release store of mm_lock_seq (b1f02b95758d, v6.5), the detached check moved before the
// range check (v6.12), and mm_lock_seq as a seqcount (v6.13). Its own implementation because
// the algorithm really is different: readers trylock a semaphore, the writer takes it for write,
// and a detached vma is freed after an RCU grace period.
#include "vma.hpp"

namespace lockstep::vma::rwsem {

// The ordered read of mm_lock_seq in the recheck, as each release wrote it.
static unsigned mm_lock_seq_acquire(mm_struct* mm) {
    if (sw().mm_lock_seqcount) return raw_read_seqcount(mm->mm_lock_seq);
    if (sw().end_write_all_release) return smp_load_acquire(mm->mm_lock_seq.sequence);
    return READ_ONCE(mm->mm_lock_seq.sequence);
}

// false sends the caller to the mmap_lock slow path, which is always allowed; true while a
// writer holds the vma never is.
static bool vma_start_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    // An early look that may be wrong; the ordered read comes after the trylock.
    label("start_read.check");
    if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(plain_read(vma->vm_mm)->mm_lock_seq.sequence))
        return false;
    forget_past();  // the sequences differed; which values they had no longer matters

    label("start_read.trylock");
    if (down_read_trylock(vma->vm_lock) == 0) return false;

    // Holding vm_lock for read pins vm_lock_seq (the writer sets it under vm_lock for write),
    // so equal sequences now mean the vma is write-locked. The acquire pairs with
    // vma_end_write_all(): nothing of the vma is read before it was unlocked.
    label("start_read.recheck");
    const unsigned lock_seq = plain_read(vma->vm_lock_seq);
    if (lock_seq == mm_lock_seq_acquire(plain_read(vma->vm_mm))) {
        up_read(vma->vm_lock);
        return false;
    }
    ghost::reader_inside(vma, true);
    return true;
}

void vma_end_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    // RCU keeps the vma from being freed before up_read() is done with its vm_lock.
    rcu_read_lock();
    ghost::reader_inside(vma, false);
    up_read(vma->vm_lock);
    rcu_read_unlock();
}

void vma_start_write(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    unsigned mm_lock_seq;
    mm_struct* mm = plain_read(vma->vm_mm);
    mm_lock_seq = plain_read(mm->mm_lock_seq.sequence);
    if (plain_read(vma->vm_lock_seq) == mm_lock_seq) return;

    label("start_write.down_write");
    down_write(vma->vm_lock);
    ghost::writer_inside(vma);
    // Marked, for the early lockless look in vma_start_read().
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
    // The caller has write-locked the vma.
    plain_write(vma->detached, true);
    ghost_set(vma->g_attached, 0);
}

vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma;

    label("lock_vma");
    rcu_read_lock();
retry:
    forget_past();  // each pass looks the address up afresh
    label("lock_vma.walk");
    vma = rcu_dereference(mm->mm_mt); /* mas_walk(&mas) */
    if (!vma) goto inval;

    if (!vma_start_read(vma)) goto inval;
    forget_past({id_of(vma)});  // it holds vm_lock for read, however it got it

    // v6.4 to v6.11 tested the range first: a detached vma whose range has changed then falls
    // back to mmap_lock instead of walking the tree again.
    if (!sw().detached_check_first) {
        if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end))
            goto inval_end_read;
    }

    // Detached after we found it: the address may be mapped by another vma now.
    if (plain_read(vma->detached)) {
        vma_end_read(vma);
        goto retry;
    }

    // Locked and attached: from here the vma cannot change under us.
    if (sw().detached_check_first) {
        if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end))
            goto inval_end_read;
    }

    rcu_read_unlock();
    return vma;

inval_end_read:
    vma_end_read(vma);
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
    plain_write(w.rcu_free_object, vma); /* call_rcu() */
    // The readers the grace period waits for, as they are in the step that queues the free
    // (looked at before it, they would be a local no state records).
    value_t readers = 0;
    for (thread_id t = 0; t < static_cast<thread_id>(mc.threads_.size()); ++t)
        if (peek(mc.threads_[t].task.rcu_depth) > 0) readers |= value_t{1} << t;
    ghost_set(w.rcu_free_waits, readers);
}

}  // namespace lockstep::vma::rwsem
