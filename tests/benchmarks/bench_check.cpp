// Search speed: lockstep::check() (exhaustive, state-deduplicated) on every scenario of the
// catalogue with the newest merged code of its family ("final" for the per-VMA lock, "v4.14"
// for binder), two readers where the scenario lets us choose.
// The figures are executions (replays of the scenario) and distinct states per second.
#include "bench_common.hpp"

#include <lockstep/config.hpp>
#include <lockstep/explorer.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    const bool quick = bench::parse_quick(argc, argv, "bench_check");

    lockstep::check_options options;  // the defaults the CLI uses (max 400 steps, 3,000,000 states)
    if (quick) options.max_states = 20'000;

    std::printf("check --variant final (binder: v4.14), readers 2 (vma-slab-reuse, binder: their own threads)%s\n",
                quick ? ", --quick: at most 20000 states" : "");
    std::printf("%-22s %-10s %10s %11s %9s %13s %13s  %s\n", "scenario", "threads", "states", "executions", "seconds",
                "executions/s", "states/s", "result");
    double total_seconds = 0;
    std::uint64_t total_states = 0, total_executions = 0;
    for (const lockstep::scenario_info& s : lockstep::scenarios()) {
        lockstep::run_config cfg;
        cfg.scenario = s.name;
        const bool vma = s.family == "vma";
        cfg.variant = vma ? "final" : "v4.14";
        // vma-slab-reuse and binder name their own threads; 0 keeps the scenario's count.
        cfg.readers = vma && s.name != "vma-slab-reuse" ? 2 : 0;

        std::string threads;
        for (const lockstep::thread_info& t : lockstep::threads_of(cfg)) threads += (threads.empty() ? "" : ",") + t.name;

        const auto start = bench::clock::now();
        const lockstep::check_result r = lockstep::check(cfg, options);
        const double seconds = bench::seconds_since(start);

        std::string result = r.violation ? "violation: " + r.verdicts.front().invariant
                             : r.complete ? "complete, no violation"
                             : r.hit_step_bound ? "cut at max_steps"
                                                : "stopped at max_states";
        std::printf("%-22s %-10s %10llu %11llu %9.3f %13.0f %13.0f  %s\n", s.name.c_str(), threads.c_str(),
                    static_cast<unsigned long long>(r.states), static_cast<unsigned long long>(r.executions), seconds,
                    static_cast<double>(r.executions) / seconds, static_cast<double>(r.states) / seconds,
                    result.c_str());
        total_seconds += seconds;
        total_states += r.states;
        total_executions += r.executions;
    }
    std::printf("%-22s %-10s %10llu %11llu %9.3f %13.0f %13.0f\n", "all", "", static_cast<unsigned long long>(total_states),
                static_cast<unsigned long long>(total_executions), total_seconds,
                static_cast<double>(total_executions) / total_seconds,
                static_cast<double>(total_states) / total_seconds);
    return 0;
}
