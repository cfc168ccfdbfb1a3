// The searches that do not try every interleaving, for when the exhaustive one is too much:
// check() hands over to these when check_options asks for preemptions or random runs. Both
// are written against the public engine alone (reset, step, runnable, verdicts, state_hash),
// so they know nothing of how the exhaustive core reduces or stores its states.
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/explorer.hpp>

namespace lockstep::detail {

// CHESS's preemption bounding (Musuvathi and Qadeer, PLDI 2007): every schedule with at most
// *options.preemptions preemptions, where a preemption is a step of another thread while the
// thread that took the last step could still run (a switch after it blocks or finishes is
// free, and so is the first step). Iterative deepening on the bound, 0, 1, ... up to it, so
// a violation comes with the fewest preemptions that reach one, and among the schedules with
// that many, the fewest steps (a breadth-first pass confirms it, as check() does).
//
// Each pass goes depth first over (state, last thread) with the fewest preemptions it was
// reached with: a state met again with no fewer preemptions used has nothing new to show,
// having no more budget left. result.complete is true only when no step of the last pass
// was left out for the bound (nor for max_steps, max_states or a cancel): then the bound
// never mattered and every interleaving was explored; otherwise it is false, since the
// schedules with more preemptions were not looked at.
check_result check_preemption_bounded(const run_config& cfg, const check_options& options);

// options.random_runs runs from the start, each choosing among the runnable threads at random,
// stopping at the first run that breaks an invariant (its schedule is cut at that step).
// Run i (from 0) is a function of seed + i alone, so `random_runs = 1, seed = seed + i`
// replays it:
//     std::mt19937_64 rng(seed + i);
//     until no thread can run, a verdict, or max_steps steps:
//         ready = engine.runnable();            // ascending thread ids
//         engine.step(ready[rng() % ready.size()]);
// (std::mt19937_64's output is fixed by the C++ standard, unlike the distributions, so the
// schedules are the same on every standard library; the modulo's bias is below 2^-59.)
// result.states counts the distinct states the runs passed through; result.complete is
// always false, since random runs never show that an interleaving they missed is harmless.
check_result check_random(const run_config& cfg, const check_options& options);

}  // namespace lockstep::detail
