// The simulated machine behind an engine: shared memory as typed cells, the simulated threads
// with the operation each will perform next, the event log and the checker's verdicts.
//
// Everything that can influence the future lives in `mem.cells` (kernel fields, task states,
// lock owners, and the checker's ghost bookkeeping), in `mem.weak` under --memory lkmm (the weak
// cells' stores and the threads' views), or in a thread's `history` (a hash of the values it has
// read, which determines where its code is, cut down by forget_past() to where it is and the
// locals still live there). That is what makes an execution a pure function of
// the choices, and what the explorer hashes to recognise a state it has seen.
#pragma once

#include "fiber_host.hpp"
#include "memory.hpp"

#include <lockstep/config.hpp>
#include <lockstep/engine.hpp>
#include <lockstep/snapshot.hpp>

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <string_view>
#include <string>
#include <vector>

namespace lockstep::detail {

// How the controller decides whether a thread's next operation can run.
enum class op_kind : std::uint8_t {
    plain,     // any load, store, RMW, fence, or bookkeeping step: always runnable
    schedule,  // runnable once woken (task state back to TASK_RUNNING), or on a signal
    until,     // runnable once the thread's wait condition holds: a spinlock spinning, or a
               // retry loop that cannot change anything until another thread does
};

struct pending_op {
    op_kind kind = op_kind::plain;
    const char* name = "";
    std::int32_t cell = -1;   // the field it touches (for locks: the owner cell)
    std::source_location where;
    const char* label = nullptr;  // the algorithm's name for this point ("start_read.recheck")
    int script_line = 0;          // a script's line (a litmus test's), 0 for the C++ algorithms
    const char* ordering = "";    // the access's memory ordering (to_string(order)), for the trace
    // What the access is, for the legal outcomes of a weak cell's access (machine::options).
    enum class access_kind : std::uint8_t { other, load, store, rmw };
    access_kind access = access_kind::other;
    order mo = order::plain;
    const std::function<bool(value_t)>* rmw_stores = nullptr;  // an RMW: whether it stores, by value read
    const access_deps* deps = nullptr;                         // the access's dependencies, if tracked
};

// What a sleeper waits for, so that the checker can tell "asleep with the condition already
// true and nobody left to wake it" (a lost wakeup) from a plain deadlock.
struct wait_condition {
    std::function<bool()> holds;  // reads cells directly, never schedules
    std::string text;             // "vm_refcnt == OFFSET+1"
    std::int32_t lock = -1;       // a sleeping lock's owner cell when it queues for one
    // Who the wait depends on, when that is not a lock's holders ("the OOM victim"): the
    // wait-for graph's edges from this thread, and the words for that edge.
    std::function<std::vector<thread_id>()> waits_on;
    std::string edge;
};

// The task_struct cells of a simulated thread (kernel-visible state of the thread itself).
struct task_cells {
    std::int32_t state = -1;       // TASK_RUNNING / TASK_UNINTERRUPTIBLE / TASK_INTERRUPTIBLE
    std::int32_t sigpending = -1;  // a fatal signal is pending
    std::int32_t rcu_depth = -1;   // rcu_read_lock() nesting
};

// What a run changes in a thread's record (see sim_thread): kept per step by the search so that
// a thread sent back along the path can stand where it stood without being run again.
struct thread_run {
    pending_op next;
    std::vector<const char*> stack;
    const char* label = nullptr;
    std::uint64_t history = 0;
    std::vector<std::uint64_t> entry_history;
    bool finished = false;
    bool oopsed = false;
    bool read_identity = false;
    bool waiting = false;  // asleep in a wait loop (those records are not kept: see step_memo)
    std::string next_wait_text;
};

struct sim_thread {
    std::string name;
    std::string role;
    std::function<void()> body;
    pending_op next;
    std::vector<const char*> stack;  // function names, outermost first
    const char* label = nullptr;     // set by kernel::label(), given to the next operation
    int script_line = 0;             // set by kernel::script_line(), given to every next operation
    std::uint64_t history = 0;       // hash of (operation, cell, value) of everything it did
    // `history` as it was when each enclosing function was entered, outermost first; the
    // first is the thread's start. forget_past() restarts from the innermost one: the callers'
    // positions and locals are whatever that history had made them.
    std::vector<std::uint64_t> entry_history;
    bool finished = false;
    bool oopsed = false;             // died in BUG() / VM_BUG_ON
    task_cells task;
    std::int32_t own_mm = 0;         // object id of the mm this thread works in
    std::optional<wait_condition> waiting;  // set while it sleeps in a wait loop
    bool until_ready = false;               // op_kind::until: its condition holds now
    bool daemon = false;  // a kernel thread that waits for work forever (the OOM reaper)
    std::string next_wait_text;             // how the algorithm names its next wait, if it does
    // Symmetry: threads of one group run the same program in the same role (the readers), so
    // states that differ only by which of them is where are one state for the search. -1: none.
    int group = -1;
    // It read a value that names a thread of a symmetric group (a lock owner, a wait list): its
    // history then holds thread ids, which a permutation cannot rename, so states are compared
    // as they are.
    bool read_identity = false;
};

// A simulated thread's task_struct: its own object, so that rcuwait.task, lock owners and
// wake_up_process() can point at it.
struct task_struct {
    std::int32_t id = 0;  // object id
    thread_id tid = no_thread;
};

// A sleeping lock, registered so snapshots can list who holds what and who waits.
struct lock_info {
    std::string name;           // "mmap_lock"
    std::int32_t owner = -1;    // cell: writer / owner task id, 0 when free
    std::int32_t readers = -1;  // cell: reader count (rw_semaphore only)
    std::int32_t reader_mask = -1;  // ghost cell: which threads hold it for read
    std::int32_t wait_list = -1;    // cell: the FIFO of sleeping waiters (field_kind::task_queue)
};

// Thrown into a fiber to unwind it when a run is abandoned (reset, replay, search backtrack).
struct unwind_fiber {};
// Thrown when a thread hits BUG(): the kernel kills the task; the run goes on without it.
struct thread_oops {};

class machine;

// Per-algorithm invariants plug in here; the generic ones (use after free, deadlock, lost
// wakeup, step budget) live in the machine.
class checker {
public:
    virtual ~checker() = default;
    // After every step: check the algorithm's invariants on the new state.
    virtual void after_step(machine&) {}
    // Before the running thread touches `cell`: access rules (who may write or read what).
    virtual void on_touch(machine&, std::int32_t /*cell*/, bool /*write*/) {}
    // Who could still wake `sleeper` (for the wait-for graph when nobody can run).
    virtual std::vector<thread_id> wakers(const machine&, thread_id /*sleeper*/) const { return {}; }
    // The invariant a thread that never finishes breaks ("V7" for the per-VMA lock).
    virtual const char* liveness_invariant() const { return "liveness"; }
    // The invariant a wait-for cycle breaks ("K1" for binder).
    virtual const char* deadlock_invariant() const { return "deadlock"; }
    // The invariant a use after free of `object` breaks when an algorithm's own invariant is
    // about that object's lifetime (binder's P2 for the vma alloc->vma points to); nullptr: the
    // machine's generic "use-after-free".
    virtual const char* use_after_free_invariant(std::int32_t /*object*/) const { return nullptr; }
    // Nobody can run any more (after the machine's own deadlock and lost-wakeup checks).
    virtual void at_dead_end(machine&) {}
    // The machine is at step 0 (first start, or starting over): take the initial state.
    virtual void reset(const machine&) {}
    // Whether the checks or the scenario's code look at which threads have ended while others
    // still run. If they do, a thread's last step commutes with nothing (the search keeps it in
    // every order); a litmus test looks only once all have ended.
    virtual bool sees_thread_ends() const { return true; }
};

// Per-object bookkeeping the primitives need for lifetime checks.
struct object_meta {
    std::int32_t life_cell = -1;   // -1: not a slab object (always alive)
    bool typesafe_by_rcu = false;  // SLAB_TYPESAFE_BY_RCU: freed memory stays this type under RCU
};

class machine {
public:
    explicit machine(const run_config& cfg);
    ~machine();

