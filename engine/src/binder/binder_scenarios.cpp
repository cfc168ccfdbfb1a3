// The binder scenarios (lessons 9 and 10 of the catalogue) and the checker of K1 to K4.
#include "binder.hpp"
#include "binder_family.hpp"

#include <bit>
#include "../text.hpp"

namespace lockstep::binder {

using detail::machine;

world& the_world() { return *static_cast<world*>(detail::machine::current().scenario_state.get()); }

namespace ghost {

// The looper update just stored, applied to what the updates so far add up to. The checker
// compares that with the word after every step: a bit the updates set and the word lacks was
// lost to a stale store (K3).
void looper_changed(binder_thread* thread, int set_bits, int clear_bits) {
    const value_t g = ghost_get(thread->g_looper);
    ghost_set(thread->g_looper, (g | set_bits) & ~static_cast<value_t>(clear_bits));
}

void ready(binder_proc* proc, bool counted) {
    const value_t bit = value_t{1} << machine::current().self();
    const value_t g = ghost_get(proc->g_ready);
    ghost_set(proc->g_ready, counted ? (g | bit) : (g & ~bit));
}

}  // namespace ghost

namespace {

// ---- the checker ---------------------------------------------------------------------------

class binder_checker : public detail::checker {
public:
    explicit binder_checker(world& w) : w_(w) {}

    void after_step(machine& m) override {
        auto& c = m.mem.cells;
        // K3: no looper bit is lost.
        for (binder_thread& t : w_.threads) {
            const value_t actual = c[t.looper.cell];
            const value_t meant = c[t.g_looper];
            if (const value_t lost = meant & ~actual) {
                const field_info& f = m.field_of(t.looper.cell);
                verdict v{"K3", "K3 broken: " + flag_names(f, lost) + " of " + m.threads_[t.tid].name +
                                    "'s looper is lost: looper is " + m.describe(t.looper.cell, actual) +
                                    ", but the updates made to it add up to " + m.describe(t.looper.cell, meant) +
                                    " (" + m.threads_[m.self()].name + " stored a value it had read before another thread's update)",
                          m.steps, {t.tid, m.self()}, {}};
                v.cell = t.looper.cell;
                v.bits = lost;
                m.add_verdict(std::move(v));
            }
            c[t.g_looper] = actual;
        }
        // K3: while binder_main_lock is held, ready_threads counts exactly the threads between
        // R4 and R9 of binder_thread_read() (binder.md 7.19).
        if (w_.fine_grained || c[w_.main_lock.owner] == 0) return;
        for (binder_proc& p : w_.procs) {
            const value_t ready = c[p.ready_threads.cell];
            const value_t waiting = std::popcount(static_cast<std::uint64_t>(c[p.g_ready]));
            if (ready != waiting)
                m.add_verdict({"K3", "K3 broken: " + m.object(p.id).name + ".ready_threads is " + std::to_string(ready) +
                                         " while binder_main_lock is held, but " + std::to_string(waiting) +
                                         " thread(s) wait for process work",
                               m.steps, {}, {}});
        }
    }

    // K4: binder_main_lock is released once per acquisition, by the thread that took it.
    void on_touch(machine& m, std::int32_t cell, bool write) override {
        if (!write || w_.fine_grained || cell != w_.main_lock.owner) return;
        if (std::string_view(m.threads_[m.self()].next.name) != "mutex_unlock") return;
        const value_t owner = m.mem.cells[cell];
        const thread_id holder = m.thread_of_task(owner);
        if (holder == m.self()) return;
        m.add_verdict({"K4", "K4 broken: " + m.threads_[m.self()].name + " unlocks binder_main_lock, which " +
                                 (holder == no_thread ? std::string("nobody holds (a second release)")
                                                      : m.threads_[holder].name + " holds: mutual exclusion is gone"),
                       m.steps, holder == no_thread ? std::vector<thread_id>{m.self()} : std::vector<thread_id>{m.self(), holder}, {}});
    }

    const char* deadlock_invariant() const override { return "K1"; }

