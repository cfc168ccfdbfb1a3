// Shared memory as an array of cells, and the one place every load, store, read-modify-write
// and fence goes through. Today the model is sequentially consistent (each cell has one value
// that every thread sees); a weak model (per-location store histories and per-thread views,
// needed for the release/acquire lessons) replaces the bodies of these functions and nothing
// above them.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace lockstep::detail {

using value_t = std::int64_t;

// The kernel's ordering annotations (tools/memory-model/Documentation), carried on every access
// so that the weak model can give each its meaning. Today every one behaves as SC.
enum class order : std::uint8_t {
    plain,          // an unannotated C access (the kernel's plain loads and stores)
    once,           // READ_ONCE / WRITE_ONCE: a marked access with no ordering
    relaxed,        // an unordered atomic (atomic_read, atomic_set, *_relaxed RMWs, void RMWs)
    acquire,        // smp_load_acquire, *_acquire RMWs
    release,        // smp_store_release, *_release RMWs, rcu_assign_pointer
    dependency,     // rcu_dereference: ordered before what is reached through the pointer
    acq_rel,        // an RMW with both (none of the modelled ones so far)
    full,           // smp_mb() and the value-returning, fully ordered RMWs
    wmb,            // smp_wmb(): earlier stores before later stores
    rmb,            // smp_rmb(): earlier loads before later loads
    ctrl_dep_acquire,  // smp_acquire__after_ctrl_dep(): a control dependency made an acquire
};

constexpr const char* to_string(order o) {
    switch (o) {
    case order::plain: return "plain";
    case order::once: return "once";
    case order::relaxed: return "relaxed";
    case order::acquire: return "acquire";
    case order::release: return "release";
    case order::dependency: return "dependency";
    case order::acq_rel: return "acq_rel";
    case order::full: return "full";
    case order::wmb: return "wmb";
    case order::rmb: return "rmb";
    case order::ctrl_dep_acquire: return "ctrl_dep_acquire";
    }
    return "";
}

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
        log->seen.resize(v_.size(), false);
    }
    void stop_recording() { log_ = nullptr; }

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

    value_t load(std::int32_t cell, order) const { return cells[cell]; }
    void store(std::int32_t cell, value_t v, order) { cells[cell] = v; }
    // Atomically replaces the value with f(old, failed); returns {old, new}. When f sets
    // `failed` (a conditional RMW that gives up) nothing is written and the access is a load
    // with `on_failure` ordering.
    template <class F>
    std::pair<value_t, value_t> rmw(std::int32_t cell, F&& f, order /*on_success*/,
                                    order /*on_failure*/ = order::relaxed) {
        value_t old = cells[cell];
        bool failed = false;
        value_t next = f(old, failed);
        if (!failed) cells[cell] = next;
        return {old, failed ? old : next};
    }
    void fence(order) {}
};

}  // namespace lockstep::detail
