// The per-VMA lock built on vm_refcnt: mm/mmap_lock.c and include/linux/mmap_lock.h of
// v6.15 to v6.18, with commit 9bbffee67ffd ("mm: fix a UAF when vma->mm is freed after
// vma->vm_refcnt got dropped") applied.
//
// The seed's v7 patch, the reviewers' proposals (L1, L1 repaired, L2, L3) and the broken
// teaching variants differ from it in a few steps; each difference is a switch in `sw` below,
// tested right where the kernel code differs, so the final code reads straight through.
#include "vma.hpp"

namespace lockstep::vma::refcnt {

namespace {

const switches& sw() { return the_world().sw; }

// Whether vma_refcount_put() wakes the writer after dropping to `newcnt` (newcnt != 0).
bool should_wake_writer(int newcnt) {
    const int O = VMA_LOCK_OFFSET;
    switch (sw().wake) {
    case wake_rule::every_put:  // v7: every release while a writer is present
        return newcnt & O;
    case wake_rule::only_o2:  // L1: only the value start_write waits for
        return newcnt == O + 2;
    case wake_rule::le_o2:  // L1 repaired: is_vma_writer_only() of the v7 review
        return (newcnt & O) && newcnt <= O + 2;
    case wake_rule::final_le_o1:  // final: is_vma_writer_only(), readers excluded
        return (newcnt & O) && newcnt <= O + 1;
    }
    return false;
}

}  // namespace

// include/linux/mmap_lock.h
void vma_refcount_put(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    mm_struct* mm = nullptr;
    int oldcnt = 0;

    /* Use a copy of vm_mm in case vma is freed after we drop vm_refcnt */
    if (sw().put_reads_mm_first) mm = plain_read(vma->vm_mm);

    label("put.decrement");
    const bool zero = __refcount_dec_and_test(vma->vm_refcnt, &oldcnt);
    ghost::reader_dropped_ref(vma);
    if (zero) return;

    if (should_wake_writer(oldcnt - 1)) {
        // v7 read vma->vm_mm here, after the decrement, when the vma may already be freed
        // and reused by another mm.
        if (!sw().put_reads_mm_first) mm = plain_read(vma->vm_mm);
        label("put.wake");
        rcuwait_wake_up(mm->vma_writer_wait);
    }
}

// Try to read-lock a vma. May fail (return NULL) for reasons a slow path under mmap_lock
// handles; must never succeed while a writer has the vma. ERR_PTR(-EAGAIN): it was detached.
vm_area_struct* vma_start_read(mm_struct* mm, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    int oldcnt = 0;

    /*
     * Check before locking. A race might cause false locked result.
     * The acquire-ordered read of mm_lock_seq below is the one we rely on.
     */
    label("start_read.check");
    if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(mm->mm_lock_seq))
        return nullptr;

    /*
     * If VMA_LOCK_OFFSET is set, the limited increment fails because VMA_REF_LIMIT is less
     * than VMA_LOCK_OFFSET. The acquire orders it before the later vm_lock_seq check.
     */
    bool got;
    label("start_read.increment");
    if (!sw().reader_inc_not_zero) {
        // Broken teaching variant: the limit is kept, but a count of 0 is incremented too,
        // which raises a detached vma back to life.
        got = refcount_inc_limited_from_zero(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);
    } else if (!sw().reader_limit) {
        // Broken teaching variant: no limit, so a reader can add to a word with the writer bit.
        got = __refcount_inc_not_zero(vma->vm_refcnt, &oldcnt);
    } else if (sw().writer_takes_ref) {
        got = __refcount_inc_not_zero_limited(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);  // v7: relaxed
    } else {
        got = __refcount_inc_not_zero_limited_acquire(vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT);
    }
    if (!got) {
        /* return EAGAIN if vma got detached from under us */
        if (sw().eagain_retry && oldcnt == 0) return ERR_PTR_EAGAIN();
        return nullptr;
    }
    ghost::reader_took_ref(vma);

