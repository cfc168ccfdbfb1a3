#include "kernel.hpp"

#include <cassert>
#include <string>

namespace lockstep::kernel {

using detail::machine;
using detail::op_kind;
using detail::pending_op;

namespace {

machine& m() { return machine::current(); }

// A sleeping lock's slow path (fast path or queue, sleeps, retries) opens a scope of its own:
// a cut in its retry loop forgets what the loop read and never what the caller had read, and
// when it returns only its result is left of it. The lock it took is in memory; how it got it
// (at once, or after which waits) is nobody's concern after that.
class past_scope {
public:
    explicit past_scope(loc where = loc::current()) : where_(where) { m().enter_scope(); }
    ~past_scope() {
        m().forget_past({result_}, where_);
        m().leave_scope();
    }
    past_scope(const past_scope&) = delete;
    past_scope& operator=(const past_scope&) = delete;
    int returning(int result) { return result_ = result; }

private:
    loc where_;
    int result_ = 0;
};

value_t bit_of(thread_id t) { return value_t{1} << t; }

// Sign-extends `v` to a word of `bits` bits: what an int of that width holds after the store.
value_t wrap(value_t v, int bits) {
    const std::uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
    std::uint64_t u = static_cast<std::uint64_t>(v) & mask;
    if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~mask;
    return static_cast<value_t>(u);
}

// signal_pending_state() read inside a step that already holds the machine (no step of its own).
bool signal_pending_state_now(long state) {
    machine& mc = machine::current();
    return (state & TASK_INTERRUPTIBLE) && mc.mem.cells[mc.me().task.sigpending] != 0;
}

// REFCOUNT_SATURATED is INT_MIN / 2: for a 32-bit word 0xc0000000, for the scaled word -O.
value_t saturated(int bits) { return -(value_t{1} << (bits - 2)); }

// One indivisible step on `cell`: park, then apply `f` (which returns the new value and may
// mark the attempt failed), check the access, log it. A failed conditional RMW (a cmpxchg
// loop that gave up) writes nothing and is only a relaxed read: an _acquire RMW orders
// nothing when it fails.
template <class F>
std::pair<value_t, value_t> step_rmw(std::int32_t cell, const char* op, const loc& where, order o,
                                     F&& f, bool* failed_out = nullptr, bool value_used = true,
                                     const detail::access_deps* deps = nullptr) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, cell, where};
    bool failed = false;
    auto apply = [&](value_t old, bool& fail) {
        const value_t next = f(old, fail);
        failed = fail;
        return next;
    };
    // Under lkmm the outcomes of an RMW on a weak cell depend on whether it would store.
    std::function<bool(value_t)> stores;
    if (mc.mem.weak_location(cell) >= 0) {
        stores = detail::memory::stores_predicate(apply);
        p.access = pending_op::access_kind::rmw;
        p.mo = o;
        p.rmw_stores = &stores;
        p.deps = deps;
    }
    mc.schedule_point(p);
    mc.touch(cell, true);
    auto [old_v, new_v] = deps ? mc.mem.rmw(cell, apply, o, value_used, *deps) : mc.mem.rmw(cell, apply, o, value_used);
    p.ordering = to_string(failed ? order::relaxed : o);
    mc.record(p, old_v, new_v, failed, no_thread, value_used);
    if (failed_out) *failed_out = failed;
    return {old_v, new_v};
}

// A read-modify-write that returns nothing (atomic_inc(), set_bit(), ...): the caller never
// sees the old value, so it stays out of the thread's state.
template <class F>
void step_update(std::int32_t cell, const char* op, const loc& where, order o, F&& f) {
    step_rmw(cell, op, where, o, std::forward<F>(f), nullptr, false);
}

void fence(const char* op, order o, const loc& where) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, -1, where};
    p.ordering = to_string(o);
    mc.schedule_point(p);
    mc.mem.fence(o);
    mc.record(p, 0, 0);
}

}  // namespace

// ---- plain shared variables -------------------------------------------------------------

namespace impl {

std::pair<value_t, value_t> rmw(std::int32_t cell, const char* op, order o,
                                const std::function<value_t(value_t, bool&)>& f, const loc& where,
                                const detail::access_deps* deps, bool* failed) {
    return step_rmw(cell, op, where, o, f, failed, true, deps);
}

void update(std::int32_t cell, const char* op, order o, const std::function<value_t(value_t, bool&)>& f,
            const loc& where) {
    step_update(cell, op, where, o, f);
}

value_t load(std::int32_t cell, order o, const char* op, const loc& where, bool value_used,
             const detail::access_deps* deps) {
    machine& mc = m();
    if (mc.peeking) return mc.mem.cells[cell];
    pending_op p{op_kind::plain, op, cell, where};
    p.ordering = to_string(o);
    p.access = pending_op::access_kind::load;
    p.mo = o;
    p.deps = deps;
    mc.schedule_point(p);
    mc.touch(cell, false);
    const value_t v = deps ? mc.mem.load(cell, o, *deps) : mc.mem.load(cell, o);
    mc.record(p, v, v, false, no_thread, value_used);
    return v;
}

void store(std::int32_t cell, value_t v, order o, const char* op, const loc& where, const detail::access_deps* deps) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, cell, where};
    p.ordering = to_string(o);
    p.access = pending_op::access_kind::store;
    p.mo = o;
    p.deps = deps;
    mc.schedule_point(p);
    mc.touch(cell, true);
    const value_t old = mc.mem.cells[cell];  // the newest value, for the trace: not a load
    if (deps) mc.mem.store(cell, v, o, *deps);
    else mc.mem.store(cell, v, o);
    mc.record(p, old, v, false, no_thread, false);
}

void* object_by_id(value_t id) { return id == 0 ? nullptr : m().object_ptr.at(static_cast<std::size_t>(id)); }

value_t wrap_unsigned(value_t v) { return static_cast<value_t>(static_cast<std::uint32_t>(v)); }


}  // namespace impl

void smp_mb(loc where) { fence("smp_mb", order::full, where); }
void smp_wmb(loc where) { fence("smp_wmb", order::wmb, where); }
void smp_rmb(loc where) { fence("smp_rmb", order::rmb, where); }
void smp_acquire__after_ctrl_dep(loc where) { fence("smp_acquire__after_ctrl_dep", order::ctrl_dep_acquire, where); }

// ---- seqcount_t --------------------------------------------------------------------------

namespace {
void sequence_increment(seqcount_t& s, const loc& where) {
    step_update(s.sequence.cell, "sequence++", where, order::plain,
                [](value_t v, bool&) { return impl::wrap_unsigned(v + 1); });
}
}  // namespace

