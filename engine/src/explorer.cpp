// The exhaustive search behind `check` and "Find a violation".
//
// States are the engine's canonical states: shared memory plus where each thread is, with the
// interchangeable threads (the readers) sorted, so that a state reached with R1 and R2 swapped
// is one state (symmetry). Of two steps that commute, one order is enough: a sleep set carries
// the steps already explored from an earlier state that the steps since have not touched
// (partial-order reduction over footprints: the cells each step read and changed, as the
// engine recorded them). Sleep sets drop transitions, never states, so every reachable state
// is still visited and checked; with state caching a state reached again with a smaller sleep
// set explores what it had put to sleep the first time. A step that no other thread can
// observe (it touches only cells the scenario declared stable or private to the thread) is
// no scheduling point: it is taken together with the thread's next visible step, so the
// states between them are never stored.
//
// Under --memory lkmm a step is a thread and an outcome: which store its load reads, where its
// store lands. The state hash then counts stores by coherence position and leaves out those no
// running thread can read any more (weak_memory::hash), POR carries over with a thread asleep
// standing for all its outcomes (after_edge), and symmetry with each thread's views sorted
// into its slot along with the rest of it (machine::canonical_hash).
//
// The search runs depth first on every core. Each worker has its own engine (fibers belong to
// the thread that made them) and backtracks with engine::go_to(), which puts back only what
// the threads that moved since had changed (machine::rewind: their records, and their fibers
// only when they would read something else than before); an idle worker takes unexplored
// siblings from a busy one, replaying the path to them. A violation found depth first is then
// made shortest by a breadth-first pass over the same reduced graph, bounded by its length.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include "process_memory.hpp"
#include "search_modes.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace lockstep {