    /*
     * If vma got attached to another mm from under us, that mm is not stable and can be
     * freed in the narrow window after vma->vm_refcnt is dropped and before
     * rcuwait_wake_up(mm) is called. Grab it before releasing vma->vm_refcnt.
     */
    if (sw().mm_check_in_start_read) {
        label("start_read.mm_check");
        mm_struct* other_mm = plain_read(vma->vm_mm);
        if (other_mm != mm) {
            rcu_read_unlock();
            mmgrab(other_mm);
            vma_refcount_put(vma);
            mmdrop(other_mm);
            rcu_read_lock();
            return nullptr;
        }
    }

    // v7 also tested the old value's writer bit, which the limit already excludes.
    if (sw().reader_checks_old_bit && (oldcnt & VMA_LOCK_OFFSET)) {
        vma_refcount_put(vma);
        return nullptr;
    }

    /*
     * False unlocked result is impossible because we modify and check vma->vm_lock_seq
     * under vma->vm_refcnt protection and mm->mm_lock_seq modification invalidates all
     * existing locks. ACQUIRE pairs with the RELEASE in vma_end_write_all().
     */
    if (sw().lock_seq_recheck) {
        label("start_read.recheck");
        const unsigned lock_seq = plain_read(vma->vm_lock_seq);
        if (lock_seq == smp_load_acquire(mm->mm_lock_seq)) {
            vma_refcount_put(vma);
            return nullptr;
        }
    }

    ghost::reader_inside(vma, true);
    return vma;
}

void vma_end_read(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    if (sw().end_read_under_rcu) rcu_read_lock(); /* keeps vma alive till the end of up_read */
    vma_refcount_put(vma);
    if (sw().end_read_under_rcu) rcu_read_unlock();
}

// mm/mmap_lock.c
static bool __vma_enter_locked(vm_area_struct* vma, bool detaching) {
    KERNEL_FUNCTION();
    const int O = VMA_LOCK_OFFSET;
    const bool writer_ref = sw().writer_takes_ref;
    // The value that means "no readers left": the writer bit, the tree's reference when the
    // vma stays attached, and in v7 the writer's own reference.
    unsigned tgt_refcnt = O;
    if (!detaching) tgt_refcnt++;
    if (writer_ref) tgt_refcnt++;

    /*
     * If vma is detached then only vma_mark_attached() can raise the vm_refcnt.
     * mmap_write_lock prevents racing with vma_mark_attached().
     */
    label("enter_locked.add_offset");
    if (writer_ref) {
        // v7: take a reference, then set the writer bit: two separate steps.
        if (!refcount_inc_not_zero(vma->vm_refcnt)) return false;
        ghost_set(vma->g_writer_refs, 1);
        refcount_add(O, vma->vm_refcnt);
    } else {
        if (!refcount_add_not_zero(O, vma->vm_refcnt)) return false;
    }
    ghost::writer_excludes(vma);

    mm_struct* mm = plain_read(vma->vm_mm);
    const int target = static_cast<int>(tgt_refcnt);
    const std::int32_t cell = vma->vm_refcnt.refs.counter;
    label("enter_locked.wait");
    rcuwait_wait_event(
        mm->vma_writer_wait, [&] { return refcount_read(vma->vm_refcnt) == target; },
        TASK_UNINTERRUPTIBLE, [cell, target] { return peek(cell) == target; },
        "vm_refcnt == " + std::string(detaching ? "O" : writer_ref ? "O+2" : "O+1") +
            (detaching && writer_ref ? "+1" : ""));

    // L3: the writer waits for the readers first and takes its reference afterwards.
    if (sw().writer_ref_after_wait) {
        refcount_inc(vma->vm_refcnt);
        ghost_set(vma->g_writer_refs, 1);
    }
    if (!detaching) ghost::writer_inside(vma);
    return true;
}

static void __vma_exit_locked(vm_area_struct* vma, bool* detached) {
    KERNEL_FUNCTION();
    const bool writer_ref = sw().writer_takes_ref || sw().writer_ref_after_wait;
    label("exit_locked");
    *detached = refcount_sub_and_test(VMA_LOCK_OFFSET + (writer_ref ? 1 : 0), vma->vm_refcnt);
    ghost_set(vma->g_excluding, 0);
    ghost_set(vma->g_writer_refs, 0);
}