void do_raw_write_seqcount_begin(seqcount_t& s, loc where) {
    sequence_increment(s, where);
    smp_wmb(where);
}
void do_raw_write_seqcount_end(seqcount_t& s, loc where) {
    smp_wmb(where);
    sequence_increment(s, where);
}
unsigned raw_read_seqcount(const seqcount_t& s, loc where) {
    return static_cast<unsigned>(impl::load(s.sequence.cell, order::acquire, "raw_read_seqcount", where));
}

// ---- atomic_t ---------------------------------------------------------------------------

int atomic_read(const atomic_t& v, loc where) {
    return static_cast<int>(impl::load(v.counter, order::relaxed, "atomic_read", where));
}
void atomic_set(atomic_t& v, int i, loc where) {
    impl::store(v.counter, i, order::relaxed, "atomic_set", where);
}
void atomic_inc(atomic_t& v, loc where) {
    step_update(v.counter, "atomic_inc", where, order::relaxed,
                [](value_t old, bool&) { return wrap(old + 1, 32); });
}
bool atomic_dec_and_test(atomic_t& v, loc where) {
    auto [o, n] = step_rmw(v.counter, "atomic_dec_and_test", where, order::full,
                           [](value_t old, bool&) { return wrap(old - 1, 32); });
    return n == 0;
}
bool atomic_inc_not_zero(atomic_t& v, loc where) {
    bool failed = false;
    step_rmw(v.counter, "atomic_inc_not_zero", where, order::full, [](value_t old, bool& fail) {
        fail = old == 0;
        return fail ? old : wrap(old + 1, 32);
    }, &failed);
    return !failed;
}
void atomic_or(int mask, atomic_t& v, loc where) {
    step_update(v.counter, "atomic_or", where, order::relaxed,
                [mask](value_t old, bool&) { return old | mask; });
}
void atomic_andnot(int mask, atomic_t& v, loc where) {
    step_update(v.counter, "atomic_andnot", where, order::relaxed,
                [mask](value_t old, bool&) { return old & ~static_cast<value_t>(mask); });
}
void atomic_and(int mask, atomic_t& v, loc where) {
    step_update(v.counter, "atomic_and", where, order::relaxed,
                [mask](value_t old, bool&) { return old & static_cast<value_t>(mask); });
}
int atomic_dec_return(atomic_t& v, loc where) {
    // atomic_sub_return(1, v): an int that wraps, as atomic_inc() and atomic_dec_and_test() do.
    return static_cast<int>(step_rmw(v.counter, "atomic_dec_return", where, order::full,
                                     [](value_t old, bool&) { return wrap(old - 1, 32); })
                                .second);
}

bool test_and_set_tsk_thread_flag(shared<bool>& flag, loc where) {
    return step_rmw(flag.cell, "test_and_set_tsk_thread_flag", where, order::full, [](value_t, bool&) { return 1; })
               .first != 0;
}
void clear_thread_flag(shared<bool>& flag, loc where) {
    step_update(flag.cell, "clear_thread_flag", where, order::relaxed, [](value_t, bool&) { return 0; });
}
void set_bit(shared<bool>& flag, loc where) {
    step_update(flag.cell, "set_bit", where, order::relaxed, [](value_t, bool&) { return 1; });
}

// ---- refcount_t -------------------------------------------------------------------------
// Each follows lib/refcount.c / include/linux/refcount.h: the arithmetic wraps at the word's
// width and any result that is negative, or an addition on 0, saturates the counter.

int refcount_read(const refcount_t& r, loc where) {
    return static_cast<int>(impl::load(r.refs.counter, order::relaxed, "refcount_read", where));
}
void refcount_set(refcount_t& r, int n, loc where) {
    impl::store(r.refs.counter, n, order::relaxed, "refcount_set", where);
}
void refcount_set_release(refcount_t& r, int n, loc where) {
    impl::store(r.refs.counter, n, order::release, "refcount_set_release", where);
}

namespace {

// lib/refcount.c's refcount_warn_saturate(): a second step after the arithmetic that went
// wrong, storing REFCOUNT_SATURATED over the wrapped value, with the kernel's WARN.
enum class saturation { add_not_zero_ovf, add_ovf, add_uaf, sub_uaf };

void refcount_warn_saturate(refcount_t& r, saturation t, const loc& where) {
    impl::store(r.refs.counter, saturated(r.bits), order::relaxed, "refcount_warn_saturate", where);
    const char* what = t == saturation::add_uaf   ? "addition on 0; use-after-free"
                       : t == saturation::sub_uaf ? "underflow; use-after-free"
                                                  : "saturated; leaking memory";
    machine& mc = m();
    // Each of its messages is a WARN_ONCE: printed the first time only.
    const std::string message = std::string("refcount_t: ") + what;
    for (const verdict& v : mc.verdicts_)
        if (v.message.ends_with(message)) return;
    mc.add_verdict({"WARN_ON_ONCE",
                    mc.me().name + " hits refcount_warn_saturate() in " +
                        (mc.me().stack.empty() ? "?" : mc.me().stack.back()) + ": " + message,
                    mc.steps, {mc.self()}, {}});
}

// __refcount_add(): atomic_fetch_add_relaxed(), then the saturation check on the old value.
void add(refcount_t& r, int i, const char* op, const loc& where) {
    const int bits = r.bits;
    auto [old, sum] = step_rmw(r.refs.counter, op, where, order::relaxed,
                               [=](value_t old, bool&) { return wrap(old + i, bits); });
    if (old == 0)
        refcount_warn_saturate(r, saturation::add_uaf, where);
    else if (old < 0 || sum < 0)
        refcount_warn_saturate(r, saturation::add_ovf, where);
}

}  // namespace

void refcount_add(int i, refcount_t& r, loc where) { add(r, i, "refcount_add", where); }
void refcount_inc(refcount_t& r, loc where) { add(r, 1, "refcount_inc", where); }

namespace {
// __refcount_add_not_zero() and the limited forms: a cmpxchg loop that gives up on 0 (and on
// reaching `limit`), one step since a failed cmpxchg changes nothing; `o` applies only when it
// succeeds. A saturated or overflowing count is still added to, then saturated.
bool add_not_zero(refcount_t& r, int i, int* oldp, const char* op, order o, const loc& where,
                  std::optional<int> limit) {
    const int bits = r.bits;
    bool failed = false;
    auto [old, sum] = step_rmw(r.refs.counter, op, where, o, [&](value_t old, bool& fail) {
        fail = old == 0 || (limit && i > *limit - old);
        return wrap(old + i, bits);
    }, &failed);
    if (oldp) *oldp = static_cast<int>(old);
    if (failed) return false;
    if (old < 0 || sum < 0) refcount_warn_saturate(r, saturation::add_not_zero_ovf, where);
    return true;
}
}  // namespace

