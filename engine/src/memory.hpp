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

class memory {
public:
    std::vector<value_t> cells;

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