namespace {

using clock_type = std::chrono::steady_clock;

// A step already explored from an earlier state, and what it touched there.
struct sleeper {
    thread_id thread;
    step_footprint footprint;
};
using sleep_set = std::vector<sleeper>;

// Steps a thread may take unseen in a row before the search calls it a loop that never ends.
constexpr std::uint32_t max_unseen_steps = 10'000;

// One edge of the reduced graph: `t`'s steps up to and including the first one another thread
// could observe, or up to the point where it blocks (with `merge` off, one step). The steps
// before are deferred, not dropped: they commute with every other thread's steps, so any
// interleaving is one that takes them just before the thread's next visible step, and a
// schedule built this way is no longer than the one it stands for. Returns the steps taken;
// `fp` gets what they touched together.
std::uint32_t take(engine& e, choice c, bool merge, step_footprint& fp) {
    const thread_id t = c.thread;
    fp = {};
    fp.invisible = true;
    for (std::uint32_t n = 1;; ++n) {
        e.step(n == 1 ? c : choice{t});
        const step_footprint& s = e.last_footprint();
        fp |= s;
        // A step with a choice of outcomes (a weak load) is an edge of its own, with each outcome.
        if (!merge || !s.invisible || !e.can_run(t) || e.options(t) != 1) return n;
        if (n == max_unseen_steps)
            throw std::logic_error(e.thread_name(t) + " took " + std::to_string(n) +
                                   " steps in a row that no other thread can see: a loop that never ends");
    }
}

// The steps of an edge taken with take(): its choice, then the merged steps of the same thread
// (each the SC outcome: a step with other outcomes is never merged, it touches a weak cell).
void append_edge(std::vector<choice>& path, choice c, std::uint32_t took) {
    path.push_back(c);
    path.insert(path.end(), took - 1, choice{c.thread});
}

// The sleep set of the state an edge of `t` leads to, from `explored` (the sleepers of the state
// it left, then the siblings taken before it): those its steps did not touch, which commute with
// it. `t` then joins the siblings explored. Without POR nothing sleeps.
//
// Under a weak memory a thread has one sibling per outcome of its step (each store its load may
// read, each place its store may land); they are alternatives, not steps that commute, so an
// earlier outcome of `t` never puts `t` to sleep after a later one. The siblings of one thread
// are taken one after another, so a thread that sleeps (all its outcomes at once) is one whose
// every outcome was explored, and it sleeps on what they touched together. A step of another
// thread that touches none of that commutes with each outcome and leaves the outcomes as they
// were: it adds no store where they read or land, and does not move the loader's view.
sleep_set after_edge(sleep_set& explored, thread_id t, const step_footprint& fp, bool por) {
    sleep_set child;
    if (!por) return child;
    for (const sleeper& z : explored)
        if (z.thread != t && !z.footprint.dependent(fp)) child.push_back(z);
    if (!explored.empty() && explored.back().thread == t) explored.back().footprint |= fp;
    else explored.push_back({t, fp});
    return child;
}

// A state as the visited set and the search need it: the key the visited set knows it by
// (canonical under the symmetry when it is used, else the plain state), each thread's slot in
// it, and the threads worth a step from it. Of two threads in exactly the same situation (two
// readers at one point, neither named anywhere the other is not), a step of either leads to the
// same state up to their swap, so only the lower-numbered one is offered.
struct sight {
    std::uint64_t hash = 0;
    std::vector<thread_id> slot_of;
    std::vector<choice> runnable;  // each runnable thread with each outcome of its next step
    std::uint32_t twins = 0;  // runnable threads left out for an identical one
};

sight look(const engine& e, bool symmetry) {
    sight v;
    std::vector<thread_id> twin_of;
    if (symmetry) {
        v.hash = e.canonical_hash(&v.slot_of, &twin_of);
    } else {
        v.hash = e.state_hash();
        v.slot_of.resize(e.thread_count());
        for (std::size_t t = 0; t < v.slot_of.size(); ++t) v.slot_of[t] = static_cast<thread_id>(t);
    }
    for (const choice& c : possible_steps(e)) {
        if (!twin_of.empty() && twin_of[c.thread] != c.thread) ++v.twins;
        else v.runnable.push_back(c);
    }
    return v;
}

// Puts the engine at the end of `path`: back to where its own path and `path` part (re-running
// only the threads that moved since, engine::go_to), then on along `path`. Returns the steps
// taken forward and whether it had to start over from the beginning.
struct moved { std::uint64_t steps; bool from_start; };
moved move_to(engine& e, const std::vector<choice>& path) {
    const std::vector<choice> now = e.choices();
    const std::size_t common =
        static_cast<std::size_t>(std::mismatch(now.begin(), now.end(), path.begin(), path.end()).first - now.begin());
    const bool rewound = common < now.size() ? e.go_to(common) : true;
    for (std::size_t k = common; k < path.size(); ++k) e.step(path[k]);
    return {path.size() - common, common == 0 || !rewound};
}

unsigned jobs_for(const check_options& opt) {
    return opt.jobs != 0 ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
}

// Threads that share one search: the first exception any of them throws is kept, the others
// are told to stop (`stop`), and join() rethrows it on the caller's thread.
class search_threads {
public:
    explicit search_threads(std::function<void()> stop) : stop_(std::move(stop)) {}
    ~search_threads() {
        for (std::thread& t : threads_)
            if (t.joinable()) t.join();
    }
    template <class Body>
    void spawn(Body body) {
        threads_.emplace_back([this, body] { guarded(body); });
    }
    // Runs `body` on the calling thread, under the same rule.
    template <class Body>
    void guarded(Body&& body) {
        try {
            body();
        } catch (...) {
            {
                std::lock_guard lock(mutex_);
                if (!failure_) failure_ = std::current_exception();
            }
            stop_();
        }
    }
    void join() {
        for (std::thread& t : threads_) t.join();
        threads_.clear();
        if (failure_) std::rethrow_exception(failure_);
    }

private:
    std::function<void()> stop_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::exception_ptr failure_;
};

// Threads by canonical slot, as a mask (scenarios have far fewer than 32 threads).
std::uint32_t slot_mask(const sleep_set& sleep, const std::vector<thread_id>& slot_of) {
    std::uint32_t m = 0;
    for (const sleeper& s : sleep) m |= 1u << slot_of[s.thread];
    return m;
}

// The visited states and, for each, the slots that were asleep when it was explored (those
// transitions were not taken from it). Sharded so that workers rarely wait for each other; each
// shard is an open-addressing table (keys and masks in flat arrays, linear probing), since a
// lookup is a cache miss more often than not and a chained map pays one per node it walks.
class visited_set {
public:
    // What to explore from a state reached with `asleep` (slots): every slot not asleep when
    // it is new; when it was seen before, the slots it left asleep then but that are awake
    // now. Returns (is new, slots to explore).
    std::pair<bool, std::uint32_t> arrive(std::uint64_t hash, std::uint32_t asleep) {
        const std::uint64_t key = hash != 0 ? hash : 1;  // 0 marks an empty slot
        shard& s = shards_[key % shard_count];
        std::lock_guard lock(s.mutex);
        if ((s.used + 1) * 2 > s.keys.size()) s.grow();
        std::size_t at = s.slot(key);
        while (s.keys[at] != 0 && s.keys[at] != key) at = (at + 1) & (s.keys.size() - 1);
        if (s.keys[at] == 0) {
            s.keys[at] = key;
            s.asleep[at] = asleep;
            ++s.used;
            size_.fetch_add(1, std::memory_order_relaxed);
            return {true, ~asleep};
        }
        const std::uint32_t missed = s.asleep[at] & ~asleep;
        s.asleep[at] &= asleep;
        return {false, missed};
    }
    std::uint64_t size() const { return size_.load(std::memory_order_relaxed); }

private:
    static constexpr std::size_t shard_count = 64;
    struct shard {
        std::mutex mutex;
        std::vector<std::uint64_t> keys;  // a power of two long
        std::vector<std::uint32_t> asleep;
        std::size_t used = 0;
        // The shard's own bits of the key pick the slot (the low ones picked the shard).
        std::size_t slot(std::uint64_t key) const { return static_cast<std::size_t>(key >> 6) & (keys.size() - 1); }
        void grow() {
            std::vector<std::uint64_t> old_keys(std::max<std::size_t>(1024, keys.size() * 2), 0);
            std::vector<std::uint32_t> old_asleep(old_keys.size(), 0);
            old_keys.swap(keys);
            old_asleep.swap(asleep);
            for (std::size_t i = 0; i < old_keys.size(); ++i) {
                if (old_keys[i] == 0) continue;
                std::size_t at = slot(old_keys[i]);
                while (keys[at] != 0) at = (at + 1) & (keys.size() - 1);
                keys[at] = old_keys[i];
                asleep[at] = old_asleep[i];
            }
        }
    };
    std::array<shard, shard_count> shards_;
    std::atomic<std::uint64_t> size_{0};
};

// What the workers share.
struct shared_search {
    const check_options& opt;
    visited_set visited;
    std::atomic<std::uint64_t> transitions{0}, executions{0}, pruned{0}, merged{0}, rewinds{0}, max_depth{0};
    std::atomic<bool> stop{false};
    std::atomic<bool> hit_step_bound{false}, hit_state_limit{false}, cancelled{false};

