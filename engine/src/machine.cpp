#include "machine.hpp"

#include <algorithm>
#include <cassert>
#include <set>
#include <string_view>
#include "text.hpp"

namespace lockstep::detail {

namespace {

thread_local machine* tls_machine = nullptr;

// splitmix64 finaliser: cheap and well mixed, enough for a visited-state set.
constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    std::uint64_t x = h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

constexpr value_t slab_live = 1;

}  // namespace

machine::machine(const run_config& c) : cfg(c), shape_(std::make_shared<layout>()) {
    object_ptr.push_back(nullptr);  // object id 0 is NULL
}

machine::~machine() { unwind_all(); }

// Unwind every thread still parked inside the algorithm so its stack is released.
void machine::unwind_all() {
    unwinding_ = true;
    machine* saved = tls_machine;
    tls_machine = this;
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        if (started_ && !fiber_done_[t]) {
            running_ = t;
            host_.resume(t);
        }
    }
    host_.join_all();
    running_ = no_thread;
    unwinding_ = false;
    tls_machine = saved;
}

namespace {

// A thread's record as it is before its fiber first runs.
void clear_run(sim_thread& th, std::uint64_t seed) {
    th.next = {};
    th.label = nullptr;
    th.stack.clear();
    th.history = seed;
    th.entry_history.assign(1, th.history);
    th.read_identity = false;
    th.finished = false;
    th.oopsed = false;
    th.waiting.reset();
    th.until_ready = false;
    th.next_wait_text.clear();
}

// What a run changes in a thread's record (name, role, body, task and group stay), but the
// wait it sleeps in, whose condition points into its fiber.
thread_run run_of(const sim_thread& th) {
    return {th.next, th.stack, th.label, th.history, th.entry_history, th.finished, th.oopsed, th.read_identity,
            th.waiting.has_value(), th.next_wait_text};
}

void set_run(sim_thread& th, const thread_run& r) {
    th.next = r.next;
    th.stack = r.stack;
    th.label = r.label;
    th.history = r.history;
    th.entry_history = r.entry_history;
    th.finished = r.finished;
    th.oopsed = r.oopsed;
    th.read_identity = r.read_identity;
    th.next_wait_text = r.next_wait_text;
    th.waiting.reset();
    th.until_ready = false;
}

void copy_run(sim_thread& to, const sim_thread& from) {
    set_run(to, run_of(from));
    to.waiting = from.waiting;
    to.until_ready = from.until_ready;
}

}  // namespace

void machine::restart() {
    if (!start_threads_.empty()) {
        restart_moved();
        return;
    }
    unwind_all();
    mem.cells = initial_cells_;
    mem.weak = initial_weak_;
    spin_.assign(threads_.size(), {});
    events.clear();
    verdicts_.clear();
    steps = 0;
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) clear_run(threads_[t], seed_of(t));
    start();
}

void machine::save_start() {
    if (!prologue_.empty()) return;
    start_threads_ = threads_;
    start_cells_ = mem.cells;
    start_weak_ = mem.weak;
    moved_.assign(threads_.size(), false);
    // Under a weak memory each step also keeps a copy of it (weak_before_).
    can_rewind_ = !cfg.trace;
}

// Unwinds the threads in `which` and starts them again, each run to its first operation
// with memory as it was at the start.
void machine::respawn(const std::vector<bool>& which) {
    const auto n = static_cast<thread_id>(threads_.size());
    unwinding_ = true;
    for (thread_id t = 0; t < n; ++t) {
        if (!which[t]) continue;
        if (!fiber_done_[t]) {
            running_ = t;
            host_.resume(t);
        }
        host_.join(t);
    }
    host_.collect();
    unwinding_ = false;
    mem.cells = start_cells_;
    mem.weak = start_weak_;
    for (thread_id t = 0; t < n; ++t) {
        if (!which[t]) continue;
        spin_[t] = {};
        clear_run(threads_[t], seed_of(t));
        ahead_[t].clear();
        fiber_done_[t] = false;
        running_ = t;
        host_.spawn(t, [this, t] { run_fiber(t); });
    }
    running_ = no_thread;
}

void machine::restart_moved() {
    machine* saved = tls_machine;
    tls_machine = this;
    respawn(moved_);
    events.clear();
    verdicts_.clear();
    steps = 0;
    path_.clear();
    cells_before_.clear();
    weak_before_.clear();
    memo_.clear();
    spin_.assign(threads_.size(), {});
    if (check) check->reset(*this);
    // A re-spawned thread has rebuilt its record; the others' are put back as they were. The
    // saved start takes the re-spawned one's next operation, which may point into its new
    // fiber's stack (an access's dependencies, an RMW's test): the old stack is gone.
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        if (!moved_[t]) copy_run(threads_[t], start_threads_[t]);
        else start_threads_[t].next = threads_[t].next;
        moved_[t] = false;
    }
    refresh_until();
    tls_machine = saved;
}

// A thread's record and position are a function of what it read, and each of its steps read
// memory as it was before that step. So a thread that moved since step `to` can be started
// again and given its steps before `to` one by one, with the cells put back to what they were
// before each (catch_up). The threads that did not move since `to` are already where they were
// then, so a search that backtracks a few steps re-runs a few threads' steps, not every step
// from the start. While the search tracks footprints even those few are not re-run until they
// must be (see step_memo): only their records go back.
bool machine::rewind(std::uint64_t to) {
    // Kept since the start of this run, or not at all (turned on halfway).
    if (!rewindable() || to > steps || path_.size() != steps) return false;
    if (to == steps) return true;
    machine* saved = tls_machine;
    tls_machine = this;
    const auto n = static_cast<thread_id>(threads_.size());
    std::vector<bool> again(n, false);
    for (std::size_t i = to; i < steps; ++i) again[path_[i]] = true;
    if (lazy_rewind() && memo_.size() == path_.size()) {
        for (std::size_t i = steps; i-- > to;) ahead_[path_[i]].push_front(std::move(memo_[i]));
        for (thread_id t = 0; t < n; ++t) {
            if (!again[t]) continue;
            std::size_t last = to;
            while (last > 0 && path_[last - 1] != t) --last;
            if (last == 0) {
                copy_run(threads_[t], start_threads_[t]);
                again[t] = false;
            } else if (!memo_[last - 1].record.waiting) {
                set_run(threads_[t], memo_[last - 1].record);
                again[t] = false;
            }
            // else: asleep in a wait loop at `to`, which only its fiber can say how: re-run it.
        }
    }
    if (std::find(again.begin(), again.end(), true) != again.end()) catch_up(again, to);
    load_cells_before(to);
    load_weak_before(to);
    steps = to;
    path_.resize(to);
    cells_before_.resize(to * mem.cells.size());
    weak_before_.resize(std::min(weak_before_.size(), static_cast<std::size_t>(to)));
    memo_.resize(std::min<std::size_t>(memo_.size(), to));
    std::erase_if(verdicts_, [to](const verdict& v) { return v.step > to; });
    if (check) check->reset(*this);
    refresh_until();
    tls_machine = saved;
    return true;
}

