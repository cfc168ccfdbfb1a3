// The per-VMA lock built on vm_refcnt, as merged in v6.15 and as it stands in v6.18:
// include/linux/mmap_lock.h and mm/mmap_lock.c with 9bbffee67ffd (the mm use-after-free fix,
// v6.17) and 0b16f8bed19c (vma_start_read leaves RCU on failure, v6.18).
//
// The older releases, the seed's v7 series, the reviewers' proposals and the broken teaching
// variants differ from it in a few lines. Each difference is a switch (`sw().name`, named as
// in the catalogue) tested exactly where the kernel code differs, so the merged code reads
// straight through and a lane can show each switch as the diff it stands for.
#include "vma.hpp"

namespace lockstep::vma::refcnt {

// include/linux/mmap_lock.h

// True when `refcnt` says that only the writer is left: the writer bit is set and no reader
// holds a count any more (the attached count may remain).
static bool is_vma_writer_only(int refcnt) {
    if (sw().wake_every_put) return refcnt & VMA_LOCK_OFFSET;
    if (sw().wake_only_at_O2) return refcnt == VMA_LOCK_OFFSET + 2;
    if (sw().wake_at_or_below_O2) return (refcnt & VMA_LOCK_OFFSET) && refcnt <= VMA_LOCK_OFFSET + 2;
    return (refcnt & VMA_LOCK_OFFSET) && refcnt <= VMA_LOCK_OFFSET + 1;
}

void vma_refcount_put(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    mm_struct* mm = nullptr;
    int oldcnt = 0;

    // Once our count is gone the vma may be freed and reused at once, so its mm is read first.
    if (sw().put_reads_mm_first) mm = plain_read(vma->vm_mm);

    label("put.decrement");
    const bool last = __refcount_dec_and_test(vma->vm_refcnt, &oldcnt);
    ghost::reader_dropped_ref(vma);
    if (last) return;

    int refcnt = oldcnt - 1;  // what the count is now
    if (sw().wake_tests_old_count) refcnt = oldcnt;
    if (is_vma_writer_only(refcnt)) {
        forget_past({id_of(mm)});  // the count has decided: it wakes the writer of the mm it read
        // v7 looked up vm_mm only here, after the decrement: by then the vma may belong to
        // another mm, or to nobody.
        if (!sw().put_reads_mm_first) mm = plain_read(vma->vm_mm);
        label("put.wake");
        if (sw().rcuwait_wake_mb) {
            rcuwait_wake_up(mm->vma_writer_wait);
        } else {
            // rcuwait_wake_up() with the read barrier it had before 6dc080eeb2ba: nothing then
            // orders our decrement before its load of the waiting task.
            rcuwait_wake_up_rmb(mm->vma_writer_wait);
        }
    }
}

// Tries to read-lock a vma found under RCU. NULL sends the caller to the mmap_lock slow path
// (a false "locked" is allowed); success while a writer holds the vma is never allowed.
// ERR_PTR(-EAGAIN): the vma was detached under us. Since v6.18 every failure also leaves the
// RCU read section.
vm_area_struct* vma_start_read(mm_struct* mm, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    mm_struct* other_mm = nullptr;
    int oldcnt = 0;
    bool got = false;

    // A cheap early look, allowed to be wrong: the ordered read that decides comes later.
    label("start_read.check");
    if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(mm->mm_lock_seq.sequence)) {
        vma = nullptr;
        goto err;
    }
    forget_past();  // the sequences differed; which values they had no longer matters

    // VMA_REF_LIMIT is below VMA_LOCK_OFFSET, so a writer's bit makes this fail; the acquire
    // keeps the checks below from being done before the count is taken.
    label("start_read.increment");
    if (!sw().reader_inc_not_zero) {
        got = refcount_inc_limited_from_zero(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);
    } else if (!sw().reader_limit) {
        got = __refcount_inc_not_zero_acquire(vma->vm_refcnt, &oldcnt);
    } else if (!sw().reader_inc_acquire) {
        got = __refcount_inc_not_zero_limited(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);
    } else {
        got = __refcount_inc_not_zero_limited_acquire(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);
    }
    if (!got) {
        // A count of 0 means detached: the caller should look the address up again.
        vma = nullptr;
        if (sw().eagain_retry) {
            if (oldcnt == 0) vma = ERR_PTR(-EAGAIN);
        }
        goto err;
    }
    forget_past({oldcnt & VMA_LOCK_OFFSET});  // it holds a count; only v7's test of the bit is left
    ghost::reader_took_ref(vma);

