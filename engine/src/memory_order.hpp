// The value type and the kernel's ordering annotations that every access carries, shared by
// the sequentially consistent memory (memory.hpp) and the weak one (weak_memory.hpp).
#pragma once

#include <cstdint>

namespace lockstep::detail {

using value_t = std::int64_t;

// The kernel's ordering annotations (tools/memory-model/Documentation), carried on every access
// so that the weak model can give each its meaning (weak_memory.cpp); under --memory sc every
// one behaves as sequentially consistent.
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

}  // namespace lockstep::detail
