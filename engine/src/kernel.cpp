#include "kernel.hpp"

#include <string>

namespace lockstep::kernel {

using detail::machine;
using detail::op_kind;
using detail::pending_op;

namespace {

machine& m() { return machine::current(); }

value_t bit_of(thread_id t) { return value_t{1} << t; }

// Sign-extends `v` to a word of `bits` bits: what an int of that width holds after the store.
value_t wrap(value_t v, int bits) {
    const std::uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
    std::uint64_t u = static_cast<std::uint64_t>(v) & mask;
    if (bits < 64 && (u >> (bits - 1)) & 1) u |= ~mask;
    return static_cast<value_t>(u);
}

// REFCOUNT_SATURATED is INT_MIN / 2: for a 32-bit word 0xc0000000, for the scaled word -O.
value_t saturated(int bits) { return -(value_t{1} << (bits - 2)); }

// One indivisible step on `cell`: park, then apply `f` (which returns the new value and may
// mark the attempt failed), check the access, log it.
template <class F>
std::pair<value_t, value_t> step_rmw(std::int32_t cell, const char* op, const loc& where, order o,
                                     F&& f, bool* failed_out = nullptr) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, cell, -1, where};
    mc.schedule_point(p);
    mc.touch(cell, true);
    bool failed = false;
    auto [old_v, new_v] = mc.mem.rmw(cell, [&](value_t old) { return f(old, failed); }, o);
    mc.record(p, old_v, new_v, failed);
    if (failed_out) *failed_out = failed;
    return {old_v, new_v};
}

void fence(const char* op, order o, const loc& where) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, -1, -1, where};
    mc.schedule_point(p);
    mc.mem.fence(o);
    mc.record(p, 0, 0);
}

}  // namespace

// ---- plain shared variables -------------------------------------------------------------

namespace impl {

value_t load(std::int32_t cell, order o, const char* op, const loc& where, bool value_used) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, cell, -1, where};
    mc.schedule_point(p);
    mc.touch(cell, false);
    const value_t v = mc.mem.load(cell, o);
    mc.record(p, v, v, false, no_thread, value_used);
    return v;
}

void store(std::int32_t cell, value_t v, order o, const char* op, const loc& where) {
    machine& mc = m();
    pending_op p{op_kind::plain, op, cell, -1, where};
    mc.schedule_point(p);
    mc.touch(cell, true);
    const value_t old = mc.mem.load(cell, order::relaxed);
    mc.mem.store(cell, v, o);
    mc.record(p, old, v);
}

void* object_by_id(value_t id) { return id == 0 ? nullptr : m().object_ptr.at(static_cast<std::size_t>(id)); }

value_t wrap_unsigned(value_t v) { return static_cast<value_t>(static_cast<std::uint32_t>(v)); }

value_t add(std::int32_t cell, value_t delta, bool is_unsigned, order o, const char* op, const loc& where) {
    return step_rmw(cell, op, where, o, [=](value_t old, bool&) {
               return is_unsigned ? wrap_unsigned(old + delta) : wrap(old + delta, 64);
           }).second;
}

}  // namespace impl

void smp_mb(loc where) { fence("smp_mb", order::full, where); }
void smp_wmb(loc where) { fence("smp_wmb", order::release, where); }
void smp_rmb(loc where) { fence("smp_rmb", order::acquire, where); }

// ---- atomic_t ---------------------------------------------------------------------------

int atomic_read(const atomic_t& v, loc where) {
    return static_cast<int>(impl::load(v.counter, order::relaxed, "atomic_read", where));
}
void atomic_set(atomic_t& v, int i, loc where) {
    impl::store(v.counter, i, order::relaxed, "atomic_set", where);
}
void atomic_inc(atomic_t& v, loc where) {
    step_rmw(v.counter, "atomic_inc", where, order::relaxed,
             [](value_t old, bool&) { return wrap(old + 1, 32); });
}
bool atomic_dec_and_test(atomic_t& v, loc where) {
    auto [o, n] = step_rmw(v.counter, "atomic_dec_and_test", where, order::full,
                           [](value_t old, bool&) { return wrap(old - 1, 32); });
    return n == 0;
}
void atomic_or(int mask, atomic_t& v, loc where) {
    step_rmw(v.counter, "atomic_or", where, order::relaxed,
             [mask](value_t old, bool&) { return old | mask; });
}
void atomic_andnot(int mask, atomic_t& v, loc where) {
    step_rmw(v.counter, "atomic_andnot", where, order::relaxed,
             [mask](value_t old, bool&) { return old & ~static_cast<value_t>(mask); });
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
void add(refcount_t& r, int i, const char* op, const loc& where) {
    const int bits = r.bits;
    step_rmw(r.refs.counter, op, where, order::relaxed, [=](value_t old, bool&) {
        const value_t sum = wrap(old + i, bits);
        if (old == 0 || old < 0 || sum < 0) return saturated(bits);  // REFCOUNT_ADD_UAF / _OVF
        return sum;
    });
}
}  // namespace

