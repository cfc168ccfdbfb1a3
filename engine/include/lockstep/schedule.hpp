// Schedules as text: thread names separated by spaces, "R1*3" for three steps of R1, and under
// a weak memory model "P1:r2" for a step that takes another outcome than the newest (see choice).
#pragma once

#include <lockstep/snapshot.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep {

class engine;

struct schedule_error : std::runtime_error {
    using std::runtime_error::runtime_error;
    std::size_t token = 0;   // 0-based index of the bad token
    std::size_t column = 0;  // 0-based character offset of the bad token in the text
};

// Parses `text` against the engine's thread names; throws schedule_error naming the bad token.
std::vector<choice> parse_schedule(const std::string& text, const engine& e);
// An outcome as schedules ("P1:r2") and lessons (`outcome: r2`) write it: "rK", "wK" or a bare
// "K" (kind 0). Sets c.option and c.kind; false for anything else.
bool parse_outcome(std::string_view text, choice& c);
// "r2", "w1": an outcome as parse_outcome() reads it (a bare one is a read's).
std::string format_outcome(const choice& c);
// Why `e` cannot take `c` now although its thread can run: "its next operation, X, has 1
// outcome" (or reads / stores / touches no weak cell, against an outcome of the other kind);
// "" when it can.
std::string outcome_problem(const engine& e, const choice& c);
// Formats choices compactly ("R1*2 W R2"); parse_schedule() reads it back.
std::string format_schedule(const std::vector<choice>& choices, const engine& e);

// Runs `choices` from the engine's current state; throws schedule_error at the first step whose
// thread cannot run, naming the step, the thread and why.
void play_schedule(engine& e, const std::vector<choice>& choices);
// Every step that can be taken now: each runnable thread, with each outcome of its next
// operation (one, the SC one, unless it accesses a weak cell), lowest thread and option first.
std::vector<choice> possible_steps(const engine& e);
// The threads of a schedule, in order (for code that cares only about who ran).
std::vector<thread_id> threads_of(const std::vector<choice>& choices);
// Steps `t` until the operation it performs next carries the label `point` (or is the
// operation named `point`, such as "schedule"); returns the number of steps taken. Throws
// schedule_error when `t` blocks, finishes or takes `max_steps` steps without getting there.
std::uint64_t step_until(engine& e, thread_id t, const std::string& point, std::uint64_t max_steps = 10000);

// Lets every runnable thread take a step in turn until nobody can run or `max_steps` is reached.
void run_round_robin(engine& e, std::uint64_t max_steps);

}  // namespace lockstep