void machine::keep_rewind_points(bool on) {
    keep_rewind_ = on;
    if (on) return;
    path_.clear();
    cells_before_.clear();
    weak_before_.clear();
    memo_.clear();
}

// Starts the threads in `which` again and gives each its steps of this run before step `upto`,
// each seeing the cells as they were before it (quiet_replay_: nothing is checked or reported,
// what it writes is overwritten); then the cells are those before step `upto`.
void machine::catch_up(const std::vector<bool>& which, std::size_t upto) {
    respawn(which);
    quiet_replay_ = true;
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        if (!which[t]) continue;
        quiet_steps_.clear();
        for (std::size_t i = 0; i < upto; ++i)
            if (path_[i] == t) quiet_steps_.push_back(i);
        if (quiet_steps_.empty()) continue;
        prepare_quiet_step(t, quiet_steps_.front());
        quiet_next_ = 1;
        running_ = t;
        host_.resume(t);  // it takes all of them (schedule_point) before it switches back
    }
    quiet_replay_ = false;
    running_ = no_thread;
    mem.option = 0;
    load_cells_before(upto);
    load_weak_before(upto);
}

void machine::prepare_quiet_step(thread_id t, std::size_t step) {
    load_cells_before(step);
    steps = step + 1;
    if (!mem.weak) return;
    // The step reads and writes the weak memory as it did the first time: as it was before
    // the step, with the outcome it took then. What it writes is overwritten afterwards.
    load_weak_before(step);
    mem.actor = t;
    mem.option = step < weak_before_.size() ? weak_before_[step].option : 0;
    mem.step = steps;
    mem.op = threads_[t].next.name;
}

// Whether the thread's next step would be the one `m` recorded: it read the same values.
bool machine::memo_fits(const step_memo& m) const {
    if (!m.reusable) return false;
    const std::vector<value_t>& now = mem.cells.values();
    for (std::size_t i = 0; i < m.cells.size(); ++i)
        if (now[m.cells[i]] != m.before[i]) return false;
    return true;
}

// Takes `t`'s step from its next memo: the same writes, the same record, the same accesses.
void machine::take_memo(thread_id t) {
    step_memo m = std::move(ahead_[t].front());
    ahead_[t].pop_front();
    mem.cells.record_into(&access_log_);  // clears the last step's log
    mem.cells.stop_recording();
    access_log_.cells = m.cells;
    access_log_.before = m.before;
    for (std::size_t i = 0; i < m.cells.size(); ++i) mem.cells[m.cells[i]] = m.after[i];
    set_run(threads_[t], m.record);
    memo_.push_back(std::move(m));
}

// The cells as they were before step `step` of this run (the current ones after the last).
void machine::load_cells_before(std::size_t step) {
    const std::size_t width = mem.cells.size();
    if (step * width < cells_before_.size()) mem.cells.assign(cells_before_.data() + step * width, width);
}

// The same for the weak memory and the spin-loop marks.
void machine::load_weak_before(std::size_t step) {
    if (!mem.weak || step >= weak_before_.size()) return;
    mem.weak = weak_before_[step].memory;
    spin_ = weak_before_[step].spin;
}

machine& machine::current() {
    assert(tls_machine);
    return *tls_machine;
}

std::int32_t machine::add_object(std::string name, std::string type) {
    shape_->objects.push_back({std::move(name), std::move(type), {}});
    object_ptr.push_back(nullptr);
    meta_.push_back({});
    object_thread_.push_back(no_thread);
    return static_cast<std::int32_t>(shape_->objects.size());
}

std::int32_t machine::add_field(std::int32_t object, std::string name, field_kind kind, value_t init) {
    auto cell = static_cast<std::int32_t>(mem.cells.size());
    mem.cells.push_back(init);
    cell_object_.push_back(object);
    cell_kind_.push_back(kind);
    task_cell_owner_.push_back(object_thread_[object - 1]);
    payload_.push_back(false);
    quiet_.push_back(quiet_shared);
    shape_->objects[object - 1].fields.push_back({std::move(name), kind, static_cast<std::uint32_t>(cell)});
    return cell;
}

field_info& machine::field_of(std::int32_t cell) {
    for (field_info& f : shape_->objects[cell_object_[cell] - 1].fields)
        if (f.cell == static_cast<std::uint32_t>(cell)) return f;
    throw std::logic_error("field_of: cell " + std::to_string(cell) + " is no field");
}

std::string machine::cell_name(std::int32_t cell) const { return lockstep::cell_name(*shape_, cell); }

std::string machine::describe(std::int32_t cell, value_t v) const {
    const field_ref at = field_at(*shape_, cell);
    return at ? format_value(*shape_, *at.field, v) : std::to_string(v);
}

std::int32_t machine::add_lock(lock_info lock) {
    locks_.push_back(std::move(lock));
    return static_cast<std::int32_t>(locks_.size() - 1);
}

thread_id machine::add_thread(std::string name, std::string role, std::int32_t own_mm,
                              std::function<void()> body) {
    const auto tid = static_cast<thread_id>(threads_.size());
    const std::int32_t obj = add_object(name, "task_struct");
    object_thread_[obj - 1] = tid;
    first_task_cell_.push_back(static_cast<std::int32_t>(mem.cells.size()));
    sim_thread t;
    t.name = name;
    t.role = std::move(role);
    t.body = std::move(body);
    t.own_mm = own_mm;
    t.task.state = add_field(obj, "__state", field_kind::task_state, 0);
    t.task.sigpending = add_field(obj, "sigpending", field_kind::boolean, 0);
    t.task.rcu_depth = add_field(obj, "rcu_read_lock_nesting", field_kind::integer, 0);
    t.history = mix(0, static_cast<std::uint64_t>(tid));
    t.entry_history.assign(1, t.history);
    tasks_.push_back({obj, tid});
    object_ptr[obj] = &tasks_.back();
    threads_.push_back(std::move(t));
    shape_->thread_names.push_back(std::move(name));
    return tid;
}

thread_id machine::thread_of_task(value_t task_object_id) const {
    if (task_object_id < 1 || task_object_id > static_cast<value_t>(object_thread_.size())) return no_thread;
    return object_thread_[static_cast<std::size_t>(task_object_id - 1)];
}

