// Values the engine hands out: events, verdicts and snapshots. Plain structs, copied freely;
// the UI diffs consecutive snapshots to animate and the tests compare them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

namespace lockstep {

using value_t = std::int64_t;
using thread_id = int;
constexpr thread_id no_thread = -1;

// One step of a schedule: the thread that takes it and, under a weak memory model, which of its
// access's legal outcomes it takes. Option 0 is the newest store for a load and the end of the
// coherence order for a store, the sequentially consistent outcome; only weak cells offer others.
// `kind` says what the option chose, for schedules written as text ("P1:r2": P1 reads the third
// newest store it may read; "P0:w1": P0's store lands one place before the end); it is not
// part of the choice's identity.
// Eight bytes: the search keeps millions of them in its paths.
struct choice {
    thread_id thread = no_thread;
    std::int16_t option = 0;
    char kind = 0;  // 'r' a load or RMW's read, 'w' a store's place, 0 unknown
    choice() = default;
    choice(thread_id t, int o = 0, char k = 0)  // implicit: a thread is its SC step
        : thread(t), option(static_cast<std::int16_t>(o)), kind(k) {}
    bool operator==(const choice& o) const { return thread == o.thread && option == o.option; }
    bool operator<(const choice& o) const { return thread != o.thread ? thread < o.thread : option < o.option; }
};

// How a field's raw value is read. The refcount word is split into writer bit and count using
// its VMA_LOCK_OFFSET; a flags word into its named bits; seq and ptr are shown the kernel's way
// (UINT_MAX, NULL, names).
enum class field_kind : std::uint8_t {
    integer,      // a plain int
    seq,          // unsigned sequence number (vm_lock_seq, mm_lock_seq)
    refcnt_word,  // vm_refcnt: writer bit VMA_LOCK_OFFSET plus attached + readers
    flags,        // a word of named bits (binder's looper: REGISTERED|WAITING|NEED_RETURN)
    pointer,      // an object id, 0 is NULL (a task is an object: lock owners, rcuwait.task)
    task_mask,    // bit i set: thread i (readers inside, waiters on a queue)
    task_queue,   // a FIFO wait list of tasks, first waiter first (see decode_task_queue)
    task_state,   // TASK_RUNNING / TASK_INTERRUPTIBLE / TASK_UNINTERRUPTIBLE
    boolean,
    life,         // slab object life: unused / live / freed
    ghost,        // checker bookkeeping, shown apart from kernel memory
};

struct field_info {
    std::string name;  // "vm_refcnt", "mmap_lock.owner"
    field_kind kind = field_kind::integer;
    std::uint32_t cell = 0;  // index into snapshot::cells
    // refcnt_word: the word's width and its writer bit (VMA_LOCK_OFFSET, "O"); 32 and
    // 0x40000000 in the kernel, 5 and 8 for the scaled teaching word.
    int bits = 0;
    value_t offset = 0;
    // flags: the name of each bit, bit 0 first ("" for a bit with no name).
    std::vector<std::string> bit_names;
};

struct object_info {
    std::string name;  // "vma", "mm", "R1.task"
    std::string type;  // "vm_area_struct", "mm_struct", "task_struct"
    std::vector<field_info> fields;
};

// The shape of a run's memory; fixed for the run, shared by all of its snapshots.
struct layout {
    std::vector<object_info> objects;
    std::vector<std::string> thread_names;
    // For a run whose threads are a script's (a litmus test): the file, which thread_view's
    // script_line points into; "" otherwise.
    std::string script;
};

// One scheduling step: the operation a thread performed, where in the algorithm's source.
struct event {
    std::uint64_t step = 0;  // 1-based: the state after event k is snapshot k
    thread_id thread = no_thread;
    std::source_location where;  // the line of the algorithm that performed the operation
    const char* function = "";   // innermost algorithm function (the call-stack top)
    const char* op = "";         // "refcount_dec_and_test", "down_write", "schedule", ...
    std::int32_t cell = -1;      // the field it touched, -1 for none
    value_t old_value = 0;
    value_t new_value = 0;
    bool failed = false;              // a trylock, *_not_zero or cmpxchg that did not take effect
    // The ordering the access had, as the kernel wrote it: "plain", "once" (READ_ONCE /
    // WRITE_ONCE), "relaxed", "acquire", "release", "dependency" (rcu_dereference), "full",
    // "wmb", "rmb", or "release+ctrl_dep_acquire" (a put that reached 0); "" for no access.
    const char* ordering = "";
    thread_id woke = no_thread;       // for wake_up_process and friends: whom it woke
    // Under a weak memory model, the outcome the step took when it was not the newest store
    // ('r', a read of an older one) or the end of coherence order ('w'): 0 otherwise.
    int option = 0;
    char option_kind = 0;
    // For a load or RMW of a weak cell: the step of the store it read (0: the initial value);
    // -1 for every other event.
    std::int64_t read_from = -1;
};

enum class thread_state : std::uint8_t {
    runnable,  // its next operation can run
    blocked,   // waiting for a lock (rw_semaphore, mutex) held by someone else
    sleeping,  // in schedule() after set_current_state(), until somebody wakes it
    spinning,  // running but going nowhere: on a spinlock, or a retry loop (the page
               // allocator retrying for an OOM victim) until another thread changes something
    done,      // returned from its work
    killed,    // exited because of a fatal signal
};

const char* to_string(thread_state s);

// A thread's next operation when it accesses a weak location: which, and where each of its
// outcomes (option 0 first) lands in that location's `stores`.
struct weak_choice {
    std::int32_t cell = -1;  // -1: the next operation has no choice to make
    char kind = 0;           // 'r': the store to read; 'w': the place to land in coherence order
    // 'r': the position of the store read. 'w': the position the new store takes (it goes
    // before the store now there; stores.size() is the end).
    std::vector<int> positions;
};

struct thread_view {
    std::string name;
    thread_state state = thread_state::runnable;
    bool interruptible = false;  // sleeping in TASK_INTERRUPTIBLE (a signal wakes it)
    // The task's state as ps shows it: 'R' running or runnable (spinning included), 'S'
    // interruptible sleep, 'D' uninterruptible sleep, 'X' exited.
    char kernel_state = 'R';
    bool signal_pending = false;  // a fatal signal (SIGKILL) is pending
    bool in_rcu = false;         // inside rcu_read_lock()
    std::vector<std::string> stack;  // outermost first: page_fault, lock_vma_under_rcu, vma_start_read
    std::source_location where;      // the operation it will perform next
    std::string next_op;             // "refcount_dec_and_test(vma.vm_refcnt)"
    std::string label;               // the algorithm's name for that point, "" if none
    std::string waiting_for;         // "waiting until vm_refcnt == OFFSET+1", "mmap_lock held by W"
    std::vector<std::string> locks_held;
    std::int32_t blocked_on = -1;  // blocked: the owner cell of the lock it waits for
    weak_choice choice;            // under a weak memory model, the outcomes of its next operation
    int script_line = 0;           // its next operation's line in layout::script (0: none)
};

struct verdict {
    // "V1" ... "V7" (a lost wakeup or a thread that never finishes is V7 for the per-VMA
    // lock, "liveness" where no algorithm names it), "deadlock", "use-after-free",
    // "VM_BUG_ON", "WARN_ON_ONCE", "livelock"
    std::string invariant;
    std::string message;    // one sentence in plain words, naming threads and values
    std::uint64_t step = 0;
    std::vector<thread_id> threads;  // the threads involved
    std::vector<thread_id> cycle;    // for deadlocks: the wait-for cycle, first thread repeated at the end
    // For deadlocks: how each thread of `cycle` waits for the next one ("binder_main_lock, held
    // by", "waits for the OOM victim to exit"); one entry per edge.
    std::vector<std::string> cycle_via;
    // For deadlocks: per edge, the owner cell of the lock the thread waits for (-1 for an edge
    // that is no lock, such as waiting for the OOM victim to exit).
    std::vector<std::int32_t> cycle_locks;
    // The field the verdict is about and the bits of it concerned, when it has one (K3: the
    // looper word and the bits lost from it); -1 and 0 otherwise.
    std::int32_t cell = -1;
    value_t bits = 0;
};

// A weak location under the kernel's memory model, as the store strip shows it: its stores in
// coherence order (oldest first), and how far back each thread may still read.
struct weak_store {
    value_t value = 0;
    thread_id writer = no_thread;  // no_thread: the initial value
    std::uint64_t step = 0;        // the step that stored it (0: initial)
    std::string op;                // "smp_store_release", "WRITE_ONCE", ...
    bool reserved = false;         // an RMW read it and stands right after it
    bool release = false;          // a release (or a fully ordered RMW's) store: it carries its writer's view
    // What a reader that synchronises with this store (acquire, rmb, smp_mb) learns of the other
    // weak locations: for each, the position there of the newest store it carries (a release
    // store carries its writer's view; others only what the writer's barriers ordered before).
    // Only positions past the initial value are listed.
    struct carried {
        std::int32_t cell = -1;
        int position = 0;
    };
    std::vector<carried> carries;
};

// What last raised a thread's view of a weak location, so that it may read nothing older.
enum class view_cause : std::uint8_t {
    none,
    own_read,     // it read the location itself
    own_store,    // it stored to it
    rmw_read,     // an RMW of its read it
    rmw_store,    // an RMW of its stored to it
    acquire,      // an acquire load (of `via`) read a store that carried this one
    rmw_acquire,  // an acquire RMW did
    mb_loads,     // smp_mb made what its loads carried its own
    mb_rmws,      // the same for its RMWs
    mb_global,    // smp_mb took in what every earlier smp_mb published
    rmb,          // smp_rmb made what its earlier loads carried its own
    lock,         // taking a lock passed its last holder's view on
    unlock_lock,  // a lock taken after one of its own unlocks
};
struct view_reason {
    view_cause kind = view_cause::none;
    std::uint64_t step = 0;     // the step that raised it
    std::int32_t via = -1;      // the weak cell that step accessed (-1 for a fence or a lock)
    std::uint64_t carried = 0;  // for a read: the step of the store it read (0: the initial value)
    // For a barrier that made an earlier read's store's view the thread's own (smp_rmb, smp_mb):
    // the step of that read, which read `via`'s store of step `carried`; 0 when it is not known
    // (the view came in with a lock).
    std::uint64_t read_at = 0;
    std::string text;           // the same in words, "" for none
};

struct weak_location {
    std::int32_t cell = -1;
    std::vector<weak_store> stores;  // coherence order
    // By thread: the position in `stores` of the oldest store its own accesses may still read
    // (its view of the location; an address dependency can raise it for one access).
    std::vector<int> horizon;
    // By thread: what raised that view, so that it can read nothing older.
    std::vector<view_reason> why;
    // The position smp_mb has published here (the global board every full barrier syncs with).
    int global = 0;
};

struct snapshot {
    std::uint64_t step = 0;
    std::shared_ptr<const layout> shape;
    std::vector<value_t> cells;
    std::vector<thread_view> threads;
    std::vector<verdict> verdicts;    // all found up to this step
    std::optional<event> last_event;  // the event that led here (none at step 0)
    bool finished = false;            // no thread can run any more
    std::vector<weak_location> weak;  // under --memory lkmm: the weak cells (empty otherwise)