    // A node handed from a busy worker to an idle one: the path to a state and what to
    // explore there.
    struct task {
        std::vector<choice> path;
        std::vector<choice> todo;
        sleep_set sleep;
    };
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<task> tasks;
    std::atomic<unsigned> idle{0};
    unsigned workers = 1;
    std::optional<std::vector<choice>> violation;

    explicit shared_search(const check_options& o) : opt(o) {}

    void found(const std::vector<choice>& path) {
        std::lock_guard lock(mutex);
        if (!violation || path.size() < violation->size()) violation = path;
        stop = true;
        wake.notify_all();
    }
};

class worker {
public:
    worker(const run_config& cfg, shared_search& s, bool symmetry, bool por)
        : e_(cfg), s_(s), symmetry_(symmetry), por_(por) {
        e_.track_footprints(por_);
        e_.keep_rewind_points(true);
    }

    // The root: explore from the first state.
    void start_at_root() {
        arrive({}, 0);
        run();
    }

    // Take handed-over nodes until the search is over.
    void serve() {
        for (;;) {
            shared_search::task t;
            {
                std::unique_lock lock(s_.mutex);
                ++s_.idle;
                s_.wake.notify_all();
                s_.wake.wait(lock, [&] { return s_.stop || !s_.tasks.empty() || s_.idle == s_.workers; });
                if (s_.stop || s_.tasks.empty()) {
                    s_.wake.notify_all();
                    return;
                }
                --s_.idle;
                t = std::move(s_.tasks.front());
                s_.tasks.pop_front();
            }
            base_ = t.path;
            path_.clear();
            replay();
            stack_.push_back({std::move(t.todo), std::move(t.sleep)});
            run();
        }
    }

private:
    struct frame {
        std::vector<choice> todo;     // left to explore from this node
        sleep_set sleep;              // asleep here, plus the siblings explored so far
        std::uint32_t took = 0;       // steps of the edge that led here from the frame below
    };