void machine::start() {
    if (!started_) {
        make_weak_memory();
        initial_cells_ = mem.cells;
        initial_weak_ = mem.weak;
    }
    if (check) check->reset(*this);
    started_ = true;
    index_cells();
    groups_.clear();
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        if (threads_[t].group < 0) continue;
        auto same = std::find_if(groups_.begin(), groups_.end(),
                                 [&](const std::vector<thread_id>& g) { return threads_[g.front()].group == threads_[t].group; });
        if (same == groups_.end()) groups_.push_back({t});
        else same->push_back(t);
    }
    machine* saved = tls_machine;
    tls_machine = this;
    fiber_done_.assign(threads_.size(), false);
    ahead_.assign(threads_.size(), {});
    spin_.assign(threads_.size(), {});
    spin_blocked_.assign(threads_.size(), false);
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        running_ = t;
        host_.spawn(t, [this, t] { run_fiber(t); });
    }
    running_ = no_thread;
    refresh_until();
    run_prologue();
    tls_machine = saved;
    save_start();
}

// Under --memory lkmm, the weak cells the scenario named get their store histories, and every
// thread its views (which the canonical state keeps in each thread's slot).
void machine::make_weak_memory() {
    if (cfg.memory != memory_model::lkmm || weak_cells_.empty()) return;
    weak_memory w;
    mem.weak_of.assign(mem.cells.size(), -1);
    for (std::int32_t c : weak_cells_) mem.weak_of[c] = w.add_location(cell_name(c), mem.cells.values()[c]);
    for (std::size_t t = 0; t < threads_.size(); ++t) w.add_thread();
    mem.weak = std::move(w);
}

int machine::options(thread_id t) const {
    if (mem.weak_location(threads_[t].next.cell) < 0) return 1;  // the common case, at once
    const weak_choice c = weak_choice_of(t);
    // No choice to make is one outcome; a spinning load with nothing newer to read has none.
    return c.cell < 0 ? 1 : static_cast<int>(c.positions.size());
}

// The next operation's outcomes as places in its location's coherence order (cell -1 when it
// has no choice to make): options() counts them, and the store strip draws the same list.
weak_choice machine::weak_choice_of(thread_id t) const {
    const pending_op& op = threads_[t].next;
    const int x = mem.weak_location(op.cell);
    if (x < 0 || threads_[t].finished) return {};
    static const access_deps none;
    const access_deps& d = op.deps ? *op.deps : none;
    weak_choice c{op.cell, option_kind_of(op), {}};
    auto positions_of = [&](const std::vector<std::uint16_t>& ids) {
        for (std::uint16_t id : ids) c.positions.push_back(mem.weak->position(x, id));
    };
    switch (op.access) {
    case pending_op::access_kind::load: {
        // The spin-loop rule keeps only the stores newer than what the last round read.
        std::vector<std::uint16_t> ids = mem.weak->readable(t, x, d);
        ids.resize(static_cast<std::size_t>(spin_allowed(t, x, ids)));
        positions_of(ids);
        break;
    }
    case pending_op::access_kind::store: c.positions = mem.weak->placements(t, x, op.mo, d); break;
    case pending_op::access_kind::rmw:
        if (!op.rmw_stores) return {};
        positions_of(mem.weak->rmw_readable(t, x, op.mo, *op.rmw_stores, d));
        break;
    default: return {};
    }
    return c;
}

void machine::run_prologue() {
    if (prologue_.empty()) return;
    in_prologue_ = true;
    for (const auto& [t, label] : prologue_)
        while (can_run(t) && !(label && threads_[t].next.label && std::string_view(label) == threads_[t].next.label))
            step(t);
    in_prologue_ = false;
    steps = 0;
    events.clear();
    verdicts_.clear();
}

// Conditions of op_kind::until read cells through the current machine, so they are evaluated
// here, with the machine bound, after every step rather than in the const can_run().
void machine::refresh_until() {
    for (auto& t : threads_)
        if (!t.finished && t.next.kind == op_kind::until) t.until_ready = t.waiting && t.waiting->holds();
    if (!mem.weak) return;
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) {
        const sim_thread& th = threads_[t];
        spin_blocked_[t] = !th.finished && th.next.kind == op_kind::plain &&
                           th.next.access == pending_op::access_kind::load && options(t) == 0;
    }
}

// ---- the spin-loop rule -------------------------------------------------------------------

// The mark of `t`'s next load, if the rule applies to it: `t` was at this load before with the
// same history, and has done nothing but loads since (the marks are dropped at any other step).
const machine::spin_mark* machine::spin_mark_of(thread_id t) const {
    if (spin_.empty()) return nullptr;
    const sim_thread& th = threads_[t];
    for (const spin_mark& k : spin_[t].marks)
        if (k.at(th.next.cell, th.next.where)) return k.history == th.history ? &k : nullptr;
    return nullptr;
}

int machine::spin_allowed(thread_id t, int x, const std::vector<std::uint16_t>& readable) const {
    const spin_mark* k = spin_mark_of(t);
    if (!k) return static_cast<int>(readable.size());
    int n = 0;  // newest first: the outcomes newer than the last read are a prefix
    while (n < static_cast<int>(readable.size()) && mem.weak->position(x, readable[n]) > mem.weak->position(x, k->read)) ++n;
    return n;
}

void machine::note_spin(thread_id t, const pending_op& op, std::uint64_t history_before) {
    spin_state& st = spin_[t];
    if (op.access != pending_op::access_kind::load) {
        st.marks.clear();  // it stored, or did something else others may see: progress
        st.reads.clear();
        return;
    }
    const int x = mem.weak_location(op.cell);
    if (x < 0) return;
    const spin_mark mark{op.where, op.cell, history_before, mem.last_read.id, static_cast<std::uint32_t>(st.reads.size())};
    st.reads.emplace_back(x, mem.last_read.id);
    for (spin_mark& k : st.marks)
        if (k.at(op.cell, op.where)) {
            k = mark;
            return;
        }
    st.marks.push_back(mark);
}

bool machine::spin_round_read_newest(thread_id t) const {
    const spin_mark* k = spin_mark_of(t);
    if (!k) return true;
    const spin_state& st = spin_[t];
    for (std::size_t i = k->since; i < st.reads.size(); ++i) {
        const auto [x, id] = st.reads[i];
        if (mem.weak->coherence(x).back() != id) return false;
    }
    return true;
}

// The weak memory's part of the state leaves out every store no running thread can read any
// more: below these positions.
std::vector<int> machine::weak_floors() const {
    std::vector<bool> finished(threads_.size());
    for (std::size_t t = 0; t < threads_.size(); ++t) finished[t] = threads_[t].finished;
    return mem.weak->floors(finished);
}