bool refcount_add_not_zero(int i, refcount_t& r, loc where) {
    return add_not_zero(r, i, nullptr, "refcount_add_not_zero", order::relaxed, where, std::nullopt);
}
bool refcount_inc_not_zero(refcount_t& r, loc where) {
    return add_not_zero(r, 1, nullptr, "refcount_inc_not_zero", order::relaxed, where, std::nullopt);
}
bool __refcount_inc_not_zero(refcount_t& r, int* oldp, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero", order::relaxed, where, std::nullopt);
}
bool __refcount_inc_not_zero_acquire(refcount_t& r, int* oldp, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero_acquire", order::acquire, where, std::nullopt);
}
bool __refcount_inc_not_zero_limited_acquire(refcount_t& r, int* oldp, int limit, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero_limited_acquire", order::acquire,
                        where, limit);
}
bool __refcount_inc_not_zero_limited(refcount_t& r, int* oldp, int limit, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero_limited", order::relaxed, where, limit);
}

namespace {
// __refcount_sub_and_test(): atomic_fetch_sub_release(); reaching exactly 0 also gives acquire
// ordering (smp_acquire__after_ctrl_dep(), in the same step here), so whatever frees the
// object comes after every earlier put. Going below 0 saturates in a second step.
bool sub_and_test(refcount_t& r, int i, int* oldp, const char* op, const loc& where) {
    const int bits = r.bits;
    auto [old, diff] = step_rmw(r.refs.counter, op, where, order::release,
                                [=](value_t old, bool&) { return wrap(old - i, bits); });
    if (oldp) *oldp = static_cast<int>(old);
    if (old > 0 && old == i) {
        machine& mc = m();
        mc.mem.fence(order::ctrl_dep_acquire);
        if (!mc.events.empty() && mc.events.back().step == mc.steps) mc.events.back().ordering = "release+ctrl_dep_acquire";
        return true;
    }
    if (old <= 0 || diff < 0) refcount_warn_saturate(r, saturation::sub_uaf, where);
    return false;
}
}  // namespace

bool refcount_dec_and_test(refcount_t& r, loc where) {
    return sub_and_test(r, 1, nullptr, "refcount_dec_and_test", where);
}
bool __refcount_dec_and_test(refcount_t& r, int* oldp, loc where) {
    return sub_and_test(r, 1, oldp, "__refcount_dec_and_test", where);
}
bool refcount_sub_and_test(int i, refcount_t& r, loc where) {
    return sub_and_test(r, i, nullptr, "refcount_sub_and_test", where);
}

bool refcount_inc_limited_from_zero(refcount_t& r, int* oldp, int limit, loc where) {
    const int bits = r.bits;
    bool failed = false;
    auto [old, n] = step_rmw(r.refs.counter, "atomic_try_cmpxchg", where, order::acquire,
                             [&](value_t old, bool& fail) {
                                 fail = 1 > limit - old;
                                 return wrap(old + 1, bits);
                             }, &failed);
    *oldp = static_cast<int>(old);
    return !failed;
}

// ---- tasks, sleeping and waking ---------------------------------------------------------

task_struct* current_task() { machine& mc = m(); return mc.task_of(mc.self()); }

void set_current_state(long state, loc where) {
    // smp_store_mb(current->__state, state): the store plus a full barrier, one step.
    impl::store(m().me().task.state, state, order::full, "set_current_state", where);
}
void __set_current_state(long state, loc where) {
    impl::store(m().me().task.state, state, order::relaxed, "__set_current_state", where);
}

void schedule(loc where) {
    machine& mc = m();
    const std::int32_t cell = mc.me().task.state;
    pending_op p{op_kind::schedule, "schedule", cell, where};
    mc.schedule_point(p);
    // Chosen means woken (state back to TASK_RUNNING) or, in TASK_INTERRUPTIBLE, a signal is
    // pending: __schedule() then does not dequeue the task and it runs on.
    const value_t old = mc.mem.cells[cell];
    mc.mem.store(cell, TASK_RUNNING, order::relaxed);
    mc.record(p, old, TASK_RUNNING, false, no_thread, false);
}

int wake_up_process(task_struct* t, loc where) {
    machine& mc = m();
    const std::int32_t cell = mc.threads_[t->tid].task.state;
    pending_op p{op_kind::plain, "wake_up_process", cell, where};
    mc.schedule_point(p);
    mc.touch(cell, true);
    const value_t old = mc.mem.cells[cell];
    const bool wakes = (old & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)) != 0;
    if (wakes) mc.mem.store(cell, TASK_RUNNING, order::full);
    mc.record(p, old, mc.mem.cells[cell], !wakes, wakes ? t->tid : no_thread, false);
    return wakes ? 1 : 0;
}

bool signal_pending(loc where) {
    return impl::load(m().me().task.sigpending, order::relaxed, "signal_pending", where) != 0;
}

bool signal_pending_state(long state, loc where) {
    // Only interruptible sleeps look at signals (TASK_WAKEKILL is not modelled).
    if (!(state & TASK_INTERRUPTIBLE)) return false;
    return signal_pending(where);
}

void send_sig_kill(task_struct* t, loc where) {
    machine& mc = m();
    auto& target = mc.threads_[t->tid];
    pending_op p{op_kind::plain, "send_sig(SIGKILL)", target.task.sigpending, where};
    mc.schedule_point(p);
    mc.mem.store(target.task.sigpending, 1, order::full);
    // signal_wake_up(): an interruptible sleeper is woken to notice the signal.
    const bool wakes = (mc.mem.cells[target.task.state] & TASK_INTERRUPTIBLE) != 0;
    if (wakes) mc.mem.store(target.task.state, TASK_RUNNING, order::full);
    mc.record(p, 0, 1, false, wakes ? t->tid : no_thread);
}

bool fatal_signal_pending(loc where) {
    return impl::load(m().me().task.sigpending, order::relaxed, "fatal_signal_pending", where) != 0;
}

