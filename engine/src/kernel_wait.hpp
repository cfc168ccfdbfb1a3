// The kernel's wait loops. They are macros in the kernel, and macros here too: `condition` is
// an expression re-evaluated through instrumented reads on every pass, as the kernel's macro
// re-evaluates it. The same expression, evaluated without steps, tells the checker whether a
// sleeper's condition already holds (a lost wakeup) when nobody is left to run.
#pragma once

namespace lockstep::kernel {

long prepare_to_wait_event(wait_queue_head& wq, long state, loc where = loc::current());
void finish_wait(wait_queue_head& wq, loc where = loc::current());

// Evaluates `condition` as a peek: its loads return the current values without being steps.
bool peek_condition(const std::function<bool()>& condition);
// What the running thread's next wait is for, in the words a lane shows ("vm_refcnt == O+1");
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
        // Barrier A, the full barrier in set_current_state(), pairs with barrier B in
        // rcuwait_wake_up(): either the waker sees our task, or we see its condition.
        set_current_state(state);
        if (condition()) break;
        if (signal_pending_state(state)) {
            ret = -EINTR;
            break;
        }
        sleeping_for([condition] { return peek_condition(condition); }, waits_for);
        schedule();
        done_sleeping();
    }
    finish_rcuwait(w);
    return ret;
}

// ___wait_event() of include/linux/wait.h with TASK_INTERRUPTIBLE: 0 once `condition`
// holds, -ERESTARTSYS when a signal comes first.
template <class Cond>
int wait_event_interruptible_loop(wait_queue_head& wq, Cond condition, const char* text) {
    frame f("wait_event_interruptible");
    if (condition()) return 0;
    const std::string waits_for = take_wait_description(text);
    for (;;) {
        const long intr = prepare_to_wait_event(wq, TASK_INTERRUPTIBLE);
        if (condition()) break;
        if (intr) return static_cast<int>(intr);
        sleeping_for([condition] { return peek_condition(condition); }, waits_for);
        schedule();
        done_sleeping();
    }
    finish_wait(wq);
    return 0;
}

}  // namespace lockstep::kernel

#define rcuwait_wait_event(w, condition, state) \
    ::lockstep::kernel::rcuwait_wait_event_loop((w), [&] { return static_cast<bool>(condition); }, (state), #condition)

#define wait_event_interruptible(wq, condition) \
    ::lockstep::kernel::wait_event_interruptible_loop((wq), [&] { return static_cast<bool>(condition); }, #condition)