void refcount_add(int i, refcount_t& r, loc where) { add(r, i, "refcount_add", where); }
void refcount_inc(refcount_t& r, loc where) { add(r, 1, "refcount_inc", where); }

namespace {
bool add_not_zero(refcount_t& r, int i, int* oldp, const char* op, order o, const loc& where,
                  std::optional<int> limit) {
    const int bits = r.bits;
    bool failed = false;
    auto [old, n] = step_rmw(r.refs.counter, op, where, o, [&](value_t old, bool& fail) {
        if (old == 0 || (limit && i > *limit - old)) {
            fail = true;
            return old;
        }
        const value_t sum = wrap(old + i, bits);
        if (old < 0 || sum < 0) return saturated(bits);  // REFCOUNT_ADD_NOT_ZERO_OVF
        return sum;
    }, &failed);
    if (oldp) *oldp = static_cast<int>(old);
    return !failed;
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
bool __refcount_inc_not_zero_limited_acquire(refcount_t& r, int* oldp, int limit, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero_limited_acquire", order::acquire,
                        where, limit);
}
bool __refcount_inc_not_zero_limited(refcount_t& r, int* oldp, int limit, loc where) {
    return add_not_zero(r, 1, oldp, "__refcount_inc_not_zero_limited", order::relaxed, where, limit);
}

namespace {
bool sub_and_test(refcount_t& r, int i, int* oldp, const char* op, const loc& where) {
    const int bits = r.bits;
    auto [old, n] = step_rmw(r.refs.counter, op, where, order::release, [=](value_t old, bool&) {
        if (old == i) return value_t{0};
        const value_t diff = wrap(old - i, bits);
        if (old < 0 || diff < 0) return saturated(bits);  // REFCOUNT_SUB_UAF
        return diff;
    });
    if (oldp) *oldp = static_cast<int>(old);
    return old == i;
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
                                 if (1 > limit - old) {
                                     fail = true;
                                     return old;
                                 }
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
    pending_op p{op_kind::schedule, "schedule", cell, -1, where};
    mc.schedule_point(p);
    // Chosen means woken (state back to TASK_RUNNING) or, in TASK_INTERRUPTIBLE, a signal is
    // pending: __schedule() then does not dequeue the task and it runs on.
    const value_t old = mc.mem.cells[cell];
    mc.mem.store(cell, TASK_RUNNING, order::relaxed);
    mc.record(p, old, TASK_RUNNING);
}

int wake_up_process(task_struct* t, loc where) {
    machine& mc = m();
    const std::int32_t cell = mc.threads_[t->tid].task.state;
    pending_op p{op_kind::plain, "wake_up_process", cell, -1, where};
    mc.schedule_point(p);
    mc.touch(cell, true);
    const value_t old = mc.mem.cells[cell];
    const bool wakes = (old & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)) != 0;
    if (wakes) mc.mem.store(cell, TASK_RUNNING, order::full);
    mc.record(p, old, mc.mem.cells[cell], !wakes, wakes ? t->tid : no_thread);
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
    pending_op p{op_kind::plain, "send_sig(SIGKILL)", target.task.sigpending, -1, where};
    mc.schedule_point(p);
    mc.mem.store(target.task.sigpending, 1, order::full);
    // signal_wake_up(): an interruptible sleeper is woken to notice the signal.
    const bool wakes = (mc.mem.cells[target.task.state] & TASK_INTERRUPTIBLE) != 0;
    if (wakes) mc.mem.store(target.task.state, TASK_RUNNING, order::full);
    mc.record(p, 0, 1, false, wakes ? t->tid : no_thread);
}

void sleeping_for(std::function<bool()> holds, std::string text) {
    m().me().waiting = detail::wait_condition{std::move(holds), std::move(text)};
}
void done_sleeping() { m().me().waiting.reset(); }

// ---- RCU --------------------------------------------------------------------------------

void rcu_read_lock(loc where) {
    step_rmw(m().me().task.rcu_depth, "rcu_read_lock", where, order::relaxed,
             [](value_t d, bool&) { return d + 1; });
}
void rcu_read_unlock(loc where) {
    step_rmw(m().me().task.rcu_depth, "rcu_read_unlock", where, order::relaxed,
             [](value_t d, bool&) { return d - 1; });
}
bool in_rcu_read_section() { machine& mc = m(); return mc.mem.cells[mc.me().task.rcu_depth] > 0; }

// ---- sleeping locks ---------------------------------------------------------------------

rw_semaphore make_rw_semaphore(machine& mc, std::int32_t object, const std::string& name) {
    rw_semaphore sem;
    sem.owner = mc.add_field(object, name + ".owner", field_kind::pointer, 0);
    sem.readers = mc.add_field(object, name + ".readers", field_kind::integer, 0);
    sem.reader_mask = mc.add_field(object, name + ".read holders", field_kind::task_mask, 0);
    mc.add_lock({name, sem.owner, sem.readers, sem.reader_mask});
    return sem;
}

mutex make_mutex(machine& mc, std::int32_t object, const std::string& name) {
    mutex mx;
    mx.owner = mc.add_field(object, name + ".owner", field_kind::pointer, 0);
    mc.add_lock({name, mx.owner, -1, -1});
    return mx;
}

wait_queue_head make_wait_queue(machine& mc, std::int32_t object, const std::string& name) {
    return {mc.add_field(object, name, field_kind::task_mask, 0)};
}

namespace {
// Takes a sleeping lock once the controller has found it free (that is what made the thread
// runnable), so the acquisition itself is one step.
void acquire(op_kind kind, const char* op, std::int32_t owner, std::int32_t readers,
             std::int32_t reader_mask, const loc& where) {
    machine& mc = m();
    pending_op p{kind, op, owner, readers, where};
    mc.schedule_point(p);
    mc.touch(owner, true);
    if (kind == op_kind::down_read) {
        const value_t old = mc.mem.cells[readers];
        mc.mem.store(readers, old + 1, order::acquire);
        mc.mem.cells[reader_mask] |= bit_of(mc.self());
        mc.record({kind, op, readers, -1, where}, old, old + 1);
    } else {
        mc.mem.store(owner, current_task()->id, order::acquire);
        mc.record(p, 0, current_task()->id);
    }
}
}  // namespace

int down_read_trylock(rw_semaphore& sem, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "down_read_trylock", sem.readers, -1, where};
    mc.schedule_point(p);
    mc.touch(sem.owner, true);
    const value_t old = mc.mem.cells[sem.readers];
    const bool ok = mc.mem.cells[sem.owner] == 0;
    if (ok) {
        mc.mem.store(sem.readers, old + 1, order::acquire);
        mc.mem.cells[sem.reader_mask] |= bit_of(mc.self());
    }
    mc.record(p, old, mc.mem.cells[sem.readers], !ok);
    return ok ? 1 : 0;
}

