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

// Which memory model the shared cells follow. sc: every load reads the newest store. lkmm: the
// cells a scenario makes weak follow the Linux kernel memory model (tools/memory-model), minus
// load buffering; a step may then read an older store or place a store earlier in coherence
// order, and the choice is part of the schedule.
enum class memory_model { sc, lkmm };
constexpr const char* to_string(memory_model m) { return m == memory_model::lkmm ? "lkmm" : "sc"; }

struct run_config {
    // Which scenario builds the threads and objects (see scenarios()).
    std::string scenario = "vma-drain";
    // Which variant of the algorithm runs: a preset of switches (see variants()). Empty: the
    // scenario's own default variant (with_defaults() fills it in).
    std::string variant;
    // Switch overrides on top of the variant's preset, by switch name.
    std::map<std::string, bool> switches;
    // Use the family's scaled teaching constants where it has them (for the per-VMA lock: the
    // 5-bit vm_refcnt word with VMA_LOCK_OFFSET = 8 instead of the real 32-bit word with
    // 0x40000000, so overflow needs only a handful of readers). Unset: the scenario's default.
    std::optional<bool> scaled;
    // Number of threads in the scenario's repeated role (readers R1..Rn); 0 keeps the
    // scenario's own count. Scenarios with a fixed cast refuse any other value.
    int readers = 0;
    // How many times each thread repeats its work (a long run for replay and benchmarks).
    int rounds = 1;
    // Steps after which threads still unfinished are reported as livelock / starvation.
    std::uint64_t step_budget = 100000;
    // Record events and call stacks. Searches turn it off and replay the failing schedule with it.
    bool trace = true;
    // What a thread contributes to the state a search hashes. false: its position and the
    // locals the algorithm declares live at its cuts (kernel::forget_past), so runs that reach
    // the same point with the same live values are one state. true: everything it has read
    // since it started, as before the cuts (forget_past does nothing); the cuts are checked
    // against it, and it separates states whose futures are the same.
    bool history_state = false;
    // The memory model; unset: the scenario's own (scenario_info::default_memory).
    std::optional<memory_model> memory;
    // The file a scenario reads its program from (the `litmus` scenario: a litmus test in the
    // kernel's format).
    std::string source;
};

// An algorithm family: one story of the kernel with its own objects, scenarios and variants.
struct family_info {
    std::string name;     // "vma", "binder"
    std::string title;    // "Per-VMA lock"
    std::string summary;  // one line: what it models, from which kernels
};

struct switch_info {
    std::string name;     // "lock_seq_recheck"
    std::string summary;  // one line: the kernel change it stands for
    std::string family;
};

struct variant_info {
    std::string name;       // "final", "v7", "L1", "v4.4", ...
    std::string algorithm;  // which code runs: "refcount" or "rwsem"; "global-lock" or "fine-grained"
    std::string summary;    // names the kernel version, commit or proposal
    std::map<std::string, bool> preset;  // switch values (variants whose code has switches)
    bool broken = false;                 // a teaching variant that is meant to fail
    std::string family;
};

struct thread_info {
    std::string name;  // "R1", "W", "A2", "B7"
    std::string role;  // "reader", "writer", "unmapper", "remapper", "victim", "holder", ...
};

struct scenario_info {
    std::string name;
    std::string title;
    std::string summary;
    int default_readers = 1;     // threads in the repeated role; 0: a fixed cast
    bool default_scaled = false;
    std::string lesson_variant;  // the variant the catalogue's lesson breaks ("" if none)
    std::string family;
    std::string default_variant;  // what runs when the config names none
    memory_model default_memory = memory_model::sc;
};

const std::vector<family_info>& families();
// Every family's switches, variants and scenarios, family by family.
const std::vector<switch_info>& switches();
const std::vector<variant_info>& variants();
const std::vector<scenario_info>& scenarios();
// The variants that can run a scenario (those of its family).
std::vector<const variant_info*> variants_for(const std::string& scenario);

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

// The config with the scenario's defaults filled in (the variant, when none is named).
// Throws config_error for an unknown scenario.
run_config with_defaults(run_config cfg);

// The threads a config will run (names and roles), in thread-id order.
std::vector<thread_info> threads_of(const run_config& cfg);

// The variant's preset with the overrides applied; throws config_error on unknown names.
std::map<std::string, bool> resolve_switches(const run_config& cfg);

// Every switch's value in this run: the resolved ones, and the switches of the family's other
// code at the value this code always has (for the per-VMA lock: the refcount lock runs with
// v6.13's seqcount, the rw_semaphore lock with the merged refcount code's values). What the
// code runs, switch by switch, as the lanes show it.
std::map<std::string, bool> all_switch_values(const run_config& cfg);

}  // namespace lockstep