    // -- building (scenarios call these before start()) --
    std::int32_t add_object(std::string name, std::string type);   // returns object id (1-based)
    // The file a script-driven run's threads come from (see kernel::script_line).
    void set_script(std::string path) { shape_->script = std::move(path); }
    std::int32_t add_field(std::int32_t object, std::string name, field_kind kind, value_t init);
    // The description of a field added before (to give a refcount word its width and offset,
    // a flags word its bit names).
    field_info& field_of(std::int32_t cell);
    // A field whose value steers no modelled code (the data a fault reads): what a thread read
    // there stays out of its history, so searches do not tell apart states that differ only in it.
    void mark_payload(std::int32_t cell) { payload_[cell] = true; }
    // For the search's partial-order reduction: a step that touches only cells no other thread
    // can observe is no scheduling point. A stable cell is one no step writes (the vma's bounds
    // while nobody maps or unmaps); a private cell is one only thread `t` touches, checks and
    // wait conditions included (its rcu_read_lock nesting while no grace period looks at it).
    // The search holds the scenario to these promises and throws std::logic_error when a step
    // breaks one, so a wrong promise fails loudly instead of hiding interleavings.
    void mark_stable(std::int32_t cell) { quiet_[cell] = quiet_stable; }
    void mark_private(std::int32_t cell, thread_id t) { quiet_[cell] = t; }
    // Under --memory lkmm, a cell whose accesses follow the kernel's memory model (the others
    // stay sequentially consistent). Before start().
    void mark_weak(std::int32_t cell) { weak_cells_.push_back(cell); }
    bool is_weak_memory() const { return mem.weak.has_value(); }
    thread_id add_thread(std::string name, std::string role, std::int32_t own_mm,
                         std::function<void()> body);
    void start();  // spawns every thread and runs each to its first operation
    // Step 0 finds `t` already inside the algorithm: start() runs it alone until its next
    // operation carries `label`, or (label null) until it cannot run. The steps it takes are
    // the scenario's set-up, not part of the run.
    void add_prologue(thread_id t, const char* label) { prologue_.push_back({t, label}); }
    // Back to step 0 with the same objects and threads: much cheaper than building anew,
    // which is what replays (go back a step, search backtracking) need.
    void restart();
    // Back to the state after `to` steps of this run without starting over: the threads that
    // moved since are re-run alone, each of their steps seeing memory as it was then, and the
    // others stay where they are. False when this machine cannot (it traces events, or its
    // scenario has a prologue); go back with restart() and replay then.
    bool rewind(std::uint64_t to);
    // Keep what rewind() needs (who took each step and a copy of memory before it) from the
    // next start of a run on. Off by default: a long run would pay a copy of memory per step;
    // the search turns it on.
    void keep_rewind_points(bool on);

