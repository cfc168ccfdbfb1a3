#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>

#include <chrono>
#include <unordered_set>

namespace lockstep {

namespace {

// The search tree, stored as parent links: a node's schedule is rebuilt when it is expanded.
struct node {
    std::uint32_t parent;
    thread_id choice;
    std::uint32_t depth;
};

std::vector<thread_id> path_to(const std::vector<node>& nodes, std::uint32_t at) {
    std::vector<thread_id> path(nodes[at].depth);
    for (std::uint32_t i = at; i != 0; i = nodes[i].parent) path[nodes[i].depth - 1] = nodes[i].choice;
    return path;
}

void replay(engine& e, const std::vector<thread_id>& path) {
    e.reset();
    for (thread_id t : path) e.step(t);
}

// Depth first with a visited set: the engine walks on from the state it is in for the first
// child of every node and replays the path only when it backtracks, which is about half the
// replays of breadth first (and replays are the cost: each one restarts every fiber).
// Returns the first violating schedule found, if any.
std::optional<std::vector<thread_id>> explore_depth_first(engine& e, const check_options& opt,
                                                          check_result& result) {
    struct frame {
        std::vector<thread_id> todo;
    };
    std::unordered_set<std::uint64_t> visited{e.state_hash()};
    std::vector<frame> stack{{e.runnable()}};
    std::vector<thread_id> path;
    bool at_path = true;
    while (!stack.empty()) {
        if ((opt.cancel && opt.cancel->load()) ||
            (opt.progress && (result.transitions & 0xffff) == 0 && !opt.progress(check_progress{visited.size(), result.transitions, path.size(), 0, 0}))) {
            result.cancelled = true;
            result.complete = false;
            break;
        }
        frame& f = stack.back();
        if (f.todo.empty()) {
            stack.pop_back();
            if (!path.empty()) path.pop_back();
            at_path = false;
            continue;
        }
        const thread_id t = f.todo.back();
        f.todo.pop_back();
        if (!at_path) {
            replay(e, path);
            ++result.executions;
            result.transitions += path.size();
        }
        e.step(t);
        ++result.transitions;
        path.push_back(t);
        if (!e.verdicts().empty()) {
            result.states = visited.size();
            return path;
        }
        const bool fresh = visited.insert(e.state_hash()).second;
        if (visited.size() > opt.max_states) {
            result.complete = false;
            break;
        }
        if (fresh && path.size() >= opt.max_steps) {
            result.hit_step_bound = true;
            result.complete = false;
        }
        if (!fresh || path.size() >= opt.max_steps) {
            path.pop_back();
            at_path = false;
            continue;
        }
        at_path = true;
        stack.push_back({e.runnable()});
    }
    result.states = visited.size();
    return std::nullopt;
}

// Breadth first: the first violation found has a shortest schedule. Used once depth first has
// shown there is one, and stopped at the first layer that holds one.
std::optional<std::vector<thread_id>> shortest_violation(engine& e, const check_options& opt,
                                                         check_result& result) {
    std::vector<node> nodes{{0, no_thread, 0}};
    std::unordered_set<std::uint64_t> visited{e.state_hash()};
    for (std::uint32_t at = 0; at < nodes.size(); ++at) {
        if (opt.cancel && opt.cancel->load()) break;
        if (nodes[at].depth >= opt.max_steps) continue;
        const std::vector<thread_id> path = path_to(nodes, at);
        replay(e, path);
        ++result.executions;
        result.transitions += path.size();
        const std::vector<thread_id> children = e.runnable();
        bool fresh = true;  // the engine stands at `path` for the first child only
        for (thread_id t : children) {
            if (!fresh) {
                replay(e, path);
                ++result.executions;
                result.transitions += path.size();
            }
            fresh = false;
            e.step(t);
            ++result.transitions;
            if (!e.verdicts().empty()) {
                auto found = path;
                found.push_back(t);
                return found;
            }
            if (visited.insert(e.state_hash()).second && visited.size() <= opt.max_states)
                nodes.push_back({at, t, nodes[at].depth + 1});
        }
    }
    return std::nullopt;
}

}  // namespace

check_result check(const run_config& cfg, const check_options& opt) {
    const auto start = std::chrono::steady_clock::now();
    check_result result;

    // Search fast, trace once: no events while searching, and no step budget (a cycle in the
    // state graph is cut by the visited set instead).
    run_config fast = cfg;
    fast.trace = false;
    fast.step_budget = UINT64_MAX;
    engine e(fast);

    std::optional<std::vector<thread_id>> found = explore_depth_first(e, opt, result);
    if (found) {
        check_options bounded = opt;
        bounded.max_steps = std::min<std::uint64_t>(opt.max_steps, found->size());
        if (auto shorter = shortest_violation(e, bounded, result)) found = shorter;
        // Trace the failing schedule once, with events, for the verdicts' words.
        engine traced(cfg);
        for (thread_id t : *found) traced.step(t);
        result.violation = found;
        result.verdicts = traced.verdicts();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace lockstep
