// The names a user can ask for, gathered from every family (families.cpp): switches, variants
// (presets of switches) and scenarios; and the checks that turn a config into a run.
#include <lockstep/config.hpp>
#include <lockstep/kernel_sources.hpp>

#include "family.hpp"
#include "text.hpp"

#include <algorithm>

namespace lockstep {

namespace {

std::string joined_names(const auto& list) {
    std::string s;
    for (const auto& item : list) detail::append(s, ", ", item.name);
    return s;
}

template <class T>
std::vector<T> gathered(std::vector<T> detail::family::*member) {
    std::vector<T> all;
    for (const detail::family* f : detail::families()) all.insert(all.end(), (f->*member).begin(), (f->*member).end());
    return all;
}

const scenario_info& known_scenario(const std::string& name) {
    if (const scenario_info* s = find_scenario(name)) return *s;
    throw config_error("unknown scenario '" + name + "' (known: " + joined_names(scenarios()) + ")");
}

}  // namespace

namespace detail {
const family& family_of_scenario(const std::string& scenario) {
    const scenario_info& s = known_scenario(scenario);
    for (const family* f : families())
        if (f->info.name == s.family) return *f;
    throw config_error("scenario '" + scenario + "' names no known family");
}
}  // namespace detail

const std::vector<family_info>& families() {
    static const std::vector<family_info> list = [] {
        std::vector<family_info> all;
        for (const detail::family* f : detail::families()) all.push_back(f->info);
        return all;
    }();
    return list;
}
const std::vector<switch_info>& switches() {
    static const std::vector<switch_info> list = gathered(&detail::family::switches);
    return list;
}
const std::vector<variant_info>& variants() {
    static const std::vector<variant_info> list = gathered(&detail::family::variants);
    return list;
}
const std::vector<scenario_info>& scenarios() {
    static const std::vector<scenario_info> list = gathered(&detail::family::scenarios);
    return list;
}

std::vector<const variant_info*> variants_for(const std::string& scenario) {
    std::vector<const variant_info*> list;
    const scenario_info* s = find_scenario(scenario);
    if (!s) return list;
    const detail::family& fam = detail::family_of_scenario(scenario);
    if (const auto own = fam.scenario_variants.find(scenario); own != fam.scenario_variants.end()) {
        for (const std::string& name : own->second)
            for (const variant_info& v : variants())
                if (v.family == s->family && v.name == name) list.push_back(&v);
        return list;
    }
    for (const variant_info& v : variants())
        if (v.family == s->family) list.push_back(&v);
    return list;
}

const switch_info* find_switch(const std::string& name) {
    for (const auto& s : switches())
        if (s.name == name) return &s;
    return nullptr;
}
const variant_info* find_variant(const std::string& name) {
    for (const auto& v : variants())
        if (v.name == name) return &v;
    return nullptr;
}
const scenario_info* find_scenario(const std::string& name) {
    for (const auto& s : scenarios())
        if (s.name == name) return &s;
    return nullptr;
}

run_config with_defaults(run_config cfg) {
    const scenario_info& s = known_scenario(cfg.scenario);
    if (cfg.variant.empty()) cfg.variant = s.default_variant;
    if (!cfg.memory) cfg.memory = s.default_memory;
    return cfg;
}

std::vector<thread_info> threads_of(const run_config& cfg) {
    return detail::family_of_scenario(cfg.scenario).threads_of(cfg, known_scenario(cfg.scenario));
}

std::map<std::string, bool> resolve_switches(const run_config& given) {
    const run_config cfg = with_defaults(given);
    const scenario_info& s = known_scenario(cfg.scenario);
    const detail::family& fam = detail::family_of_scenario(cfg.scenario);
    const variant_info* v = find_variant(cfg.variant);
    const auto takes = variants_for(cfg.scenario);
    if (!v || std::find(takes.begin(), takes.end(), v) == takes.end()) {
        std::string own;
        for (const variant_info* other : takes) detail::append(own, ", ", other->name);
        throw config_error((!v                     ? "unknown variant '" + cfg.variant + "'; "
                            : v->family != s.family ? "variant '" + cfg.variant + "' belongs to the " + v->family + " family; "
                                                    : "variant '" + cfg.variant + "' does not run " + cfg.scenario + "; ") +
                           cfg.scenario + " takes: " + own);
    }
    if (cfg.rounds < 1) throw config_error("rounds must be at least 1, not " + std::to_string(cfg.rounds));
    std::map<std::string, bool> on = v->preset;
    for (const auto& [name, value] : cfg.switches) {
        if (!find_switch(name))
            throw config_error("unknown switch '" + name + "' (known: " + joined_names(switches()) + ")");
        if (!v->preset.contains(name)) {
            std::string own;
            for (const auto& [n, _] : v->preset) detail::append(own, ", ", n);
            throw config_error("switch '" + name + "' does not apply to variant '" + v->name + "' (" +
                               v->algorithm + " code; its switches: " + (own.empty() ? "none" : own) + ")");
        }
        on[name] = value;
    }
    for (const auto& group : fam.exclusive_switch_groups) {
        std::string names;
        int count = 0;
        for (const auto& name : group) {
            detail::append(names, ", ", name);
            const auto it = on.find(name);
            count += (it != on.end() && it->second) ? 1 : 0;
        }
        if (count > 1) throw config_error("switches " + names + " exclude each other; turn on at most one");
    }
    threads_of(cfg);  // validates the thread options
    return on;
}

std::map<std::string, bool> all_switch_values(const run_config& cfg) {
    return detail::family_of_scenario(cfg.scenario).all_switch_values(with_defaults(cfg), resolve_switches(cfg));
}

const std::vector<std::vector<std::string>>& exclusive_switch_groups() {
    static const std::vector<std::vector<std::string>> groups = gathered(&detail::family::exclusive_switch_groups);
    return groups;
}

const char* kernel_file_of(std::string_view function, std::string_view algorithm) {
    for (const detail::family* f : detail::families())
        if (const char* file = f->kernel_file_of(function, algorithm)) return file;
    return nullptr;
}

}  // namespace lockstep
