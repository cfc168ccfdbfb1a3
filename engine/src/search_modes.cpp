#include "search_modes.hpp"

#include "process_memory.hpp"

#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <unordered_map>
#include <unordered_set>

namespace lockstep::detail {

namespace {

using clock = std::chrono::steady_clock;

// Search fast, trace once: no events while searching, and no step budget (the visited set
// cuts cycles in the bounded search, max_steps ends a random run).
run_config untraced(const run_config& cfg) {
    run_config fast = cfg;
    fast.trace = false;
    fast.step_budget = UINT64_MAX;
    return fast;
}

void replay(engine& e, const std::vector<choice>& path, check_result& result) {
    e.reset();
    for (const choice& c : path) e.step(c);
    ++result.executions;
    result.transitions += path.size();
}

// Asked before every step: whether to go on. It looks at the cancel flag every time (a relaxed
// load) and at the clock every 256 calls, and calls options.progress about ten times a second.
class reporter {
public:
    explicit reporter(const check_options& options) : options_(options), start_(clock::now()), last_(start_) {}

    bool go_on(const check_result& result, std::uint64_t states) {
        if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) return false;
        if (!options_.progress || (++calls_ & 0xff) != 0) return true;
        const clock::time_point now = clock::now();
        if (now - last_ < std::chrono::milliseconds(100)) return true;
        last_ = now;
        return options_.progress(
            check_progress{states, result.transitions, result.max_depth, seconds(), resident_memory_bytes()});
    }

    double seconds() const { return std::chrono::duration<double>(clock::now() - start_).count(); }

private:
    const check_options& options_;
    clock::time_point start_, last_;
    std::uint64_t calls_ = 0;
};

// Trace the failing schedule once, with events, for the verdicts' words; fill in the summary.
void finish(const run_config& cfg, std::optional<std::vector<choice>> found, const reporter& rep,
            check_result& result) {
    if (found) {
        engine traced(cfg);
        for (const choice& c : *found) traced.step(c);
        result.verdicts = traced.verdicts();
        result.violation = std::move(found);
        result.complete = false;  // the search stopped there
    }
    result.seconds = rep.seconds();
    result.peak_memory_bytes = peak_resident_memory_bytes();
}

// ---- preemption bounding ----------------------------------------------------------------------

// A state as the bound sees it: what the engine hashes, and who took the last step, since
// whether the next step preempts depends on it.
struct bounded_state {
    std::uint64_t hash;
    thread_id last;
    bool operator==(const bounded_state&) const = default;
};

struct bounded_state_hash {
    std::size_t operator()(const bounded_state& s) const {
        return static_cast<std::size_t>(s.hash ^ (static_cast<std::uint64_t>(s.last + 1) * 0x9e3779b97f4a7c15ULL));
    }
};

// Each (state, last thread) with the fewest preemptions it has been reached with.
using bounded_visited = std::unordered_map<bounded_state, unsigned, bounded_state_hash>;

// Whether a state reached with `used` preemptions has anything new to show: not if it was
// reached before with no more preemptions used (that visit had at least as much budget left).
bool first_with(bounded_visited& visited, bounded_state s, unsigned used) {
    auto [it, fresh] = visited.try_emplace(s, used);
    if (fresh) return true;
    if (it->second <= used) return false;
    it->second = used;
    return true;
}

struct bounded_step {
    choice step;
    unsigned preemptions;  // used once this step is taken
};

class preemption_search {
public:
    preemption_search(engine& e, const check_options& options, check_result& result, reporter& rep)
        : e_(e), options_(options), result_(result), rep_(rep) {}

    // The steps from where the engine stands, after `last`, with `used` preemptions spent, as a
    // stack (the back is taken first): the last thread going on first, since that costs
    // nothing, then the others by thread id. Steps the bound leaves out are counted.
    // A step's outcomes under a weak memory (which store a load reads) cost no preemption.
    std::vector<bounded_step> choices(thread_id last, unsigned used, unsigned bound) {
        const std::vector<choice> ready = possible_steps(e_);
        const bool last_can_run = last != no_thread && e_.can_run(last);
        std::vector<bounded_step> todo;
        todo.reserve(ready.size());
        for (auto it = ready.rbegin(); it != ready.rend(); ++it) {
            if (it->thread == last) continue;
            const unsigned cost = last_can_run ? 1 : 0;
            if (used + cost > bound) {
                bound_cut_ = true;
                continue;
            }
            todo.push_back({*it, used + cost});
        }
        if (last_can_run)
            for (auto it = ready.rbegin(); it != ready.rend(); ++it)
                if (it->thread == last) todo.push_back({*it, used});
        return todo;
    }