void do_send_sig_info_sigkill(task_struct* p, loc where) {
    machine& mc = m();
    const std::int32_t group = mc.threads_[p->tid].own_mm;
    // complete_signal(): t = p; do ... while_each_thread(p, t): from p on around the group's
    // thread list, which is in creation order (the order the scenario added the threads).
    const auto n = static_cast<thread_id>(mc.threads_.size());
    for (thread_id i = 0; i < n; ++i) {
        const thread_id t = (p->tid + i) % n;
        auto& target = mc.threads_[t];
        if (target.own_mm != group || target.finished) continue;
        pending_op op{op_kind::plain, "complete_signal", target.task.sigpending, where};
        op.ordering = "full";
        mc.schedule_point(op);
        const value_t old = mc.mem.cells[target.task.sigpending];
        mc.mem.store(target.task.sigpending, 1, order::full);
        // signal_wake_up(t, 1): TASK_INTERRUPTIBLE (and TASK_WAKEKILL, not modelled) sleepers
        // wake; a task in TASK_UNINTERRUPTIBLE sleeps on.
        const bool wakes = (mc.mem.cells[target.task.state] & TASK_INTERRUPTIBLE) != 0;
        if (wakes) mc.mem.store(target.task.state, TASK_RUNNING, order::full);
        mc.record(op, old, 1, false, wakes ? t : no_thread, false);
    }
}

void retry_until(std::function<bool()> progress, std::string text, std::string edge,
                 std::function<std::vector<thread_id>()> waits_on, loc where) {
    machine& mc = m();
    auto holds = [progress = std::move(progress)] { return peek_condition(progress); };
    mc.me().waiting = detail::wait_condition{holds, std::move(text), -1, std::move(waits_on), std::move(edge)};
    pending_op p{op_kind::until, "retry", -1, where};
    mc.schedule_point(p);
    mc.me().waiting.reset();
    mc.record(p, 0, 0);
}

void sleeping_for(std::function<bool()> holds, std::string text, std::int32_t lock) {
    m().me().waiting = detail::wait_condition{std::move(holds), std::move(text), lock};
}
void done_sleeping() { m().me().waiting.reset(); }

bool peek_condition(const std::function<bool()>& condition) {
    machine& mc = m();
    const bool saved = mc.peeking;
    mc.peeking = true;
    const bool holds = condition();
    mc.peeking = saved;
    return holds;
}

void describe_next_wait(std::string text) { m().me().next_wait_text = std::move(text); }

std::string take_wait_description(const char* fallback) {
    std::string text = std::move(m().me().next_wait_text);
    m().me().next_wait_text.clear();
    return text.empty() ? std::string(fallback) : text;
}

// ---- RCU --------------------------------------------------------------------------------

void rcu_read_lock(loc where) {
    step_update(m().me().task.rcu_depth, "rcu_read_lock", where, order::relaxed,
                [](value_t d, bool&) { return d + 1; });
}
void rcu_read_unlock(loc where) {
    step_update(m().me().task.rcu_depth, "rcu_read_unlock", where, order::relaxed,
                [](value_t d, bool&) { return d - 1; });
}
bool in_rcu_read_section() { machine& mc = m(); return mc.mem.cells[mc.me().task.rcu_depth] > 0; }

// ---- sleeping locks ---------------------------------------------------------------------

rw_semaphore make_rw_semaphore(machine& mc, std::int32_t object, const std::string& name) {
    rw_semaphore sem;
    sem.owner = mc.add_field(object, name + ".owner", field_kind::pointer, 0);
    sem.readers = mc.add_field(object, name + ".readers", field_kind::integer, 0);
    sem.reader_mask = mc.add_field(object, name + ".read holders", field_kind::task_mask, 0);
    sem.wait_list = mc.add_field(object, name + ".wait_list", field_kind::task_queue, 0);
    mc.add_lock({name, sem.owner, sem.readers, sem.reader_mask, sem.wait_list});
    return sem;
}

mutex make_mutex(machine& mc, std::int32_t object, const std::string& name, bool handoff) {
    mutex mx;
    mx.owner = mc.add_field(object, name + ".owner", field_kind::pointer, 0);
    mx.wait_list = mc.add_field(object, name + ".wait_list", field_kind::task_queue, 0);
    mx.flags = mc.add_field(object, name + ".flags", field_kind::integer, 0);
    mx.handoff = handoff;
    mc.add_lock({name, mx.owner, -1, -1, mx.wait_list});
    return mx;
}

wait_queue_head make_wait_queue(machine& mc, std::int32_t object, const std::string& name) {
    return {mc.add_field(object, name, field_kind::task_queue, 0)};
}

spinlock_t make_spinlock(machine& mc, std::int32_t object, const std::string& name) {
    spinlock_t lock{mc.add_field(object, name + ".owner", field_kind::pointer, 0)};
    mc.add_lock({name, lock.owner, -1, -1, -1});
    return lock;
}

namespace {

// The wait list of a sleeping lock, edited in place within one step (under its wait_lock).
struct wait_list_ref {
    machine& mc;
    std::int32_t cell;
    std::vector<queued_task> get() const { return decode_task_queue(mc.mem.cells[cell]); }
    void set(const std::vector<queued_task>& l) { mc.mem.cells[cell] = encode_task_queue(l); }
    bool empty() const { return mc.mem.cells[cell] == 0; }
    void add_tail(thread_id t, bool writer) {
        auto l = get();
        l.push_back({t, writer});
        set(l);
    }
    void remove(thread_id t) {
        auto l = get();
        std::erase_if(l, [t](const queued_task& q) { return q.thread == t; });
        set(l);
    }
    bool first_is(thread_id t) const {
        const auto l = get();
        return !l.empty() && l.front().thread == t;
    }
};

// try_to_wake_up() for a task asleep in TASK_NORMAL: back to TASK_RUNNING.
void wake_task(machine& mc, thread_id t) {
    auto& state = mc.mem.cells[mc.threads_[t].task.state];
    if (state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)) state = TASK_RUNNING;
}

// Puts the running thread to sleep on a lock: schedule() until a waker makes it runnable.
// The checker learns what it waits for, so a lock that is free with its waiter still asleep
// is reported as a lost wakeup, and a held one gives a wait-for edge to the holders.
void sleep_on(std::int32_t owner_cell, std::function<bool()> free, const std::string& what, const loc& where) {
    sleeping_for(std::move(free), what, owner_cell);
    schedule(where);
    done_sleeping();
}

// ---- rw_semaphore internals (kernel/locking/rwsem.c) ---------------------------------------

enum class rwsem_wake_type { any, readers, read_owned };