    // K2: a killed task that sleeps uninterruptibly on a lock whose holder is stuck too can
    // never exit (checked where the run can go no further).
    void at_dead_end(machine& m) override {
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t) {
            const auto& th = m.threads_[t];
            if (th.finished || !m.mem.cells[th.task.sigpending]) continue;
            if (!(m.mem.cells[th.task.state] & TASK_UNINTERRUPTIBLE) || !th.waiting || th.waiting->lock < 0) continue;
            const thread_id holder = m.thread_of_task(m.mem.cells[th.waiting->lock]);
            if (holder == no_thread || m.threads_[holder].finished) continue;
            m.add_verdict({"K2", "K2 broken: " + th.name + " was killed (SIGKILL pending) but sleeps uninterruptibly (D) " +
                                     "waiting for " + m.lock_name(th.waiting->lock) + ", held by " +
                                     m.threads_[holder].name + ", which is stuck itself: " + th.name + " can never exit",
                           m.steps, {t, holder}, {}});
        }
    }

private:
    world& w_;
};

// ---- the threads ---------------------------------------------------------------------------

// On the way back to user space a pending SIGKILL ends the task: do_notify_resume() ->
// get_signal() -> do_group_exit() -> do_exit().
void get_signal() {
    KERNEL_FUNCTION();
    if (fatal_signal_pending()) do_exit();
}

// A user thread of a binder process: one BINDER_WRITE_READ ioctl, then back to user space.
void user_thread(binder_proc* proc, binder_thread* thread, bwr_request bwr) {
    if (the_world().fine_grained)
        fine::binder_ioctl(proc, thread, bwr);
    else
        global::binder_ioctl(proc, thread, bwr);
    forget_past();  // user space does not look at the ioctl's result here
    get_signal();
}

void kworker() {
    if (the_world().fine_grained)
        fine::binder_deferred_func();
    else
        global::binder_deferred_func();
}

// ---- the objects ---------------------------------------------------------------------------

mm_struct& add_mm(machine& m, world& w, const std::string& name, long anon_pages) {
    mm_struct& mm = w.mms.emplace_back();
    mm.id = m.add_object(name, "mm_struct");
    m.object_ptr[mm.id] = &mm;
    mm.mmap_sem = make_rw_semaphore(m, mm.id, "mmap_sem");
    mm.mm_users.counter = m.add_field(mm.id, "mm_users", field_kind::integer, 1);
    mm.anon_rss.cell = m.add_field(mm.id, "MM_ANONPAGES", field_kind::integer, anon_pages);
    mm.MMF_OOM_SKIP.cell = m.add_field(mm.id, "MMF_OOM_SKIP", field_kind::boolean, 0);
    return mm;
}

binder_proc& add_proc(machine& m, world& w, const std::string& name, int todo) {
    binder_proc& p = w.procs.emplace_back();
    p.id = m.add_object(name, "binder_proc");
    m.object_ptr[p.id] = &p;
    p.todo.cell = m.add_field(p.id, "todo", field_kind::integer, todo);
    if (!w.fine_grained) p.wait = make_wait_queue(m, p.id, "wait");
    if (w.fine_grained) {
        p.inner_lock = make_spinlock(m, p.id, "inner_lock");
        p.waiting_threads = m.add_field(p.id, "waiting_threads", field_kind::task_queue, 0);
    }
    if (w.sw.rfc_unlocked_return) p.threads_lock = make_mutex(m, p.id, "threads_lock");
    p.max_threads.cell = m.add_field(p.id, "max_threads", field_kind::integer, 0);
    p.requested_threads.cell = m.add_field(p.id, "requested_threads", field_kind::integer, 0);
    p.requested_threads_started.cell = m.add_field(p.id, "requested_threads_started", field_kind::integer, 0);
    if (!w.fine_grained) p.ready_threads.cell = m.add_field(p.id, "ready_threads", field_kind::integer, 0);
    p.deferred_work.cell = m.add_field(p.id, "deferred_work", field_kind::integer, 0);
    p.g_ready = m.add_field(p.id, "waiting for process work", field_kind::ghost, 0);
    return p;
}

std::vector<std::string> looper_bit_names(bool fine_grained) {
    return {"REGISTERED", "ENTERED", "EXITED", "INVALID", "WAITING", fine_grained ? "POLL" : "NEED_RETURN"};
}

binder_thread& add_binder_thread(machine& m, world& w, binder_proc& proc, thread_id tid, const std::string& name,
                                 int looper) {
    binder_thread& t = w.threads.emplace_back();
    t.id = m.add_object("thread " + name, "binder_thread");
    m.object_ptr[t.id] = &t;
    t.proc = &proc;
    t.tid = tid;
    t.looper.cell = m.add_field(t.id, "looper", field_kind::flags, looper);
    t.looper_atomic.counter = t.looper.cell;
    m.field_of(t.looper.cell).bit_names = looper_bit_names(w.fine_grained);
    if (w.fine_grained) t.looper_need_return.cell = m.add_field(t.id, "looper_need_return", field_kind::boolean, 0);
    t.todo.cell = m.add_field(t.id, "todo", field_kind::integer, 0);
    t.transaction_stack.cell = m.add_field(t.id, "transaction_stack", field_kind::pointer, 0);
    t.return_error.cell = m.add_field(t.id, "return_error", field_kind::integer, BR_OK);
    t.wait = make_wait_queue(m, t.id, "wait");
    t.g_looper = m.add_field(t.id, "looper as updated", field_kind::ghost, looper);
    proc.threads.push_back(&t);
    return t;
}

user_page& add_page(machine& m, world& w, const std::string& name, mm_struct* mm, bool present) {
    user_page& p = w.pages.emplace_back();
    p.id = m.add_object(name, "user page");
    m.object_ptr[p.id] = &p;
    p.present.cell = m.add_field(p.id, "present", field_kind::boolean, present ? 1 : 0);
    p.mm = mm;
    return p;
}

// The task_struct fields the story reads, added to the engine's task object of thread `t`.
task_info& add_task_fields(machine& m, world& w, thread_id t, mm_struct* mm, user_page* page) {
    task_info& info = w.tasks.at(static_cast<std::size_t>(t));
    info.task = m.task_of(t);
    info.tid = t;
    const std::int32_t obj = info.task->id;
    info.TIF_MEMDIE.cell = m.add_field(obj, "TIF_MEMDIE", field_kind::boolean, 0);
    info.PF_EXITING.cell = m.add_field(obj, "PF_EXITING", field_kind::boolean, 0);
    info.mm.cell = m.add_field(obj, "mm", field_kind::pointer, mm ? mm->id : 0);
    info.alloc_lock = make_spinlock(m, obj, "alloc_lock");
    if (w.sw.oom_reaper) info.next_reap.cell = m.add_field(obj, "oom_reaper_list", field_kind::pointer, 0);
    info.bwr_page = page;
    info.process_mm = mm;
    return info;
}

bool reaper_in(const run_config& cfg) {
    const variant_info* v = find_variant(with_defaults(cfg).variant);
    bool on = v && v->preset.contains("oom_reaper") && v->preset.at("oom_reaper");
    if (auto it = cfg.switches.find("oom_reaper"); it != cfg.switches.end()) on = it->second;
    return on;
}

}  // namespace

