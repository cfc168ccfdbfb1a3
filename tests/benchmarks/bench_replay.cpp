// Replay speed: how many scheduling steps per second the engine performs when it replays a
// recorded schedule, which is what stepping back in the app and tracing a found violation cost.
// Measured with tracing on (events recorded, as the app runs) and off (as the search runs).
#include "bench_common.hpp"

#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <cstdio>

namespace {

struct replay_figure {
    double best_seconds = 0;
    std::uint64_t steps = 0;
    std::uint64_t events = 0;
    std::uint64_t state_hash = 0;
};

// Replays `choices` in a fresh engine `reps` times (the engine is built outside the timed part;
// the measurement is play_schedule alone) and keeps the fastest run.
replay_figure time_replay(const lockstep::run_config& cfg, const std::vector<lockstep::choice>& choices, int reps) {
    replay_figure f;
    for (int r = 0; r < reps; ++r) {
        lockstep::engine e(cfg);
        const auto start = bench::clock::now();
        lockstep::play_schedule(e, choices);
        const double s = bench::seconds_since(start);
        if (r == 0 || s < f.best_seconds) f.best_seconds = s;
        f.steps = e.step_count();
        f.events = e.events().size();
        f.state_hash = e.state_hash();
    }
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = bench::parse_quick(argc, argv, "bench_replay");
    const std::uint64_t n = quick ? 20'000 : 200'000;
    // A round of vma-drain is about 58 steps, so 5000 rounds (about 290,000 steps) outlast the
    // 200,000-step schedule and every step of it does real work.
    const int rounds = quick ? 500 : 5'000;
    const int reps = quick ? 1 : 5;

    const lockstep::run_config traced = bench::long_drain(true, rounds);
    const lockstep::run_config untraced = bench::long_drain(false, rounds);

    const auto gen_start = bench::clock::now();
    const std::vector<lockstep::choice> choices = bench::random_schedule(traced, n);
    const double gen_seconds = bench::seconds_since(gen_start);
    std::printf("schedule: vma-drain --variant final --rounds %d, %zu seeded-random steps (limit %llu)\n", rounds,
                choices.size(), static_cast<unsigned long long>(n));
    std::printf("generate (random choice among runnable(), trace on): %.3f s = %.2f M steps/s\n", gen_seconds,
                static_cast<double>(choices.size()) / gen_seconds / 1e6);

    const replay_figure on = time_replay(traced, choices, reps);
    const replay_figure off = time_replay(untraced, choices, reps);
    std::printf("replay trace on : %llu events in %.4f s = %.2f M events/s (best of %d)\n",
                static_cast<unsigned long long>(on.events), on.best_seconds,
                static_cast<double>(on.steps) / on.best_seconds / 1e6, reps);
    std::printf("replay trace off: %llu steps  in %.4f s = %.2f M events/s (best of %d)\n",
                static_cast<unsigned long long>(off.steps), off.best_seconds,
                static_cast<double>(off.steps) / off.best_seconds / 1e6, reps);

    // A replay must land in the state the schedule was recorded in, traced or not.
    if (on.steps != choices.size() || off.steps != choices.size() || on.events != choices.size() ||
        on.state_hash != off.state_hash) {
        std::fprintf(stderr, "bench_replay: the replays disagree (steps %llu/%llu, events %llu, hash %llx/%llx)\n",
                     static_cast<unsigned long long>(on.steps), static_cast<unsigned long long>(off.steps),
                     static_cast<unsigned long long>(on.events), static_cast<unsigned long long>(on.state_hash),
                     static_cast<unsigned long long>(off.state_hash));
        return 1;
    }
    return 0;
}