    // The engine stands at a state just reached with sleep set `sleep`: decide what to explore
    // from it and push its frame (nothing when it is known and nothing new is awake).
    void arrive(sleep_set sleep, std::uint32_t took) {
        const sight seen = look(e_, symmetry_);
        const auto [fresh, explore] = s_.visited.arrive(seen.hash, slot_mask(sleep, seen.slot_of));
        if (s_.visited.size() > s_.opt.max_states) {
            s_.hit_state_limit = true;
            s_.stop = true;
            return;
        }
        const std::size_t depth = base_.size() + path_.size();
        if (depth >= s_.opt.max_steps) {
            if (fresh && !e_.finished()) s_.hit_step_bound = true;
            return;
        }
        frame f;
        std::uint64_t pruned = fresh ? seen.twins : 0;
        for (const choice& c : seen.runnable) {
            if ((explore >> seen.slot_of[c.thread]) & 1) f.todo.push_back(c);
            else ++pruned;
        }
        s_.pruned.fetch_add(pruned, std::memory_order_relaxed);
        if (f.todo.empty()) return;
        std::reverse(f.todo.begin(), f.todo.end());  // taken from the back: lowest thread first
        f.sleep = std::move(sleep);
        f.took = took;
        stack_.push_back(std::move(f));
    }

    // Puts the engine at a handed-over node.
    void replay() {
        std::vector<choice> to = base_;
        to.insert(to.end(), path_.begin(), path_.end());
        const moved m = move_to(e_, to);
        ++(m.from_start ? executions_ : rewinds_);
        transitions_ += m.steps;
    }

    // Puts the engine back at the top frame's node, which lies on the path it has taken:
    // only the threads that moved since are re-run (engine::go_to).
    void back_up() {
        const std::size_t depth = base_.size() + path_.size();
        if (e_.go_to(depth)) {
            ++rewinds_;
        } else {  // started over: a scenario with a prologue
            ++executions_;
            transitions_ += depth;
        }
    }

    // The counters are the worker's own between polls: shared ones would bounce between cores
    // on every step.
    void flush_counts() {
        s_.transitions.fetch_add(transitions_, std::memory_order_relaxed);
        s_.executions.fetch_add(executions_, std::memory_order_relaxed);
        s_.merged.fetch_add(merged_, std::memory_order_relaxed);
        s_.rewinds.fetch_add(rewinds_, std::memory_order_relaxed);
        transitions_ = executions_ = merged_ = rewinds_ = 0;
    }

