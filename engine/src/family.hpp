// An algorithm family: everything one story of the kernel brings to the engine (its switches,
// variants, scenarios, kernel source table and the code that builds a run), in one place.
// Each family lives in its own folder and defines one `family` object; families.cpp lists them.
#pragma once

#include <lockstep/config.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lockstep::detail {

class machine;

struct family {
    family_info info;
    std::vector<switch_info> switches;
    std::vector<variant_info> variants;
    std::vector<scenario_info> scenarios;
    // Groups of switches of which at most one may be on.
    std::vector<std::vector<std::string>> exclusive_switch_groups;
    // The threads a scenario of this family runs; throws config_error for options that do not
    // apply (a thread count the scenario cannot take).
    std::vector<thread_info> (*threads_of)(const run_config& cfg, const scenario_info& scenario);
    // Every switch's value in this run, given the resolved ones (a family whose variants
    // share code fills in what the variant's own preset leaves out).
    std::map<std::string, bool> (*all_switch_values)(const run_config& cfg, std::map<std::string, bool> resolved);
    // Builds the objects, threads and checker of `cfg` into a fresh machine.
    void (*build)(machine& m, const run_config& cfg, const std::map<std::string, bool>& switches);
    // The kernel file of an algorithm function for a variant's `algorithm`, or nullptr.
    const char* (*kernel_file_of)(std::string_view function, std::string_view algorithm);
    // Every label() its code gives a point, for lessons to run a thread "until" one.
    std::vector<std::string> points;
    // The invariants its checker reports, beyond the machine's own (deadlock, use-after-free,
    // VM_BUG_ON, WARN_ON_ONCE, livelock, liveness), for lessons to name as goals.
    std::vector<std::string> invariants;
    // The variants a scenario takes, by scenario, in the order they are offered, where that is
    // not every variant of the family (a family whose scenarios tell different stories of the
    // same code: binder_alloc's publication and its vma's lifetime).
    std::map<std::string, std::vector<std::string>> scenario_variants;
};

// Helpers for writing a family's catalogue.
using preset = std::map<std::string, bool>;
// A preset with some switches changed: variants are written as their base plus the diff.
inline preset with(preset p, std::initializer_list<std::pair<const char*, bool>> changes) {
    for (const auto& [name, on] : changes) p[name] = on;
    return p;
}
// Marks every entry of a catalogue list (switches, variants, scenarios) as the family's.
template <class T>
std::vector<T> in_family(const char* family, std::vector<T> list) {
    for (T& item : list) item.family = family;
    return list;
}

// Every family, in the order `list` shows them.
const std::vector<const family*>& families();
const family& family_of_scenario(const std::string& scenario);  // throws config_error

}  // namespace lockstep::detail