    if (sw().mm_check_in_start_read) {
        label("start_read.mm_check");
        if (plain_read(vma->vm_mm) != mm) goto err_unstable;
    }

    // v7 also looked at the writer bit of the old count; the limit already rules it out.
    if (sw().reader_checks_old_bit) {
        if (oldcnt & VMA_LOCK_OFFSET) {
            vma_refcount_put(vma);
            vma = nullptr;
            goto err;
        }
    }

    // The count pins vm_lock_seq: a writer sets it only after draining the readers, and
    // mm_lock_seq moving on unlocks every vma at once. So equal sequences here mean a writer
    // got in between the early look and our increment. The acquire pairs with the release
    // side of vma_end_write_all(), so nothing of the vma is read before it was unlocked.
    if (sw().lock_seq_recheck) {
        label("start_read.recheck");
        const unsigned lock_seq = plain_read(vma->vm_lock_seq);
        if (lock_seq == raw_read_seqcount(mm->mm_lock_seq)) {
            vma_refcount_put(vma);
            vma = nullptr;
            goto err;
        }
    }

    ghost::reader_inside(vma, true);
    return vma;

err:
    forget_past({id_of(vma), PTR_ERR(vma)});  // it failed; only the answer is left
    if (sw().start_read_drops_rcu) rcu_read_unlock();
    return vma;

err_unstable:
    // The vma was freed and reused by another mm while we looked. That mm could be freed as
    // soon as our count is dropped, before our put wakes its writer: pin it with mmgrab()
    // first, and take the mm pointer again since the vma may change under us.
    other_mm = plain_read(vma->vm_mm);
    rcu_read_unlock();
    mmgrab(other_mm);
    vma_refcount_put(vma);
    forget_past({id_of(other_mm)});  // the count is dropped; the pinned mm is still to let go
    mmdrop(other_mm);
    if (!sw().start_read_drops_rcu) rcu_read_lock();
    return nullptr;
}

void vma_end_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    // v7 held RCU across the put so that the vma could not be freed under it.
    if (sw().end_read_under_rcu) rcu_read_lock();
    vma_refcount_put(vma);
    forget_past();  // the count is dropped; what the put saw does not matter here
    if (sw().end_read_under_rcu) rcu_read_unlock();
}

// mm/mmap_lock.c

static bool __vma_enter_locked(vm_area_struct* vma, bool detaching) {
    KERNEL_FUNCTION();
    // The count that means "no reader left": the writer bit, plus the tree's count when the
    // vma stays attached, plus v7's own writer reference.
    unsigned tgt_refcnt = VMA_LOCK_OFFSET;
    if (!detaching) tgt_refcnt++;
    if (sw().writer_takes_ref) tgt_refcnt++;

    // A detached vma (count 0) can only be revived by vma_mark_attached(), which needs the
    // mmap write lock we hold: so 0 stays 0 and there is nothing to wait for.
    label("enter_locked.add_offset");
    if (sw().writer_takes_ref) {
        if (!refcount_inc_not_zero(vma->vm_refcnt)) return false;
        ghost_set(vma->g_writer_refs, 1);
        forget_past();  // it holds its reference, whatever the count was
        refcount_add(VMA_LOCK_OFFSET, vma->vm_refcnt);
    } else {
        if (!refcount_add_not_zero(VMA_LOCK_OFFSET, vma->vm_refcnt)) return false;
    }
    ghost::writer_excludes(vma);
    forget_past();  // the bit is set; the wait reads the count afresh (tgt_refcnt: the arguments)

    label("enter_locked.wait");
    ghost::writer_waits_for(tgt_refcnt);
    rcuwait_wait_event(plain_read(vma->vm_mm)->vma_writer_wait,
                       refcount_read(vma->vm_refcnt) == static_cast<int>(tgt_refcnt),
                       TASK_UNINTERRUPTIBLE);

    // L3: the writer drains the readers first and takes its own reference afterwards.
    if (sw().writer_ref_after_wait) {
        refcount_inc(vma->vm_refcnt);
        ghost_set(vma->g_writer_refs, 1);
    }
    if (!detaching) ghost::writer_inside(vma);
    return true;
}