// What of the weak memory is `t`'s own: its views and its spin-loop marks.
std::uint64_t machine::weak_thread_hash(thread_id t, const std::vector<int>& floor) const {
    std::uint64_t h = mem.weak->thread_hash(t, floor);
    if (spin_.empty()) return h;
    auto put = [&](int x, std::uint16_t id) { h = mix(h, static_cast<std::uint64_t>(mem.weak->live_position(x, id, floor))); };
    const spin_state& st = spin_[t];
    h = mix(h, st.marks.size());
    for (const spin_mark& k : st.marks) {
        h = mix(h, reinterpret_cast<std::uintptr_t>(k.where.file_name()));
        h = mix(h, static_cast<std::uint64_t>(k.where.line()) << 32 | k.where.column());
        h = mix(h, static_cast<std::uint64_t>(k.cell));
        h = mix(h, k.history);
        put(mem.weak_location(k.cell), k.read);
        h = mix(h, k.since);
    }
    h = mix(h, st.reads.size());
    for (const auto& [x, id] : st.reads) {
        h = mix(h, static_cast<std::uint64_t>(x));
        put(x, id);
    }
    return h;
}

// Whether a store some thread may still read names a thread of a symmetric group (a pointer to
// its task_struct, say): the canonical state does not rename stores, so it then keeps the
// threads as they are.
bool machine::weak_names_thread(const std::vector<int>& floor) const {
    for (std::int32_t c : identity_cells_) {
        const int x = mem.weak_location(c);
        if (x < 0) continue;
        for (value_t v : mem.weak->live_values(x, floor))
            if (names_thread(c, v)) return true;
    }
    return false;
}

void machine::run_fiber(thread_id t) {
    try {
        threads_[t].body();
    } catch (const unwind_fiber&) {
        fiber_done_[t] = true;
        return;  // the run is being torn down: leave quietly
    } catch (const thread_oops&) {
        threads_[t].oopsed = true;
    }
    fiber_done_[t] = true;
    sim_thread& th = threads_[t];
    th.finished = true;
    th.stack.clear();
    // A finished thread has no future: how it got to its end is no part of the state, only
    // whether it died in BUG() (the snapshot tells that apart).
    if (!cfg.history_state) th.history = mix(th.entry_history.front(), th.oopsed ? 2 : 1);
}

void machine::schedule_point(const pending_op& op) {
    sim_thread& t = me();
    t.next = op;
    t.next.label = t.label;
    t.next.script_line = t.script_line;
    t.label = nullptr;
    // Re-run by rewind(): on to the thread's next step at once, as memory was before it.
    if (quiet_replay_ && quiet_next_ < quiet_steps_.size()) {
        prepare_quiet_step(running_, quiet_steps_[quiet_next_++]);
        return;
    }
    fiber_host::switch_to_host();
    if (unwinding_) throw unwind_fiber{};
}

void machine::record(const pending_op& op, value_t old_value, value_t new_value, bool failed,
                     thread_id woke, bool value_used) {
    sim_thread& t = me();
    // The thread's code is deterministic, so what it read decides where it is and what it will
    // do: fold the operation and its values into its history.
    t.history = mix(t.history, reinterpret_cast<std::uintptr_t>(op.name));
    // A cell of a symmetric thread's own task_struct goes in as "mine, field k", so that two
    // readers doing the same to themselves have the same history; another's task cell names
    // that thread.
    std::uint64_t cell = static_cast<std::uint64_t>(op.cell);
    if (symmetric_ && op.cell >= 0) {
        if (const thread_id owner = task_cell_owner_[op.cell]; owner != no_thread && threads_[owner].group >= 0) {
            if (owner == running_) cell = 0x8000'0000ULL + static_cast<std::uint64_t>(op.cell - first_task_cell_[owner]);
            else t.read_identity = true;
        }
    }
    t.history = mix(t.history, cell << 1 | (failed ? 1 : 0));
    if (symmetric_ && value_used && op.cell >= 0 &&
        (names_thread(op.cell, old_value) || names_thread(op.cell, new_value)))
        t.read_identity = true;
    // A value the code never looks at (a store's old value, a void RMW's) is no part of where
    // the thread is, except in the history-based state, which keeps everything.
    if ((value_used || cfg.history_state) && !(op.cell >= 0 && payload_[op.cell])) {
        t.history = mix(t.history, static_cast<std::uint64_t>(old_value));
        t.history = mix(t.history, static_cast<std::uint64_t>(new_value));
    }
    if (!cfg.trace) return;
    event e;
    e.step = steps;
    e.thread = running_;
    e.where = op.where;
    e.function = t.stack.empty() ? "" : t.stack.back();
    e.op = op.name;
    e.cell = op.cell;
    e.old_value = old_value;
    e.new_value = new_value;
    e.failed = failed;
    e.ordering = op.ordering;
    e.woke = woke;
    if (const int x = mem.weak_location(op.cell); x >= 0) {
        if (mem.option != 0) {
            e.option = mem.option;
            e.option_kind = option_kind_of(op);
        }
        if (op.access == pending_op::access_kind::load || op.access == pending_op::access_kind::rmw)
            e.read_from = static_cast<std::int64_t>(mem.weak->msg(x, mem.last_read.id).step);
    }
    events.push_back(e);
}

void machine::fold_into_history(std::uint64_t v) { me().history = mix(me().history, v); }

void machine::forget_past(std::initializer_list<value_t> live, const std::source_location& where) {
    if (cfg.history_state) return;
    sim_thread& t = me();
    // The entry history stands for the callers: their positions and locals are what it made
    // them, however this function went on. Only this function's own past is forgotten, so a
    // cut never has to know who called it. (A thread that read another reader's id stays
    // marked: its callers' past may still hold it.)
    std::uint64_t h = mix(t.entry_history.back(), reinterpret_cast<std::uintptr_t>(where.file_name()));
    h = mix(h, static_cast<std::uint64_t>(where.line()) << 16 | where.column());
    for (value_t v : live) h = mix(h, static_cast<std::uint64_t>(v));
    t.history = h;
}

void machine::enter_function(const char* name) {
    me().stack.push_back(name);
    enter_scope();
}

void machine::leave_function() {
    me().stack.pop_back();
    leave_scope();
}

void machine::touch(std::int32_t cell, bool write) {
    const std::int32_t obj = cell_object_[cell];
    const object_meta& m = meta_[obj - 1];
    if (m.life_cell >= 0) {
        const value_t life = mem.cells[m.life_cell];
        const bool rcu_protected = m.typesafe_by_rcu && life > slab_live &&
                                   mem.cells[me().task.rcu_depth] > 0;
        if (life != slab_live && !rcu_protected) {
            const char* own = check ? check->use_after_free_invariant(obj) : nullptr;
            add_verdict({own ? own : "use-after-free",
                         (own ? std::string(own) + " broken: " : std::string()) + me().name + " touches " +
                             cell_name(cell) + " after " + object(obj).name +
                             (life == 0 ? " was never allocated" : " was freed") +
                             (m.typesafe_by_rcu ? " (outside an RCU read section)" : ""),
                         steps, {running_}, {}});
        }
    }
    if (check) check->on_touch(*this, cell, write);
}

void machine::oops(const std::string& invariant, const std::string& message) {
    add_verdict({invariant, message, steps, {running_}, {}});
    throw thread_oops{};
}