// rwsem_mark_wake(): a writer at the head of the queue is woken (for RWSEM_WAKE_ANY only) and
// takes the lock itself; readers at the head are granted it at once, together with every
// reader further down the queue (up to MAX_READERS_WAKEUP, more than any scenario has).
// Returns the first task woken.
thread_id rwsem_mark_wake(machine& mc, rw_semaphore& sem, rwsem_wake_type type) {
    wait_list_ref list{mc, sem.wait_list};
    auto waiters = list.get();
    if (waiters.empty()) return no_thread;
    if (waiters.front().writer) {
        if (type != rwsem_wake_type::any) return no_thread;
        wake_task(mc, waiters.front().thread);
        return waiters.front().thread;
    }
    // A writer that stole the lock since the caller looked keeps it: grant nothing.
    if (type != rwsem_wake_type::read_owned && mc.mem.cells[sem.owner] != 0) return no_thread;
    const thread_id first = waiters.front().thread;
    std::vector<queued_task> left;
    for (const queued_task& q : waiters) {
        if (q.writer) {
            left.push_back(q);
            continue;
        }
        // Granted: the reader count is raised for it, then waiter->task is cleared and it wakes.
        mc.mem.cells[sem.readers] += 1;
        mc.mem.cells[sem.reader_mask] |= bit_of(q.thread);
        wake_task(mc, q.thread);
    }
    list.set(left);
    return first;
}

// rwsem_cond_wake_waiter(): after queueing, wake whoever the current owners allow.
thread_id rwsem_cond_wake_waiter(machine& mc, rw_semaphore& sem) {
    if (mc.mem.cells[sem.owner] != 0) return no_thread;
    return rwsem_mark_wake(mc, sem,
                           mc.mem.cells[sem.readers] > 0 ? rwsem_wake_type::readers : rwsem_wake_type::any);
}

bool rwsem_free(const machine& mc, const rw_semaphore& sem) {
    return mc.mem.cells[sem.owner] == 0 && mc.mem.cells[sem.readers] == 0;
}

void rwsem_take_read(machine& mc, rw_semaphore& sem) {
    mc.mem.store(sem.readers, mc.mem.cells[sem.readers] + 1, order::acquire);
    mc.mem.lock_acquired(sem.owner);
    mc.mem.cells[sem.reader_mask] |= bit_of(mc.self());
}

// rwsem_try_write_lock(), called with wait_lock held by a queued writer: the lock is taken
// when nobody holds it (no hand-off is ever set here, so the queue position does not matter).
bool rwsem_try_write_lock(machine& mc, rw_semaphore& sem) {
    if (!rwsem_free(mc, sem)) return false;
    mc.mem.store(sem.owner, current_task()->id, order::acquire);
    mc.mem.lock_acquired(sem.owner);
    wait_list_ref{mc, sem.wait_list}.remove(mc.self());
    return true;
}

}  // namespace

int down_read_trylock(rw_semaphore& sem, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "down_read_trylock", sem.readers, where};
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    const value_t old = mc.mem.cells[sem.readers];
    // RWSEM_READ_FAILED_MASK: a writer holding it, or anybody waiting for it.
    const bool ok = mc.mem.cells[sem.owner] == 0 && wait_list_ref{mc, sem.wait_list}.empty();
    if (ok) rwsem_take_read(mc, sem);
    p.ordering = ok ? "acquire" : "relaxed";
    mc.record(p, old, mc.mem.cells[sem.readers], !ok, no_thread, false);
    return ok ? 1 : 0;
}

void down_read(rw_semaphore& sem, loc where) {
    const past_scope scope;
    machine& mc = m();
    wait_list_ref list{mc, sem.wait_list};
    pending_op p{op_kind::plain, "down_read", sem.readers, where};
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    const value_t readers = mc.mem.cells[sem.readers];
    const bool writer = mc.mem.cells[sem.owner] != 0;
    // rwsem_read_trylock(): no writer and no waiters. Otherwise rwsem_down_read_slowpath():
    // a reader may still steal a lock no writer holds, unless other readers own it (then it
    // queues so that a stream of readers cannot starve a waiting writer).
    const bool fast = !writer && list.empty();
    const bool steal = !writer && readers == 0;
    if (fast || steal) {
        rwsem_take_read(mc, sem);
        p.ordering = "acquire";
        thread_id woke = no_thread;
        if (!fast) woke = rwsem_mark_wake(mc, sem, rwsem_wake_type::read_owned);
        mc.record(p, readers, readers + 1, false, woke, false);
        return;
    }
    const value_t old_list = mc.mem.cells[sem.wait_list];
    list.add_tail(mc.self(), false);
    mc.mem.cells[mc.me().task.state] = TASK_UNINTERRUPTIBLE;
    const thread_id woke = rwsem_cond_wake_waiter(mc, sem);
    mc.record({op_kind::plain, "down_read", sem.wait_list, where}, old_list,
              mc.mem.cells[sem.wait_list], false, woke, false);
    // Granted by a waker (rwsem_mark_wake() clears waiter.task, then wakes us).
    const thread_id me = mc.self();
    while (!((mc.mem.cells[sem.reader_mask] >> me) & 1)) {
        forget_past();  // queued: asleep until a waker grants it the lock
        sleep_on(sem.owner, [&mc, &sem] { return rwsem_free(mc, sem); }, "it is granted the lock", where);
        if (!((mc.mem.cells[sem.reader_mask] >> me) & 1)) mc.mem.cells[mc.me().task.state] = TASK_UNINTERRUPTIBLE;
    }
    mc.mem.lock_acquired(sem.owner);  // what the releasers published is now ours
}

void down_write(rw_semaphore& sem, loc where) {
    const past_scope scope;
    machine& mc = m();
    wait_list_ref list{mc, sem.wait_list};
    pending_op p{op_kind::plain, "down_write", sem.owner, where};
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    // rwsem_write_trylock(): the count is 0, so nobody holds it and nobody waits.
    if (rwsem_free(mc, sem) && list.empty()) {
        mc.mem.store(sem.owner, current_task()->id, order::acquire);
    mc.mem.lock_acquired(sem.owner);
        p.ordering = "acquire";
        mc.record(p, 0, current_task()->id, false, no_thread, false);
        return;
    }
    // rwsem_down_write_slowpath(): queue at the tail, let the current owners wake whoever they
    // allow, set our state, then try under wait_lock.
    const value_t old_list = mc.mem.cells[sem.wait_list];
    list.add_tail(mc.self(), true);
    thread_id woke = no_thread;
    if (!list.first_is(mc.self())) woke = rwsem_cond_wake_waiter(mc, sem);
    mc.mem.cells[mc.me().task.state] = TASK_UNINTERRUPTIBLE;
    if (rwsem_try_write_lock(mc, sem)) {
        mc.mem.cells[mc.me().task.state] = TASK_RUNNING;
        p.ordering = "acquire";
        mc.record(p, 0, current_task()->id, false, woke, false);
        return;
    }
    mc.record({op_kind::plain, "down_write", sem.wait_list, where}, old_list,
              mc.mem.cells[sem.wait_list], false, woke, false);
    for (;;) {
        forget_past();  // queued and asleep: each retry tests the lock afresh
        sleep_on(sem.owner, [&mc, &sem] { return rwsem_free(mc, sem); }, "the lock is free", where);
        // Woken: set_current_state(), then rwsem_try_write_lock() under wait_lock.
        pending_op retry{op_kind::plain, "rwsem_down_write_slowpath", sem.owner, where};
        mc.schedule_point(retry);
        mc.touch(sem.owner, true);
        mc.mem.cells[mc.me().task.state] = TASK_UNINTERRUPTIBLE;
        const bool got = rwsem_try_write_lock(mc, sem);
        if (got) mc.mem.cells[mc.me().task.state] = TASK_RUNNING;
        retry.ordering = got ? "acquire" : "relaxed";
        mc.record(retry, got ? 0 : mc.mem.cells[sem.owner], mc.mem.cells[sem.owner], !got, no_thread, false);
        if (got) return;
    }
}

