// The engine: one run of a scenario under a controller that chooses, step by step, which
// simulated thread performs its next operation. An execution is a pure function of the
// config and the choices, so any earlier step can be reached again by replaying a prefix.
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/snapshot.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lockstep {

namespace detail {
class machine;
}

// What one step touched, for partial-order reduction: bit (cell % 256) of `access` for every
// cell it read or wrote, of `write` for every cell whose value it changed. Two steps commute
// when neither changed what the other touched; `global` steps (a sleep or wake, a verdict, a
// thread's end) commute with nothing. Under --memory lkmm a store to a weak cell is a write
// even when the newest value stays the same (it adds a store a load may read), and `board`
// marks a full barrier, which syncs with every other one through smp_mb's global view.
struct step_footprint {
    std::array<std::uint64_t, 4> access{}, write{};
    bool global = false;
    bool board = false;
    // It touched only cells no other thread can observe (stable ones, its own private ones):
    // the search need not stop before it.
    bool invisible = false;
    // What a run of steps touched together.
    step_footprint& operator|=(const step_footprint& o) {
        for (std::size_t i = 0; i < access.size(); ++i) {
            access[i] |= o.access[i];
            write[i] |= o.write[i];
        }
        global = global || o.global;
        board = board || o.board;
        invisible = invisible && o.invisible;
        return *this;
    }
    bool dependent(const step_footprint& o) const {
        if (global || o.global || (board && o.board)) return true;
        for (int i = 0; i < 4; ++i)
            if ((write[i] & o.access[i]) | (o.write[i] & access[i])) return true;
        return false;
    }
};

class engine {
public:
    // Throws config_error for unknown names or bad options.
    explicit engine(run_config cfg);
    ~engine();
    engine(engine&&) noexcept;
    engine& operator=(engine&&) noexcept;

    const run_config& config() const { return cfg_; }
    std::shared_ptr<const layout> shape() const;

    std::size_t thread_count() const;
    const std::string& thread_name(thread_id t) const;
    thread_id thread_by_name(const std::string& name) const;  // no_thread if unknown

    std::uint64_t step_count() const;
    bool can_run(thread_id t) const;
    // Why `t` cannot run now ("asleep, waiting until vm_refcnt == OFFSET+1"), empty if it can.
    std::string why_not(thread_id t) const;
    std::vector<thread_id> runnable() const;
    // The operation `t` performs next ("refcount_dec_and_test") and the algorithm's label for
    // that point ("put.decrement"), "" when it has none; both "" once `t` has finished.
    std::string next_op(thread_id t) const;
    std::string next_label(thread_id t) const;
    bool finished() const;  // nobody can run

    // Advance thread `t` by one operation. Throws std::logic_error unless can_run(t).
    void step(thread_id t);
    // The same with one of the operation's legal outcomes under a weak memory model (option 0
    // is the newest store / the end of coherence order); throws std::logic_error unless the
    // option is below options(c.thread).
    void step(choice c);
    // How many outcomes `t`'s next operation has (1 unless it accesses a weak cell), and
    // whether they are stores to read ('r') or places to store at ('w').
    int options(thread_id t) const;
    char option_kind(thread_id t) const;
    memory_model memory() const;
    // Whether any cell follows the weak model in this run (lkmm and a scenario with weak cells).
    bool has_weak_memory() const;
    // Go back to step 0; go_to() replays the recorded choices up to `step`.
    void reset();
    // Returns false when going back meant starting over and replaying (a traced run, or a
    // scenario with a prologue), true when only the threads that moved since were put back.
    bool go_to(std::uint64_t step);

    // The choices that led to the current step.
    std::vector<choice> choices() const;
    // Every choice on the current line, including steps ahead of the current one after a
    // go_to() backwards; stepping differently from it there starts a new line.
    const std::vector<choice>& timeline() const { return timeline_; }
    // Events so far (empty when the config turned tracing off).
    const std::vector<event>& events() const;
    const std::vector<verdict>& verdicts() const;
    snapshot take_snapshot() const;
    // Identifies the state for search: equal for states with the same future.
    std::uint64_t state_hash() const;

    // -- for the search --
    // Also equal for states that differ only by a permutation of interchangeable threads (the
    // readers); `slot_of` receives each thread's canonical position, and `twin_of` for each
    // thread the lowest-numbered one that is in exactly the same situation (itself if none):
    // swapping the two leaves the state as it is, so a step of one leads where the other's does.
    std::uint64_t canonical_hash(std::vector<thread_id>* slot_of = nullptr, std::vector<thread_id>* twin_of = nullptr) const;
    bool has_symmetry() const;
    // Record what each step touches (off by default: it costs a little on every access).
    void track_footprints(bool on);
    // Let go_to() go back without replaying (untraced runs without a prologue): each step then
    // keeps a copy of memory, so it is off by default and on from the next reset().
    void keep_rewind_points(bool on);
    const step_footprint& last_footprint() const;

private:
    run_config cfg_;
    std::map<std::string, bool> switches_;
    std::unique_ptr<detail::machine> m_;
    std::vector<choice> timeline_;
    void rebuild();
};

}  // namespace lockstep