    // One pass with `bound` preemptions, depth first: the engine walks on from where it stands
    // for the first step out of each state and replays the path only when it backtracks.
    std::optional<std::vector<choice>> depth_first(unsigned bound) {
        bound_cut_ = false;
        bounded_visited visited;
        e_.reset();
        ++result_.executions;
        visited.emplace(bounded_state{e_.state_hash(), no_thread}, 0u);
        seen_.insert(e_.state_hash());
        std::vector<std::vector<bounded_step>> stack{choices(no_thread, 0, bound)};
        std::vector<choice> path;
        bool at_path = true;
        while (!stack.empty()) {
            if (!rep_.go_on(result_, seen_.size())) {
                result_.cancelled = true;
                stopped_ = true;
                break;
            }
            std::vector<bounded_step>& todo = stack.back();
            if (todo.empty()) {
                stack.pop_back();
                if (!path.empty()) path.pop_back();
                at_path = false;
                continue;
            }
            const bounded_step c = todo.back();
            todo.pop_back();
            if (!at_path) replay(e_, path, result_);
            e_.step(c.step);
            ++result_.transitions;
            path.push_back(c.step);
            result_.max_depth = std::max<std::uint64_t>(result_.max_depth, path.size());
            if (!e_.verdicts().empty()) return path;
            const std::uint64_t hash = e_.state_hash();
            const bool fresh = first_with(visited, {hash, c.step.thread}, c.preemptions);
            if (fresh && seen_.insert(hash).second && seen_.size() > options_.max_states) {
                result_.hit_state_limit = true;
                stopped_ = true;
                break;
            }
            if (fresh && path.size() >= options_.max_steps) result_.hit_step_bound = true;
            if (!fresh || path.size() >= options_.max_steps) {
                path.pop_back();
                at_path = false;
                continue;
            }
            at_path = true;
            stack.push_back(choices(c.step.thread, c.preemptions, bound));
        }
        return std::nullopt;
    }

    // Breadth first with the same bound, up to `max_depth` steps: the first violation it meets
    // has the fewest steps among the schedules within the bound. (A state met again with no
    // fewer preemptions was met first at no greater depth, so leaving it out loses nothing.)
    std::optional<std::vector<choice>> breadth_first(unsigned bound, std::uint64_t max_depth) {
        struct node {
            std::uint32_t parent;
            choice step;
            std::uint32_t depth;
            unsigned preemptions;
        };
        std::vector<node> nodes{{0, choice{}, 0, 0}};
        e_.reset();
        bounded_visited visited{{bounded_state{e_.state_hash(), no_thread}, 0u}};
        std::vector<choice> path;
        for (std::uint32_t at = 0; at < nodes.size(); ++at) {
            if (nodes[at].depth >= max_depth) continue;
            if (!rep_.go_on(result_, seen_.size())) {
                result_.cancelled = true;
                break;
            }
            path.assign(nodes[at].depth, choice{});
            for (std::uint32_t i = at; i != 0; i = nodes[i].parent) path[nodes[i].depth - 1] = nodes[i].step;
            replay(e_, path, result_);
            bool fresh_engine = true;  // the engine stands at `path` for the first step only
            for (const bounded_step& c : choices(nodes[at].step.thread, nodes[at].preemptions, bound)) {
                if (!fresh_engine) replay(e_, path, result_);
                fresh_engine = false;
                e_.step(c.step);
                ++result_.transitions;
                if (!e_.verdicts().empty()) {
                    path.push_back(c.step);
                    return path;
                }
                if (first_with(visited, {e_.state_hash(), c.step.thread}, c.preemptions) && nodes.size() <= options_.max_states)
                    nodes.push_back({at, c.step, nodes[at].depth + 1, c.preemptions});
            }
        }
        return std::nullopt;
    }