    // Depth first from the frames on the stack; the engine stands at the top frame's node.
    void run() {
        bool at_top = true;  // the engine stands at the node of the top frame
        std::uint64_t local_transitions = 0;
        while (!stack_.empty()) {
            if (s_.stop) break;
            if ((++local_transitions & 0x3ff) == 0 && !poll()) break;
            frame& f = stack_.back();
            if (f.todo.empty()) {
                path_.resize(path_.size() - f.took);
                stack_.pop_back();
                at_top = false;
                continue;
            }
            maybe_share();
            const choice c = f.todo.back();
            f.todo.pop_back();
            if (!at_top) back_up();
            step_footprint fp;
            const std::uint32_t took = take(e_, c, por_, fp);
            transitions_ += took;
            merged_ += took - 1;
            append_edge(path_, c, took);
            at_top = false;
            if (const std::size_t depth = base_.size() + path_.size(); depth > max_depth_) {
                max_depth_ = depth;
                std::uint64_t seen = s_.max_depth.load(std::memory_order_relaxed);
                while (depth > seen && !s_.max_depth.compare_exchange_weak(seen, depth)) {}
            }
            if (!e_.verdicts().empty()) {
                std::vector<choice> full = base_;
                full.insert(full.end(), path_.begin(), path_.end());
                s_.found(full);
                break;
            }
            sleep_set child = after_edge(f.sleep, c.thread, fp, por_);
            const std::size_t before = stack_.size();
            arrive(std::move(child), took);
            if (stack_.size() > before) {
                at_top = true;
            } else {
                path_.resize(path_.size() - took);
            }
        }
        stack_.clear();
        flush_counts();
    }

    // Progress and cancelling, polled every thousand steps or so by each worker.
    bool poll() {
        flush_counts();
        if (s_.opt.cancel && s_.opt.cancel->load()) {
            s_.cancelled = true;
            s_.stop = true;
            return false;
        }
        return true;
    }

    // Hand the shallowest unexplored siblings to an idle worker: shallow nodes carry the
    // biggest subtrees, so few handovers keep everyone busy.
    void maybe_share() {
        if (s_.workers == 1 || s_.idle == 0) return;
        std::lock_guard lock(s_.mutex);
        if (s_.idle == 0 || !s_.tasks.empty()) return;
        std::size_t steps_to = 0;  // path_'s steps up to the node of `level`
        for (std::size_t level = 0; level + 1 < stack_.size(); ++level) {
            frame& f = stack_[level];
            steps_to += f.took;
            if (f.todo.empty()) continue;
            shared_search::task t;
            t.path = base_;
            t.path.insert(t.path.end(), path_.begin(), path_.begin() + static_cast<std::ptrdiff_t>(steps_to));
            t.todo = std::move(f.todo);
            f.todo.clear();
            t.sleep = f.sleep;
            s_.tasks.push_back(std::move(t));
            s_.wake.notify_all();
            return;
        }
    }

    engine e_;
    shared_search& s_;
    bool symmetry_, por_;
    std::vector<choice> base_;  // the path to the node this worker started from
    std::vector<choice> path_;  // steps from there to the top frame's node
    std::vector<frame> stack_;
    std::uint64_t transitions_ = 0, executions_ = 0, merged_ = 0, rewinds_ = 0;
    std::size_t max_depth_ = 0;
};

// Breadth first over the same reduced graph, by the number of steps: an edge that carries
// steps no other thread can see is as long as its steps, so this is Dijkstra's order with the
// steps as weights, kept in one bucket per depth. A state is settled when its bucket comes up,
// not when it is first reached, since a later bucket may reach it by fewer steps; likewise a
// violation counts when its bucket comes up. Stopping at the first violation gives a shortest
// schedule to it; with a census, it goes on past violations (without going on from a state
// that broke an invariant) and notes the first depth where each invariant breaks.
//
// Each bucket is expanded on every core: a worker replays the path to a node and takes each of
// its edges, noting what the edge led to. The notes are then merged by one thread in the order
// of the nodes and their edges, which is the order a single worker would have taken them in,
// so the states, the buckets and the schedule found are the same whatever the number of jobs.
class breadth_first {
public:
    breadth_first(const run_config& cfg, const check_options& opt, bool symmetry, bool por, check_result& result)
        : cfg_(cfg), opt_(opt), symmetry_(symmetry), por_(por), result_(result) {}

