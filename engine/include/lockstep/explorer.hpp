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

class engine;

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

// Searching for a state rather than for a violation: a challenge's goal, say. Unlike check(),
// the search goes on past verdicts (a goal may come after one) and stops at the first state
// where `reached` holds.
struct reach_goal {
    // Asked after every step: is this the state looked for?
    std::function<bool(const engine&)> reached;
    // Optional: a value that `reached` depends on (a field's value, a thread's state). A first,
    // quick pass moves one thread at a time until this value changes, which finds most goals
    // in a few thousand states; the exhaustive pass runs only when that one does not.
    std::function<std::uint64_t(const engine&)> watch;
    // Optional: how far a state looks from the goal, in about as many moves as it takes (0
    // when it cannot tell). The quick pass then tries the states that look nearest first.
    std::function<std::uint64_t(const engine&)> distance;
};

struct reach_options {
    // Schedules longer than this are not searched (the result then says the bound was hit).
    std::uint64_t max_steps = 400;
    // Distinct states to visit, both passes together, before giving up.
    std::uint64_t max_states = 200'000;
    const std::atomic<bool>* cancel = nullptr;
};

struct reach_result {
    // A schedule from the start that ends in a state where the goal holds.
    std::optional<std::vector<thread_id>> schedule;
    std::uint64_t states = 0;      // distinct states visited
    std::uint64_t executions = 0;  // replays
    double seconds = 0;
    // Without a schedule: complete means every state within max_steps was visited, so no
    // schedule of at most max_steps steps reaches the goal (and none at all unless
    // hit_step_bound). Otherwise the search stopped early and proves nothing.
    bool complete = true;
    bool hit_step_bound = false;
    bool hit_state_limit = false;
    bool cancelled = false;
};

reach_result reach(const run_config& cfg, const reach_goal& goal, const reach_options& options = {});

}  // namespace lockstep
