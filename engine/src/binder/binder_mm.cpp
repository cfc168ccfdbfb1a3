// The memory side of seed 003: a user access that faults, the page allocation under it, and
// the OOM killer running in the allocating task's own context. v4.4.121 (G4): mm/memory.c's
// fault path reduced to its lock and its allocation, mm/page_alloc.c
// __alloc_pages_slowpath() (l.3037-3233) and __alloc_pages_may_oom() (l.2750-2815),
// mm/oom_kill.c out_of_memory() (l.673-736), select_bad_process() (l.300-341),
// oom_kill_process() (l.509-620), mark_oom_victim() and exit_oom_victim() (l.418-443), and
// kernel/exit.c exit_mm() (l.387-441). The reaper's variants add the OOM reaper and its
// MMF_OOM_SKIP as v4.13.9's mm/oom_kill.c has them (l.470-640, oom_evaluate_task l.292-341).
//
// Memory is counted, not mapped: nr_free_pages is what the free lists hold above the min
// watermark (0: exhausted), an mm's anon_rss what killing or reaping it gives back. Direct
// reclaim finds nothing to reclaim in these scenarios; kswapd, watermark levels and the
// ticks that schedule_timeout_*() sleeps are not modelled (no simulated time passes).
#include "binder.hpp"

#include <string>