void up_read(rw_semaphore& sem, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "up_read", sem.readers, where};
    p.ordering = "release";
    mc.schedule_point(p);
    mc.touch(sem.readers, true);
    const value_t old = mc.mem.cells[sem.readers];
    mc.mem.store(sem.readers, old - 1, order::release);
    mc.mem.lock_released(sem.owner);
    mc.mem.cells[sem.reader_mask] &= ~bit_of(mc.self());
    // The last reader out with waiters queued calls rwsem_wake() (folded into this step).
    thread_id woke = no_thread;
    if (old == 1 && mc.mem.cells[sem.owner] == 0) woke = rwsem_mark_wake(mc, sem, rwsem_wake_type::any);
    mc.record(p, old, old - 1, false, woke, false);
}

void up_write(rw_semaphore& sem, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "up_write", sem.owner, where};
    p.ordering = "release";
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    const value_t old = mc.mem.cells[sem.owner];
    mc.mem.store(sem.owner, 0, order::release);
    mc.mem.lock_released(sem.owner);
    const thread_id woke = rwsem_mark_wake(mc, sem, rwsem_wake_type::any);
    mc.record(p, old, 0, false, woke, false);
}

void downgrade_write(rw_semaphore& sem, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "downgrade_write", sem.owner, where};
    p.ordering = "release";
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    const value_t old = mc.mem.cells[sem.owner];
    mc.mem.store(sem.owner, 0, order::release);
    mc.mem.lock_released(sem.owner);
    mc.mem.cells[sem.readers] = 1;
    mc.mem.cells[sem.reader_mask] |= bit_of(mc.self());
    // rwsem_downgrade_wake(): readers at the head of the queue may now share the lock; a writer
    // at the head stays asleep (RWSEM_WAKE_READ_OWNED). v6.4's __downgrade_write() is this step:
    // one atomic_long_fetch_add_release() turning the writer into a reader, then the wake.
    const thread_id woke = rwsem_mark_wake(mc, sem, rwsem_wake_type::read_owned);
    mc.record(p, old, 0, false, woke, false);
}

bool rwsem_is_write_locked_by_me(const rw_semaphore& sem) {
    return m().mem.cells[sem.owner] == current_task()->id;
}

// ---- mutex (kernel/locking/mutex.c) --------------------------------------------------------

namespace {

// __mutex_lock_common(): the fast path, then the slow path's first pass under wait_lock, as
// one step; then sleep and retry until the lock is ours or, interruptibly, a signal arrives.
int mutex_lock_common(mutex& mx, long state, const char* op, const loc& where) {
    past_scope scope;
    machine& mc = m();
    wait_list_ref list{mc, mx.wait_list};
    const thread_id me = mc.self();
    const value_t my_task = current_task()->id;
    pending_op p{op_kind::plain, op, mx.owner, where};
    mc.schedule_point(p);
    mc.touch(mx.owner, true);
    if (mc.mem.cells[mx.owner] == 0) {  // fast path, or the "once more" try before queueing
        mc.mem.store(mx.owner, my_task, order::acquire);
        mc.mem.lock_acquired(mx.owner);
        p.ordering = "acquire";
        mc.record(p, 0, my_task, false, no_thread, false);
        return 0;
    }
    const value_t old_list = mc.mem.cells[mx.wait_list];
    list.add_tail(me, false);
    if (signal_pending_state_now(state)) {
        list.remove(me);
        mc.record(p, mc.mem.cells[mx.owner], mc.mem.cells[mx.owner], true, no_thread, false);
        return scope.returning(-EINTR);
    }
    mc.mem.cells[mc.me().task.state] = state;
    mc.record({op_kind::plain, op, mx.wait_list, where}, old_list, mc.mem.cells[mx.wait_list], false, no_thread, false);
    for (;;) {
        forget_past();  // queued and asleep: each retry reads the owner afresh
        sleep_on(mx.owner, [&mc, &mx, my_task] { return mc.mem.cells[mx.owner] == 0 || mc.mem.cells[mx.owner] == my_task; },
                 "the mutex is free", where);
        pending_op retry{op_kind::plain, "__mutex_lock_common", mx.owner, where};
        mc.schedule_point(retry);
        mc.touch(mx.owner, true);
        const value_t owner = mc.mem.cells[mx.owner];
        // With hand-off the first waiter, once woken, asks the next unlock to pass the lock
        // to it; without it (v4.4) it simply competes with newcomers.
        if (mx.handoff && owner != 0 && owner != my_task && list.first_is(me))
            mc.mem.cells[mx.flags] |= MUTEX_FLAG_HANDOFF;
        if (owner == 0 || owner == my_task) {
            if (owner == 0) mc.mem.store(mx.owner, my_task, order::acquire);
            mc.mem.lock_acquired(mx.owner);  // taken, or handed to it by the unlock
            retry.ordering = "acquire";
            list.remove(me);
            if (list.empty()) mc.mem.cells[mx.flags] = 0;
            mc.mem.cells[mc.me().task.state] = TASK_RUNNING;
            mc.record(retry, owner, my_task, false, no_thread, false);
            return 0;
        }
        if (signal_pending_state_now(state)) {
            list.remove(me);
            if (list.empty()) mc.mem.cells[mx.flags] = 0;
            mc.mem.cells[mc.me().task.state] = TASK_RUNNING;
            mc.record(retry, owner, owner, true, no_thread, false);
            return scope.returning(-EINTR);
        }
        mc.mem.cells[mc.me().task.state] = state;
        mc.record(retry, owner, owner, true, no_thread, false);
    }
}

}  // namespace

void mutex_lock(mutex& mx, loc where) { mutex_lock_common(mx, TASK_UNINTERRUPTIBLE, "mutex_lock", where); }

int mutex_lock_interruptible(mutex& mx, loc where) {
    return mutex_lock_common(mx, TASK_INTERRUPTIBLE, "mutex_lock_interruptible", where);
}

