// The kernel's memory model (LKMM) as an operational model over views, for the cells a scenario
// or a litmus test makes weak. The design and its rules (R1, W2, F3, ... below) are in
// shared/content/weak-memory.md §2; the facts behind them are tools/memory-model's
// linux-kernel.cat and Documentation/explanation.txt.
//
// Each weak location keeps every store made to it (a message: value, and the view the store
// carries) in coherence order. A view says, for every location, the oldest message a thread may
// still read or write after. Threads hold several views (what they have read, what their stores
// carry, what their fences will order); release stores hand a view to whoever reads them, and
// acquire loads and rmb take it in; smp_mb joins a global view both ways.
//
// A load's legal outcomes are the messages at or after its lower bound; a store's are the gaps
// after its lower bound where it may land in coherence order. The outcomes are numbered newest
// first, so option 0 (read the newest, append) is exactly sequential consistency.
//
// Not modelled: load buffering (a thread runs in program order, so po ∪ rf stays acyclic), RCU
// grace periods, and plain-access data races (plain accesses behave as READ_ONCE/WRITE_ONCE).
#pragma once

#include "memory_order.hpp"

#include <lockstep/snapshot.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lockstep::detail {

// Per weak location, the message a view points at (its creation number: messages keep their
// number when a later store lands before them in coherence order).
using view = std::vector<std::uint16_t>;

struct message {
    value_t value = 0;
    view carries;             // the message's view: what a reader that synchronises with it learns
    bool reserved = false;    // an RMW read it and stands right after it: nothing may land between
    int writer = -1;          // the thread that stored it, -1 for the initial value
    std::uint64_t step = 0;   // the machine step that stored it (0: the initial value)
    const char* op = "";      // "smp_store_release", for the store strip
    bool release = false;     // it carries its writer's whole view: a release, or a fully ordered RMW's store
};

// Dependencies of an access (the litmus interpreter tracks them exactly through registers; the
// engine's own C++ code passes none and orders stores after every earlier read instead).
struct access_deps {
    const view* address = nullptr;  // the pointer's
    const view* data = nullptr;     // the stored value's
    const view* control = nullptr;  // the branches taken so far
    // false (the engine's C++ code): dependencies are not tracked, so every store is taken to
    // depend on every value the thread has read before it. That never allows an outcome LKMM
    // forbids; it can miss some that LKMM allows only through a missing dependency.
    bool exact = false;
};

class weak_memory {
public:
    // -- building --
    int add_location(std::string name, value_t initial);  // returns the location's index
    int add_thread();                                      // returns the thread's index
    std::size_t locations() const { return locs_.size(); }
    const std::string& name(int x) const { return locs_[x].name; }

    // -- the legal outcomes (newest first; option 0 is the SC one) --
    // A load of x: the messages it may read.
    std::vector<std::uint16_t> readable(int t, int x, const access_deps& d = {}) const;
    // A store to x: the coherence positions it may take (0 = before every message but the
    // initial one cannot be, so positions are >= 1); the first is the end.
    std::vector<int> placements(int t, int x, order o, const access_deps& d = {}) const;
    // An RMW on x whose success depends on the value read (`stores`): the messages it may read.
    // A successful one reads a message nobody else's RMW has claimed, after the fence a fully
    // ordered RMW puts before it; a failed one is a relaxed read.
    std::vector<std::uint16_t> rmw_readable(int t, int x, order o, const std::function<bool(value_t)>& stores,
                                            const access_deps& d = {}) const;

    // -- the steps --
    struct read_result {
        value_t value = 0;
        std::uint16_t id = 0;  // the message read
        view dependency;       // what an access that depends on the value must come after
    };
    read_result load(int t, int x, order o, int option, const access_deps& d = {});
    void store(int t, int x, value_t v, order o, int option, std::uint64_t step, const char* op,
               const access_deps& d = {});
    // Reads a message (option among rmw_readable) and, when `stores` says so, writes f's value
    // right after it. `returns_value` false for the no-return atomics (atomic_inc), which rmb
    // does not order. Returns the read and whether it stored.
    struct rmw_result {
        read_result read;
        bool stored = false;
        value_t written = 0;
    };
    rmw_result rmw(int t, int x, order o, int option, const std::function<bool(value_t)>& stores,
                   const std::function<value_t(value_t)>& f, bool returns_value, std::uint64_t step,
                   const char* op, const access_deps& d = {});
    void fence(int t, order o);
    // A sleeping lock or spinlock (its own cells stay sequentially consistent) hands the
    // holder's view on to the next: unlock puts the releaser's view into the lock's, and lock
    // takes it (rule L4), with po-unlock-lock-po for the thread's own unlock and lock.
    void lock_acquired(int t, std::int32_t lock);
    void lock_released(int t, std::int32_t lock);