    // -- controller side --
    bool can_run(thread_id t) const;
    std::string why_blocked(thread_id t) const;
    std::string lock_name(std::int32_t owner_cell) const;  // "binder_main_lock"
    // The wait-for edges out of a thread that cannot run: whom it waits for, and how.
    std::vector<thread_id> waits_for(thread_id t) const;
    std::string edge_text(thread_id t) const;
    // Takes `t`'s next step with `option` among its access's legal outcomes (see options()).
    void step(thread_id t, int option = 0);
    // How many outcomes `t`'s next step has: more than one only for an access to a weak cell
    // that may read an older store or land at another place in coherence order.
    int options(thread_id t) const;
    weak_choice weak_choice_of(thread_id t) const;
    // What those outcomes choose: 'r' the store a load or RMW reads, 'w' where a store lands,
    // 0 when the next step touches no weak cell.
    char option_kind(thread_id t) const { return option_kind_of(threads_[t].next, threads_[t].finished); }
    bool any_runnable() const;
    std::uint64_t state_hash() const;
    // The state with the threads of each symmetric group sorted into a canonical order (lock
    // owners, task masks and wait lists renamed to match); equal for states that differ only
    // by a permutation of interchangeable threads. `slot_of`, when given, receives the
    // permutation used: the canonical position of each thread.
    // `twin_of`, when given, receives for each thread the lowest-numbered thread of its group
    // with the same signature (history, task cells, where shared memory names it): swapping the
    // two is an automorphism of the state.
    std::uint64_t canonical_hash(std::vector<thread_id>* slot_of = nullptr, std::vector<thread_id>* twin_of = nullptr) const;
    bool has_symmetry() const { return symmetric_; }
    // Threads `t` and others of `group` are interchangeable (same program, same role, same mm).
    void make_symmetric(thread_id t, int group);
    // Footprints: off unless the search asks (it costs a little on every access).
    void track_footprints(bool on) { track_footprints_ = on; }
    const lockstep::step_footprint& last_footprint() const { return footprint_; }
    snapshot make_snapshot() const;