int mutex_trylock(mutex& mx, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "mutex_trylock", mx.owner, where};
    mc.schedule_point(p);
    mc.touch(mx.owner, true);
    const value_t old = mc.mem.cells[mx.owner];
    const bool got = old == 0;
    if (got) {
        mc.mem.store(mx.owner, current_task()->id, order::acquire);
        mc.mem.lock_acquired(mx.owner);
    }
    p.ordering = got ? "acquire" : "relaxed";
    mc.record(p, old, mc.mem.cells[mx.owner], !got, no_thread, false);
    return got ? 1 : 0;
}

void mutex_unlock(mutex& mx, loc where) {
    machine& mc = m();
    wait_list_ref list{mc, mx.wait_list};
    pending_op p{op_kind::plain, "mutex_unlock", mx.owner, where};
    p.ordering = "release";
    mc.schedule_point(p);
    mc.touch(mx.owner, true);
    const value_t old = mc.mem.cells[mx.owner];
    // __mutex_unlock_slowpath(): release, then wake the first waiter, or with
    // MUTEX_FLAG_HANDOFF make it the owner before waking it.
    thread_id woke = no_thread;
    value_t next_owner = 0;
    if (!list.empty()) {
        woke = list.get().front().thread;
        if (mx.handoff && (mc.mem.cells[mx.flags] & MUTEX_FLAG_HANDOFF)) {
            next_owner = mc.task_of(woke)->id;
            mc.mem.cells[mx.flags] &= ~static_cast<value_t>(MUTEX_FLAG_HANDOFF);
        }
        wake_task(mc, woke);
    }
    mc.mem.lock_released(mx.owner);
    mc.mem.store(mx.owner, next_owner, order::release);
    mc.record(p, old, next_owner, false, woke, false);
}

// ---- wait queues ------------------------------------------------------------------------

namespace {

// Queues the running thread on `wq` unless it is queued already, as __add_wait_queue() (at the
// head) and __add_wait_queue_tail() (exclusive entries, at the tail) do.
void add_wait_queue_once(machine& mc, wait_queue_head& wq, bool exclusive) {
    wait_list_ref list{mc, wq.head};
    for (const queued_task& q : list.get())
        if (q.thread == mc.self()) return;
    auto entries = list.get();
    if (exclusive)
        entries.push_back({mc.self(), true});
    else
        entries.insert(entries.begin(), {mc.self(), false});
    list.set(entries);
}

// __wake_up_common(): in list order, each entry whose task sleeps in a state `mode` covers is
// woken and leaves the queue (autoremove_wake_function); an entry whose task is awake already
// is left alone and not counted. Stops after `nr_exclusive` exclusive wakeups (0: no limit).
thread_id wake_up_common(machine& mc, wait_queue_head& wq, long mode, int nr_exclusive) {
    wait_list_ref list{mc, wq.head};
    std::vector<queued_task> left;
    thread_id first = no_thread;
    bool stop = false;
    for (const queued_task& q : list.get()) {
        auto& state = mc.mem.cells[mc.threads_[q.thread].task.state];
        if (stop || !(state & mode)) {
            left.push_back(q);
            continue;
        }
        state = TASK_RUNNING;
        if (first == no_thread) first = q.thread;
        if (q.writer && nr_exclusive > 0 && --nr_exclusive == 0) stop = true;
    }
    list.set(left);
    return first;
}

void wake_up_step(wait_queue_head& wq, long mode, int nr_exclusive, const char* op, const loc& where) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, wq.head, where};
    p.ordering = "full";
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.head];
    const thread_id first = wake_up_common(mc, wq, mode, nr_exclusive);
    mc.record(p, old, mc.mem.cells[wq.head], first == no_thread, first, false);
}

}  // namespace

long prepare_to_wait_event(wait_queue_head& wq, long state, bool exclusive, loc where) {
    machine& mc = m();
    auto& me = mc.me();
    pending_op p{op_kind::plain, "prepare_to_wait_event", wq.head, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.head];
    long ret = 0;
    if ((state & TASK_INTERRUPTIBLE) && mc.mem.cells[me.task.sigpending]) {
        ret = -ERESTARTSYS;  // the entry stays where it is; the macro takes it off
    } else {
        add_wait_queue_once(mc, wq, exclusive);  // under q->lock
        mc.mem.store(me.task.state, state, order::full);
    }
    mc.record(p, old, mc.mem.cells[wq.head]);
    return ret;
}

void prepare_to_wait(wait_queue_head& wq, long state, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "prepare_to_wait", wq.head, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.head];
    add_wait_queue_once(mc, wq, false);
    mc.mem.store(mc.me().task.state, state, order::full);
    mc.record(p, old, mc.mem.cells[wq.head], false, no_thread, false);
}

void finish_wait(wait_queue_head& wq, loc where) {
    machine& mc = m();
    auto& me = mc.me();
    pending_op p{op_kind::plain, "finish_wait", wq.head, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.head];
    mc.mem.store(me.task.state, TASK_RUNNING, order::relaxed);
    wait_list_ref{mc, wq.head}.remove(mc.self());
    mc.record(p, old, mc.mem.cells[wq.head], false, no_thread, false);
}

void abort_exclusive_wait(wait_queue_head& wq, long state, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "abort_exclusive_wait", wq.head, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.head];
    mc.mem.store(mc.me().task.state, TASK_RUNNING, order::relaxed);
    wait_list_ref list{mc, wq.head};
    bool queued = false;
    for (const queued_task& q : list.get()) queued = queued || q.thread == mc.self();
    thread_id woke = no_thread;
    if (queued)
        list.remove(mc.self());
    else if (!list.empty())
        woke = wake_up_common(mc, wq, state, 1);  // a wakeup meant for us goes to the next waiter
    mc.record(p, old, mc.mem.cells[wq.head], false, woke, false);
}

void wake_up_interruptible(wait_queue_head& wq, loc where) {
    wake_up_step(wq, TASK_INTERRUPTIBLE, 1, "wake_up_interruptible", where);
}
void wake_up_interruptible_all(wait_queue_head& wq, loc where) {
    wake_up_step(wq, TASK_INTERRUPTIBLE, 0, "wake_up_interruptible_all", where);
}
void wake_up(wait_queue_head& wq, loc where) {
    wake_up_step(wq, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE, 1, "wake_up", where);
}

// ---- spinlocks --------------------------------------------------------------------------