void down_read(rw_semaphore& sem, loc where) {
    acquire(op_kind::down_read, "down_read", sem.owner, sem.readers, sem.reader_mask, where);
}
void down_write(rw_semaphore& sem, loc where) {
    acquire(op_kind::down_write, "down_write", sem.owner, sem.readers, sem.reader_mask, where);
}
void up_read(rw_semaphore& sem, loc where) {
    machine& mc = m();
    step_rmw(sem.readers, "up_read", where, order::release, [](value_t r, bool&) { return r - 1; });
    mc.mem.cells[sem.reader_mask] &= ~bit_of(mc.self());
}
void up_write(rw_semaphore& sem, loc where) {
    step_rmw(sem.owner, "up_write", where, order::release, [](value_t, bool&) { return value_t{0}; });
}
void downgrade_write(rw_semaphore& sem, loc where) {
    machine& mc = m();
    step_rmw(sem.owner, "downgrade_write", where, order::release, [&](value_t, bool&) {
        mc.mem.cells[sem.readers] = 1;
        mc.mem.cells[sem.reader_mask] |= bit_of(mc.self());
        return value_t{0};
    });
}
bool rwsem_is_write_locked_by_me(const rw_semaphore& sem) {
    return m().mem.cells[sem.owner] == current_task()->id;
}

void mutex_lock(mutex& mx, loc where) {
    acquire(op_kind::mutex_lock, "mutex_lock", mx.owner, -1, -1, where);
}

int mutex_lock_interruptible(mutex& mx, loc where) {
    machine& mc = m();
    pending_op p{op_kind::mutex_lock_interruptible, "mutex_lock_interruptible", mx.owner, -1, where};
    mc.schedule_point(p);
    mc.touch(mx.owner, true);
    // The fast path takes a free mutex without looking at signals; only a sleeper gives up.
    if (mc.mem.cells[mx.owner] != 0) {
        mc.record(p, mc.mem.cells[mx.owner], mc.mem.cells[mx.owner], true);
        return -EINTR;
    }
    mc.mem.store(mx.owner, current_task()->id, order::acquire);
    mc.record(p, 0, current_task()->id);
    return 0;
}