static void __vma_start_write(vm_area_struct* vma, unsigned mm_lock_seq) {
    KERNEL_FUNCTION();
    /*
     * __vma_enter_locked() returns false immediately if the vma is not attached, otherwise
     * it waits until refcnt is indicating that vma is attached with no readers.
     */
    const bool locked = __vma_enter_locked(vma, false);

    /*
     * We should use WRITE_ONCE() here because we can have concurrent reads from the early
     * lockless pessimistic check in vma_start_read().
     */
    label("start_write.lock_seq");
    WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq);

    if (locked) {
        bool detached;
        __vma_exit_locked(vma, &detached);
        WARN_ON_ONCE(detached, "detached"); /* vma should remain attached */
    }
}

void vma_start_write(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    // __is_vma_write_locked(): under the mmap write lock neither sequence can change.
    label("start_write");
    mm_struct* mm = plain_read(vma->vm_mm);
    const unsigned mm_lock_seq = plain_read(mm->mm_lock_seq);
    if (plain_read(vma->vm_lock_seq) == mm_lock_seq) return;
    __vma_start_write(vma, mm_lock_seq);
}

void vma_mark_attached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("attach");
    refcount_set_release(vma->vm_refcnt, 1);
    ghost_set(vma->g_attached, 1);
}

void vma_mark_detached(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    /*
     * We are the only writer, so no need to use vma_refcount_put(). The condition below is
     * unlikely because the vma has been already write-locked and readers can increment
     * vm_refcnt only temporarily before they check vm_lock_seq, realize the vma is locked and
     * drop back the vm_refcnt. That is a narrow window for observing a raised vm_refcnt.
     */
    label("detach.decrement");
    const bool zero = refcount_dec_and_test(vma->vm_refcnt);
    ghost_set(vma->g_attached, 0);
    if (!zero) {
        /* Wait until vma is detached with no readers. */
        if (__vma_enter_locked(vma, true)) {
            bool detached;
            __vma_exit_locked(vma, &detached);
            WARN_ON_ONCE(!detached, "!detached");
        }
    }
}

/*
 * Lookup and lock a VMA under RCU protection. Returned VMA is guaranteed to be stable and
 * not isolated. If the VMA is not found or is being modified the function returns NULL.
 */
vm_area_struct* lock_vma_under_rcu(mm_struct* mm, unsigned long address) {
    KERNEL_FUNCTION();
    vm_area_struct* vma;

    label("lock_vma");
    rcu_read_lock();
retry:
    label("lock_vma.walk");
    vma = READ_ONCE(mm->mm_mt); /* mas_walk(&mas) */
    if (!vma) goto inval;

    vma = vma_start_read(mm, vma);
    if (IS_ERR_OR_NULL(vma)) {
        /* Check if the VMA got isolated after we found it */
        if (vma == ERR_PTR_EAGAIN()) {
            /* The area was replaced with another one */
            goto retry;
        }
        /* Failed to lock the VMA */
        goto inval;
    }
    /*
     * At this point, we have a stable reference to a VMA: The VMA is locked and we know it
     * hasn't already been isolated.
     */

    /* Check if the vma we locked is the right one. Before 9bbffee67ffd the mm check was
     * here, and the vma_end_read() below could wake a writer in an mm already freed. */
    if (!sw().mm_check_in_start_read && plain_read(vma->vm_mm) != mm) goto inval_end_read;
    label("lock_vma.range_check");
    if (address < plain_read(vma->vm_start) || address >= plain_read(vma->vm_end))
        goto inval_end_read;

    rcu_read_unlock();
    return vma;

inval_end_read:
    refcnt::vma_end_read(vma); /* this era's, not the dispatcher found by ADL */
inval:
    rcu_read_unlock();
    return nullptr;
}

}  // namespace lockstep::vma::refcnt
