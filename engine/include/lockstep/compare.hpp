// Two variants side by side: one schedule played on two runs of the same scenario, row by row,
// and where the runs part. This is what a patch review asks: on exactly this interleaving, what
// does the change do differently? The CLI's `compare` and the window's comparison both use it.
#pragma once

#include <lockstep/engine.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lockstep {

// How the two runs are lined up on the schedule.
enum class compare_align : std::uint8_t {
    // The same race: the left run plays the schedule as written; the right run follows it part
    // by part (a part is a run of one thread, "W*17"), stepping that thread until it stands
    // at the program point where the left's thread stopped (its label, else its function and
    // operation), or cannot run. Within a part the two runs' operations are paired as a diff
    // pairs lines, so a step only one variant has (v7's writer reference) is a row of its own.
    // The runs may take different numbers of steps for the same part: the point is that they
    // reach the same places of the algorithm in the same order.
    point,
    // The same schedule: row N is the schedule's Nth choice in both runs, literally.
    step,
};

struct compare_options {
    compare_align align = compare_align::point;
    // After the schedule, go on choosing threads round-robin (the same thread for both runs on
    // each row, as in the schedule) until neither run can move, so the comparison shows how
    // each run ends: the one that finishes and the one that hangs.
    bool run_to_end = true;
    // Rows at most, schedule and round-robin together. A comparison that reaches it stops
    // there and says so (comparison::truncated).
    std::size_t max_rows = 20000;
};

// A thread whose state one row changed on one side: "W runnable -> sleeping", a wake.
struct state_change {
    thread_id thread = no_thread;
    thread_state from = thread_state::runnable;
    thread_state to = thread_state::runnable;
    std::string waiting_for;  // what it waits for after the change, "" if nothing
};

// A memory cell one row changed on one side (kernel fields and checker bookkeeping alike).
struct value_change {
    std::int32_t cell = -1;
    value_t from = 0;
    value_t to = 0;
};

// What one run did at one row: took a step, could not (why_not says why), or, lined up by
// program point, has no step here that the other run has (neither took nor why_not).
struct compare_step {
    bool took = false;        // the row's thread ran one operation here
    std::optional<event> ev;  // that operation, when it took the step
    std::string why_not;      // when it could not: why the thread could not run ("it has finished")
    std::uint64_t step = 0;   // the run's own step count after the row (go_to() it to see the row)
    std::vector<value_change> values;  // cells the step changed
    std::vector<state_change> states;  // threads the step moved between states (in thread order)
    std::vector<verdict> verdicts;     // verdicts first found by this step

    bool absent() const { return !took && why_not.empty(); }
};

// What differs between the two runs at one row: bits of compare_row::differences.
enum compare_difference : unsigned {
    differs_taken = 1u << 0,    // one run took the step; in the other the thread could not run
    differs_op = 1u << 1,       // another operation, function, source line or memory ordering
    differs_value = 1u << 2,    // the same operation on another field, other values read or
                                // written, a different outcome (failed) or another thread woken
    differs_state = 1u << 3,    // the step moved other threads between states, or to other waits
    differs_verdict = 1u << 4,  // a violation found on one side only, or different ones
    differs_missing = 1u << 5,  // lined up by program point: a step only one run has
};

struct compare_row {
    thread_id thread = no_thread;  // the thread the row names; both runs have the same threads
    bool scheduled = true;         // from the schedule; false in the round-robin tail
    std::size_t part = 0;          // which part of the schedule (run of one thread) it belongs to
    std::array<compare_step, 2> side;
    unsigned differences = 0;      // compare_difference bits; 0: both runs did the same
};

struct comparison {
    // The two runs at their last row, left then right; go_to(row.side[i].step) shows run i as it
    // was after that row (its replay reaches it exactly: executions are deterministic).
    std::vector<engine> runs;
    // How each run is called in words: its variant, with "left"/"right" when both are the same.
    std::array<std::string, 2> names;
    compare_align align = compare_align::point;
    std::string schedule;                 // the schedule compared, written compactly
    // Each run's own choices for the schedule's part, as a schedule that replays that run
    // alone (lined up by program point, the right run's differs from the schedule).
    std::array<std::string, 2> taken;
    std::vector<compare_row> rows;
    std::size_t scheduled = 0;  // rows that came from the schedule; the rest is the tail
    std::array<bool, 2> finished{};  // each run at its last row: nobody can run any more
    bool truncated = false;     // stopped at compare_options::max_rows
    // The turning points, as row indices (0-based): the first row where anything differs; the
    // first where threads' states part (one run blocks, sleeps, wakes or finishes where the
    // other does not, or cannot take a step the other takes); the first where the verdicts part.
    std::optional<std::size_t> first_difference;
    std::optional<std::size_t> first_state_difference;
    std::optional<std::size_t> first_verdict_difference;
};

// Plays `schedule` (the CLI's syntax, "R1*4 W*17 R1 W") on a run of `left` and one of `right`
// and lines the two up row by row (see compare_align). Each row names a thread. A run whose
// thread cannot run (blocked, asleep, finished) when the schedule names it stands still and
// says why on that row, the other run takes the step if it can, and the schedule goes on with
// its next choice. Throws config_error for a config the engine refuses or two configs that do
// not run the same scenario with the same threads; schedule_error for a bad token, or an empty
// schedule without run_to_end.
comparison compare(const run_config& left, const run_config& right, const std::string& schedule,
                   const compare_options& options = {});

// One side of a row in words, in parts for a window to lay out: what the thread did
// ("refcount_add vma.vm_refcnt 1 -> OFFSET+1", "cannot run: it has finished", "no such
// step"), where ("mm/mmap_lock.c: __vma_enter_locked:123", "" when it took no step), the
// threads the step moved ("W runnable -> sleeping (asleep, ...)") and the verdicts it found
// ("V7: lost wakeup: ...").
struct step_words {
    std::string action;
    std::string where;
    std::vector<std::string> moves;
    std::vector<std::string> verdicts;
};
step_words describe_step_parts(const comparison& c, std::size_t row, int side);
// One side of a row in words, the parts above in one line: "W refcount_add  vma.vm_refcnt  1 -> OFFSET+1 (mm/mmap_lock.c:
// __vma_enter_locked:123)" or "W cannot run: it has finished", then the threads the step moved
// ("W runnable -> sleeping, asleep, waiting until ...") and the verdicts it found; "no such
// step" for a step only the other run has.
std::string describe_step(const comparison& c, std::size_t row, int side);
// A row's difference in words, "step 5: under L1, W ...; under final, W ..."; "" when the two
// runs did the same.
std::string describe_difference(const comparison& c, std::size_t row);
// What compare_difference bits name, in words: "a different operation, another thread's state".
std::string difference_kinds(unsigned differences);
// The comparison as `lockstep-cli compare` prints it: a header, one line per row (one per run
// where they differ, marked with '*'), the turning points and each run's verdicts.
std::string comparison_text(const comparison& c);

}  // namespace lockstep