void mutex_unlock(mutex& mx, loc where) {
    step_rmw(mx.owner, "mutex_unlock", where, order::release, [](value_t, bool&) { return value_t{0}; });
}

// ---- wait queues ------------------------------------------------------------------------

long prepare_to_wait_event(wait_queue_head& wq, long state, loc where) {
    machine& mc = m();
    auto& me = mc.me();
    pending_op p{op_kind::plain, "prepare_to_wait_event", wq.waiters, -1, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.waiters];
    long ret = 0;
    // Under wq->lock: a pending signal takes the entry off the queue and ends the wait.
    if ((state & TASK_INTERRUPTIBLE) && mc.mem.cells[me.task.sigpending]) {
        mc.mem.cells[wq.waiters] &= ~bit_of(mc.self());
        ret = -ERESTARTSYS;
    } else {
        mc.mem.cells[wq.waiters] |= bit_of(mc.self());
        mc.mem.store(me.task.state, state, order::full);
    }
    mc.record(p, old, mc.mem.cells[wq.waiters]);
    return ret;
}

void finish_wait(wait_queue_head& wq, loc where) {
    machine& mc = m();
    auto& me = mc.me();
    pending_op p{op_kind::plain, "finish_wait", wq.waiters, -1, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.waiters];
    mc.mem.store(me.task.state, TASK_RUNNING, order::relaxed);
    mc.mem.cells[wq.waiters] &= ~bit_of(mc.self());
    mc.record(p, old, mc.mem.cells[wq.waiters]);
}

void wake_up_interruptible(wait_queue_head& wq, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "wake_up_interruptible", wq.waiters, -1, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[wq.waiters];
    thread_id first = no_thread;
    for (thread_id t = 0; t < static_cast<thread_id>(mc.threads_.size()); ++t) {
        if (!((old >> t) & 1)) continue;
        auto& state = mc.mem.cells[mc.threads_[t].task.state];
        if (state & TASK_INTERRUPTIBLE) {
            state = TASK_RUNNING;  // autoremove_wake_function: woken entries leave the queue
            mc.mem.cells[wq.waiters] &= ~bit_of(t);
            if (first == no_thread) first = t;
        }
    }
    mc.record(p, old, mc.mem.cells[wq.waiters], first == no_thread, first);
}

// ---- rcuwait ----------------------------------------------------------------------------

void prepare_to_rcuwait(rcuwait& w, loc where) { rcu_assign_pointer(w.task, current_task(), where); }

void finish_rcuwait(rcuwait& w, loc where) {
    rcu_assign_pointer<task_struct>(w.task, nullptr, where);
    __set_current_state(TASK_RUNNING, where);
}

int rcuwait_wake_up(rcuwait& w, loc) {
    KERNEL_FUNCTION();
    int ret = 0;
    rcu_read_lock();
    // Order the condition the caller just changed against the load of w->task; pairs with
    // barrier (A) in set_current_state() of rcuwait_wait_event().
    smp_mb(); /* (B) */
    task_struct* task = rcu_dereference(w.task);
    if (task) ret = wake_up_process(task);
    rcu_read_unlock();
    return ret;
}

// ---- slab -------------------------------------------------------------------------------

std::int32_t kmem_cache_alloc(kmem_cache& cache, loc where) {
    machine& mc = m();
    pending_op p{op_kind::plain, "kmem_cache_alloc", cache.frees, -1, where};
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
        mc.record(p, best_life, 1);
    } else {
        mc.record(p, 0, 0, true);
    }
    return best;
}

void kmem_cache_free(kmem_cache& cache, std::int32_t object, loc where) {
    machine& mc = m();
    const std::int32_t life = mc.meta(object).life_cell;
    pending_op p{op_kind::plain, "kmem_cache_free", life, -1, where};
    mc.schedule_point(p);
    const value_t old = mc.mem.cells[life];
    if (old != 1) {
        mc.record(p, old, old, true);
        mc.oops("VM_BUG_ON", mc.me().name + " frees " + mc.object(object).name + " twice");
    }
    const value_t frees = ++mc.mem.cells[cache.frees];
    mc.mem.cells[life] = 1 + frees;
    mc.record(p, old, 1 + frees);
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

frame::frame(const char* function) { m().me().stack.push_back(function); }
frame::~frame() { m().me().stack.pop_back(); }

void label(const char* name) { m().me().label = name; }

void ghost_set(std::int32_t cell, value_t v) { m().mem.cells[cell] = v; }
value_t ghost_get(std::int32_t cell) { return m().mem.cells[cell]; }
value_t peek(std::int32_t cell) { return m().mem.cells[cell]; }

}  // namespace lockstep::kernel
