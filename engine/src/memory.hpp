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

// The kernel's ordering annotations, carried so the weak model can honour them.
enum class order : std::uint8_t { relaxed, acquire, release, acq_rel, full };

class memory {
public:
    std::vector<value_t> cells;

    value_t load(std::int32_t cell, order) const { return cells[cell]; }
    void store(std::int32_t cell, value_t v, order) { cells[cell] = v; }
    // Atomically replaces the value with f(old); returns {old, new}.
    template <class F>
    std::pair<value_t, value_t> rmw(std::int32_t cell, F&& f, order) {
        value_t old = cells[cell];
        value_t next = f(old);
        cells[cell] = next;
        return {old, next};
    }
    void fence(order) {}
};

}  // namespace lockstep::detail