void machine::add_verdict(verdict v) {
    if (quiet_replay_) return;
    for (const auto& old : verdicts_)
        if (old.invariant == v.invariant && old.threads == v.threads) return;  // reported already
    if (v.step == 0) v.step = steps;
    verdicts_.push_back(std::move(v));
}

thread_state machine::state_of(thread_id id) const {
    const sim_thread& t = threads_[id];
    if (t.finished)
        return (t.oopsed || mem.cells[t.task.sigpending]) ? thread_state::killed : thread_state::done;
    if (can_run(id)) return thread_state::runnable;
    if (t.next.kind == op_kind::until || (!spin_blocked_.empty() && spin_blocked_[id])) return thread_state::spinning;
    return t.waiting && t.waiting->lock >= 0 ? thread_state::blocked : thread_state::sleeping;
}

bool machine::can_run(thread_id id) const {
    if (id < 0 || id >= static_cast<thread_id>(threads_.size())) return false;
    const sim_thread& t = threads_[id];
    if (t.finished) return false;
    if (t.next.kind == op_kind::plain) return spin_blocked_.empty() || !spin_blocked_[id];
    if (t.next.kind == op_kind::until) return t.until_ready;
    // schedule(): woken (back to TASK_RUNNING), or asleep interruptibly with a signal pending.
    const value_t state = mem.cells[t.task.state];
    return state == 0 || ((state & 1) && mem.cells[t.task.sigpending] != 0);
}

bool machine::any_runnable() const {
    for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t)
        if (can_run(t)) return true;
    return false;
}

std::vector<thread_id> machine::holders(std::int32_t owner_cell) const {
    std::vector<thread_id> who;
    if (const thread_id owner = thread_of_task(mem.cells[owner_cell]); owner != no_thread) who.push_back(owner);
    for (const auto& l : locks_)
        if (l.owner == owner_cell && l.reader_mask >= 0)
            for (thread_id r = 0; r < static_cast<thread_id>(threads_.size()); ++r)
                if ((mem.cells[l.reader_mask] >> r) & 1) who.push_back(r);
    return who;
}

std::string machine::lock_name(std::int32_t owner_cell) const {
    for (const auto& l : locks_)
        if (l.owner == owner_cell) return l.name;
    return cell_name(owner_cell);
}

std::string machine::why_blocked(thread_id id) const {
    const sim_thread& t = threads_[id];
    if (t.finished) return t.oopsed ? "it died in BUG()" : "it has finished";
    if (can_run(id)) return {};
    if (!spin_blocked_.empty() && spin_blocked_[id])
        return "spinning on " + cell_name(t.next.cell) + ": it read the newest store it may read there (" +
               describe(t.next.cell, mem.cells[t.next.cell]) +
               ") when it last came here and has only read since; it waits for a newer store";
    if (t.next.kind == op_kind::until && t.waiting && t.waiting->lock >= 0) {
        const thread_id owner = thread_of_task(mem.cells[t.waiting->lock]);
        return "spinning on " + lock_name(t.waiting->lock) +
               (owner != no_thread ? ", held by " + threads_[owner].name : std::string());
    }
    if (t.next.kind == op_kind::until && t.waiting) return "retrying (never asleep) until " + t.waiting->text;
    if (t.waiting && t.waiting->lock >= 0) {
        const std::int32_t owner_cell = t.waiting->lock;
        const std::string lock = lock_name(owner_cell);
        std::string why;
        if (const thread_id owner = thread_of_task(mem.cells[owner_cell]); owner != no_thread) {
            why = "waiting for " + lock + ", held by " + threads_[owner].name;
        } else {
            std::string readers;
            for (thread_id r : holders(owner_cell)) detail::append(readers, ", ", threads_[r].name);
            why = "waiting for " + lock + (readers.empty() ? ", which is free" : ", held for read by " + readers);
        }
        // Who is ahead of it in the FIFO: the kernel serves waiters in that order.
        for (const auto& l : locks_)
            if (l.owner == owner_cell && l.wait_list >= 0) {
                std::string ahead;
                for (const queued_task& q : decode_task_queue(mem.cells[l.wait_list])) {
                    if (q.thread == id) break;
                    detail::append(ahead, ", ", threads_[q.thread].name);
                }
                if (!ahead.empty()) why += "; queued behind " + ahead;
            }
        return why;
    }
    if (t.waiting) return "asleep, waiting until " + t.waiting->text;
    return "asleep until somebody wakes it";
}

// The step proper, the thread's code up to its next operation. While the search tracks
// footprints each step is kept as a memo, and a thread whose fiber is ahead of the run (after a
// lazy rewind) takes its step from its next memo if it would read the same, or is caught up
// to the run's point first.
void machine::perform(thread_id id, bool tracking) {
    const bool memos = tracking && lazy_rewind();
    if (memos && !ahead_[id].empty()) {
        if (memo_fits(ahead_[id].front())) {
            take_memo(id);
            return;
        }
        std::vector<bool> which(threads_.size(), false);
        which[id] = true;
        catch_up(which, path_.size() - 1);
        steps = path_.size();
        running_ = id;
    }
    const std::size_t verdicts_before = verdicts_.size();
    if (tracking) mem.cells.record_into(&access_log_);
    host_.resume(id);
    if (!memos) return;
    step_memo m;
    m.cells = access_log_.cells;
    m.before = access_log_.before;
    m.after.reserve(m.cells.size());
    for (std::int32_t c : m.cells) m.after.push_back(mem.cells.values()[c]);
    m.record = run_of(threads_[id]);
    m.reusable = verdicts_.size() == verdicts_before && !m.record.waiting;
    memo_.push_back(std::move(m));
}

void machine::step(thread_id id, int option) {
    assert(can_run(id));
    assert(option >= 0 && option < options(id));
    machine* saved = tls_machine;
    tls_machine = this;
    if (rewindable()) {
        path_.push_back(id);
        cells_before_.insert(cells_before_.end(), mem.cells.begin(), mem.cells.end());
        if (mem.weak) weak_before_.push_back({*mem.weak, spin_, option});
    }
    const pending_op taken = threads_[id].next;  // for the spin-loop rule, after the step
    const std::uint64_t history_before = threads_[id].history;
    ++steps;
    running_ = id;
    if (!moved_.empty()) moved_[id] = true;
    const op_kind kind = threads_[id].next.kind;
    const std::size_t verdicts_before = verdicts_.size();
    const bool tracking = track_footprints_ && !in_prologue_;
    mem.actor = id;
    mem.option = option;
    mem.step = steps;
    mem.op = threads_[id].next.name;
    perform(id, tracking);
    mem.option = 0;
    if (mem.weak) note_spin(id, taken, history_before);
    if (tracking) mem.cells.record_into(&effect_log_);
    if (check) check->after_step(*this);
    running_ = no_thread;
    // Wait conditions peek at cells through the current machine: keep it bound for them.
    refresh_until();
    if (!in_prologue_ && !any_runnable()) end_of_run();
    tls_machine = saved;
    if (tracking) {
        mem.cells.stop_recording();
        take_footprint(id, kind);
    }
    // A step that produced a verdict is kept in every order: the verdict's words depend on it.
    if (verdicts_.size() != verdicts_before) footprint_.global = true;
    footprint_.invisible = footprint_.invisible && !footprint_.global;
    if (steps == cfg.step_budget && any_runnable()) {
        std::vector<thread_id> unfinished;
        std::string names;
        for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t)
            if (!threads_[t].finished) {
                unfinished.push_back(t);
                detail::append(names, ", ", threads_[t].name);
            }
        add_verdict({"livelock", "after " + std::to_string(steps) + " steps " + names +
                                     " still have not finished (livelock or starvation)",
                     steps, unfinished, {}});
    }
}

