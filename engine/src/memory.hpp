// Shared memory as an array of cells, and the one place every load, store, read-modify-write
// and fence goes through. Every cell holds its newest value, which is what every thread sees
// under sequential consistency (--memory sc). Under the kernel's memory model (--memory lkmm)
// the cells a scenario makes weak also keep every store in coherence order (weak_memory), and
// a load may read an older one: which one is the step's option. The cells the engine keeps
// for itself (task states, lock owners, wait lists, slab lives) stay sequentially consistent.
#pragma once

#include "memory_order.hpp"
#include "weak_memory.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace lockstep::detail {

// The cells, with a record of what one step touches, for the search's partial-order
// reduction: which cells a step accessed (loads, stores, and the cells the primitives and the
// checker's access rules look at directly) and which it changed. Two steps whose records do not
// meet commute. Recording is off except while the explorer asks for it.
class cell_array {
public:
    struct access_log {
        std::vector<std::int32_t> cells;  // each cell accessed, once, in first-access order
        std::vector<value_t> before;      // its value at that first access
        std::vector<bool> seen;           // by cell
        // Weak cells a store or RMW added to (or a lock whose view an unlock joined), which
        // count as changed whatever their newest value, and whether a full barrier synced
        // with smp_mb's global view.
        std::vector<std::int32_t> stored;
        bool board = false;
    };

    value_t& operator[](std::size_t i) {
        if (log_) note(i);
        return v_[i];
    }
    const value_t& operator[](std::size_t i) const {
        if (log_) note(i);
        return v_[i];
    }
    std::size_t size() const { return v_.size(); }
    void push_back(value_t x) { v_.push_back(x); }
    cell_array& operator=(const std::vector<value_t>& values) {
        v_ = values;
        return *this;
    }
    void assign(const value_t* first, std::size_t n) { v_.assign(first, first + n); }
    operator const std::vector<value_t>&() const { return v_; }
    const std::vector<value_t>& values() const { return v_; }
    auto begin() const { return v_.begin(); }
    auto end() const { return v_.end(); }
    bool operator==(const std::vector<value_t>& other) const { return v_ == other; }

    // Record accesses into `log` (cleared first) until stop_recording().
    void record_into(access_log* log) {
        log_ = log;
        if (!log) return;
        for (std::int32_t c : log->cells) log->seen[c] = false;
        log->cells.clear();
        log->before.clear();
        log->stored.clear();
        log->board = false;
        log->seen.resize(v_.size(), false);
    }
    void stop_recording() { log_ = nullptr; }
    void note_stored(std::int32_t i) {
        if (!log_) return;
        note(static_cast<std::size_t>(i));
        log_->stored.push_back(i);
    }
    void note_board() {
        if (log_) log_->board = true;
    }

private:
    void note(std::size_t i) const {
        if (log_->seen[i]) return;
        log_->seen[i] = true;
        log_->cells.push_back(static_cast<std::int32_t>(i));
        log_->before.push_back(v_[i]);
    }
    std::vector<value_t> v_;
    access_log* log_ = nullptr;
};

class memory {
public:
    cell_array cells;
    // Under --memory lkmm: the weak cells' stores and the threads' views, and for each cell its
    // weak location (-1: sequentially consistent).
    std::optional<weak_memory> weak;
    std::vector<int> weak_of;
    // The step being taken: its thread, its option among the access's legal outcomes, and its
    // number (stores remember it for the store strip).
    int actor = -1;
    int option = 0;
    std::uint64_t step = 0;
    const char* op = "";
    // What the last weak load or RMW read: the message, and the view a dependent access inherits.
    weak_memory::read_result last_read;

    int weak_location(std::int32_t cell) const {
        return weak && cell >= 0 && static_cast<std::size_t>(cell) < weak_of.size() ? weak_of[cell] : -1;
    }

    value_t load(std::int32_t cell, order o, const access_deps& d = {}) {
        const int x = weak_location(cell);
        if (x < 0) return cells[cell];
        (void)cells[cell];  // for the footprint
        weak->now = step;
        last_read = weak->load(actor, x, o, option, d);
        return last_read.value;
    }
    void store(std::int32_t cell, value_t v, order o, const access_deps& d = {}) {
        const int x = weak_location(cell);
        if (x < 0) {
            cells[cell] = v;
            // The cell itself is sequentially consistent, but a fully ordered store
            // (set_current_state()'s smp_store_mb(), a wakeup) is still an smp_mb() for
            // the weak cells around it.
            if (o == order::full) fence(order::full);
            return;
        }
        weak->now = step;
        weak->store(actor, x, v, o, option, step, op, d);
        cells[cell] = weak->newest(x);
        cells.note_stored(cell);
        if (o == order::full) cells.note_board();
    }
    // Atomically replaces the value with f(old, failed); returns {old, new}. When f sets
    // `failed` (a conditional RMW that gives up) nothing is written and the access is a load
    // with relaxed ordering. f must not depend on anything but its arguments: under lkmm it is
    // also asked, for every store the RMW could read, whether it would fail there.
    template <class F>
    std::pair<value_t, value_t> rmw(std::int32_t cell, F&& f, order on_success, bool returns_value = true,
                                    const access_deps& d = {}) {
        const int x = weak_location(cell);
        if (x < 0) {
            value_t old = cells[cell];
            bool failed = false;
            value_t next = f(old, failed);
            if (!failed) cells[cell] = next;
            // As for store(): a fully ordered RMW that stores orders the weak cells around it.
            if (!failed && on_success == order::full) fence(order::full);
            return {old, failed ? old : next};
        }
        weak->now = step;
        const auto r = weak->rmw(actor, x, on_success, option, stores_predicate(f),
                                 [&](value_t v) { bool failed = false; return f(v, failed); },
                                 returns_value, step, op, d);
        // Ask f once more about the value read, so that what it reports (failed or not) is
        // about this outcome.
        bool failed = false;
        (void)f(r.read.value, failed);
        last_read = r.read;
        cells[cell] = weak->newest(x);
        // Even a failed RMW may have claimed nothing yet read the global view: count it as
        // the store it could have been.
        cells.note_stored(cell);
        if (on_success == order::full) cells.note_board();
        return {r.read.value, r.stored ? r.written : r.read.value};
    }
    template <class F>
    static std::function<bool(value_t)> stores_predicate(F& f) {
        return [&f](value_t v) {
            bool failed = false;
            (void)f(v, failed);
            return !failed;
        };
    }
    void fence(order o) {
        if (!weak) return;
        weak->now = step;
        weak->fence(actor, o);
        if (o == order::full) cells.note_board();
    }
    // A lock whose owner cell is `owner` was taken / let go by the running thread: under lkmm
    // the view passes from the releaser to the next holder.
    void lock_acquired(std::int32_t owner) {
        if (!weak) return;
        weak->now = step;
        weak->lock_acquired(actor, owner);
        (void)cells[owner];  // it reads the lock's view
    }
    void lock_released(std::int32_t owner) {
        if (!weak) return;
        weak->lock_released(actor, owner);
        cells.note_stored(owner);  // it joins the holder's view into the lock's
    }
};

}  // namespace lockstep::detail
