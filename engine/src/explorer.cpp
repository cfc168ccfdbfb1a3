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

    std::vector<node> nodes{{0, no_thread, 0}};
    std::unordered_set<std::uint64_t> visited{e.state_hash()};
    std::optional<std::vector<thread_id>> found;

    // Breadth first: nodes[] is also the queue, so the first violation has a shortest schedule.
    for (std::uint32_t at = 0; at < nodes.size() && !found; ++at) {
        if ((opt.cancel && opt.cancel->load()) || (opt.progress && (at & 1023) == 0 && !opt.progress(visited.size()))) {
            result.cancelled = true;
            result.complete = false;
            break;
        }
        if (nodes[at].depth >= opt.max_steps) {
            result.hit_step_bound = true;
            result.complete = false;
            continue;
        }
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
                found = path;
                found->push_back(t);
                break;
            }
            if (visited.insert(e.state_hash()).second) {
                if (visited.size() > opt.max_states) {
                    result.complete = false;
                    break;
                }
                nodes.push_back({at, t, nodes[at].depth + 1});
            }
        }
        if (visited.size() > opt.max_states) break;
    }
    result.states = visited.size();

    if (found) {
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