    std::optional<std::vector<choice>> run(std::uint64_t max_depth, verdict_census* census) {
        {
            engine root(cfg_);
            pending_[0].push_back({no_node, choice{}, 0, {}, {}, look(root, symmetry_)});
        }
        const unsigned jobs = jobs_for(opt_);
        while (!pending_.empty()) {
            const auto bucket = pending_.begin();
            const std::uint64_t depth = bucket->first;
            std::vector<arrival> arrivals = std::move(bucket->second);
            pending_.erase(bucket);
            const std::size_t first = nodes_.size();
            for (arrival& a : arrivals) {
                if (cancelled() || visited_.size() > opt_.max_states) {
                    result_.complete = false;
                    result_.cancelled = cancelled();
                    result_.hit_state_limit = !result_.cancelled;
                    result_.states = std::max<std::uint64_t>(result_.states, visited_.size());
                    return std::nullopt;
                }
                if (!a.verdicts.empty()) {
                    if (!census) {
                        std::vector<choice> found = path_to(a.parent);
                        append_edge(found, a.step, a.took);
                        result_.states = std::max<std::uint64_t>(result_.states, visited_.size());
                        return found;
                    }
                    if (depth <= max_depth)
                        for (const std::string& invariant : a.verdicts)
                            if (census->shortest.try_emplace(invariant, depth).second) {
                                std::vector<choice> found = path_to(a.parent);
                                append_edge(found, a.step, a.took);
                                census->witness.emplace(invariant, std::move(found));
                            }
                    continue;
                }
                settle(a, depth, max_depth);
            }
            const std::size_t last = nodes_.size();
            std::vector<std::vector<outcome>> outcomes(last - first);
            expand(first, last, jobs, outcomes);
            for (std::size_t at = first; at < last; ++at) {
                for (outcome& o : outcomes[at - first])
                    pending_[depth + o.took].push_back({static_cast<std::uint32_t>(at), o.step, o.took,
                                                        std::move(o.verdicts), std::move(o.sleep), std::move(o.seen)});
                nodes_[at].todo = {};
                nodes_[at].sleep = {};
            }
        }
        result_.states = std::max<std::uint64_t>(result_.states, visited_.size());
        return std::nullopt;
    }

private:
    static constexpr std::uint32_t no_node = UINT32_MAX;
    // How a node was reached, kept apart from its work lists: path_to() walks these up to the
    // root, and packed they stay in the cache.
    struct link {
        std::uint32_t parent;  // no_node for the root
        choice step;
        std::uint32_t took;    // steps of the edge from the parent
    };
    struct node {
        std::vector<choice> todo;
        sleep_set sleep;
    };
    // What one edge from a node led to.
    struct outcome {
        choice step;
        std::uint32_t took = 0;             // its steps
        std::vector<std::string> verdicts;  // the invariants it broke, if any
        sleep_set sleep;                    // the child's sleep set
        sight seen;
    };
    // An edge waiting in its bucket.
    struct arrival {
        std::uint32_t parent;
        choice step;
        std::uint32_t took;
        std::vector<std::string> verdicts;
        sleep_set sleep;
        sight seen;
    };

    bool cancelled() const { return opt_.cancel && opt_.cancel->load(); }