    // -- fiber side: primitives call these --
    static machine& current();
    thread_id self() const { return running_; }
    sim_thread& me() { return threads_[running_]; }
    // Park the calling thread before `op`; returns when the controller chooses it.
    void schedule_point(const pending_op& op);
    // Log the operation just performed and fold what it read into the thread's history.
    // `value_used` false: the thread's code never looks at the values (the old value of a
    // store, of an RMW that returns nothing, of a lock word whose outcome `failed` says), so
    // only the operation and its outcome count, unless cfg.history_state.
    void record(const pending_op& op, value_t old_value, value_t new_value, bool failed = false,
                thread_id woke = no_thread, bool value_used = true);
    // The running thread's future from here on depends only on how it entered the function it
    // is in (the history then, which fixed its callers), on this point, on the `live` locals of
    // this function and on shared memory, not on anything else the function has read: its
    // history restarts from there, so runs that got here differently become one state. A no-op
    // under cfg.history_state.
    void forget_past(std::initializer_list<value_t> live, const std::source_location& where);
    // A function (kernel::frame) begins or ends: the entry history forget_past() starts from,
    // and the name on the call stack. A scope without a name is a sleeping lock's own (its
    // retry loop and its return cut its past), which the call stack does not show.
    void enter_function(const char* name);
    void leave_function();
    // Folds what the running thread keeps beyond the values it read into its history (the litmus
    // interpreter's dependency views, which say what the thread's later accesses must come after).
    void fold_into_history(std::uint64_t v);
    void enter_scope() { me().entry_history.push_back(me().history); }
    void leave_scope() { me().entry_history.pop_back(); }
    // Check that touching `cell` is legal for the running thread (lifetime, V6).
    void touch(std::int32_t cell, bool write);
    void oops(const std::string& invariant, const std::string& message);  // verdict + kill thread

    std::int32_t object_of(std::int32_t cell) const { return cell_object_[cell]; }
    const object_info& object(std::int32_t id) const { return shape_->objects[id - 1]; }
    object_meta& meta(std::int32_t id) { return meta_[id - 1]; }
    std::string cell_name(std::int32_t cell) const;  // "vma.vm_refcnt"
    std::string describe(std::int32_t cell, value_t v) const;

    std::int32_t add_lock(lock_info lock);
    const std::vector<lock_info>& locks() const { return locks_; }
    task_struct* task_of(thread_id t) { return &tasks_[t]; }
    thread_id thread_of_task(value_t task_object_id) const;  // no_thread for 0 / unknown

    void add_verdict(verdict v);
    bool has_violation() const { return !verdicts_.empty(); }

    // -- state --
    run_config cfg;
    memory mem;
    std::vector<sim_thread> threads_;
    std::vector<event> events;
    std::vector<verdict> verdicts_;
    std::uint64_t steps = 0;
    std::shared_ptr<layout> shape_;
    std::unique_ptr<checker> check;
    // Objects the algorithms reach through pointer fields, by object id.
    std::vector<void*> object_ptr;
    // While set, loads return the current value without being steps (wait conditions read by
    // the checker).
    bool peeking = false;
    // The scenario's C++ handles (mm_struct, vm_area_struct, ...), kept alive with the run.
    std::shared_ptr<void> scenario_state;

private:
    void run_fiber(thread_id t);
    void unwind_all();
    // The threads holding the lock whose owner cell is `owner_cell`: its writer or owner, and
    // its readers (a lock not registered with add_lock has only the owner cell).
    std::vector<thread_id> holders(std::int32_t owner_cell) const;
    void end_of_run();
    void refresh_until();
    void run_prologue();
    thread_state state_of(thread_id t) const;
    std::vector<std::pair<thread_id, const char*>> prologue_;
    bool in_prologue_ = false;