    value_t value(const std::string& object, const std::string& field) const;
    bool operator==(const snapshot&) const;
};

// vm_refcnt decomposed: writer bit, attached and reader count (as far as the word tells).
struct refcnt_parts {
    bool writer = false;
    value_t count = 0;  // the low bits: attached + readers
    bool saturated = false;
};
refcnt_parts decode_refcnt(value_t word, value_t vma_lock_offset);
// The names of the bits set in a flags word, "|"-joined ("ENTERED|WAITING"), "0" for none.
std::string flag_names(const field_info& field, value_t v);

// A lock's wait list, first waiter first. Each entry is 6 bits of the word: the thread id plus
// one (0 ends the list) and, in bit 5, whether the waiter wants the lock for write.
struct queued_task {
    thread_id thread = no_thread;
    bool writer = false;
};
constexpr int task_queue_capacity = 10;
std::vector<queued_task> decode_task_queue(value_t word);
value_t encode_task_queue(const std::vector<queued_task>& list);
// An entry's 6 bits.
constexpr std::uint64_t task_queue_entry(const queued_task& q) {
    return static_cast<std::uint64_t>(q.thread + 1) | (q.writer ? 0x20 : 0);
}
// Calls f(entry) for each entry, first waiter first, without building a list (the search's
// state hash walks wait lists in every state).
template <class F>
void for_each_queued(value_t word, F f) {
    auto bits = static_cast<std::uint64_t>(word);
    for (int i = 0; i < task_queue_capacity && (bits & 0x1f); ++i, bits >>= 6)
        f(queued_task{static_cast<thread_id>((bits & 0x1f) - 1), (bits & 0x20) != 0});
}
// The same list with each waiter t renamed to rename(t).
template <class F>
value_t rename_in_task_queue(value_t word, F rename) {
    std::uint64_t out = 0;
    int shift = 0;
    for_each_queued(word, [&](queued_task q) {
        q.thread = rename(q.thread);
        out |= task_queue_entry(q) << shift;
        shift += 6;
    });
    return static_cast<value_t>(out);
}

// An event as a person reads it: "refcount_dec_and_test  vma.vm_refcnt  OFFSET+3 -> OFFSET+2", with
// "= value" for a read, "(failed)" and "wakes W" where they apply.
std::string describe_event(const event& e, const layout& shape);

// The field a cell holds and its object; both null for a cell that is no field.
struct field_ref {
    const object_info* object = nullptr;
    const field_info* field = nullptr;
    explicit operator bool() const { return field != nullptr; }
};
field_ref field_at(const layout& shape, std::int32_t cell);
// A cell's name as the run writes it: "alloc.pages"; a script's (a litmus test's) variables as
// the script does, "x". "" for a cell that is no field.
std::string cell_name(const layout& shape, std::int32_t cell);
// The first field of a kind (the run's refcount word, to name its VMA_LOCK_OFFSET), or null.
const field_info* first_field_of_kind(const layout& shape, field_kind kind);
// A field by its object's and its own name ("vma", "vm_refcnt"), or null.
const field_info* find_field(const layout& shape, const std::string& object, const std::string& field);

// Human formatting of a field value ("0x40000003", "OFFSET+3", "UINT_MAX", "NULL", "R1|R2").
std::string format_value(const layout& shape, const field_info& field, value_t v);

}  // namespace lockstep