std::vector<thread_info> binder_threads_of(const run_config& cfg, const scenario_info& s) {
    if (cfg.readers != 0)
        throw config_error(s.name + " has a fixed set of threads; --readers does not apply");
    if (cfg.rounds != 1)
        throw config_error(s.name + " runs one ioctl per thread; --rounds does not apply");
    if (cfg.scaled)
        throw config_error(s.name + " has no refcount word to scale; --scaled and --real do not apply");
    if (cfg.scenario == "binder-lost-looper-bit") return {{"B1", "looper"}, {"B2", "looper"}, {"K", "kworker"}};
    std::vector<thread_info> threads = {{"B1", "victim"}, {"B7", "holder"}};
    if (reaper_in(cfg)) threads.push_back({"OR", "oom_reaper"});
    return threads;
}

void build(machine& m, const run_config& cfg, const std::map<std::string, bool>& on) {
    auto w = std::make_shared<world>();
    m.scenario_state = w;
    const variant_info& variant = *find_variant(cfg.variant);
    w->fine_grained = variant.algorithm == "fine-grained";
    for (const switch_member& sm : switch_members) w->sw.*sm.member = on.at(sm.name);
    const std::vector<thread_info> cast = threads_of(cfg);
    w->tasks.resize(cast.size());

    const std::int32_t globals = m.add_object("binder", "binder globals");
    if (!w->fine_grained) w->main_lock = make_mutex(m, globals, "binder_main_lock");
    w->deferred_lock = make_mutex(m, globals, "binder_deferred_lock");
    w->deferred_list.cell = m.add_field(globals, "binder_deferred_list", field_kind::pointer, 0);

    if (cfg.scenario == "binder-lost-looper-bit") {
        // Two registered loopers of one process, one work item queued, and the process has
        // closed its binder fd: binder_flush() queued a FLUSH for the kworker.
        binder_proc& proc = add_proc(m, *w, "proc P1", 1);
        m.mem.cells[proc.deferred_work.cell] = BINDER_DEFERRED_FLUSH;
        m.mem.cells[w->deferred_list.cell] = proc.id;
        for (thread_id t = 0; t < 3; ++t) {
            const thread_info& ti = cast[static_cast<std::size_t>(t)];
            if (ti.role == "looper") {
                user_page& page = add_page(m, *w, "page " + ti.name, nullptr, true);
                binder_thread& bt = add_binder_thread(m, *w, proc, t, ti.name, BINDER_LOOPER_STATE_ENTERED);
                m.add_thread(ti.name, ti.role, proc.id, [p = &proc, th = &bt] { user_thread(p, th, {false, true}); });
                add_task_fields(m, *w, t, nullptr, &page);
            } else {
                m.add_thread(ti.name, ti.role, 0, [] { kworker(); });
                add_task_fields(m, *w, t, nullptr, nullptr);
            }
        }
    } else {
        // B1 in process P1 (the larger one, which the OOM killer will pick) and B7 in P7.
        // Memory is exhausted, and the page B7's ioctl argument lives on is swapped out.
        const std::int32_t zone = m.add_object("zone", "zone");
        w->nr_free_pages.cell = m.add_field(zone, "nr_free_pages", field_kind::integer, 0);
        const std::int32_t oom = m.add_object("oom", "OOM killer");
        w->oom_mutex = make_mutex(m, oom, "oom_lock");
        w->victims.counter = m.add_field(oom, "oom_victims", field_kind::integer, 0);
        if (w->sw.oom_reaper) {
            w->reaper_list.cell = m.add_field(oom, "oom_reaper_list", field_kind::pointer, 0);
            w->reaper_wait = make_wait_queue(m, oom, "oom_reaper_wait");
            w->reaper_lock = make_spinlock(m, oom, "oom_reaper_lock");
        }
        mm_struct& mm1 = add_mm(m, *w, "mm P1", 2);
        mm_struct& mm7 = add_mm(m, *w, "mm P7", 1);
        binder_proc& p1 = add_proc(m, *w, "proc P1", 0);
        binder_proc& p7 = add_proc(m, *w, "proc P7", 0);
        user_page& page1 = add_page(m, *w, "page B1", &mm1, true);
        user_page& page7 = add_page(m, *w, "page B7", &mm7, false);
        binder_thread& b1 = add_binder_thread(m, *w, p1, 0, "B1", BINDER_LOOPER_STATE_ENTERED);
        binder_thread& b7 = add_binder_thread(m, *w, p7, 1, "B7", 0);
        m.add_thread("B1", "victim", mm1.id, [p = &p1, t = &b1] { user_thread(p, t, {false, true}); });
        m.add_thread("B7", "holder", mm7.id, [p = &p7, t = &b7] { user_thread(p, t, {true, false}); });
        add_task_fields(m, *w, 0, &mm1, &page1);
        add_task_fields(m, *w, 1, &mm7, &page7);
        if (w->sw.oom_reaper) {
            m.add_thread("OR", "oom_reaper", 0, [] { oom_reaper(); });
            add_task_fields(m, *w, 2, nullptr, nullptr);
            m.threads_[2].daemon = true;
            m.add_prologue(2, nullptr);  // the reaper sleeps, waiting for a victim
        }
        if (cfg.scenario == "binder-oom-deadlock") {
            m.add_prologue(0, nullptr);  // B1 is already asleep, waiting for process work
        } else {
            m.add_prologue(1, "ioctl.copy_from_user");  // B7 holds what the ioctl takes first
            m.add_prologue(0, nullptr);         // and B1 is stuck at its entry
        }
    }
    m.check = std::make_unique<binder_checker>(*w);
}

}  // namespace lockstep::binder