    fiber_host host_;
    std::vector<std::int32_t> weak_cells_;
    // The spin-loop rule (shared/content/weak-memory.md §4.3), under a weak memory only: a load
    // that a thread repeats at the same place, having done nothing but loads since it was last
    // there and standing where it stood then (the same history, so its loop made no progress),
    // must read a newer store than it read there last time; when there is none it waits
    // (spin_blocked_) until another thread stores one. Without it a thread spinning on a weak
    // location could read the same old store forever: a search would go round the loop
    // without end, and a run would end in a "livelock" that no fair machine shows.
    struct spin_mark {
        std::source_location where;  // the load
        std::int32_t cell = -1;
        std::uint64_t history = 0;   // the thread's history as it came to the load
        std::uint16_t read = 0;      // the message it read
        std::uint32_t since = 0;     // that read's index in spin_state::reads
        bool at(std::int32_t load_cell, const std::source_location& load) const {
            return cell == load_cell && where.line() == load.line() && where.column() == load.column() &&
                   std::string_view(where.file_name()) == load.file_name();
        }
    };
    struct spin_state {
        std::vector<spin_mark> marks;
        // Every weak read (location, message) since the thread's last step that was not a load:
        // when it ends up waiting, whether its last round read only the newest stores.
        std::vector<std::pair<int, std::uint16_t>> reads;
    };
    std::vector<spin_state> spin_;    // by thread
    std::vector<bool> spin_blocked_;  // by thread: its next load has nothing newer to read
    const spin_mark* spin_mark_of(thread_id t) const;
    // How many of the load's outcomes (newest first) the rule leaves `t`: all of `readable`, or
    // those newer than what it read there last time.
    int spin_allowed(thread_id t, int x, const std::vector<std::uint16_t>& readable) const;
    void note_spin(thread_id t, const pending_op& op, std::uint64_t history_before);
    // Whether the round `t` waits after read the newest store at every load: then no store
    // will ever come that lets it out (a real livelock); otherwise a fair machine would have
    // shown it a newer one and the search finds that run elsewhere.
    bool spin_round_read_newest(thread_id t) const;
    std::vector<int> weak_floors() const;
    std::uint64_t weak_thread_hash(thread_id t, const std::vector<int>& floor) const;
    bool weak_names_thread(const std::vector<int>& floor) const;
    // The weak memory as at step 0 and as at the saved start (see save_start).
    std::optional<weak_memory> initial_weak_, start_weak_;
    void make_weak_memory();
    char option_kind_of(const pending_op& op, bool finished = false) const {
        if (finished || mem.weak_location(op.cell) < 0 || op.access == pending_op::access_kind::other) return 0;
        return op.access == pending_op::access_kind::store ? 'w' : 'r';
    }
    std::vector<std::int32_t> cell_object_;
    std::vector<bool> payload_;
    // By cell: quiet_shared, quiet_stable, or the thread it is private to.
    static constexpr thread_id quiet_shared = -1, quiet_stable = -2;
    std::vector<thread_id> quiet_;
    // What the checks, the wait conditions and the end of a run looked at after a step.
    cell_array::access_log effect_log_;
    void take_footprint(thread_id id, op_kind kind);
    std::vector<object_meta> meta_;
    std::vector<lock_info> locks_;
    std::deque<task_struct> tasks_;
    std::vector<value_t> initial_cells_;
    // Where every run starts once each thread stands at its first operation: a restart
    // re-spawns only the threads that moved since, and puts the others' records back, so a
    // thread that never ran keeps its fiber (unwinding a fiber's stack is most of a restart's
    // cost). Kept only for scenarios without a prologue, whose first operations are the start.
    void save_start();
    void restart_moved();
    std::vector<sim_thread> start_threads_;
    std::vector<value_t> start_cells_;
    std::vector<bool> moved_;
    // For rewind(): who took each step of this run and the cells before it (one row per step),
    // kept when asked for and possible (no events to take back, no prologue).
    bool can_rewind_ = false;
    bool keep_rewind_ = false;
    bool rewindable() const { return can_rewind_ && keep_rewind_; }
    // While the search tracks footprints, rewind() is lazy: a thread sent back keeps its fiber
    // where it is, ahead of the run, with the steps the fiber took beyond the run's point as
    // step_memos. Stepping it then checks that the cells the next memo read hold what they held
    // then: if so, the step is taken from the memo (the thread's code is deterministic, so it
    // would write the same and end up in the same place); if not, the thread is re-run up to
    // the run's point (catch_up) and steps for real.
    struct step_memo {
        std::vector<std::int32_t> cells;  // every cell the step accessed, first access first
        std::vector<value_t> before, after;
        thread_run record;                // the thread after the step
        bool reusable = false;            // no verdict came of it, and it does not sleep in a
                                          // wait loop (the wait's condition points into the fiber)
    };
    std::vector<step_memo> memo_;               // by step of the run, beside path_
    std::vector<std::deque<step_memo>> ahead_;  // by thread: its fiber's steps beyond the run
    std::vector<bool> fiber_done_;              // by thread: its fiber has returned
    // Not under a weak memory: a memo is checked against the cells a step read, and a weak
    // load's outcome depends on more than those.
    bool lazy_rewind() const { return rewindable() && track_footprints_ && !mem.weak; }
    bool memo_fits(const step_memo& m) const;
    void take_memo(thread_id t);
    void perform(thread_id id, bool tracking);
    void catch_up(const std::vector<bool>& which, std::size_t upto);
    bool quiet_replay_ = false;  // rewind() is re-running a thread's steps: no checks, no verdicts
    // The steps (indices into path_) left for the thread rewind() is re-running: it goes from one
    // to the next inside its fiber, without switching back to the controller in between.
    std::vector<std::size_t> quiet_steps_;
    std::size_t quiet_next_ = 0;
    void load_cells_before(std::size_t step);
    std::vector<thread_id> path_;
    std::vector<value_t> cells_before_;
    // Under a weak memory, what rewind() puts back besides the cells (one row per step, beside
    // path_): the weak memory and the spin-loop marks before the step, and the outcome the step
    // took, which a thread re-run by catch_up() must take again.
    struct weak_step {
        weak_memory memory;
        std::vector<spin_state> spin;
        int option = 0;
    };
    std::vector<weak_step> weak_before_;
    void load_weak_before(std::size_t step);
    // Sets up step `step` of this run (0-based) for `t` to take again quietly: memory as it was
    // before it, and the outcome it took.
    void prepare_quiet_step(thread_id t, std::size_t step);
    void respawn(const std::vector<bool>& which);
    thread_id running_ = no_thread;
    bool unwinding_ = false;
    bool started_ = false;
    bool symmetric_ = false;
    bool track_footprints_ = false;
    lockstep::step_footprint footprint_;
    cell_array::access_log access_log_;
    std::vector<field_kind> cell_kind_;      // by cell
    std::vector<thread_id> task_cell_owner_; // by cell: the thread whose task_struct holds it
    std::vector<thread_id> object_thread_;   // by object id - 1: the thread it is the task of
    std::vector<std::int32_t> first_task_cell_;  // by thread: its task_struct's first cell
    // For canonical_hash(), filled by start(): the threads' own task cells, the other cells,
    // the cells among those that can name a thread, and the symmetric groups' members.
    std::vector<std::int32_t> own_cells_, shared_cells_, identity_cells_;
    std::vector<std::vector<thread_id>> groups_;
    void index_cells();
    static constexpr thread_id max_threads = 32;  // the search's slot masks are 32 bits
    std::uint64_t seed_of(thread_id t) const;
    bool names_thread(std::int32_t cell, value_t v) const;
    value_t rename_threads(std::int32_t cell, value_t v, const std::vector<thread_id>& slot_of) const;
};

}  // namespace lockstep::detail
