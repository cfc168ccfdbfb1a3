// The kernel's wait loops. They are macros in the kernel, and macros here too: `condition` is
// an expression re-evaluated through instrumented reads on every pass, as the kernel's macro
// re-evaluates it. The same expression, evaluated without steps, tells the checker whether a
// sleeper's condition already holds (a lost wakeup) when nobody is left to run.
#pragma once

namespace lockstep::kernel {

// kernel/sched/wait.c as of v4.4. prepare_to_wait_event(): with a signal pending (in an
// interruptible state) it returns -ERESTARTSYS and leaves the queue as it is; otherwise it
// queues the entry once (exclusive entries at the tail, others at the head) and sets the state.
long prepare_to_wait_event(wait_queue_head& wq, long state, bool exclusive = false, loc where = loc::current());
// prepare_to_wait(), as binder_wait_for_work() of v4.14 uses it: queue once, set the state.
void prepare_to_wait(wait_queue_head& wq, long state, loc where = loc::current());
// finish_wait(): TASK_RUNNING, and off the queue if still on it.
void finish_wait(wait_queue_head& wq, loc where = loc::current());
// abort_exclusive_wait(): an exclusive waiter that leaves on a signal passes on a wakeup it
// may have taken (its entry already gone) to the next waiter.
void abort_exclusive_wait(wait_queue_head& wq, long state, loc where = loc::current());

// Evaluates `condition` as a peek: its loads return the current values without being steps.
bool peek_condition(const std::function<bool()>& condition);
// What the running thread's next wait is for, in the words a lane shows ("vm_refcnt == OFFSET+1");
// without it the condition's source text is shown.
void describe_next_wait(std::string text);
std::string take_wait_description(const char* fallback);

// ___rcuwait_wait_event() of include/linux/rcuwait.h.
template <class Cond>
int rcuwait_wait_event_loop(rcuwait& w, Cond condition, long state, const char* text) {
    frame f("rcuwait_wait_event");
    int ret = 0;
    const std::string waits_for = take_wait_description(text);
    prepare_to_rcuwait(w);
    for (;;) {
        forget_past();  // every pass tests the condition afresh; ret is still 0
        // Barrier A, the full barrier in set_current_state(), pairs with barrier B in
        // rcuwait_wake_up(): either the waker sees our task, or we see its condition.
        set_current_state(state);
        if (condition()) break;
        forget_past();  // the condition is false, whatever values it read
        if (signal_pending_state(state)) {
            ret = -EINTR;
            break;
        }
        sleeping_for([condition] { return peek_condition(condition); }, waits_for);
        schedule();
        done_sleeping();
    }
    finish_rcuwait(w);
    forget_past({ret});  // a wakeup that came after the last test leaves no trace
    return ret;
}

// ___wait_event() of include/linux/wait.h (v4.4) with TASK_INTERRUPTIBLE, behind the outer
// macro's first test of `condition`: 0 once `condition` holds, -ERESTARTSYS when a signal
// comes first. The condition is tested after queueing and before the signal, so work that is
// there wins over a pending signal. The freezable forms also call try_to_freeze() after
// schedule(), which does nothing here: no freezer runs in any scenario.
template <class Cond>
int wait_event_loop(const char* name, wait_queue_head& wq, bool exclusive, Cond condition, const char* text) {
    frame f(name);
    if (condition()) return 0;
    const std::string waits_for = take_wait_description(text);
    for (;;) {
        forget_past();  // every pass tests the condition afresh
        const long intr = prepare_to_wait_event(wq, TASK_INTERRUPTIBLE, exclusive);
        if (condition()) break;
        forget_past({intr});  // the condition is false, whatever values it read
        if (intr) {
            if (exclusive) {
                abort_exclusive_wait(wq, TASK_INTERRUPTIBLE);
                return static_cast<int>(intr);
            }
            finish_wait(wq);
            return static_cast<int>(intr);
        }
        sleeping_for([condition] { return peek_condition(condition); }, waits_for);
        schedule();
        done_sleeping();
    }
    forget_past();  // the condition holds, whatever values it read
    finish_wait(wq);
    return 0;
}

}  // namespace lockstep::kernel

#define rcuwait_wait_event(w, condition, state) \
    ::lockstep::kernel::rcuwait_wait_event_loop((w), [&] { return static_cast<bool>(condition); }, (state), #condition)

#define wait_event_interruptible(wq, condition)                                                              \
    ::lockstep::kernel::wait_event_loop("wait_event_interruptible", (wq), false,                              \
                                        [&] { return static_cast<bool>(condition); }, #condition)
#define wait_event_freezable(wq, condition)                                                                  \
    ::lockstep::kernel::wait_event_loop("wait_event_freezable", (wq), false,                                  \
                                        [&] { return static_cast<bool>(condition); }, #condition)
#define wait_event_freezable_exclusive(wq, condition)                                                        \
    ::lockstep::kernel::wait_event_loop("wait_event_freezable_exclusive", (wq), true,                         \
                                        [&] { return static_cast<bool>(condition); }, #condition)
