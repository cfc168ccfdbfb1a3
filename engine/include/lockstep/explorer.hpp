// Exhaustive search over the interleavings of a run: breadth first with state deduplication,
// so the first violation found comes with the shortest schedule that reaches it.
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/snapshot.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lockstep {

class engine;

// What a search reports while it runs (about ten times a second) and in its summary.
struct check_progress {
    std::uint64_t states = 0;       // distinct states (canonical, when symmetry is on)
    std::uint64_t transitions = 0;  // steps taken, replays included
    std::uint64_t depth = 0;        // the deepest schedule so far
    double seconds = 0;
    std::uint64_t memory_bytes = 0;  // the process's resident memory now
};

struct check_options {
    // Executions longer than this are cut off (the search then reports it is bounded).
    std::uint64_t max_steps = 400;
    // Distinct states to visit before giving up (the search then reports it is incomplete).
    std::uint64_t max_states = 3'000'000;
    // Worker threads sharing one visited set; 0 means one per core.
    unsigned jobs = 0;
    // Reductions, each switchable so that its effect can be measured and checked:
    // threads of one symmetric role (the readers) are interchangeable ...
    bool symmetry = true;
    // ... and of two steps that commute, one order is enough (sleep sets over footprints).
    bool por = true;
    // Not exhaustive, when set: only schedules with at most this many preemptions (a switch
    // away from a thread that could have gone on), CHESS's bound.
    std::optional<unsigned> preemptions;
    // Not exhaustive, when non-zero: this many random schedules from `seed`.
    std::uint64_t random_runs = 0;
    std::uint64_t seed = 1;
    // Called now and then from the searching thread; return false to cancel.
    std::function<bool(const check_progress&)> progress;
    // Set from another thread to cancel.
    const std::atomic<bool>* cancel = nullptr;
};

struct check_result {
    std::uint64_t states = 0;      // distinct states visited
    // Of a search that found a violation: the states its breadth-first pass visited to make
    // the schedule shortest (that pass's executions and transitions are in the totals below).
    std::uint64_t shortest_states = 0;
    std::uint64_t executions = 0;  // replays of the scenario from its start
    std::uint64_t rewinds = 0;     // backtracks that re-ran only the threads that had moved
    std::uint64_t transitions = 0; // steps taken, replays included
    std::uint64_t pruned = 0;      // steps not taken because an equivalent order was (POR)
    std::uint64_t merged = 0;      // steps no other thread could see, taken with no scheduling
                                   // point before them (POR)
    std::uint64_t max_depth = 0;   // the longest schedule explored
    double seconds = 0;
    std::uint64_t peak_memory_bytes = 0;  // the process's peak resident memory at the end
    unsigned jobs = 1;             // worker threads used
    bool symmetry = false;         // reductions actually used (a scenario may have no symmetric role)
    bool por = false;
    // How much was covered: "exhaustive", "preemption-bounded (K)", "random (N runs, seed S)".
    std::string mode = "exhaustive";
    bool complete = true;  // every reachable state within max_steps was visited
    bool hit_step_bound = false;
    bool hit_state_limit = false;
    bool cancelled = false;
    // The shortest schedule that breaks an invariant, and what it breaks. (Bounded and random
    // modes give the first one they met, shortest among those they tried.)
    std::optional<std::vector<choice>> violation;
    std::vector<verdict> verdicts;
};

check_result check(const run_config& cfg, const check_options& options = {});

// How many preemptions `schedule` makes, as check_options::preemptions counts them: steps of
// another thread while the one that took the last step could still have gone on.
unsigned preemptions_in(const run_config& cfg, const std::vector<choice>& schedule);

// Every invariant any interleaving breaks, each with the length of a shortest schedule that
// breaks it: breadth first over the whole (reduced) state graph, never going on from a state
// that broke one. For checking that the reductions and the state keep every verdict and every
// shortest length; `result` says whether the census is complete.
struct verdict_census {
    std::map<std::string, std::size_t> shortest;
    std::map<std::string, std::vector<choice>> witness;  // a shortest schedule for each
    check_result result;
};
verdict_census census(const run_config& cfg, const check_options& options = {});

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
    std::optional<std::vector<choice>> schedule;
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
