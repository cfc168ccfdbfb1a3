// drivers/android/binder.c of v4.14.5 (F14): no global lock. Todd Kjos's series ending in
// a60b890f607d ("binder: remove global binder lock") gives each proc an inner spinlock;
// 1b77e9dcc3da ("ANDROID: binder: remove proc waitqueue") replaces proc->wait and
// ready_threads with binder_wait_for_work() and proc->waiting_threads; "binder: don't modify
// thread->looper from other threads" moves NEED_RETURN out of looper into looper_need_return.
// Line numbers are F14's.
//
// Left out as in binder_global.cpp: the debug waits, binder_set_nice(), the freezer calls
// around binder_wait_for_work(), and a transaction's payload. binder_get_thread() finds the
// thread under the inner lock; the lookup itself is not a step.
#include "binder.hpp"

namespace lockstep::binder::fine {

namespace {

// binder_worklist_empty_ilocked(): with proc->inner_lock held.
bool binder_worklist_empty_ilocked(const shared<int>& list, loc where = loc::current()) {
    return list_empty(list, where);
}
void binder_dequeue_work_head_ilocked(shared<int>& list, loc where = loc::current()) { list_del(list, where); }

// proc->waiting_threads, a list of threads kept as a task queue: list_add() at the head,
// list_del_init() of a given thread, and binder_select_thread_ilocked()'s pop of the first.
void waiting_threads_add(binder_proc* proc, thread_id t, loc where = loc::current()) {
    impl::update(proc->waiting_threads, "list_add", order::plain, [t](value_t q, bool&) {
        auto list = decode_task_queue(q);
        list.insert(list.begin(), {t, false});
        return encode_task_queue(list);
    }, where);
}
void waiting_threads_del(binder_proc* proc, thread_id t, loc where = loc::current()) {
    impl::update(proc->waiting_threads, "list_del_init", order::plain, [t](value_t q, bool&) {
        auto list = decode_task_queue(q);
        std::erase_if(list, [t](const queued_task& e) { return e.thread == t; });
        return encode_task_queue(list);
    }, where);
}

binder_thread* binder_select_thread_ilocked(binder_proc* proc, loc where = loc::current()) {
    KERNEL_FUNCTION();
    thread_id first = no_thread;
    impl::rmw(proc->waiting_threads, "list_first_entry_or_null", order::plain, [&first](value_t q, bool&) {
        auto list = decode_task_queue(q);
        if (list.empty()) return q;
        first = list.front().thread;
        list.erase(list.begin());
        return encode_task_queue(list);
    }, where);
    for (binder_thread& t : the_world().threads)
        if (t.tid == first) return &t;
    return nullptr;
}

// l.1017-1052. A thread that polls would be woken when none waits; none polls here.
void binder_wakeup_proc_ilocked(binder_proc* proc) {
    KERNEL_FUNCTION();
    binder_thread* thread = binder_select_thread_ilocked(proc);
    if (thread) wake_up_interruptible(thread->wait);
}

// l.927-934.
bool binder_has_work_ilocked(binder_thread* thread, bool do_proc_work) {
    return !binder_worklist_empty_ilocked(thread->todo) || plain_read(thread->looper_need_return) ||
           (do_proc_work && !binder_worklist_empty_ilocked(thread->proc->todo));
}

// l.947-953.
bool binder_available_for_proc_work_ilocked(binder_thread* thread) {
    return !plain_read(thread->transaction_stack) && binder_worklist_empty_ilocked(thread->todo) &&
           (plain_read(thread->looper) & (BINDER_LOOPER_STATE_ENTERED | BINDER_LOOPER_STATE_REGISTERED));
}

// l.3716-3745. The inner lock is dropped before schedule(); work is looked for before a signal,
// and the signal only after a wakeup.
int binder_wait_for_work(binder_thread* thread, bool do_proc_work) {
    KERNEL_FUNCTION();
    binder_proc* proc = thread->proc;
    int ret = 0;
    spin_lock(proc->inner_lock);
    for (;;) {
        forget_past();  // every pass looks for work afresh; ret is still 0
        prepare_to_wait(thread->wait, TASK_INTERRUPTIBLE);
        if (binder_has_work_ilocked(thread, do_proc_work)) break;
        if (do_proc_work) waiting_threads_add(proc, thread->tid);
        spin_unlock(proc->inner_lock);
        label("read.wait");
        sleeping_for([thread, do_proc_work] { return peek_condition([&] { return binder_has_work_ilocked(thread, do_proc_work); }); },
                     do_proc_work ? "process work or looper_need_return" : "thread work or looper_need_return");
        schedule();
        done_sleeping();
        spin_lock(proc->inner_lock);
        waiting_threads_del(proc, thread->tid);
        if (signal_pending()) {
            ret = -ERESTARTSYS;
            break;
        }
    }
    finish_wait(thread->wait);
    spin_unlock(proc->inner_lock);
    return ret;
}

// l.3451-3487: BC_ENTER_LOOPER, only ever written by the thread itself.
int binder_thread_write(binder_proc*, binder_thread* thread) {
    KERNEL_FUNCTION();
    get_user(*current_info().bwr_page);
    label("write.enter_looper");
    if (plain_read(thread->looper) & BINDER_LOOPER_STATE_REGISTERED) looper_or(thread, BINDER_LOOPER_STATE_INVALID);
    looper_or(thread, BINDER_LOOPER_STATE_ENTERED);
    return 0;
}

// l.3748-4104.
int binder_thread_read(binder_proc* proc, binder_thread* thread, bool non_block) {
    KERNEL_FUNCTION();
    user_page& buffer = *current_info().bwr_page;
    int ret = 0;
    bool wait_for_proc_work;
    bool added = false;

    put_user(buffer);  // BR_NOOP

retry:
    forget_past();  // ret is 0 and nothing was added: each pass starts over
    label("read.retry");
    spin_lock(proc->inner_lock);  // T1
    wait_for_proc_work = binder_available_for_proc_work_ilocked(thread);
    spin_unlock(proc->inner_lock);

    looper_or(thread, BINDER_LOOPER_STATE_WAITING);  // T2, l.3771: the owner's own RMW

    if (wait_for_proc_work) {
        if (!(plain_read(thread->looper) & (BINDER_LOOPER_STATE_REGISTERED | BINDER_LOOPER_STATE_ENTERED))) {
            // T3: binder_user_error() and the debug wait (not modelled).
        }
    }

    if (non_block) {
        spin_lock(proc->inner_lock);
        if (!binder_has_work_ilocked(thread, wait_for_proc_work)) ret = -EAGAIN;
        spin_unlock(proc->inner_lock);
    } else {
        ret = binder_wait_for_work(thread, wait_for_proc_work);  // T4
    }

    forget_past({ret, wait_for_proc_work});  // nothing was added yet
    looper_clear(thread, BINDER_LOOPER_STATE_WAITING);  // T5, l.3794
    if (ret) return ret;                                // T6

    for (;;) {
        label("read.work");
        shared<int>* list = nullptr;
        spin_lock(proc->inner_lock);
        if (!binder_worklist_empty_ilocked(thread->todo))
            list = &thread->todo;
        else if (!binder_worklist_empty_ilocked(proc->todo) && wait_for_proc_work)
            list = &proc->todo;
        else {
            spin_unlock(proc->inner_lock);
            if (!added && !plain_read(thread->looper_need_return)) goto retry;
            break;
        }
        binder_dequeue_work_head_ilocked(*list);
        spin_unlock(proc->inner_lock);
        put_user(buffer);  // a one-way BR_TRANSACTION
        added = true;
        break;
    }

    // done: l.4083-4104
    forget_past();  // ret is 0; what was added is in the buffer already
    label("read.done");
    spin_lock(proc->inner_lock);
    if (plain_read(proc->requested_threads) == 0 &&
        impl::load(proc->waiting_threads, order::plain, "list_empty", loc::current()) == 0 &&
        plain_read(proc->requested_threads_started) < plain_read(proc->max_threads) &&
        (plain_read(thread->looper) & (BINDER_LOOPER_STATE_REGISTERED | BINDER_LOOPER_STATE_ENTERED))) {
        plain_inc(proc->requested_threads);
        spin_unlock(proc->inner_lock);
        put_user(buffer);  // BR_SPAWN_LOOPER
    } else {
        spin_unlock(proc->inner_lock);
    }
    return 0;
}

int binder_ioctl_write_read(binder_proc* proc, binder_thread* thread, const bwr_request& bwr) {
    KERNEL_FUNCTION();
    user_page& ubuf = *current_info().bwr_page;
    int ret = 0;
    label("ioctl.copy_from_user");
    copy_from_user(ubuf);  // can fault, holding no binder lock
    forget_past();  // the page is there, whatever the fault took; ret is still 0
    if (bwr.write_enter_looper) {
        ret = binder_thread_write(proc, thread);
        if (ret < 0) {
            copy_to_user(ubuf);
            return ret;
        }
    }
    if (bwr.read) {
        ret = binder_thread_read(proc, thread, false);
        forget_past({ret});  // of the read only its result is left
        spin_lock(proc->inner_lock);
        if (!binder_worklist_empty_ilocked(proc->todo)) binder_wakeup_proc_ilocked(proc);
        spin_unlock(proc->inner_lock);
        if (ret < 0) {
            copy_to_user(ubuf);
            return ret;
        }
    }
    copy_to_user(ubuf);
    return ret;
}

// l.4700-4720.
void binder_deferred_flush(binder_proc* proc) {
    KERNEL_FUNCTION();
    spin_lock(proc->inner_lock);
    for (binder_thread* thread : proc->threads) {
        forget_past({thread->id});  // which thread the walk is at
        label("flush.need_return");
        plain_write(thread->looper_need_return, true);
        if (plain_read(thread->looper) & BINDER_LOOPER_STATE_WAITING) wake_up_interruptible(thread->wait);
    }
    spin_unlock(proc->inner_lock);
}

}  // namespace

// l.4462-4565.
long binder_ioctl(binder_proc* proc, binder_thread* thread, const bwr_request& bwr) {
    KERNEL_FUNCTION();
    int ret;
    label("ioctl.lock");
    spin_lock(proc->inner_lock);  // binder_get_thread()
    spin_unlock(proc->inner_lock);
    ret = binder_ioctl_write_read(proc, thread, bwr);
    if (ret) goto err;
    ret = 0;
err:
    forget_past();  // ret goes back to user space, which does not look at it (user_thread)
    label("ioctl.exit");
    plain_write(thread->looper_need_return, false);  // l.4556
    return ret;
}

// l.4883-4920: no global lock any more.
void binder_deferred_func() {
    KERNEL_FUNCTION();
    binder_proc* proc;
    int defer;
    do {
        forget_past();  // proc and defer are set afresh in each round
        label("deferred.lock");
        mutex_lock(binder_deferred_lock);
        proc = plain_read(binder_deferred_list);
        if (proc) {
            plain_write(binder_deferred_list, nullptr);
            defer = plain_read(proc->deferred_work);
            plain_write(proc->deferred_work, 0);
        } else {
            defer = 0;
        }
        mutex_unlock(binder_deferred_lock);
        if (defer & BINDER_DEFERRED_FLUSH) binder_deferred_flush(proc);
        forget_past({id_of(proc)});  // the flush is done; proc is left for the loop's test
    } while (proc);
}

}  // namespace lockstep::binder::fine
