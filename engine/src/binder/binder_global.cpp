// drivers/android/binder.c with one global mutex, binder_main_lock: v4.4.121 (G4) and v4.13.9
// (G13) have the same code on these paths; line numbers are G13's, as binder.md gives them.
// Seed 003's RFC (threads_lock, an atomic_t looper, and the `locked` flag that lets
// binder_thread_read() return without the main lock) and the reply's one-line suggestion
// (mutex_lock_interruptible at the relock) are switches on the same code.
//
// Left out, with no effect on any scenario: the binder_user_error_wait debug waits
// (binder_stop_on_user_error stays 0), binder_set_nice(), trace points and statistics, the
// rb-tree lookup in binder_get_thread() (every thread exists already), and the payload of a
// transaction (dequeuing the work item and one put_user() stand for it).
#include "binder.hpp"

namespace lockstep::binder {

// ---- helpers the era's code writes inline --------------------------------------------------

bool list_empty(const shared<int>& list, loc where) {
    return impl::load(list.cell, order::plain, "list_empty", where) == 0;
}
void list_del(shared<int>& list, loc where) {
    impl::update(list.cell, "list_del", order::plain, [](value_t n, bool&) { return n - 1; }, where);
}

void plain_inc(shared<int>& x) {
    const int v = plain_read(x);
    plain_write(x, v + 1);
}
void plain_dec(shared<int>& x) {
    const int v = plain_read(x);
    plain_write(x, v - 1);
}

// v4.4 wrote `thread->looper |= bits`: the compiler loads, ors and stores, two steps that
// another thread's store can fall between. The RFC's atomic_t makes it one atomic_or().
void looper_or(binder_thread* thread, int bits) {
    if (sw().looper_atomic) {
        atomic_or(bits, thread->looper_atomic);
    } else {
        const int looper = plain_read(thread->looper);
        plain_write(thread->looper, looper | bits);
    }
    ghost::looper_changed(thread, bits, 0);
}

void looper_clear(binder_thread* thread, int bits) {
    if (sw().looper_atomic) {
        atomic_and(~bits, thread->looper_atomic);
    } else {
        const int looper = plain_read(thread->looper);
        plain_write(thread->looper, looper & ~bits);
    }
    ghost::looper_changed(thread, 0, bits);
}

int looper_read(binder_thread* thread) {
    if (sw().looper_atomic) return atomic_read(thread->looper_atomic);
    return plain_read(thread->looper);
}

namespace global {

namespace {

// l.2641-2646 and l.2648-2652: what ends a wait for work.
bool binder_has_proc_work(binder_proc* proc, binder_thread* thread) {
    return !list_empty(proc->todo) || (looper_read(thread) & BINDER_LOOPER_STATE_NEED_RETURN);
}

bool binder_has_thread_work(binder_thread* thread) {
    return !list_empty(thread->todo) || plain_read(thread->return_error) != BR_OK ||
           (looper_read(thread) & BINDER_LOOPER_STATE_NEED_RETURN);
}

// The RFC's binder_lock_interruptible(): -ERESTARTSYS instead of the mutex's -EINTR.
int binder_lock_interruptible() {
    if (mutex_lock_interruptible(binder_main_lock)) return -ERESTARTSYS;
    return 0;
}

// l.2456-2490, main held: the looper commands. Only BC_ENTER_LOOPER is ever sent here.
int binder_thread_write(binder_proc*, binder_thread* thread) {
    KERNEL_FUNCTION();
    get_user(*current_info().bwr_page);  // the command word
    label("write.enter_looper");
    if (looper_read(thread) & BINDER_LOOPER_STATE_REGISTERED) looper_or(thread, BINDER_LOOPER_STATE_INVALID);
    looper_or(thread, BINDER_LOOPER_STATE_ENTERED);
    return 0;
}

// l.2654-2977, called and (in v4.4) always returning with binder_main_lock held.
int binder_thread_read(binder_proc* proc, binder_thread* thread, bool non_block, bool* locked) {
    KERNEL_FUNCTION();
    user_page& buffer = *current_info().bwr_page;
    int ret = 0;
    bool wait_for_proc_work;
    bool added = false;  // whether anything beyond BR_NOOP went to the buffer (ptr - buffer != 4)

    put_user(buffer);  // R0: BR_NOOP, l.2667

retry:
    forget_past();  // ret is 0 and nothing was added: each pass starts over
    label("read.retry");
    wait_for_proc_work =  // R1, l.2672
        plain_read(thread->transaction_stack) == nullptr && list_empty(thread->todo);

    if (plain_read(thread->return_error) != BR_OK) goto done;  // R2: never set in these scenarios

    label("read.set_waiting");
    looper_or(thread, BINDER_LOOPER_STATE_WAITING);  // R3, l.2695
    if (wait_for_proc_work) {                         // R4, l.2697
        if (sw().rfc_unlocked_return) mutex_lock(proc->threads_lock);
        plain_inc(proc->ready_threads);
        ghost::ready(proc, true);
        if (sw().rfc_unlocked_return) mutex_unlock(proc->threads_lock);
    }
    forget_past({wait_for_proc_work});  // what R3 and R4 read to update looper and ready_threads is dead

    label("read.unlock");
    mutex_unlock(binder_main_lock);  // R5, l.2699: binder_unlock(__func__)
    if (sw().rfc_unlocked_return) *locked = false;

    if (wait_for_proc_work) {
        if (!(looper_read(thread) & (BINDER_LOOPER_STATE_REGISTERED | BINDER_LOOPER_STATE_ENTERED))) {
            // R6: binder_user_error() and the debug wait on binder_user_error_wait (not modelled).
        }
        forget_past();  // R6 does nothing either way; it waits for process work, ret is 0
        if (non_block) {
            if (!binder_has_proc_work(proc, thread)) ret = -EAGAIN;
        } else {
            label("read.wait");
            describe_next_wait("process work (proc->todo) or NEED_RETURN");
            ret = wait_event_freezable_exclusive(proc->wait, binder_has_proc_work(proc, thread));  // R7
        }
    } else {
        if (non_block) {
            if (!binder_has_thread_work(thread)) ret = -EAGAIN;
        } else {
            label("read.wait");
            describe_next_wait("thread work, an error to return, or NEED_RETURN");
            ret = wait_event_freezable(thread->wait, binder_has_thread_work(thread));
        }
    }

    forget_past({ret, wait_for_proc_work});  // added is false; *locked is too in the RFC, else true
    if (sw().rfc_unlocked_return) {
        // The RFC, R8'-R11''': settle the counters under threads_lock and the looper bit with
        // an atomic op, leave without main on an error, and take main interruptibly.
        label("read.relock");
        mutex_lock(proc->threads_lock);
        if (wait_for_proc_work) {
            plain_dec(proc->ready_threads);
            ghost::ready(proc, false);
        }
        mutex_unlock(proc->threads_lock);
        looper_clear(thread, BINDER_LOOPER_STATE_WAITING);
        forget_past({ret, wait_for_proc_work});  // ready_threads and the looper bit are settled
        if (ret) return ret;
        ret = binder_lock_interruptible();
        if (ret) return ret;
        *locked = true;
    } else if (sw().relock_interruptible) {
        // The reply's suggestion taken literally: the relock gives up on a signal with -EINTR,
        // but the rest of the code still believes main is held.
        label("read.relock");
        const int lock_ret = mutex_lock_interruptible(binder_main_lock);  // R8
        if (wait_for_proc_work) {                                         // R9, without main if it failed
            plain_dec(proc->ready_threads);
            ghost::ready(proc, false);
        }
        looper_clear(thread, BINDER_LOOPER_STATE_WAITING);  // R10
        if (lock_ret) return lock_ret;
        if (ret) return ret;
    } else {
        label("read.relock");
        mutex_lock(binder_main_lock);  // R8, l.2726: uninterruptible; the OOM victim's site
        if (wait_for_proc_work) {      // R9, l.2729
            plain_dec(proc->ready_threads);
            ghost::ready(proc, false);
        }
        looper_clear(thread, BINDER_LOOPER_STATE_WAITING);  // R10, l.2730
        if (ret) return ret;                                // R11, l.2732: main still held
    }
    forget_past({wait_for_proc_work});  // main is held again; ret is 0 and nothing is added yet

    // R12, l.2734-2752: the work loop, main held.
    for (;;) {
        label("read.work");
        shared<int>* list = nullptr;
        if (!list_empty(thread->todo))
            list = &thread->todo;
        else if (!list_empty(proc->todo) && wait_for_proc_work)
            list = &proc->todo;
        else {
            // Nothing was added: unless asked to return to user space, sleep again.
            if (!added && !(looper_read(thread) & BINDER_LOOPER_STATE_NEED_RETURN)) goto retry;
            break;
        }
        // A one-way BINDER_WORK_TRANSACTION: off the list, BR_TRANSACTION to the buffer, and
        // the loop ends after a transaction.
        list_del(*list);
        put_user(buffer);
        added = true;
        break;
    }

done:
    // R13, l.2961-2977: ask user space for another looper when none is left.
    forget_past();  // ret is 0; main is held here in every variant (*locked is true)
    label("read.done");
    if (sw().rfc_unlocked_return) mutex_lock(proc->threads_lock);
    if (plain_read(proc->requested_threads) + plain_read(proc->ready_threads) == 0 &&
        plain_read(proc->requested_threads_started) < plain_read(proc->max_threads) &&
        (looper_read(thread) & (BINDER_LOOPER_STATE_REGISTERED | BINDER_LOOPER_STATE_ENTERED))) {
        plain_inc(proc->requested_threads);
        put_user(buffer);  // BR_SPAWN_LOOPER
    }
    if (sw().rfc_unlocked_return) mutex_unlock(proc->threads_lock);
    return 0;
}

// l.3138-3200, main held.
int binder_ioctl_write_read(binder_proc* proc, binder_thread* thread, const bwr_request& bwr, bool* locked) {
    KERNEL_FUNCTION();
    user_page& ubuf = *current_info().bwr_page;
    int ret = 0;
    label("ioctl.copy_from_user");
    copy_from_user(ubuf);  // l.3152: can fault, with main held
    forget_past();  // the page is there, whatever the fault took; ret is still 0
    if (bwr.write_enter_looper) {
        ret = binder_thread_write(proc, thread);
        if (ret < 0) {
            copy_to_user(ubuf);
            return ret;
        }
    }
    if (bwr.read) {
        ret = binder_thread_read(proc, thread, false, locked);
        forget_past({ret, *locked});  // what it returned, and whether binder_ioctl holds main now
        if (!list_empty(proc->todo)) wake_up_interruptible(proc->wait);  // l.3181
        if (ret < 0) {
            copy_to_user(ubuf);
            return ret;
        }
    }
    copy_to_user(ubuf);
    return ret;
}

// l.3697-3736 and l.3515-3534: the kworker's deferred work after close(), main held.
void binder_deferred_flush(binder_proc* proc) {
    KERNEL_FUNCTION();
    for (binder_thread* thread : proc->threads) {
        forget_past({thread->id});  // which thread the walk is at
        label("flush.need_return");
        looper_or(thread, BINDER_LOOPER_STATE_NEED_RETURN);                                  // F1
        if (looper_read(thread) & BINDER_LOOPER_STATE_WAITING) wake_up_interruptible(thread->wait);  // F2
    }
    wake_up_interruptible_all(proc->wait);  // F3
}

}  // namespace

// l.3243-3318 (G4 l.2754-2830).
long binder_ioctl(binder_proc* proc, binder_thread* thread, const bwr_request& bwr) {
    KERNEL_FUNCTION();
    int ret;
    bool locked = false;  // the RFC's flag: does this ioctl hold binder_main_lock?

    label("ioctl.lock");
    mutex_lock(binder_main_lock);  // l.3260: binder_lock(__func__), uninterruptible
    locked = true;
    // binder_get_thread(proc): the thread exists; its rb-tree lookup is not a step here.
    ret = binder_ioctl_write_read(proc, thread, bwr, &locked);  // BINDER_WRITE_READ
    if (ret) goto err;
    ret = 0;
err:
    forget_past({locked});  // ret goes back to user space, which does not look at it (user_thread)
    label("ioctl.exit");
    looper_clear(thread, BINDER_LOOPER_STATE_NEED_RETURN);  // l.3311
    if (sw().rfc_unlocked_return) {
        if (locked) mutex_unlock(binder_main_lock);
    } else {
        mutex_unlock(binder_main_lock);  // l.3312: balanced only because thread_read relocks
    }
    return ret;
}

// l.3697-3736.
void binder_deferred_func() {
    KERNEL_FUNCTION();
    binder_proc* proc;
    int defer;
    do {
        forget_past();  // proc and defer are set afresh in each round
        label("deferred.lock");
        mutex_lock(binder_main_lock);
        mutex_lock(binder_deferred_lock);
        proc = plain_read(binder_deferred_list);
        if (proc) {
            plain_write(binder_deferred_list, nullptr);  // hlist_del_init()
            defer = plain_read(proc->deferred_work);
            plain_write(proc->deferred_work, 0);
        } else {
            defer = 0;
        }
        mutex_unlock(binder_deferred_lock);
        if (defer & BINDER_DEFERRED_FLUSH) binder_deferred_flush(proc);
        forget_past({id_of(proc)});  // the flush is done; proc is left for the loop's test
        mutex_unlock(binder_main_lock);
    } while (proc);
}

}  // namespace global

}  // namespace lockstep::binder
