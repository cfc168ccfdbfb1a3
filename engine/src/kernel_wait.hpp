// The kernel's wait loops, which are macros in the kernel and templates here: the condition is
// re-evaluated through instrumented reads on every pass, exactly as the macro re-evaluates it.
#pragma once

namespace lockstep::kernel {

long prepare_to_wait_event(wait_queue_head& wq, long state, loc where = loc::current());
void finish_wait(wait_queue_head& wq, loc where = loc::current());

// rcuwait_wait_event() of include/linux/rcuwait.h.
template <class Cond>
int rcuwait_wait_event(rcuwait& w, Cond condition, long state, std::function<bool()> holds,
                       std::string text) {
    frame f("rcuwait_wait_event");
    int ret = 0;
    prepare_to_rcuwait(w);
    for (;;) {
        // Implicit barrier (A) in set_current_state() pairs with (B) in rcuwait_wake_up(): the
        // waker's condition store is seen here, or our task pointer is seen there.
        set_current_state(state);
        if (condition()) break;
        if (signal_pending_state(state)) {
            ret = -EINTR;
            break;
        }
        sleeping_for(holds, text);
        schedule();
        done_sleeping();
    }
    finish_rcuwait(w);
    return ret;
}

// wait_event_interruptible() of include/linux/wait.h (___wait_event with TASK_INTERRUPTIBLE).
template <class Cond>
int wait_event_interruptible(wait_queue_head& wq, Cond condition, std::function<bool()> holds,
                             std::string text) {
    frame f("wait_event_interruptible");
    if (condition()) return 0;
    for (;;) {
        const long intr = prepare_to_wait_event(wq, TASK_INTERRUPTIBLE);
        if (condition()) break;
        if (intr) return static_cast<int>(intr);  // -ERESTARTSYS: a signal is pending
        sleeping_for(holds, text);
        schedule();
        done_sleeping();
    }
    finish_wait(wq);
    return 0;
}

}  // namespace lockstep::kernel
