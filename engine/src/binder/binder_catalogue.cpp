// The binder family: its switches, variants (each a kernel release or a proposal from seed
// 003) and scenarios (lessons 9 and 10 of the catalogue), and where each function the code
// enters lives in the kernel.
#include "binder_family.hpp"

#include <array>

namespace lockstep::binder {

std::vector<thread_info> binder_threads_of(const run_config& cfg, const scenario_info& s);
void build(detail::machine& m, const run_config& cfg, const std::map<std::string, bool>& switches);

namespace {

using detail::in_family;
using detail::preset;
using detail::with;

// The seed's kernel: every switch off.
preset v4_4_preset() {
    return {{"oom_reaper", false}, {"rfc_unlocked_return", false}, {"looper_atomic", false},
            {"relock_interruptible", false}};
}

std::vector<switch_info> binder_switches() {
    return {
        {"oom_reaper",
         "aac453635549 (v4.6): the oom_reaper kthread unmaps a victim's anonymous memory without the victim "
         "running and marks its mm MMF_OOM_SKIP (modelled on v4.13's mm/oom_kill.c), so the page allocator no "
         "longer waits for the victim to exit"},
        {"rfc_unlocked_return",
         "seed 003's RFC (Douglas Anderson, not merged): binder_thread_read settles ready_threads under a new "
         "proc->threads_lock, returns an error without binder_main_lock and relocks with "
         "mutex_lock_interruptible; binder_ioctl unlocks only if its `locked` flag says it holds the lock"},
        {"looper_atomic",
         "seed 003's RFC: thread->looper becomes an atomic_t, so each |= and &= is one atomic_or / atomic_and "
         "(off: a plain int, updated by a load and a store)"},
        {"relock_interruptible",
         "seed 003's reply (\"It should use mutex_lock_interruptible\") taken literally: the relock in "
         "binder_thread_read gives up on a signal with -EINTR, with no `locked` flag to tell binder_ioctl"},
    };
}

std::vector<variant_info> binder_variants() {
    return {
        {"v4.4", "global-lock",
         "v4.4 (4.4.121, the seed's kernel): binder.c with one global binder_main_lock, and no OOM reaper",
         v4_4_preset(), true},
        {"v4.9", "global-lock",
         "v4.9: the same binder.c, with the OOM reaper (aac453635549, v4.6) that frees a victim's memory "
         "without it",
         with(v4_4_preset(), {{"oom_reaper", true}}), false},
        {"rfc", "global-lock",
         "seed 003's RFC on v4.4 (March 2017, not merged): an atomic_t looper, proc->threads_lock, and "
         "binder_thread_read returning without binder_main_lock when killed",
         with(v4_4_preset(), {{"rfc_unlocked_return", true}, {"looper_atomic", true}}), false},
        {"interruptible", "global-lock",
         "seed 003's reply taken literally on v4.4: mutex_lock_interruptible at the relock without the RFC's "
         "`locked` flag, so binder_ioctl unlocks a mutex another thread holds",
         with(v4_4_preset(), {{"relock_interruptible", true}}), true},
        {"rfc-plain-looper", "global-lock",
         "the RFC with looper left a plain int: its unlocked looper &= ~WAITING races with the flush's "
         "|= NEED_RETURN and can lose the bit",
         with(v4_4_preset(), {{"rfc_unlocked_return", true}}), true},
        {"v4.14", "fine-grained",
         "v4.14 (4.14.5): no global lock (a60b890f607d and the series before it), binder_wait_for_work "
         "(1b77e9dcc3da), NEED_RETURN moved to looper_need_return; the OOM reaper is there",
         {{"oom_reaper", true}}, false},
    };
}

std::vector<scenario_info> binder_scenarios() {
    return {
        {"binder-oom-deadlock", "The OOM-kill deadlock",
         "B1 waits for process work in binder_thread_read; B7, in another process, holds binder_main_lock and "
         "faults into the page allocator, whose OOM killer picks B1's process. Can B1 get out?",
         0, false, "v4.4", "binder", "v4.4"},
        {"binder-oom-entry", "Killed at the door",
         "B7 holds binder_main_lock and faults; B1 is already blocked at binder_ioctl's entry lock when the OOM "
         "killer picks it. The RFC leaves that lock uninterruptible.",
         0, false, "rfc", "binder", "rfc"},
        {"binder-lost-looper-bit", "The lost NEED_RETURN bit",
         "B1 and B2 loop for process work with one item queued; kworker K runs the flush that close() queued, "
         "asking every thread to return to user space. Without the main lock, a plain looper can lose the bit.",
         0, false, "rfc-plain-looper", "binder", "rfc"},
    };
}

// Every event's innermost function, and the file it lives in. The global-lock column is v4.4
// (binder.c) and the fine-grained column v4.14 where they differ; the memory side is v4.4,
// with the reaper from v4.13. The seed's traces are arm64, whose uaccess and fault code these are.
struct source_row {
    std::string_view function;
    const char* file;
};
constexpr const char* binder_c = "drivers/android/binder.c";
constexpr std::array sources{
    source_row{"binder_ioctl", binder_c},
    source_row{"binder_ioctl_write_read", binder_c},
    source_row{"binder_thread_write", binder_c},
    source_row{"binder_thread_read", binder_c},
    source_row{"binder_deferred_func", binder_c},
    source_row{"binder_deferred_flush", binder_c},
    source_row{"binder_wait_for_work", binder_c},
    source_row{"binder_select_thread_ilocked", binder_c},
    source_row{"binder_wakeup_proc_ilocked", binder_c},
    source_row{"wait_event_freezable", "include/linux/wait.h"},
    source_row{"wait_event_freezable_exclusive", "include/linux/wait.h"},
    source_row{"wait_event_interruptible", "include/linux/wait.h"},
    source_row{"copy_from_user", "arch/arm64/include/asm/uaccess.h"},
    source_row{"copy_to_user", "arch/arm64/include/asm/uaccess.h"},
    source_row{"get_user", "arch/arm64/include/asm/uaccess.h"},
    source_row{"put_user", "arch/arm64/include/asm/uaccess.h"},
    source_row{"do_page_fault", "arch/arm64/mm/fault.c"},
    source_row{"handle_mm_fault", "mm/memory.c"},
    source_row{"__alloc_pages_slowpath", "mm/page_alloc.c"},
    source_row{"__alloc_pages_may_oom", "mm/page_alloc.c"},
    source_row{"out_of_memory", "mm/oom_kill.c"},
    source_row{"select_bad_process", "mm/oom_kill.c"},
    source_row{"oom_kill_process", "mm/oom_kill.c"},
    source_row{"mark_oom_victim", "mm/oom_kill.c"},
    source_row{"exit_oom_victim", "mm/oom_kill.c"},
    source_row{"wake_oom_reaper", "mm/oom_kill.c"},
    source_row{"oom_reaper", "mm/oom_kill.c"},
    source_row{"oom_reap_task", "mm/oom_kill.c"},
    source_row{"__oom_reap_task_mm", "mm/oom_kill.c"},
    source_row{"mmput", "kernel/fork.c"},
    source_row{"exit_mm", "kernel/exit.c"},
    source_row{"do_exit", "kernel/exit.c"},
    source_row{"get_signal", "kernel/signal.c"},
};

const char* binder_kernel_file_of(std::string_view function, std::string_view algorithm) {
    if (algorithm != "global-lock" && algorithm != "fine-grained") return nullptr;  // another family's code
    for (const source_row& row : sources)
        if (row.function == function) return row.file;
    return nullptr;
}

// Each variant's code runs with the switches of the other code at the seed kernel's values.
std::map<std::string, bool> binder_all_switch_values(const run_config&, std::map<std::string, bool> resolved) {
    std::map<std::string, bool> all = v4_4_preset();
    for (const auto& [name, on] : resolved) all[name] = on;
    return all;
}

}  // namespace

const detail::family family{
    {"binder", "Binder",
     "binder's global mutex and the OOM-kill deadlock of seed 003 (binder.c v4.4 to v4.14, mm/oom_kill.c, "
     "mm/page_alloc.c), with the fixes proposed and merged"},
    in_family("binder", binder_switches()),
    in_family("binder", binder_variants()),
    binder_scenarios(),
    {{"rfc_unlocked_return", "relock_interruptible"}},
    binder_threads_of,
    binder_all_switch_values,
    build,
    binder_kernel_file_of,
    {"ioctl.lock", "ioctl.copy_from_user", "ioctl.exit", "write.enter_looper", "read.retry", "read.set_waiting",
     "read.unlock", "read.wait", "read.relock", "read.work", "read.done", "flush.need_return", "deferred.lock",
     "alloc.retry", "alloc.oom", "alloc.wait_for_victim", "reaper.wait", "exit"},
    {"K1", "K2", "K3", "K4"},
};

}  // namespace lockstep::binder