static void __vma_exit_locked(vm_area_struct* vma, bool* detached) {
    KERNEL_FUNCTION();
    int drop = VMA_LOCK_OFFSET;
    if (sw().writer_takes_ref) drop++;
    if (sw().writer_ref_after_wait) drop++;
    label("exit_locked");
    *detached = refcount_sub_and_test(drop, vma->vm_refcnt);
    ghost_set(vma->g_excluding, 0);
    ghost_set(vma->g_writer_refs, 0);
}

static void __vma_start_write(vm_area_struct* vma, unsigned mm_lock_seq) {
    KERNEL_FUNCTION();
    // false without waiting when the vma is detached; otherwise once only the tree's count
    // (and the writer bit) remain.
    const bool locked = __vma_enter_locked(vma, false);

    // A marked store: the early lockless look in vma_start_read() may read it concurrently.
    label("start_write.lock_seq");
    WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq);

    if (locked) {
        bool detached;
        __vma_exit_locked(vma, &detached);
        vma_assert(detached, "detached"); /* the vma must still be attached here */
    }
}

void vma_start_write(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    unsigned mm_lock_seq;
    // __is_vma_write_locked(): both sequences are stable while we hold mmap_lock for write.
    label("start_write");
    mm_struct* mm = plain_read(vma->vm_mm);
    mm_lock_seq = plain_read(mm->mm_lock_seq.sequence);
    if (plain_read(vma->vm_lock_seq) == mm_lock_seq) return;
    __vma_start_write(vma, mm_lock_seq);
}

void vma_mark_attached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("attach");
    if (sw().attach_release) {
        refcount_set_release(vma->vm_refcnt, 1);
    } else {
        refcount_set(vma->vm_refcnt, 1);
    }
    ghost_set(vma->g_attached, 1);
}

void vma_mark_detached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    // The vma is write-locked, so a reader can hold a count only for the moment between its
    // increment and its vm_lock_seq recheck; we drop the tree's count ourselves, and wait only
    // in that rare case.
    label("detach.decrement");
    const bool zero = refcount_dec_and_test(vma->vm_refcnt);
    ghost_set(vma->g_attached, 0);
    if (!zero) {
        forget_past();  // some reader holds a count; how many, the wait finds out
        // Wait for the count to reach 0, the last reader gone.
        if (__vma_enter_locked(vma, true)) {
            bool detached;
            __vma_exit_locked(vma, &detached);
            vma_assert(!detached, "!detached");
        }
    }
}

// Finds the vma at `address` and read-locks it without mmap_lock, relying on RCU to keep
// the object a vma. NULL: not found, or being changed (the caller takes the slow path).
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma;

    label("lock_vma");
    if (!sw().start_read_drops_rcu) rcu_read_lock();
retry:
    forget_past();  // each pass looks the address up afresh
    if (sw().start_read_drops_rcu) rcu_read_lock();
    label("lock_vma.walk");
    vma = rcu_dereference(mm->mm_mt); /* mas_walk(&mas) */
    if (!vma) {
        if (sw().start_read_drops_rcu) rcu_read_unlock();
        goto inval;
    }

    vma = vma_start_read(mm, vma);
    forget_past({id_of(vma), PTR_ERR(vma)});  // of vma_start_read only its answer is left
    if (IS_ERR_OR_NULL(vma)) {
        // -EAGAIN: detached after we found it; look the address up again.
        if (PTR_ERR(vma) == -EAGAIN) goto retry;
        goto inval;
    }

    // The vma is ours and was attached when we took the count: from here on it cannot change
    // under us.
    if (sw().start_read_drops_rcu) {
        rcu_read_unlock();
        label("lock_vma.range_check");
        if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end)) {
            vma_end_read(vma);
            goto inval;
        }
        return vma;
    }

    // Before 9bbffee67ffd the mm was checked here, after the count was taken, and the put in
    // vma_end_read() below could wake a writer in an mm that was being freed.
    if (!sw().mm_check_in_start_read) {
        if (plain_read(vma->vm_mm) != mm) goto inval_end_read;
    }
    label("lock_vma.range_check");
    if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end))
        goto inval_end_read;

    rcu_read_unlock();
    return vma;

inval_end_read:
    vma_end_read(vma);
inval:
    if (!sw().start_read_drops_rcu) rcu_read_unlock();
    return nullptr;
}

}  // namespace lockstep::vma::refcnt