void spin_lock(spinlock_t& lock, loc where) {
    machine& mc = m();
    const value_t me = current_task()->id;
    const std::int32_t owner = lock.owner;
    // Spinning is not a sleep: the thread stays runnable in the kernel's sense, but nothing it
    // does changes anything until the holder lets go, so it is one step that can run once the
    // lock is free, and takes it.
    mc.me().waiting = detail::wait_condition{[&mc, owner] { return mc.mem.cells[owner] == 0; },
                                             "the spinlock is free", owner};
    pending_op p{op_kind::until, "spin_lock", owner, where};
    p.ordering = "acquire";
    mc.schedule_point(p);
    mc.me().waiting.reset();
    mc.touch(owner, true);
    mc.mem.store(owner, me, order::acquire);
    mc.mem.lock_acquired(owner);
    mc.record(p, 0, me);
}

void spin_unlock(spinlock_t& lock, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "spin_unlock", lock.owner, where};
    p.ordering = "release";
    mc.schedule_point(p);
    mc.touch(lock.owner, true);
    const value_t old = mc.mem.cells[lock.owner];
    mc.mem.store(lock.owner, 0, order::release);
    mc.mem.lock_released(lock.owner);
    mc.record(p, old, 0, false, no_thread, false);
}

int spin_trylock(spinlock_t& lock, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "spin_trylock", lock.owner, where};
    mc.schedule_point(p);
    mc.touch(lock.owner, true);
    const value_t old = mc.mem.cells[lock.owner];
    if (old != 0) {
        (void)mc.mem.load(lock.owner, order::relaxed);  // the newest store: the holder's
        p.ordering = "relaxed";
        mc.record(p, old, old, true);
        return 0;
    }
    const value_t me = current_task()->id;
    mc.mem.store(lock.owner, me, order::acquire);
    mc.mem.lock_acquired(lock.owner);
    p.ordering = "acquire";
    mc.record(p, 0, me);
    return 1;
}

void assert_spin_locked([[maybe_unused]] const spinlock_t& lock) {
    assert(m().mem.cells[lock.owner] == current_task()->id);
}

// ---- rcuwait ----------------------------------------------------------------------------

void prepare_to_rcuwait(rcuwait& w, loc where) { rcu_assign_pointer(w.task, current_task(), where); }

void finish_rcuwait(rcuwait& w, loc where) {
    rcu_assign_pointer<task_struct>(w.task, nullptr, where);
    __set_current_state(TASK_RUNNING, where);
}

namespace {
// The body of rcuwait_wake_up(), with barrier (B) as it is (smp_mb) or as it was before
// 6dc080eeb2ba (smp_rmb); the caller's frame names the kernel function.
int rcuwait_wake_up_body(rcuwait& w, bool full_barrier) {
    int ret = 0;
    rcu_read_lock();
    // Barrier B: the caller's change to the condition is ordered before our load of w->task;
    // it pairs with barrier A, the one in the waiter's set_current_state(). The older read
    // barrier orders only the caller's earlier loads, not its store (the put's decrement), so
    // the load may be satisfied before the store is visible to the waiter.
    if (full_barrier) smp_mb();
    else smp_rmb();
    task_struct* task = rcu_dereference(w.task);
    if (task) ret = wake_up_process(task);
    forget_past({ret});  // whether it woke a sleeper, not whom it found
    rcu_read_unlock();
    return ret;
}
}  // namespace

int rcuwait_wake_up(rcuwait& w, loc) {
    KERNEL_FUNCTION();
    return rcuwait_wake_up_body(w, true);
}

int rcuwait_wake_up_rmb(rcuwait& w, loc) {
    frame f("rcuwait_wake_up");  // the same kernel function, as it was before 6dc080eeb2ba
    return rcuwait_wake_up_body(w, false);
}

// ---- slab -------------------------------------------------------------------------------

void* kmem_cache_alloc(kmem_cache& cache, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "kmem_cache_alloc", cache.frees, where};
    mc.schedule_point(p);
    // SLUB hands out the most recently freed object first: that is what lets another mm
    // reuse a vma that an RCU reader still points at.
    std::int32_t best = 0;
    value_t best_life = 0;
    for (std::int32_t obj : cache.objects) {
        const value_t life = mc.mem.cells[mc.meta(obj).life_cell];
        if (life >= 2 && life > best_life) best = obj, best_life = life;
    }
    if (!best)
        for (std::int32_t obj : cache.objects)
            if (mc.mem.cells[mc.meta(obj).life_cell] == 0) {
                best = obj;
                break;
            }
    if (best) {
        const std::int32_t life = mc.meta(best).life_cell;
        p.cell = life;
        mc.mem.cells[life] = 1;
        mc.record(p, best_life, 1, false, no_thread, false);
    } else {
        mc.record(p, 0, 0, true, no_thread, false);
    }
    return impl::object_by_id(best);
}

void kmem_cache_free(kmem_cache& cache, std::int32_t object, loc where) {
    machine& mc = m();
    const std::int32_t life = mc.meta(object).life_cell;
    pending_op p{op_kind::plain, "kmem_cache_free", life, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[life];
    if (old != 1) {
        mc.record(p, old, old, true, no_thread, false);
        mc.oops("VM_BUG_ON", mc.me().name + " frees " + mc.object(object).name + " twice");
    }
    const value_t frees = ++mc.mem.cells[cache.frees];
    mc.mem.cells[life] = 1 + frees;
    mc.record(p, old, 1 + frees, false, no_thread, false);
}

// ---- assertions -------------------------------------------------------------------------

void VM_BUG_ON(bool condition, const char* what, loc where) {
    if (!condition) return;
    machine& mc = m();
    mc.oops("VM_BUG_ON", mc.me().name + " hits VM_BUG_ON(" + what + ") in " +
                             (mc.me().stack.empty() ? "?" : mc.me().stack.back()) + ":" +
                             std::to_string(where.line()));
}

void WARN_ON_ONCE(bool condition, const char* what, loc where) {
    if (!condition) return;
    machine& mc = m();
    mc.add_verdict({"WARN_ON_ONCE",
                    mc.me().name + " hits WARN_ON_ONCE(" + what + ") in " +
                        (mc.me().stack.empty() ? "?" : mc.me().stack.back()) + ":" +
                        std::to_string(where.line()),
                    mc.steps, {mc.self()}, {}});
}

// ---- call stacks and ghost cells --------------------------------------------------------

frame::frame(const char* function) { m().enter_function(function); }
frame::~frame() { m().leave_function(); }

void label(const char* name) { m().me().label = name; }
void script_line(int line) { m().me().script_line = line; }

void forget_past(std::initializer_list<value_t> live, loc where) { m().forget_past(live, where); }

void ghost_set(std::int32_t cell, value_t v) { m().mem.cells[cell] = v; }
value_t ghost_get(std::int32_t cell) { return m().mem.cells[cell]; }
value_t peek(std::int32_t cell) { return m().mem.cells[cell]; }

}  // namespace lockstep::kernel