// What the step just taken by `id` touched (access_log_) and what the checks and wait conditions
// made of it (effect_log_), and whether another thread could observe it at all.
void machine::take_footprint(thread_id id, op_kind kind) {
    footprint_ = {};
    const auto& now = mem.cells.values();
    auto mark = [&](std::int32_t cell, bool changed) {
        const auto c = static_cast<std::uint32_t>(cell);
        footprint_.access[(c >> 6) & 3] |= std::uint64_t{1} << (c & 63);
        if (changed) footprint_.write[(c >> 6) & 3] |= std::uint64_t{1} << (c & 63);
    };
    auto broken_promise = [&](std::int32_t cell, const std::string& what) {
        throw std::logic_error(threads_[id].name + "'s step \"" + threads_[id].next.name + "\" " + what + " " +
                               cell_name(cell) + ", which the scenario declared " +
                               (quiet_[cell] == quiet_stable ? std::string("stable (written by no step)")
                                                             : "private to " + threads_[quiet_[cell]].name));
    };
    // Sleeping and waking change who can run; a thread's end is read by others' checks.
    footprint_.global = kind != op_kind::plain || (threads_[id].finished && (!check || check->sees_thread_ends()));
    bool invisible = true;
    const std::vector<std::int32_t>& stored = access_log_.stored;
    for (std::size_t i = 0; i < access_log_.cells.size(); ++i) {
        const std::int32_t c = access_log_.cells[i];
        const bool changed = now[c] != access_log_.before[i] || std::find(stored.begin(), stored.end(), c) != stored.end();
        mark(c, changed);
        const thread_id q = quiet_[c];
        if (q == quiet_shared) invisible = false;
        else if (q == quiet_stable && changed) broken_promise(c, "changed");
        else if (q >= 0 && q != id) broken_promise(c, "touched");
    }
    // What the checks wrote after the step is part of what the step did (a grace period that
    // ends frees an object); what they only read to judge the state is not, unless it decided
    // such a write.
    bool effects = false;
    for (std::size_t i = 0; i < effect_log_.cells.size(); ++i) {
        const std::int32_t c = effect_log_.cells[i];
        if (quiet_[c] >= 0 && quiet_[c] != id) broken_promise(c, "led a check or wait condition to read");
        if (now[c] != effect_log_.before[i]) effects = true;
    }
    if (effects) {
        invisible = false;
        for (std::size_t i = 0; i < effect_log_.cells.size(); ++i)
            mark(effect_log_.cells[i], now[effect_log_.cells[i]] != effect_log_.before[i]);
    }
    footprint_.board = access_log_.board;
    footprint_.invisible = invisible && !footprint_.global && !footprint_.board;
}

// Nobody can run. Finished threads are fine; every other one is stuck, and the question is
// whether its wait can still end: a sleeper whose condition already holds was forgotten (lost
// wakeup); otherwise follow the wait-for graph to find the cycle, if there is one.
void machine::end_of_run() {
    const auto n = static_cast<thread_id>(threads_.size());
    // A thread the spin-loop rule holds whose last round read an older store somewhere: a fair
    // machine would have let it read the newer one and go on, and the search meets that run
    // too. This one stops here with no verdict (GenMC's spin-assume does the same).
    for (thread_id t = 0; t < n; ++t)
        if (!threads_[t].finished && spin_blocked_[t] && !spin_round_read_newest(t)) return;
    std::vector<std::vector<thread_id>> waits_for(n);
    std::vector<thread_id> stuck;
    for (thread_id t = 0; t < n; ++t) {
        const sim_thread& th = threads_[t];
        if (th.finished) continue;
        if (spin_blocked_[t]) {
            stuck.push_back(t);
            add_verdict({check ? check->liveness_invariant() : "liveness",
                         th.name + " spins forever at " + cell_name(th.next.cell) + ": every load of its loop reads "
                         "the newest store there is, so nothing it reads will ever change",
                         steps, {t}, {}});
            continue;
        }
        // Idle, waiting for work that no longer comes: not stuck, unless the work is there and
        // nobody woke it (a lost wakeup, reported below like anyone's).
        if (th.daemon && !(th.waiting && th.waiting->lock >= 0) && th.next.kind == op_kind::schedule &&
            !(th.waiting && th.waiting->holds()))
            continue;
        stuck.push_back(t);
        if (th.waiting && th.waiting->holds()) {
            add_verdict({check ? check->liveness_invariant() : "liveness",
                         "lost wakeup: " + th.name + " sleeps forever although " + th.waiting->text +
                             " already holds, and nobody is left to wake it",
                         steps, {t}, {}});
            continue;
        }
        waits_for[t] = this->waits_for(t);
    }
    if (stuck.empty()) return;

    // Find a cycle by walking from each stuck thread (graphs here have a handful of nodes).
    for (thread_id start : stuck) {
        std::vector<thread_id> path{start};
        std::set<thread_id> on_path{start};
        std::function<bool(thread_id)> walk = [&](thread_id at) -> bool {
            for (thread_id next : waits_for[at]) {
                if (next == start) {
                    path.push_back(start);
                    return true;
                }
                if (on_path.count(next) || threads_[next].finished) continue;
                path.push_back(next);
                on_path.insert(next);
                if (walk(next)) return true;
                path.pop_back();
                on_path.erase(next);
            }
            return false;
        };
        if (walk(start)) {
            // "B1 -> B7 -> B1 (B1 waits for binder_main_lock, held by B7; B7 waits for the OOM
            // victim to exit, B1)"
            std::string text, how;
            verdict v;
            for (std::size_t i = 0; i < path.size(); ++i) {
                text += (i ? " -> " : "") + threads_[path[i]].name;
                if (i + 1 < path.size()) {
                    v.cycle_via.push_back(edge_text(path[i]));
                    const sim_thread& waiter = threads_[path[i]];
                    v.cycle_locks.push_back(waiter.waiting && waiter.waiting->lock >= 0 ? waiter.waiting->lock : -1);
                    const std::string& via = v.cycle_via.back();
                    const std::string& next = threads_[path[i + 1]].name;
                    detail::append(how, "; ", threads_[path[i]].name + " " + via +
                                                  (via.ends_with(" by") ? " " + next : " (" + next + ")"));
                }
            }
            std::vector<thread_id> members(path.begin(), path.end() - 1);
            std::sort(members.begin(), members.end());
            const char* invariant = check ? check->deadlock_invariant() : "deadlock";
            v.invariant = invariant;
            v.message = (std::string_view(invariant) == "deadlock" ? "deadlock: " : std::string(invariant) +
                         " broken, the wait-for graph has a cycle: ") + text + " (" + how + ")";
            v.step = steps;
            v.threads = members;
            v.cycle = path;
            add_verdict(std::move(v));
            if (check) check->at_dead_end(*this);
            return;
        }
    }
    for (thread_id t : stuck) {
        const sim_thread& th = threads_[t];
        if ((th.waiting && th.waiting->holds()) || spin_blocked_[t]) continue;
        add_verdict({check ? check->liveness_invariant() : "liveness",
                     th.name + " can never finish: " + why_blocked(t), steps, {t}, {}});
    }
    if (check) check->at_dead_end(*this);
}