    // Takes every edge of nodes [first, last) into outcomes, on `jobs` threads, each with its
    // own engine (fibers belong to the thread that made them).
    void expand(std::size_t first, std::size_t last, unsigned jobs, std::vector<std::vector<outcome>>& outcomes) {
        std::atomic<std::size_t> next{0};
        std::atomic<std::uint64_t> transitions{0}, executions{0}, rewinds{0}, merged{0};
        // The nodes are expanded in the order of their paths, in runs of neighbours per worker,
        // so that going from one node to the next is a short rewind along a shared prefix, not a
        // replay. (Only the work is ordered so: the outcomes are merged in the nodes' order.)
        std::vector<std::vector<choice>> paths(last - first);
        std::vector<std::size_t> order(last - first);
        for (std::size_t i = 0; i < order.size(); ++i) {
            paths[i] = path_to(static_cast<std::uint32_t>(first + i));
            order[i] = i;
        }
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return paths[a] < paths[b]; });
        constexpr std::size_t run = 32;
        auto work = [&] {
            engine e(cfg_);
            e.track_footprints(por_);
            e.keep_rewind_points(true);
            for (std::size_t k = order.size(), end = order.size();; ++k) {
                if (k == end) {
                    k = next.fetch_add(run);
                    if (k >= order.size() || cancelled()) break;
                    end = std::min(k + run, order.size());
                }
                const std::size_t at = first + order[k];
                const node& n = nodes_[at];
                const std::vector<choice>& path = paths[order[k]];
                sleep_set sleep = n.sleep;
                for (const choice& c : n.todo) {
                    const moved m = move_to(e, path);
                    step_footprint fp;
                    outcome o{c, take(e, c, por_, fp), {}, {}, {}};
                    (m.from_start ? executions : rewinds).fetch_add(1, std::memory_order_relaxed);
                    transitions.fetch_add(m.steps + o.took, std::memory_order_relaxed);
                    merged.fetch_add(o.took - 1, std::memory_order_relaxed);
                    o.sleep = after_edge(sleep, c.thread, fp, por_);
                    for (const verdict& v : e.verdicts()) o.verdicts.push_back(v.invariant);
                    if (o.verdicts.empty()) o.seen = look(e, symmetry_);
                    outcomes[at - first].push_back(std::move(o));
                }
            }
        };
        search_threads threads([&] { next = order.size(); });
        for (std::size_t i = 1; i < std::min<std::size_t>(jobs, last - first); ++i) threads.spawn(work);
        threads.guarded(work);
        threads.join();
        result_.transitions += transitions;
        result_.executions += executions;
        result_.rewinds += rewinds;
        result_.merged += merged;
    }

    // An arrival whose bucket came up: into the visited set, and a node to expand when it has
    // edges not yet taken from an equal state.
    void settle(arrival& a, std::uint64_t depth, std::uint64_t max_depth) {
        const auto [fresh, explore] = visited_.arrive(a.seen.hash, slot_mask(a.sleep, a.seen.slot_of));
        node n{{}, std::move(a.sleep)};
        for (const choice& c : a.seen.runnable)
            if ((explore >> a.seen.slot_of[c.thread]) & 1) n.todo.push_back(c);
        if (n.todo.empty()) return;
        if (depth >= max_depth) {
            if (fresh) result_.hit_step_bound = depth >= opt_.max_steps;
            return;
        }
        nodes_.push_back(std::move(n));
        links_.push_back({a.parent, a.step, a.took});
    }

    std::vector<choice> path_to(std::uint32_t at) const {
        std::vector<choice> path;
        // Built backwards: each edge's merged steps, then its choice.
        for (std::uint32_t i = at; i != no_node && links_[i].parent != no_node; i = links_[i].parent) {
            path.insert(path.end(), links_[i].took - 1, choice{links_[i].step.thread});
            path.push_back(links_[i].step);
        }
        std::reverse(path.begin(), path.end());
        return path;
    }

    const run_config& cfg_;
    const check_options& opt_;
    bool symmetry_, por_;
    check_result& result_;
    visited_set visited_;
    std::vector<node> nodes_;
    std::vector<link> links_;  // beside nodes_
    std::map<std::uint64_t, std::vector<arrival>> pending_;
};

run_config untraced(const run_config& cfg) {
    run_config fast = cfg;
    fast.trace = false;
    fast.step_budget = UINT64_MAX;
    return fast;
}

bool uses_symmetry(const run_config& fast, const check_options& opt) {
    if (!opt.symmetry) return false;
    engine probe(fast);
    return probe.has_symmetry();
}

}  // namespace

