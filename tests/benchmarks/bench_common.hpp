// Shared by the benchmarks: the --quick flag, a steady clock, and the long seeded-random
// schedule of vma-drain that bench_replay and bench_rewind both measure against.
#pragma once

#include <lockstep/engine.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

namespace bench {

using clock = std::chrono::steady_clock;

inline double seconds_since(clock::time_point start) {
    return std::chrono::duration<double>(clock::now() - start).count();
}

// --quick shrinks every size so a benchmark finishes in a second or two (a smoke run).
inline bool parse_quick(int argc, char** argv, const char* what) {
    bool quick = false;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else {
            std::fprintf(stderr, "%s: unknown argument '%s'\nusage: %s [--quick]\n", what, argv[i], what);
            std::exit(2);
        }
    }
    return quick;
}

// The run the replay and rewind figures are about: vma-drain (three readers, one writer) repeated
// long enough that the random schedule below never runs out of work, and with the step budget
// lifted so no livelock verdict lands in the middle of the measurement.
inline lockstep::run_config long_drain(bool trace, int rounds) {
    lockstep::run_config cfg;
    cfg.scenario = "vma-drain";
    cfg.variant = "final";
    cfg.rounds = rounds;
    cfg.trace = trace;
    cfg.step_budget = UINT64_MAX;
    return cfg;
}

// Steps a uniformly chosen runnable thread (std::mt19937, fixed seed, so every run of the
// benchmark measures the same schedule) until nobody can run or `steps` choices are made.
inline std::vector<lockstep::choice> random_schedule(const lockstep::run_config& cfg, std::uint64_t steps,
                                                        std::uint32_t seed = 20240601) {
    lockstep::engine e(cfg);
    std::mt19937 rng(seed);
    std::vector<lockstep::choice> choices;
    choices.reserve(steps);
    while (choices.size() < steps) {
        const std::vector<lockstep::thread_id> ready = e.runnable();
        if (ready.empty()) break;
        const lockstep::thread_id t = ready[std::uniform_int_distribution<std::size_t>(0, ready.size() - 1)(rng)];
        e.step(t);
        choices.push_back(t);
    }
    return choices;
}

template <class T>
T median(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace bench
