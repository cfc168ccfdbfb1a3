// Instrumented kernel primitives. Algorithms are written against these exactly as the kernel
// code is written against <linux/...>: same names, same arguments, same order of operations.
//
// Every function that touches shared state is one scheduling point: the calling thread parks
// before the operation, the controller chooses who runs, and the operation then happens as
// one indivisible step and is logged with the caller's source location. A read-modify-write
// that the kernel builds from a cmpxchg loop (refcount_add_not_zero and friends) is one step:
// a failed cmpxchg iteration has no visible effect, so the step is its successful attempt.
#pragma once

#include "machine.hpp"

#include <cerrno>
#include <climits>
#include <cstdint>
#include <source_location>
#include <type_traits>

namespace lockstep::kernel {

using detail::order;
using loc = std::source_location;
using detail::value_t;

// ---- shared variables --------------------------------------------------------------------

// A field of a kernel object that threads share: touched only through READ_ONCE, WRITE_ONCE,
// smp_load_acquire, smp_store_release (and plain accesses the kernel makes, which are loads and
// stores all the same). Pointer fields hold the pointee's object id; 0 is NULL.
template <class T>
struct shared {
    std::int32_t cell = -1;
};

// A wait queue as include/linux/wait.h (v4.4) has it: its entries in list order, each marked
// when it is WQ_FLAG_EXCLUSIVE (a task_queue cell: the flag is the entry's marked bit).
struct wait_queue_head {
    std::int32_t head = -1;
};

// A spinlock: who holds it (a task, 0 when free). A waiter spins: it runs, never sleeps, and
// takes the lock in the step in which it finds it free.
struct spinlock_t {
    std::int32_t owner = -1;
};

struct atomic_t {
    std::int32_t counter = -1;
};

// refcount_t over a word of `bits` bits: 32 in the kernel, 5 for the scaled teaching counter.
// Overflow and underflow saturate at REFCOUNT_SATURATED (INT_MIN / 2 of that width), as
// lib/refcount.c does.
struct refcount_t {
    atomic_t refs;
    int bits = 32;
};

// kernel/locking/rwsem.c as of v6.13/v6.14 (the count word split into its parts): readers
// take the fast path only while nobody holds it for write and nobody waits; otherwise they
// may steal it or queue. Waiters are served in FIFO order by rwsem_mark_wake(): a writer at
// the head is woken to try for itself, readers at the head are granted the lock together
// with every other reader in the queue. Optimistic spinning and the time-based hand-off
// (RWSEM_FLAG_HANDOFF after RWSEM_WAIT_TIMEOUT) are not modelled: no simulated time passes.
struct rw_semaphore {
    std::int32_t owner = -1;        // the writer's task, 0 when none (RWSEM_WRITER_LOCKED)
    std::int32_t readers = -1;      // how many readers hold it (the count's reader part)
    std::int32_t reader_mask = -1;  // ghost: which threads hold it for read
    std::int32_t wait_list = -1;    // sem->wait_list; non-empty means RWSEM_FLAG_WAITERS
};

// kernel/locking/mutex.c. By default as in v4.4: a FIFO wait list, unlock wakes the first
// waiter, and the woken waiter must then take the lock itself, so a newcomer on the fast path
// can get it first. With `handoff` (v4.10 on, commit 9d659ae14b54), a woken first waiter that
// loses once sets MUTEX_FLAG_HANDOFF and the next unlock gives the lock straight to it.
struct mutex {
    std::int32_t owner = -1;      // the owning task, 0 when unlocked
    std::int32_t wait_list = -1;  // lock->wait_list
    std::int32_t flags = -1;      // MUTEX_FLAG_HANDOFF (only with handoff)
    bool handoff = false;
};

// Adds the cells of a lock to `object` and registers it for snapshots and the wait-for graph.
rw_semaphore make_rw_semaphore(detail::machine& m, std::int32_t object, const std::string& name);
mutex make_mutex(detail::machine& m, std::int32_t object, const std::string& name, bool handoff = false);
wait_queue_head make_wait_queue(detail::machine& m, std::int32_t object, const std::string& name);
spinlock_t make_spinlock(detail::machine& m, std::int32_t object, const std::string& name);

using detail::task_struct;

struct rcuwait {
    shared<task_struct*> task;
};

struct kmem_cache {
    const char* name = "";
    bool typesafe_by_rcu = false;      // SLAB_TYPESAFE_BY_RCU
    std::vector<std::int32_t> objects;  // object ids of the pool
    std::int32_t frees = -1;            // cell: how many frees so far (orders the freelist)
};

// Task states as in <linux/sched.h>.
constexpr long TASK_RUNNING = 0x0000;
constexpr long TASK_INTERRUPTIBLE = 0x0001;
constexpr long TASK_UNINTERRUPTIBLE = 0x0002;

// EINTR and EAGAIN come from <cerrno>, with the same values as the kernel's.
constexpr int ERESTARTSYS = 512;
constexpr unsigned long MUTEX_FLAG_HANDOFF = 0x02;

// ---- internals the templates below use ---------------------------------------------------

namespace impl {
// `deps`: the access's dependencies under a weak memory, when the caller tracks them (the litmus
// interpreter); the engine's own code passes none. A load's dependency view is then left in
// machine::mem.last_read.
value_t load(std::int32_t cell, order o, const char* op, const loc& where, bool value_used = true,
             const detail::access_deps* deps = nullptr);
// One indivisible step that replaces `cell` by f(old, fail) (for modelled operations that are
// a single update of a structure kept as one number, as list_del() on a list kept as its
// length). Returns the old and the new value.
std::pair<value_t, value_t> rmw(std::int32_t cell, const char* op, order o,
                                const std::function<value_t(value_t, bool&)>& f, const loc& where = loc::current(),
                                const detail::access_deps* deps = nullptr, bool* failed = nullptr);
// The same step for an update whose caller never looks at the values (free pages going back,
// an entry leaving a list): they stay out of the thread's state.
void update(std::int32_t cell, const char* op, order o, const std::function<value_t(value_t, bool&)>& f,
            const loc& where = loc::current());
void store(std::int32_t cell, value_t v, order o, const char* op, const loc& where,
           const detail::access_deps* deps = nullptr);
void* object_by_id(value_t id);
value_t wrap_unsigned(value_t v);

template <class T>
value_t to_cell(T v) {
    if constexpr (std::is_pointer_v<T>)
        return v ? static_cast<value_t>(v->id) : 0;
    else if constexpr (std::is_unsigned_v<T> && sizeof(T) == 4)  // an unsigned int wraps at 2^32
        return wrap_unsigned(static_cast<value_t>(v));
    else
        return static_cast<value_t>(v);
}

template <class T>
T from_cell(value_t v) {
    if constexpr (std::is_pointer_v<T>)
        return static_cast<T>(object_by_id(v));
    else
        return static_cast<T>(v);
}
}  // namespace impl

template <class T>
T READ_ONCE(const shared<T>& x, loc where = loc::current()) {
    return impl::from_cell<T>(impl::load(x.cell, order::once, "READ_ONCE", where));
}
template <class T, class U>
void WRITE_ONCE(shared<T>& x, U v, loc where = loc::current()) {
    impl::store(x.cell, impl::to_cell<T>(static_cast<T>(v)), order::once, "WRITE_ONCE", where);
}
template <class T>
T smp_load_acquire(const shared<T>& x, loc where = loc::current()) {
    return impl::from_cell<T>(impl::load(x.cell, order::acquire, "smp_load_acquire", where));
}
template <class T, class U>
void smp_store_release(shared<T>& x, U v, loc where = loc::current()) {
    impl::store(x.cell, impl::to_cell<T>(static_cast<T>(v)), order::release, "smp_store_release", where);
}
// A plain C access the kernel makes without an annotation (still one load or store).
template <class T>
T plain_read(const shared<T>& x, loc where = loc::current()) {
    return impl::from_cell<T>(impl::load(x.cell, order::plain, "load", where));
}
template <class T, class U>
void plain_write(shared<T>& x, U v, loc where = loc::current()) {
    impl::store(x.cell, impl::to_cell<T>(static_cast<T>(v)), order::plain, "store", where);
}
// rcu_assign_pointer / rcu_dereference: a release store and a dependency-ordered load.
template <class T>
void rcu_assign_pointer(shared<T*>& p, T* v, loc where = loc::current()) {
    impl::store(p.cell, impl::to_cell<T*>(v), order::release, "rcu_assign_pointer", where);
}
template <class T>
T* rcu_dereference(const shared<T*>& p, loc where = loc::current()) {
    return impl::from_cell<T*>(impl::load(p.cell, order::dependency, "rcu_dereference", where));
}

void smp_mb(loc where = loc::current());
void smp_wmb(loc where = loc::current());
void smp_rmb(loc where = loc::current());
void smp_acquire__after_ctrl_dep(loc where = loc::current());

// ---- seqcount_t (include/linux/seqlock.h) ------------------------------------------------

struct seqcount_t {
    shared<unsigned> sequence;
};
// do_raw_write_seqcount_begin(): sequence++ (a plain increment by the only writer, one step),
// then smp_wmb(). do_raw_write_seqcount_end(): smp_wmb(), then sequence++.
void do_raw_write_seqcount_begin(seqcount_t& s, loc where = loc::current());
void do_raw_write_seqcount_end(seqcount_t& s, loc where = loc::current());
// raw_read_seqcount(): the sequence with acquire ordering (an ordered load and smp_rmb()).
unsigned raw_read_seqcount(const seqcount_t& s, loc where = loc::current());

// ---- atomic_t ----------------------------------------------------------------------------

int atomic_read(const atomic_t& v, loc where = loc::current());
void atomic_set(atomic_t& v, int i, loc where = loc::current());
void atomic_inc(atomic_t& v, loc where = loc::current());
bool atomic_dec_and_test(atomic_t& v, loc where = loc::current());
void atomic_or(int mask, atomic_t& v, loc where = loc::current());
void atomic_andnot(int mask, atomic_t& v, loc where = loc::current());
void atomic_and(int mask, atomic_t& v, loc where = loc::current());
int atomic_dec_return(atomic_t& v, loc where = loc::current());
// atomic_inc_not_zero(): one cmpxchg loop that gives up on 0, fully ordered when it succeeds
// (mmget_not_zero() is this on mm->mm_users).
bool atomic_inc_not_zero(atomic_t& v, loc where = loc::current());

// test_and_set_tsk_thread_flag() / clear_thread_flag() on a task's flag, modelled as its own
// boolean field (TIF_MEMDIE): one atomic RMW, fully ordered when it sets the flag.
bool test_and_set_tsk_thread_flag(shared<bool>& flag, loc where = loc::current());
void clear_thread_flag(shared<bool>& flag, loc where = loc::current());
// set_bit() on a flag kept as its own boolean field (MMF_OOM_SKIP).
void set_bit(shared<bool>& flag, loc where = loc::current());

// ---- refcount_t (lib/refcount.c, include/linux/refcount.h) --------------------------------

int refcount_read(const refcount_t& r, loc where = loc::current());
void refcount_set(refcount_t& r, int n, loc where = loc::current());
void refcount_set_release(refcount_t& r, int n, loc where = loc::current());
void refcount_inc(refcount_t& r, loc where = loc::current());
void refcount_add(int i, refcount_t& r, loc where = loc::current());
bool refcount_inc_not_zero(refcount_t& r, loc where = loc::current());
bool __refcount_inc_not_zero(refcount_t& r, int* oldp, loc where = loc::current());
bool __refcount_inc_not_zero_acquire(refcount_t& r, int* oldp, loc where = loc::current());
bool refcount_add_not_zero(int i, refcount_t& r, loc where = loc::current());
// The acquire, limited increment the final vma_start_read uses: fails on 0 and when the
// result would exceed `limit`; *oldp gets the value it saw either way.
bool __refcount_inc_not_zero_limited_acquire(refcount_t& r, int* oldp, int limit,
                                             loc where = loc::current());
// The seed's v7 spelling: the same increment with relaxed ordering.
bool __refcount_inc_not_zero_limited(refcount_t& r, int* oldp, int limit, loc where = loc::current());
bool refcount_dec_and_test(refcount_t& r, loc where = loc::current());
bool __refcount_dec_and_test(refcount_t& r, int* oldp, loc where = loc::current());
bool refcount_sub_and_test(int i, refcount_t& r, loc where = loc::current());
// Not a kernel function: the limited increment without its zero check, for the broken
// teaching variant that brings a detached vma back (a cmpxchg loop that only tests the limit).
bool refcount_inc_limited_from_zero(refcount_t& r, int* oldp, int limit, loc where = loc::current());

// ---- tasks, sleeping and waking ----------------------------------------------------------

task_struct* current_task();
void set_current_state(long state, loc where = loc::current());    // with a full barrier
void __set_current_state(long state, loc where = loc::current());  // plain store
void schedule(loc where = loc::current());
int wake_up_process(task_struct* p, loc where = loc::current());
bool signal_pending(loc where = loc::current());
bool signal_pending_state(long state, loc where = loc::current());
void send_sig_kill(task_struct* p, loc where = loc::current());
// do_send_sig_info(SIGKILL, SEND_SIG_FORCED, p, true): a fatal signal to p's whole thread group
// (the threads that share its mm here). complete_signal() adds SIGKILL to every thread and
// signal_wake_up()s it, which wakes interruptible sleepers only: one step per thread.
void do_send_sig_info_sigkill(task_struct* p, loc where = loc::current());
bool fatal_signal_pending(loc where = loc::current());

// Not a kernel function: the kernel code at this point loops (the page allocator retrying for
// an OOM victim) and every pass reads the same values and changes nothing until another thread
// does. The loop is shown as far as it teaches and then is this one step, which can run once
// `progress` holds. `waits_on` names the threads it depends on, so that the checker's
// wait-for graph has the edge (`edge` says how: "waits for the OOM victim to exit").
void retry_until(std::function<bool()> progress, std::string text, std::string edge,
                 std::function<std::vector<thread_id>()> waits_on, loc where = loc::current());

// Declare what the coming sleep waits for (the checker needs it to tell a lost wakeup).
void sleeping_for(std::function<bool()> holds, std::string text, std::int32_t lock = -1);
void done_sleeping();

// ---- RCU ---------------------------------------------------------------------------------

void rcu_read_lock(loc where = loc::current());
void rcu_read_unlock(loc where = loc::current());
bool in_rcu_read_section();

// ---- rw_semaphore ------------------------------------------------------------------------

int down_read_trylock(rw_semaphore& sem, loc where = loc::current());
void down_read(rw_semaphore& sem, loc where = loc::current());
void down_write(rw_semaphore& sem, loc where = loc::current());
void up_read(rw_semaphore& sem, loc where = loc::current());
void up_write(rw_semaphore& sem, loc where = loc::current());
void downgrade_write(rw_semaphore& sem, loc where = loc::current());
bool rwsem_is_write_locked_by_me(const rw_semaphore& sem);  // for assertions; no event

// ---- mutex -------------------------------------------------------------------------------

void mutex_lock(mutex& m, loc where = loc::current());
int mutex_trylock(mutex& m, loc where = loc::current());
int mutex_lock_interruptible(mutex& m, loc where = loc::current());
void mutex_unlock(mutex& m, loc where = loc::current());

// ---- wait queues -------------------------------------------------------------------------

// wait_event_interruptible(wq, condition), wait_event_freezable(wq, condition) and
// wait_event_freezable_exclusive(wq, condition) are macros in kernel_wait.hpp.
// __wake_up(): wakes, in list order, the entries whose task sleeps in a state the mode
// covers; stops after `nr_exclusive` exclusive ones (0: all). Woken entries leave the queue.
void wake_up_interruptible(wait_queue_head& wq, loc where = loc::current());      // INT, one exclusive
void wake_up_interruptible_all(wait_queue_head& wq, loc where = loc::current());  // INT, all
void wake_up(wait_queue_head& wq, loc where = loc::current());                    // INT|UNINT, one exclusive

// ---- spinlocks ---------------------------------------------------------------------------

void spin_lock(spinlock_t& lock, loc where = loc::current());
void spin_unlock(spinlock_t& lock, loc where = loc::current());
// One step: takes the lock when it is free (1), else fails (0) having read the lock word
// (include/linux/spinlock.h; a failed trylock orders nothing).
int spin_trylock(spinlock_t& lock, loc where = loc::current());
void assert_spin_locked(const spinlock_t& lock);  // for assertions; no event

// ---- rcuwait (include/linux/rcuwait.h, kernel/exit.c) ----------------------------------------

void prepare_to_rcuwait(rcuwait& w, loc where = loc::current());
void finish_rcuwait(rcuwait& w, loc where = loc::current());
int rcuwait_wake_up(rcuwait& w, loc where = loc::current());
// rcuwait_wake_up() as kernel/exit.c had it before commit 6dc080eeb2ba ("sched/wait: Fix
// rcuwait_wake_up() ordering", November 2018): smp_rmb() where barrier (B), smp_mb(), now is.
// No kernel ever ran it with the per-VMA lock; it is here for the teaching variant that shows
// what (B) is for.
int rcuwait_wake_up_rmb(rcuwait& w, loc where = loc::current());

// ---- slab --------------------------------------------------------------------------------

// Returns the object (NULL when the cache has none free), as the kernel's does.
void* kmem_cache_alloc(kmem_cache& cache, loc where = loc::current());
void kmem_cache_free(kmem_cache& cache, std::int32_t object, loc where = loc::current());
template <class T>
void kmem_cache_free(kmem_cache& cache, T* object, loc where = loc::current()) {
    kmem_cache_free(cache, object->id, where);
}

// ---- assertions --------------------------------------------------------------------------

// BUG_ON / VM_BUG_ON: records the verdict and kills the calling thread, as an oops does.
void VM_BUG_ON(bool condition, const char* what, loc where = loc::current());
// WARN_ON_ONCE: records the verdict; the thread goes on.
void WARN_ON_ONCE(bool condition, const char* what, loc where = loc::current());

// ---- call stacks -------------------------------------------------------------------------

// Pushes a function name on the running thread's call stack for the lifetime of the scope.
class frame {
public:
    explicit frame(const char* function);
    ~frame();
    frame(const frame&) = delete;
    frame& operator=(const frame&) = delete;
};

// Names the running thread's next operation: lessons and tests advance a thread "until" a
// label ("start_read.recheck") instead of counting steps. Not a step itself.
void label(const char* name);

// Not kernel code: for a thread whose program is a script (a litmus test) rather than C++ here,
// the script's line its next operations come from, which the app shows in the thread's lane.
void script_line(int line);

// Not kernel code: marks a point where what the enclosing function has read since it was
// entered matters only through `live`, its locals that are still in use (a loop head that
// recomputes everything passes none), so that searches merge the runs that reach it with
// the same memory and the same live values. The callers are kept as they were when the
// function was entered, so a cut needs to know only its own function: call it in the body of
// a KERNEL_FUNCTION() (or of a thread's body, where nothing came before), never in a helper
// without a frame of its own, and list every local that still steers the code and is not
// fixed by the point and the arguments (a callee's result the function keeps, an out
// parameter it has written). Whatever it reads after the cut counts again, as always.
void forget_past(std::initializer_list<value_t> live = {}, loc where = loc::current());
// A pointer local as a live value for forget_past(): its object's id, 0 for NULL.
template <class T>
value_t id_of(const T* p) {
    return p ? static_cast<value_t>(p->id) : 0;
}

// Ghost bookkeeping for the checker: a cell write that is not kernel memory and not a step.
void ghost_set(std::int32_t cell, value_t v);
value_t ghost_get(std::int32_t cell);
// Peek a cell's value without an event (checker conditions only).
value_t peek(std::int32_t cell);

}  // namespace lockstep::kernel

// The function name of the enclosing algorithm function goes on the thread's call stack.
#define KERNEL_FUNCTION() ::lockstep::kernel::frame lockstep_frame_(__func__)

#include "kernel_wait.hpp"
