// Exhaustive search over the interleavings of a run: breadth first with state deduplication,
// so the first violation found comes with the shortest schedule that reaches it.
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/snapshot.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace lockstep {

struct check_options {
    // Executions longer than this are cut off (the search then reports it is bounded).
    std::uint64_t max_steps = 400;
    // Distinct states to visit before giving up (the search then reports it is incomplete).
    std::uint64_t max_states = 3'000'000;
    // Called now and then with the states visited so far; return false to cancel.
    std::function<bool(std::uint64_t states)> progress;
    // Set from another thread to cancel.
    const std::atomic<bool>* cancel = nullptr;
};

struct check_result {
    std::uint64_t states = 0;      // distinct states visited
    std::uint64_t executions = 0;  // replays of the scenario the search ran
    std::uint64_t transitions = 0; // steps taken, replays included
    double seconds = 0;
    bool complete = true;  // every reachable state within max_steps was visited
    bool hit_step_bound = false;
    bool cancelled = false;
    // The shortest schedule that breaks an invariant, and what it breaks.
    std::optional<std::vector<thread_id>> violation;
    std::vector<verdict> verdicts;
};

check_result check(const run_config& cfg, const check_options& options = {});

}  // namespace lockstep