std::vector<thread_id> machine::waits_for(thread_id t) const {
    const sim_thread& th = threads_[t];
    if (th.waiting && th.waiting->lock >= 0) return holders(th.waiting->lock);
    if (th.waiting && th.waiting->waits_on) return th.waiting->waits_on();
    return check ? check->wakers(*this, t) : std::vector<thread_id>{};
}

std::string machine::edge_text(thread_id t) const {
    const sim_thread& th = threads_[t];
    if (th.waiting && th.waiting->lock >= 0) {
        const thread_id owner = thread_of_task(mem.cells[th.waiting->lock]);
        return "waits for " + lock_name(th.waiting->lock) + (owner != no_thread ? ", held by" : ", held for read by");
    }
    if (th.waiting && !th.waiting->edge.empty()) return th.waiting->edge;
    return th.waiting ? "waits until " + th.waiting->text + ", which only" : "waits for a wakeup from";
}

std::uint64_t machine::state_hash() const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (value_t v : mem.cells) h = mix(h, static_cast<std::uint64_t>(v));
    for (const auto& t : threads_) h = mix(h, t.history ^ (t.finished ? 0x5bd1e995u : 0u));
    if (mem.weak) {
        const std::vector<int> floor = weak_floors();
        h = mix(h, mem.weak->hash(floor));
        for (thread_id t = 0; t < static_cast<thread_id>(threads_.size()); ++t) h = mix(h, weak_thread_hash(t, floor));
    }
    return h;
}

std::uint64_t machine::seed_of(thread_id t) const {
    const int group = threads_[t].group;
    return group >= 0 ? mix(0x73796d6dULL, static_cast<std::uint64_t>(group)) : mix(0, static_cast<std::uint64_t>(t));
}

void machine::make_symmetric(thread_id t, int group) {
    threads_[t].group = group;
    threads_[t].history = seed_of(t);
    threads_[t].entry_history.assign(1, threads_[t].history);
    symmetric_ = true;
}

// Whether `v` in `cell` names a thread of a symmetric group: a pointer to its task_struct, a
// task mask or a wait list with it in.
bool machine::names_thread(std::int32_t cell, value_t v) const {
    if (v == 0) return false;
    const auto n = static_cast<thread_id>(threads_.size());
    switch (cell_kind_[cell]) {
    case field_kind::pointer: {
        const thread_id t = thread_of_task(v);
        return t != no_thread && threads_[t].group >= 0;
    }
    case field_kind::task_mask:
        for (thread_id t = 0; t < n && t < 63; ++t)
            if (((v >> t) & 1) && threads_[t].group >= 0) return true;
        return false;
    case field_kind::task_queue: {
        bool names = false;
        for_each_queued(v, [&](const queued_task& q) { names = names || (q.thread >= 0 && q.thread < n && threads_[q.thread].group >= 0); });
        return names;
    }
    default: return false;
    }
}

// `v` as it reads after renaming every thread t to slot_of[t].
value_t machine::rename_threads(std::int32_t cell, value_t v, const std::vector<thread_id>& slot_of) const {
    const auto n = static_cast<thread_id>(threads_.size());
    switch (cell_kind_[cell]) {
    case field_kind::pointer: {
        const thread_id t = v != 0 ? thread_of_task(v) : no_thread;
        return t == no_thread ? v : tasks_[slot_of[t]].id;
    }
    case field_kind::task_mask: {
        value_t out = n < 63 ? v & ~((value_t{1} << n) - 1) : 0;
        for (thread_id t = 0; t < n && t < 63; ++t)
            if ((v >> t) & 1) out |= value_t{1} << slot_of[t];
        return out;
    }
    case field_kind::task_queue:
        return rename_in_task_queue(v, [&](thread_id t) { return t >= 0 && t < n ? slot_of[t] : t; });
    default: return v;
    }
}

// The cells canonical_hash() looks at, sorted once the scenario is built: each thread's own
// task_struct cells, the other cells, and of those the ones that can name a thread.
void machine::index_cells() {
    own_cells_.clear();
    shared_cells_.clear();
    identity_cells_.clear();
    for (std::size_t c = 0; c < mem.cells.size(); ++c) {
        const auto cell = static_cast<std::int32_t>(c);
        if (task_cell_owner_[c] != no_thread) {
            own_cells_.push_back(cell);
            continue;
        }
        shared_cells_.push_back(cell);
        if (cell_kind_[c] == field_kind::pointer || cell_kind_[c] == field_kind::task_mask ||
            cell_kind_[c] == field_kind::task_queue)
            identity_cells_.push_back(cell);
    }
}