check_result check(const run_config& cfg, const check_options& opt) {
    if (opt.preemptions) return detail::check_preemption_bounded(cfg, opt);
    if (opt.random_runs) return detail::check_random(cfg, opt);
    detail::reset_peak_resident_memory();
    const auto start = clock_type::now();
    check_result result;

    // Search fast, trace once: no events while searching, and no step budget (a cycle in the
    // state graph is cut by the visited set instead).
    const run_config fast = untraced(cfg);

    const unsigned jobs = jobs_for(opt);
    const bool symmetry = uses_symmetry(fast, opt);
    const bool por = opt.por;

    shared_search s(opt);
    s.workers = jobs;
    search_threads threads([&] {
        std::lock_guard lock(s.mutex);
        s.stop = true;
        s.wake.notify_all();
    });
    for (unsigned i = 0; i < jobs; ++i) {
        threads.spawn([&, i] {
            worker w(fast, s, symmetry, por);
            // The root's worker goes on to serve like the others.
            if (i == 0) w.start_at_root();
            w.serve();
        });
    }
    // Progress from this thread, about ten times a second.
    {
        std::unique_lock lock(s.mutex);
        for (;;) {
            const bool over = s.wake.wait_for(lock, std::chrono::milliseconds(100), [&] {
                return s.stop || (s.idle == s.workers && s.tasks.empty());
            });
            if (over) break;
            if (opt.cancel && opt.cancel->load()) {
                s.cancelled = true;
                s.stop = true;
                s.wake.notify_all();
                break;
            }
            if (opt.progress) {
                lock.unlock();
                const check_progress p{s.visited.size(), s.transitions.load(), s.max_depth.load(),
                                       std::chrono::duration<double>(clock_type::now() - start).count(),
                                       detail::resident_memory_bytes()};
                const bool go_on = opt.progress(p);
                lock.lock();
                if (!go_on) {
                    s.cancelled = true;
                    s.stop = true;
                    s.wake.notify_all();
                    break;
                }
            }
        }
    }
    threads.join();

    result.states = s.visited.size();
    result.transitions = s.transitions;
    result.executions = s.executions;
    result.pruned = s.pruned;
    result.merged = s.merged;
    result.rewinds = s.rewinds;
    result.max_depth = s.max_depth;
    result.jobs = jobs;
    result.symmetry = symmetry;
    result.por = por;
    result.cancelled = s.cancelled;
    result.hit_state_limit = s.hit_state_limit;
    result.hit_step_bound = s.hit_step_bound;
    result.complete = !s.violation && !s.cancelled && !s.hit_state_limit && !s.hit_step_bound;

    if (s.violation) {
        std::vector<choice> found = *s.violation;
        check_result bfs_counts;
        if (auto shorter = breadth_first(fast, opt, symmetry, por, bfs_counts).run(found.size(), nullptr);
            shorter && shorter->size() <= found.size())
            found = *shorter;
        result.shortest_states = bfs_counts.states;
        result.transitions += bfs_counts.transitions;
        result.executions += bfs_counts.executions;
        result.rewinds += bfs_counts.rewinds;
        result.merged += bfs_counts.merged;
        // Trace the failing schedule once, with events, for the verdicts' words.
        engine traced(cfg);
        for (const choice& c : found) traced.step(c);
        result.violation = found;
        result.verdicts = traced.verdicts();
        result.complete = true;
    }
    result.peak_memory_bytes = detail::peak_resident_memory_bytes();
    result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return result;
}


verdict_census census(const run_config& cfg, const check_options& opt) {
    const auto start = clock_type::now();
    verdict_census c;
    const run_config fast = untraced(cfg);
    c.result.symmetry = uses_symmetry(fast, opt);
    c.result.por = opt.por;
    breadth_first(fast, opt, c.result.symmetry, c.result.por, c.result).run(opt.max_steps, &c);
    c.result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return c;
}

}  // namespace lockstep
