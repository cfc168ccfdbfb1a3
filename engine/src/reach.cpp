// Searching the interleavings for a state (a challenge's goal) instead of a violation. Two
// passes over one engine: a quick guided pass that finds typical goals in few states, then an
// exhaustive one that either finds the goal or proves, within its bound, that none can.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include <algorithm>
#include <chrono>
#include <queue>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace lockstep {

namespace {

class searcher {
public:
    searcher(const run_config& cfg, const reach_goal& goal, const reach_options& opt, reach_result& r)
        : e_(fast(cfg)), goal_(goal), opt_(opt), r_(r) {}

    // Best first over "moves": a move lets one thread run until the watched value changes, or
    // until it cannot run. Interleaving only where the value the goal depends on changes is
    // what a person does by hand ("let R1 in, then R2, then W") and cuts the states by orders
    // of magnitude; it proves nothing, as the finer interleavings are skipped. The order is
    // A*'s: fewest moves so far plus the distance still to go first, so that a state which
    // looks near but got there by a detour (the writer already gone) waits behind the
    // straight way.
    std::optional<std::vector<choice>> guided(std::uint64_t max_states) {
        struct move {
            std::uint32_t parent;
            choice first;         // its first step; the others are the same thread's SC steps
            std::uint32_t steps;  // how many steps of `thread` the move took
            std::uint32_t depth;  // steps from the start
            std::uint32_t count;  // moves from the start
        };
        std::vector<move> moves{{0, choice{}, 0, 0, 0}};
        std::unordered_set<std::uint64_t> seen{e_.state_hash()};
        // moves + distance, distance (nearer first among equals), move
        using entry = std::tuple<std::uint64_t, std::uint64_t, std::uint32_t>;
        std::priority_queue<entry, std::vector<entry>, std::greater<>> open;
        auto distance = [&]() -> std::uint64_t { return goal_.distance ? goal_.distance(e_) : 0; };
        open.emplace(distance(), distance(), 0);
        auto path_to = [&](std::uint32_t at) {
            std::vector<choice> path(moves[at].depth);
            for (std::uint32_t i = at; i != 0; i = moves[i].parent)
                for (std::uint32_t k = 0; k < moves[i].steps; ++k)
                    path[moves[i].depth - 1 - k] = k + 1 == moves[i].steps ? moves[i].first : choice{moves[i].first.thread};
            return path;
        };
        while (!open.empty()) {
            if (cancelled() || seen.size() >= max_states) break;
            const std::uint32_t at = std::get<2>(open.top());
            open.pop();
            if (moves[at].depth >= opt_.max_steps) continue;
            const std::vector<choice> path = path_to(at);
            go(path);
            for (const choice& c : possible_steps(e_)) {
                const thread_id t = c.thread;
                go(path);
                const std::uint64_t before = goal_.watch(e_);
                std::uint32_t steps = 0;
                do {
                    const choice step = steps == 0 ? c : choice{t};
                    e_.step(step);
                    standing_.push_back(step);
                    ++steps;
                    if (goal_.reached(e_)) return standing_;
                } while (e_.can_run(t) && goal_.watch(e_) == before && standing_.size() < opt_.max_steps);
                if (!seen.insert(e_.state_hash()).second) continue;
                const auto next = static_cast<std::uint32_t>(moves.size());
                moves.push_back({at, c, steps, moves[at].depth + steps, moves[at].count + 1});
                const std::uint64_t d = distance();
                open.emplace(moves[next].count + d, d, next);
            }
        }
        r_.states += seen.size();
        return std::nullopt;
    }

    // Depth first with every state remembered with the fewest steps it was reached in: a state
    // met again by a shorter schedule is searched again, so that "not found within max_steps"
    // holds for every schedule of that length, not only the ones the search happened to try.
    std::optional<std::vector<choice>> exhaustive(std::uint64_t max_states) {
        go({});
        std::unordered_map<std::uint64_t, std::uint32_t> seen{{e_.state_hash(), 0}};
        std::vector<std::vector<choice>> todo{first_thread_first(possible_steps(e_))};
        std::vector<choice> path;
        while (!todo.empty()) {
            if (cancelled()) break;
            if (todo.back().empty()) {
                todo.pop_back();
                if (!path.empty()) path.pop_back();
                continue;
            }
            const choice c = todo.back().back();
            todo.back().pop_back();
            go(path);
            e_.step(c);
            standing_.push_back(c);
            path.push_back(c);
            if (goal_.reached(e_)) return path;
            const auto depth = static_cast<std::uint32_t>(path.size());
            auto [it, fresh] = seen.try_emplace(e_.state_hash(), depth);
            const bool shorter = !fresh && depth < it->second;
            if (shorter) it->second = depth;
            if (seen.size() > max_states) {
                r_.hit_state_limit = true;
                r_.complete = false;
                break;
            }
            if ((fresh || shorter) && depth >= opt_.max_steps && !e_.finished()) r_.hit_step_bound = true;
            if (!(fresh || shorter) || depth >= opt_.max_steps) {
                path.pop_back();
                continue;
            }
            todo.push_back(first_thread_first(possible_steps(e_)));
        }
        r_.states += seen.size();
        return std::nullopt;
    }

    engine& run() { return e_; }

    // The order children are tried in changes only how soon a goal is found, not what a
    // search that ends without one proves. Lower thread ids first (readers before the writer,
    // the first process before the second, as the scenarios list them) found the shipped
    // challenges' races 3 to 10 times sooner than the reverse, measured on lessons/.
    static std::vector<choice> first_thread_first(std::vector<choice> runnable) {
        std::reverse(runnable.begin(), runnable.end());  // taken from the back
        return runnable;
    }

private:
    // Search fast: no events, and no livelock budget (the visited states cut cycles instead).
    static run_config fast(run_config cfg) {
        cfg.trace = false;
        cfg.step_budget = UINT64_MAX;
        return cfg;
    }

    bool cancelled() {
        if (opt_.cancel && opt_.cancel->load()) {
            r_.cancelled = true;
            r_.complete = false;
        }
        return r_.cancelled;
    }

    // Brings the engine to the end of `path`: free when it stands there already, else a replay
    // from the start (replaying is cheap next to keeping a copy of every state).
    void go(const std::vector<choice>& path) {
        if (standing_ == path) return;
        e_.reset();
        for (const choice& c : path) e_.step(c);
        standing_ = path;
        ++r_.executions;
    }

    engine e_;
    const reach_goal& goal_;
    const reach_options& opt_;
    reach_result& r_;
    std::vector<choice> standing_;  // the schedule the engine is at
};

}  // namespace

reach_result reach(const run_config& cfg, const reach_goal& goal, const reach_options& opt) {
    const auto start = std::chrono::steady_clock::now();
    reach_result r;
    searcher s(cfg, goal, opt, r);
    if (goal.reached(s.run())) {
        r.schedule = std::vector<choice>{};
    } else {
        // The guided pass gets a quarter of the budget; the exhaustive one whatever is left.
        if (goal.watch) r.schedule = s.guided(opt.max_states / 4);
        if (!r.schedule && !r.cancelled) r.schedule = s.exhaustive(opt.max_states - std::min(r.states, opt.max_states));
    }
    if (r.schedule) {
        r.complete = true;
        r.hit_state_limit = false;
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace lockstep