namespace lockstep::binder {

namespace {

// ---- the page allocator ------------------------------------------------------------------

// get_page_from_freelist(): one page off the free lists (under zone->lock), or NULL.
bool get_page_from_freelist(loc where = loc::current()) {
    bool got = false;
    impl::rmw(the_world().nr_free_pages.cell, "get_page_from_freelist", order::acquire,
              [&got](value_t free, bool& fail) {
                  got = free > 0;
                  fail = !got;
                  return got ? free - 1 : free;
              },
              where);
    return got;
}

// Does select_bad_process() abort because some task is still an OOM victim or exiting? Read
// without steps: the allocator's retry loop waits on it.
bool oom_scan_would_abort() {
    world& w = the_world();
    for (const task_info& t : w.tasks) {
        if (!t.process_mm) continue;  // a kernel thread: oom_unkillable_task()
        if (peek(t.TIF_MEMDIE.cell)) {
            if (w.sw.oom_reaper && peek(t.process_mm->MMF_OOM_SKIP.cell)) continue;
            return true;
        }
        if (!peek(t.mm.cell)) continue;
        if (!w.sw.oom_reaper && peek(t.PF_EXITING.cell)) return true;  // v4.4 task_will_free_mem()
    }
    return false;
}

std::vector<thread_id> oom_victims_to_wait_for() {
    std::vector<thread_id> who;
    world& w = the_world();
    for (const task_info& t : w.tasks)
        if (!detail::machine::current().threads_[t.tid].finished &&
            (peek(t.TIF_MEMDIE.cell) || (peek(t.PF_EXITING.cell) && peek(t.mm.cell))))
            who.push_back(t.tid);
    // With the reaper, the victim's memory can also come back without the victim running.
    if (w.sw.oom_reaper)
        for (const task_info& t : w.tasks)
            if (detail::machine::current().threads_[t.tid].role == "oom_reaper" &&
                !detail::machine::current().threads_[t.tid].finished)
                who.push_back(t.tid);
    return who;
}

// The allocator's retry loop can only end once something it reads changes: free pages, the
// scan's victims, or its own TIF_MEMDIE and signals (a dying allocator is made a victim
// itself, O3). Evaluated with peeks, for retry_until().
std::function<bool()> allocation_can_progress(task_info& me) {
    const std::int32_t memdie = me.TIF_MEMDIE.cell;
    const std::int32_t sig = detail::machine::current().threads_[me.tid].task.sigpending;
    return [memdie, sig] {
        return peek(the_world().nr_free_pages.cell) > 0 || !oom_scan_would_abort() || peek(memdie) || peek(sig);
    };
}

bool oom_lock_released() { return peek(oom_lock.owner) == 0 || peek(the_world().nr_free_pages.cell) > 0; }

// The thread whose task a lock's owner cell holds, as a wait-for edge (none when free).
std::vector<thread_id> holder_of(std::int32_t owner_cell) {
    const thread_id holder = detail::machine::current().thread_of_task(peek(owner_cell));
    return holder == no_thread ? std::vector<thread_id>{} : std::vector<thread_id>{holder};
}

std::vector<thread_id> oom_lock_holder() { return holder_of(oom_lock.owner); }

// mark_oom_victim(), v4.4 l.418-432 (v4.13 l.670-693).
void mark_oom_victim(task_info& tsk) {
    KERNEL_FUNCTION();
    if (test_and_set_tsk_thread_flag(tsk.TIF_MEMDIE)) return;
    // __thaw_task(): no freezer runs here.
    atomic_inc(oom_victims);
}

// wake_oom_reaper(), v4.13 l.624-640.
void wake_oom_reaper(task_info& tsk) {
    KERNEL_FUNCTION();
    if (plain_read(oom_reaper_list) == tsk.task || plain_read(tsk.next_reap)) return;
    spin_lock(oom_reaper_lock);
    plain_write(tsk.next_reap, plain_read(oom_reaper_list));
    plain_write(oom_reaper_list, tsk.task);
    spin_unlock(oom_reaper_lock);
    wake_up(oom_reaper_wait);
}

// oom_kill_process(), v4.4 l.509-620: SIGKILL to the victim's whole thread group, then
// TIF_MEMDIE on the one thread found with its mm, both under task_lock(victim).
void oom_kill_process(task_info& victim) {
    KERNEL_FUNCTION();
    spin_lock(victim.alloc_lock);  // find_lock_task_mm(): the victim still has its mm
    if (!plain_read(victim.mm)) {
        spin_unlock(victim.alloc_lock);
        return;
    }
    do_send_sig_info_sigkill(victim.task);
    mark_oom_victim(victim);
    spin_unlock(victim.alloc_lock);
    if (sw().oom_reaper) wake_oom_reaper(victim);
}

// select_bad_process(), v4.4 l.300-341 with oom_scan_process_thread() (l.266-294) in its
// order (TIF_MEMDIE, then the mm, then PF_EXITING); with the
// reaper, v4.13's oom_evaluate_task() (l.292-341), which passes over a victim whose mm has
// MMF_OOM_SKIP. One step per thread looked at. Returns the chosen task, or nullptr for "abort".
task_info* select_bad_process(bool* abort) {
    KERNEL_FUNCTION();
    task_info* chosen = nullptr;
    long chosen_points = 0;
    for (task_info& p : the_world().tasks) {
        if (!p.process_mm) continue;  // oom_unkillable_task(): a kernel thread
        // A victim is looked for before the mm: one that has left its mm already still
        // holds the killer back until exit_oom_victim() clears its flag.
        if (plain_read(p.TIF_MEMDIE)) {
            if (sw().oom_reaper) {
                // v4.13's oom_evaluate_task(): a victim whose mm was reaped no longer counts.
                if (plain_read(p.process_mm->MMF_OOM_SKIP)) continue;
            }
            *abort = true;  // OOM_SCAN_ABORT: wait for the victim we have
            return nullptr;
        }
        mm_struct* mm = plain_read(p.mm);
        if (!mm) continue;  // an exited task
        if (!sw().oom_reaper) {
            if (plain_read(p.PF_EXITING)) {  // v4.4's task_will_free_mem(): it is exiting anyway
                *abort = true;
                return nullptr;
            }
        }
        const long points = plain_read(mm->anon_rss);  // oom_badness(), without the adjustments
        if (!points || points <= chosen_points) continue;
        chosen = &p;
        chosen_points = points;
    }
    return chosen;
}

// out_of_memory(), v4.4 l.673-736. Always "progress" for the caller, whether it killed or not.
bool out_of_memory(bool* killed) {
    KERNEL_FUNCTION();
    // O1-O2: oom_killer_disabled is only set during suspend; no notifier frees anything.
    if (fatal_signal_pending()) {  // O3: current is dying already: let it use the reserves
        mark_oom_victim(current_info());
        *killed = true;
        return true;
    }
    bool abort = false;
    task_info* p = select_bad_process(&abort);  // O4
    if (p) {
        oom_kill_process(*p);  // O6
        *killed = true;
        // O7: schedule_timeout_killable(1), a tick's sleep, is not modelled.
    }
    return true;  // O5: an aborted scan returns true all the same
}

enum class oom_outcome { page, killed, busy, aborted };

// __alloc_pages_may_oom(), v4.4 l.2750-2815.
oom_outcome __alloc_pages_may_oom() {
    KERNEL_FUNCTION();
    if (!mutex_trylock(oom_lock)) return oom_outcome::busy;  // progress = 1, sleep a tick, retry
    if (get_page_from_freelist()) {  // the last try, at the high watermark
        mutex_unlock(oom_lock);
        return oom_outcome::page;
    }
    bool killed = false;
    out_of_memory(&killed);
    forget_past({killed});  // of the OOM killer's scan only whether it killed is left
    mutex_unlock(oom_lock);
    return killed ? oom_outcome::killed : oom_outcome::aborted;
}

// __alloc_pages_slowpath(), v4.4 l.3037-3233, for the order-0 GFP_HIGHUSER_MOVABLE allocation
// of a swap-in: it never fails. A pass that found the OOM killer busy or waiting for its victim
// changes nothing, and every later pass would read the same values, so the loop is shown once
// and then waits for what could change its outcome.
void __alloc_pages_slowpath() {
    KERNEL_FUNCTION();
retry:
    forget_past();  // every pass recomputes what it uses
    label("alloc.retry");
    // A1: gfp_to_alloc_flags(): a TIF_MEMDIE task may dip into the reserves.
    const bool no_watermarks = plain_read(current_info().TIF_MEMDIE);
    if (get_page_from_freelist()) return;  // A2
    if (no_watermarks) return;              // A3: __alloc_pages_high_priority() from the reserves
    // A4: direct reclaim finds nothing to reclaim (try_to_free_pages() makes no progress).
    label("alloc.oom");
    switch (__alloc_pages_may_oom()) {  // A5
    case oom_outcome::page:
        return;
    case oom_outcome::killed:
        goto retry;  // A6
    case oom_outcome::busy:
        // Somebody else is in the OOM killer: sleep a tick and retry, until it is done.
        retry_until(oom_lock_released, "oom_lock is free or a page was freed", "waits for oom_lock, held by",
                    oom_lock_holder);
        goto retry;
    case oom_outcome::aborted:
        // The killer waits for its victim: retry, forever if the victim never exits.
        label("alloc.wait_for_victim");
        retry_until(allocation_can_progress(current_info()), "the OOM victim has exited or memory was freed",
                    "waits for the OOM victim to exit", oom_victims_to_wait_for);
        goto retry;
    }
}

// The swap-in under handle_mm_fault(): a page for the faulting address, then the PTE.
void handle_mm_fault(user_page& page) {
    KERNEL_FUNCTION();
    if (!get_page_from_freelist()) __alloc_pages_slowpath();  // __alloc_pages_nodemask()
    forget_past();  // it has a page, however the allocation went
    plain_write(page.present, true);  // set_pte_at()
}

// do_page_fault(): the faulting task takes its mm's mmap_sem for read.
void do_page_fault(user_page& page) {
    KERNEL_FUNCTION();
    down_read(page.mm->mmap_sem);
    handle_mm_fault(page);
    up_read(page.mm->mmap_sem);
}

int user_access(user_page& page) {
    // The access itself; a missing page traps into do_page_fault() and the access is retried.
    while (!plain_read(page.present)) do_page_fault(page);
    return 0;
}

// mmput(): the last user tears the address space down and its pages go back to the free lists.
void mmput(mm_struct* mm) {
    KERNEL_FUNCTION();
    if (!atomic_dec_and_test(mm->mm_users)) return;
    const long pages = plain_read(mm->anon_rss);  // exit_mmap()
    plain_write(mm->anon_rss, 0);
    impl::update(the_world().nr_free_pages.cell, "free_pages", order::release,
                 [pages](value_t free, bool&) { return free + pages; });
}

// exit_oom_victim(), v4.4 l.437-443.
void exit_oom_victim() {
    KERNEL_FUNCTION();
    clear_thread_flag(current_info().TIF_MEMDIE);
    atomic_dec_return(oom_victims);  // the last one would wake oom_victims_wait (suspend only)
}

// exit_mm(), v4.4 l.387-441.
void exit_mm() {
    KERNEL_FUNCTION();
    task_info& tsk = current_info();
    mm_struct* mm = plain_read(tsk.mm);
    down_read(mm->mmap_sem);
    spin_lock(tsk.alloc_lock);  // task_lock(tsk)
    plain_write(tsk.mm, nullptr);
    spin_unlock(tsk.alloc_lock);
    up_read(mm->mmap_sem);
    mmput(mm);
    forget_past();  // the mm is gone; what mmput() found in it does not matter here
    if (plain_read(tsk.TIF_MEMDIE)) exit_oom_victim();
}

// What a failed down_read_trylock() of the reaper waits for (peeks, for retry_until()).
std::function<bool()> mmap_sem_released(mm_struct* mm) {
    return [mm] { return peek(mm->mmap_sem.owner) == 0; };
}
std::function<std::vector<thread_id>()> mmap_sem_writer(mm_struct* mm) {
    return [mm] { return holder_of(mm->mmap_sem.owner); };
}

// __oom_reap_task_mm(), v4.13 l.470-571: unmap the victim's anonymous memory without it.
bool __oom_reap_task_mm(mm_struct* mm) {
    KERNEL_FUNCTION();
    mutex_lock(oom_lock);
    if (!down_read_trylock(mm->mmap_sem)) {
        mutex_unlock(oom_lock);
        return false;
    }
    const long pages = plain_read(mm->anon_rss);  // unmap_page_range() of every private vma
    plain_write(mm->anon_rss, 0);
    impl::update(the_world().nr_free_pages.cell, "free_pages", order::release,
                 [pages](value_t free, bool&) { return free + pages; });
    forget_past();  // the pages are back; how many there were does not matter here
    up_read(mm->mmap_sem);
    mutex_unlock(oom_lock);
    return true;
}

// oom_reap_task(), v4.13 l.574-602. A failed trylock is retried after HZ/10, at most 10
// times: here, when the holder has let go.
void oom_reap_task(task_info& tsk) {
    KERNEL_FUNCTION();
    mm_struct* mm = tsk.process_mm;  // tsk->signal->oom_mm: kept even after the victim's exit_mm()
    while (!__oom_reap_task_mm(mm))
        retry_until(mmap_sem_released(mm), "the victim's mmap_sem is free", "waits for mmap_sem, held by",
                    mmap_sem_writer(mm));
    forget_past();  // the memory is reaped, however many tries it took
    plain_write(tsk.next_reap, nullptr);
    set_bit(mm->MMF_OOM_SKIP);  // l.598: hide it from the OOM killer from now on
}

}  // namespace

task_info& current_info() { return task_of(detail::machine::current().self()); }

int copy_from_user(user_page& page) {
    KERNEL_FUNCTION();
    return user_access(page);
}
int copy_to_user(user_page& page) {
    KERNEL_FUNCTION();
    return user_access(page);
}
int get_user(user_page& page) {
    KERNEL_FUNCTION();
    return user_access(page);
}
int put_user(user_page& page) {
    KERNEL_FUNCTION();
    return user_access(page);
}

// oom_reaper(), v4.13 l.604-622: the kthread waits for victims, forever.
void oom_reaper() {
    KERNEL_FUNCTION();
    for (;;) {
        forget_past();  // each round starts afresh
        task_struct* tsk = nullptr;
        label("reaper.wait");
        describe_next_wait("a victim on oom_reaper_list");
        wait_event_freezable(oom_reaper_wait, plain_read(oom_reaper_list) != nullptr);
        forget_past();  // a victim is queued, whether it had to sleep for one or not; tsk is NULL
        spin_lock(oom_reaper_lock);
        if ((tsk = plain_read(oom_reaper_list))) plain_write(oom_reaper_list, plain_read(task_of(tsk->tid).next_reap));
        spin_unlock(oom_reaper_lock);
        if (tsk) oom_reap_task(task_of(tsk->tid));
    }
}

// do_exit() after a fatal signal: exit_signals() sets PF_EXITING, then exit_mm().
void do_exit() {
    KERNEL_FUNCTION();
    label("exit");
    plain_write(current_info().PF_EXITING, true);  // exit_signals()
    exit_mm();
}

}  // namespace lockstep::binder