    bool bound_cut() const { return bound_cut_; }
    bool stopped() const { return stopped_; }
    std::uint64_t states() const { return seen_.size(); }

private:
    engine& e_;
    const check_options& options_;
    check_result& result_;
    reporter& rep_;
    // Distinct engine states met, whoever stepped last: what `states` counts, as in check().
    // Each pass meets every state the one before it met, so this is the last pass's count.
    std::unordered_set<std::uint64_t> seen_;
    bool bound_cut_ = false;  // this pass left out a step for the bound
    bool stopped_ = false;    // cancelled, or at max_states
};

}  // namespace

check_result check_preemption_bounded(const run_config& cfg, const check_options& options) {
    reset_peak_resident_memory();  // the peak reported is this search's
    reporter rep(options);
    check_result result;
    const unsigned bound = options.preemptions.value_or(0);
    result.mode = "preemption-bounded (" + std::to_string(bound) + ")";
    engine e(untraced(cfg));
    preemption_search search(e, options, result, rep);
    std::optional<std::vector<choice>> found;
    bool covered_all = false;
    for (unsigned k = 0; k <= bound; ++k) {
        found = search.depth_first(k);
        if (found) {
            // The fewest steps among the schedules with at most k preemptions (none with
            // fewer preemptions breaks anything: the pass before found nothing).
            if (auto shorter = search.breadth_first(k, found->size())) found = shorter;
            break;
        }
        if (search.stopped()) break;
        if (!search.bound_cut()) {
            // The bound left nothing out: more preemptions would explore the same schedules.
            covered_all = true;
            break;
        }
    }
    result.states = search.states();
    result.complete = !found && covered_all && !result.hit_step_bound;
    finish(cfg, std::move(found), rep, result);
    return result;
}

check_result check_random(const run_config& cfg, const check_options& options) {
    reset_peak_resident_memory();
    reporter rep(options);
    check_result result;
    result.mode = "random (" + std::to_string(options.random_runs) + " runs, seed " + std::to_string(options.seed) + ")";
    result.complete = false;  // never: a run not made could break an invariant
    engine e(untraced(cfg));
    std::unordered_set<std::uint64_t> seen{e.state_hash()};
    std::optional<std::vector<choice>> found;
    std::vector<choice> path;
    bool stop = false;
    for (std::uint64_t run = 0; run < options.random_runs && !stop; ++run) {
        e.reset();
        ++result.executions;
        // Each run from a seed of its own, so that one run can be replayed alone.
        std::mt19937_64 rng(options.seed + run);
        path.clear();
        for (;;) {
            if (!rep.go_on(result, seen.size())) {
                result.cancelled = stop = true;
                break;
            }
            const std::vector<thread_id> ready = e.runnable();
            if (ready.empty()) break;
            if (path.size() >= options.max_steps) {
                result.hit_step_bound = true;
                break;
            }
            const thread_id t = ready[static_cast<std::size_t>(rng() % ready.size())];
            // Under a weak memory, an outcome of the step at random too (drawn only then, so
            // that a seed gives the same runs as before under SC).
            const int n = e.options(t);
            const choice c{t, n > 1 ? static_cast<int>(rng() % static_cast<std::uint64_t>(n)) : 0, e.option_kind(t)};
            e.step(c);
            ++result.transitions;
            path.push_back(c);
            if (!e.verdicts().empty()) {
                found = path;
                stop = true;
                break;
            }
            if (seen.insert(e.state_hash()).second && seen.size() > options.max_states) {
                result.hit_state_limit = stop = true;
                break;
            }
        }
        result.max_depth = std::max<std::uint64_t>(result.max_depth, path.size());
    }
    result.states = seen.size();
    finish(cfg, std::move(found), rep, result);
    return result;
}

}  // namespace lockstep::detail

namespace lockstep {

unsigned preemptions_in(const run_config& cfg, const std::vector<choice>& schedule) {
    run_config fast = cfg;
    fast.trace = false;
    engine e(fast);
    unsigned n = 0;
    thread_id last = no_thread;
    for (const choice& c : schedule) {
        if (last != no_thread && c.thread != last && e.can_run(last)) ++n;
        e.step(c);
        last = c.thread;
    }
    return n;
}

}  // namespace lockstep