    // -- reading the state --
    value_t newest(int x) const;
    const message& msg(int x, std::uint16_t id) const { return locs_[x].msgs[id]; }
    // The messages of x in coherence order (creation numbers).
    const std::vector<std::uint16_t>& coherence(int x) const { return locs_[x].co; }
    int position(int x, std::uint16_t id) const { return locs_[x].pos[id]; }
    // The oldest message of x the thread may still read, and why it may read nothing older:
    // the step that raised its view there.
    std::uint16_t horizon(int t, int x) const { return threads_[t].cur[x]; }
    // Why the thread may read nothing older there, in words ("it acquire-loaded alloc.vma at
    // step 9, and the store it read (step 7) carried this one"); "" when nothing raised it.
    std::string horizon_reason(int t, int x) const;
    // The same as facts (the store strip's cycle is drawn from them), with the words.
    view_reason horizon_cause(int t, int x) const;
    // What smp_mb has published of x (the global view all full barriers sync with).
    std::uint16_t global(int x) const { return global_[x]; }
    // The machine step being taken, for those reasons.
    std::uint64_t now = 0;
    // The state, with messages at their coherence positions (not their creation numbers), so
    // that two runs that stored in different orders to the same end are one state, and without
    // the stores no thread still running can read (`floor`, from floors()): two runs that
    // differ only in those are one state too. hash() is the stores and the views no thread
    // owns; thread_hash() a thread's own views, which a symmetric state puts in its slot.
    std::uint64_t hash(const std::vector<int>& floor) const;
    std::uint64_t thread_hash(int t, const std::vector<int>& floor) const;
    // The values of x's stores at or above the floor, oldest first.
    std::vector<value_t> live_values(int x, const std::vector<int>& floor) const;
    // By location, the oldest coherence position a thread not `finished` may still read.
    std::vector<int> floors(const std::vector<bool>& finished) const;
    // A message's position above the floor, -1 for one below it (no thread can read it).
    int live_position(int x, std::uint16_t id, const std::vector<int>& floor) const;
    // into ⊔= from: for each location, the later of the two messages in coherence order.
    void join(view& into, const view& from) const;

private:
    struct location {
        std::string name;
        std::vector<message> msgs;      // by creation number; 0 is the initial value
        std::vector<std::uint16_t> co;  // creation numbers in coherence order
        std::vector<std::uint16_t> pos; // by creation number: the coherence position
    };
    // What raised a thread's view of a location, kept as facts and put into words only when
    // asked (horizon_reason): the search raises views on every step and never reads them.
    struct cause {
        using kind = view_cause;
        kind k = kind::none;
        std::uint64_t step = 0;     // the step that raised it
        int via = -1;               // the location that step accessed
        std::uint64_t carried = 0;  // the step of the store it read (0: the initial value)
        const char* op = "";        // an RMW's name
        std::uint64_t read_at = 0;  // a barrier's: the step of the read it ordered
    };
    struct thread_views {
        view cur;     // the lower bound for the thread's own accesses
        view acq;     // what its value-returning reads have carried in
        view acqnr;   // the same for its no-return RMWs
        view wview;   // what its own stores carry
        view wfence;  // what every later store of it must carry (raised by wmb and mb)
        view ulv;     // the view at its own unlocks (po-unlock-lock-po)
        view ulacq;   // what it had read by its own unlocks
        std::vector<cause> why;  // by location: what last raised cur there
        // By location: the read whose store last raised acq / acqnr there, which a barrier
        // that takes them in names.
        std::vector<cause> acq_why, acqnr_why;
    };
    std::vector<location> locs_;
    std::vector<thread_views> threads_;
    view global_;  // S: what smp_mb has published
    std::map<std::int32_t, view> lock_views_;

    view bottom() const { return view(locs_.size(), 0); }
    bool later(int x, std::uint16_t a, std::uint16_t b) const { return locs_[x].pos[a] > locs_[x].pos[b]; }
    int lower_bound(int t, int x, order o, const access_deps& d, bool is_store) const;
    void full_fence(thread_views& tv);
    // cur ⊔= from, noting `why` where it rises.
    void raise(thread_views& tv, const view& from, cause why);
    // The same for a barrier taking in acq or acqnr: where cur rises, the cause is the barrier
    // and the read that brought the store in (from `reads`).
    void raise_read_in(thread_views& tv, const view& from, const std::vector<cause>& reads, cause::kind k);
    // into ⊔= a read's message's view, noting the read in `why` where it rises.
    void join_read(view& into, std::vector<cause>& why, const view& from, const cause& read) const;
    cause because(cause::kind k, int via = -1, std::uint64_t carried = 0, const char* op = "") const {
        return {k, now, via, carried, op};
    }
    std::uint16_t insert(int x, int position, message m);
    std::uint64_t hash_view(std::uint64_t h, const view& v, const std::vector<int>& floor) const;
    void grow_views();
};

}  // namespace lockstep::detail
