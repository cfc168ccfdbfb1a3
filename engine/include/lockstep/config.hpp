// What to run: one struct per run, every field with its default. The catalogue lists the names
// that are accepted; resolve() turns a config into the exact switch set or says what is wrong.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockstep {

struct run_config {
    // Which scenario builds the threads and objects (see scenarios()).
    std::string scenario = "vma-drain";
    // Which variant of the algorithm runs: a preset of switches (see variants()).
    std::string variant = "final";
    // Switch overrides on top of the variant's preset, by switch name.
    std::map<std::string, bool> switches;
    // Use the scaled 5-bit vm_refcnt word with VMA_LOCK_OFFSET = 8 instead of the real
    // 32-bit word with 0x40000000; overflow then needs only a handful of readers.
    // Unset: the scenario's own default (only vma-overflow defaults to scaled).
    std::optional<bool> scaled;
    // Number of reader threads R1..Rn; 0 keeps the scenario's own count.
    int readers = 0;
    // How many times each thread repeats its work (a long run for replay and benchmarks).
    int rounds = 1;
    // Steps after which threads still unfinished are reported as livelock / starvation.
    std::uint64_t step_budget = 100000;
    // Record events and call stacks. Searches turn it off and replay the failing schedule with it.
    bool trace = true;
};

struct switch_info {
    std::string name;     // "lock_seq_recheck"
    std::string summary;  // one line: the kernel change it stands for
};

struct variant_info {
    std::string name;       // "final", "v7", "L1", ...
    std::string algorithm;  // "refcount" or "rwsem"
    std::string summary;
    std::map<std::string, bool> preset;  // switch values (refcount algorithm only)
    bool broken = false;                 // a teaching variant that is meant to fail
};

struct thread_info {
    std::string name;  // "R1", "W", "A2"
    std::string role;  // "reader", "writer", "unmapper", "remapper"
};

struct scenario_info {
    std::string name;
    std::string title;
    std::string summary;
    int default_readers = 1;
    bool default_scaled = false;
    bool has_unmapper = false;   // the last thread unmaps the vma instead of modifying it
    std::string writer_name;     // "W" or "U" ("" when the scenario names its own threads)
    std::string lesson_variant;  // the variant the catalogue's lesson breaks ("" if none)
};

const std::vector<switch_info>& switches();
const std::vector<variant_info>& variants();
const std::vector<scenario_info>& scenarios();

// Groups of switches of which at most one may be on (alternative wake rules, writer references).
const std::vector<std::vector<std::string>>& exclusive_switch_groups();

const switch_info* find_switch(const std::string& name);
const variant_info* find_variant(const std::string& name);
const scenario_info* find_scenario(const std::string& name);

// Thrown for a config the engine cannot run; the message names what was wrong and what is
// accepted, fit to print as a one-line error.
struct config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The threads a config will run (names and roles), in thread-id order.
std::vector<thread_info> threads_of(const run_config& cfg);

// The variant's preset with the overrides applied; throws config_error on unknown names.
std::map<std::string, bool> resolve_switches(const run_config& cfg);

// Every switch's value in this run: the resolved ones, and the other lock's switches at the
// value this lock's code always has (the refcount lock runs with v6.13's seqcount, the
// rw_semaphore lock with the merged refcount code's values). What the code runs, switch by
// switch, as the lanes show it.
std::map<std::string, bool> all_switch_values(const run_config& cfg);

}  // namespace lockstep