std::uint64_t machine::canonical_hash(std::vector<thread_id>* slot_of_out, std::vector<thread_id>* twin_of) const {
    const auto n = static_cast<thread_id>(threads_.size());
    if (n > max_threads) throw std::logic_error("canonical_hash: more than 32 threads");
    const std::vector<value_t>& cells = mem.cells.values();
    // What a thread is, apart from its name: where its code is (its history), whether it has
    // ended, and its own task_struct's cells.
    std::array<std::uint64_t, max_threads> sig;
    for (thread_id t = 0; t < n; ++t) sig[t] = mix(threads_[t].history, threads_[t].finished ? 0x5bd1e995u : 0u);
    for (std::int32_t c : own_cells_) sig[task_cell_owner_[c]] = mix(sig[task_cell_owner_[c]], static_cast<std::uint64_t>(cells[c]));
    // Under a weak memory, its views too: they say what it may still read.
    std::vector<int> floor;
    if (mem.weak) {
        floor = weak_floors();
        for (thread_id t = 0; t < n; ++t) sig[t] = mix(sig[t], weak_thread_hash(t, floor));
    }

    std::array<thread_id, max_threads> slot_of;
    std::array<thread_id, max_threads> twin;
    for (thread_id t = 0; t < n; ++t) slot_of[t] = twin[t] = t;
    bool renamed = false;
    const bool identity_in_history =
        std::any_of(threads_.begin(), threads_.end(), [](const sim_thread& t) { return t.read_identity; }) ||
        (symmetric_ && mem.weak && weak_names_thread(floor));
    if (symmetric_ && !identity_in_history) {
        // Two readers asleep at the same point differ by where shared memory names them (which
        // one is first in the wait list): that goes into the signature too, else such states
        // would be sorted by thread id and a permutation of one would not be recognised.
        for (std::int32_t c : identity_cells_) {
            const value_t v = cells[c];
            if (v == 0) continue;
            const auto at = [&](thread_id t, std::uint64_t position) {
                if (t >= 0 && t < n && threads_[t].group >= 0)
                    sig[t] = mix(sig[t], static_cast<std::uint64_t>(c) << 16 | position);
            };
            switch (cell_kind_[c]) {
            case field_kind::pointer: at(thread_of_task(v), 0); break;
            case field_kind::task_mask:
                for (thread_id t = 0; t < n && t < 63; ++t)
                    if ((v >> t) & 1) at(t, 0);
                break;
            case field_kind::task_queue: {
                std::uint64_t position = 0;
                for_each_queued(v, [&](const queued_task& q) { at(q.thread, ++position); });
                break;
            }
            default: break;
            }
        }
        // Within each group, the member with the smallest signature takes the group's first
        // slot (its smallest thread id), and so on. Equal signatures keep their order: the
        // result may then miss a merge, never make a wrong one.
        for (const std::vector<thread_id>& members : groups_) {
            std::array<thread_id, max_threads> by_sig;
            std::copy(members.begin(), members.end(), by_sig.begin());
            const auto end = by_sig.begin() + static_cast<std::ptrdiff_t>(members.size());
            std::stable_sort(by_sig.begin(), end, [&](thread_id a, thread_id b) { return sig[a] < sig[b]; });
            for (std::size_t i = 0; i < members.size(); ++i) {
                slot_of[by_sig[i]] = members[i];
                renamed |= by_sig[i] != members[i];
                // Equal signatures sit together after the sort; stable, so the first has the lowest id.
                if (i > 0 && sig[by_sig[i]] == sig[by_sig[i - 1]]) twin[by_sig[i]] = twin[by_sig[i - 1]];
            }
        }
    }

    std::uint64_t h = mix(0xcbf29ce484222325ULL, identity_in_history ? 1 : 2);
    const std::vector<thread_id> slots(slot_of.begin(), slot_of.begin() + n);
    for (std::int32_t c : shared_cells_) {
        // Cells of the threads' own task_structs are hashed with their thread, by slot.
        const value_t v = renamed ? rename_threads(c, cells[c], slots) : cells[c];
        h = mix(h, static_cast<std::uint64_t>(v));
    }
    std::array<thread_id, max_threads> at_slot;
    for (thread_id t = 0; t < n; ++t) at_slot[slot_of[t]] = t;
    for (thread_id s = 0; s < n; ++s) h = mix(h, sig[at_slot[s]]);
    if (mem.weak) h = mix(h, mem.weak->hash(floor));  // the threads' views are in their signatures
    if (slot_of_out) *slot_of_out = slots;
    if (twin_of) twin_of->assign(twin.begin(), twin.begin() + n);
    return h;
}

snapshot machine::make_snapshot() const {
    snapshot s;
    s.step = steps;
    if (mem.weak) {
        for (std::size_t c = 0; c < mem.weak_of.size(); ++c) {
            const int x = mem.weak_of[c];
            if (x < 0) continue;
            weak_location l;
            l.cell = static_cast<std::int32_t>(c);
            for (std::uint16_t id : mem.weak->coherence(x)) {
                const message& m = mem.weak->msg(x, id);
                weak_store w{m.value, m.writer, m.step, m.op ? m.op : "", m.reserved, m.release, {}};
                for (std::size_t y = 0; y < m.carries.size(); ++y)
                    if (static_cast<int>(y) != x && m.carries[y] != 0)
                        w.carries.push_back({weak_cells_[y], mem.weak->position(static_cast<int>(y), m.carries[y])});
                l.stores.push_back(std::move(w));
            }
            for (std::size_t t = 0; t < threads_.size(); ++t) {
                l.horizon.push_back(mem.weak->position(x, mem.weak->horizon(static_cast<int>(t), x)));
                view_reason why = mem.weak->horizon_cause(static_cast<int>(t), x);
                why.via = why.via >= 0 ? weak_cells_[static_cast<std::size_t>(why.via)] : -1;
                l.why.push_back(std::move(why));
            }
            l.global = mem.weak->position(x, mem.weak->global(x));
            s.weak.push_back(std::move(l));
        }
    }
    s.shape = shape_;
    s.cells = mem.cells;
    s.verdicts = verdicts_;
    if (!events.empty() && events.back().step == steps) s.last_event = events.back();
    s.finished = !any_runnable();
    const auto n = static_cast<thread_id>(threads_.size());
    for (thread_id id = 0; id < n; ++id) {
        const sim_thread& t = threads_[id];
        thread_view v;
        v.name = t.name;
        v.state = state_of(id);
        v.interruptible = (mem.cells[t.task.state] & 1) != 0;
        const value_t task_state = mem.cells[t.task.state];
        v.kernel_state = t.finished ? 'X' : (task_state & 2) ? 'D' : (task_state & 1) ? 'S' : 'R';
        v.signal_pending = mem.cells[t.task.sigpending] != 0;
        v.in_rcu = mem.cells[t.task.rcu_depth] > 0;
        for (const char* f : t.stack) v.stack.emplace_back(f);
        if (!t.finished) {
            v.where = t.next.where;
            v.next_op = t.next.name;
            if (t.next.label) v.label = t.next.label;
            v.script_line = t.next.script_line;
            if (t.next.cell >= 0) v.next_op += "(" + cell_name(t.next.cell) + ")";
            v.waiting_for = why_blocked(id);
            if (v.state == thread_state::blocked) v.blocked_on = t.waiting->lock;
            if (v.waiting_for.empty() && t.waiting) v.waiting_for = "will wait until " + t.waiting->text;
            v.choice = weak_choice_of(id);
        }
        for (const auto& l : locks_) {
            if (thread_of_task(mem.cells[l.owner]) == id)
                v.locks_held.push_back(l.name + (l.readers >= 0 ? " (write)" : ""));
            if (l.reader_mask >= 0 && ((mem.cells[l.reader_mask] >> id) & 1))
                v.locks_held.push_back(l.name + " (read)");
        }
        s.threads.push_back(std::move(v));
    }
    return s;
}

}  // namespace lockstep::detail
