// Rewind cost: the app steps back by calling engine::go_to(), which restarts the machine and
// replays the timeline's prefix. These figures bound how long "back one step" and "back to the
// start" take deep into a long history, and what a snapshot (taken after every step) costs.
#include "bench_common.hpp"

#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

// Times `reps` calls of go_to(target), each starting from step `from`, which is re-reached
// untimed between the calls; returns the per-call seconds.
std::vector<double> time_go_to(lockstep::engine& e, std::uint64_t from, std::uint64_t target, int reps) {
    std::vector<double> s;
    for (int r = 0; r < reps; ++r) {
        e.go_to(from);
        const auto start = bench::clock::now();
        e.go_to(target);
        s.push_back(bench::seconds_since(start));
        if (e.step_count() != target) {
            std::fprintf(stderr, "bench_rewind: go_to(%llu) ended at step %llu\n",
                         static_cast<unsigned long long>(target), static_cast<unsigned long long>(e.step_count()));
            std::exit(1);
        }
    }
    return s;
}

void print_times(const std::string& what, const std::vector<double>& s) {
    double best = s.front();
    for (double v : s) best = std::min(best, v);
    std::printf("%-44s median %9.4f ms, best %9.4f ms (%zu runs)\n", what.c_str(), bench::median(s) * 1e3, best * 1e3,
                s.size());
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = bench::parse_quick(argc, argv, "bench_rewind");
    const std::uint64_t n = quick ? 20'000 : 200'000;
    const std::uint64_t at = quick ? 10'000 : 100'000;
    // A round of vma-drain is about 58 steps, so 5000 rounds (about 290,000 steps) outlast the
    // 200,000-step schedule and every step of it does real work.
    const int rounds = quick ? 500 : 5'000;
    const int reps = quick ? 3 : 9;

    // As the app runs it: tracing on, the whole long line in the timeline, standing in the middle.
    const lockstep::run_config cfg = bench::long_drain(true, rounds);
    const std::vector<lockstep::choice> choices = bench::random_schedule(cfg, n);
    if (choices.size() < n) {
        std::fprintf(stderr, "bench_rewind: the schedule ended after %zu steps, fewer than %llu; raise rounds\n",
                     choices.size(), static_cast<unsigned long long>(n));
        return 1;
    }
    lockstep::engine e(cfg);
    lockstep::play_schedule(e, choices);
    e.go_to(at);
    std::printf("history: vma-drain --variant final --rounds %d, timeline of %zu steps, trace on, standing at step %llu\n",
                rounds, e.timeline().size(), static_cast<unsigned long long>(e.step_count()));

    const std::string at_text = std::to_string(at);
    print_times("go_to(1) from step " + at_text + ":", time_go_to(e, at, 1, reps));
    print_times("go_to(" + std::to_string(at - 1) + ") from step " + at_text + " (back one):",
                time_go_to(e, at, at - 1, reps));
    print_times("go_to(" + at_text + ") from step " + std::to_string(at - 1) + " (forward one):",
                time_go_to(e, at - 1, at, reps));

    // take_snapshot() is cheap; time a batch and report the mean per call.
    e.go_to(at);
    const int batch = quick ? 1'000 : 20'000;
    std::vector<double> per_call;
    std::size_t sink = 0;
    for (int r = 0; r < reps; ++r) {
        const auto start = bench::clock::now();
        for (int i = 0; i < batch; ++i) sink += e.take_snapshot().cells.size();
        per_call.push_back(bench::seconds_since(start) / batch);
    }
    std::printf("%-44s median %8.3f us, best %8.3f us (%d calls x %d runs)\n",
                ("take_snapshot() at step " + at_text + ":").c_str(), bench::median(per_call) * 1e6,
                *std::min_element(per_call.begin(), per_call.end()) * 1e6, batch, reps);
    return sink == 0 ? 1 : 0;
}
