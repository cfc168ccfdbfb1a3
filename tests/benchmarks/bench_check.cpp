// Search speed against issue 10's targets: lockstep::check() with its defaults (exhaustive,
// every reduction on, one job per core) on
//   drain       vma-drain / final with 2 to 5 readers, against Spin 6.5.2 on the same model;
//   violations  the shortest violations the issue times: no-recheck's V1 with 4 readers,
//               L1's lost wakeup in detach and L1-literal's in vma_start_write;
//   scenarios   every shipped scenario at its own default threads, with every variant it takes;
//   jobs        one scenario with --jobs 1 and --jobs 2, and the speed-up;
//   weak        the per-VMA lock under the kernel's memory model (issue 11) with 1 to 3
//               readers, with no reduction, POR alone and symmetry with POR.
// Every search runs under a watchdog that cancels it at a time cap (and at 4 GiB resident), so
// a slow search prints "over" instead of hanging; the figures are printed, nothing is asserted.
//
// usage: bench_check [--quick] [drain] [violations] [scenarios] [jobs] [weak]   (no section: all)
// --quick: small sizes and caps of a few seconds, for a smoke run.
#include "bench_common.hpp"

#include "process_memory.hpp"  // engine/src: what the explorer reports memory with

#include <lockstep/config.hpp>
#include <lockstep/explorer.hpp>

#include <malloc.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace {

constexpr std::uint64_t memory_cap = 4ULL << 30;
constexpr double mib = 1024.0 * 1024.0;

struct measured {
    lockstep::check_result r;
    double seconds = 0;
    double peak_mib = 0;  // the process's high water mark during this search
    bool over_time = false;
    bool over_memory = false;
};

// check() under a watchdog thread that sets options.cancel at `cap` seconds or when the
// process grows past memory_cap. The high water mark is lowered before, so the peak is this
// search's (plus the benchmark's own few MiB).
measured run_capped(const lockstep::run_config& cfg, lockstep::check_options options, double cap) {
    malloc_trim(0);  // hand the last search's freed memory back, so it does not count here
    lockstep::detail::reset_peak_resident_memory();
    std::atomic<bool> cancel{false};
    options.cancel = &cancel;
    // No state limit of its own: the caps bound the search, so a "complete" means complete.
    options.max_states = UINT64_MAX / 2;
    measured m;
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    const auto start = bench::clock::now();
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        while (!cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; })) {
            if (bench::seconds_since(start) >= cap) {
                m.over_time = true;
            } else if (lockstep::detail::resident_memory_bytes() > memory_cap) {
                m.over_memory = true;
            } else {
                continue;
            }
            cancel = true;
            return;
        }
    });
    m.r = lockstep::check(cfg, options);
    m.seconds = bench::seconds_since(start);
    {
        const std::lock_guard lock(mutex);
        done = true;
    }
    cv.notify_all();
    watchdog.join();
    m.peak_mib = static_cast<double>(lockstep::detail::peak_resident_memory_bytes()) / mib;
    return m;
}

std::string outcome(const measured& m, double cap) {
    char text[160];
    if (m.over_time) {
        std::snprintf(text, sizeof text, "over: cancelled at the %.0f s cap", cap);
        return text;
    }
    if (m.over_memory) return "over: cancelled at 4 GiB resident";
    const lockstep::check_result& r = m.r;
    if (r.cancelled) return "cancelled";
    if (r.violation) {
        std::snprintf(text, sizeof text, "%s in %zu steps", r.verdicts.empty() ? "violation" : r.verdicts.front().invariant.c_str(),
                      r.violation->size());
        return text;
    }
    if (r.complete) return "complete, no violation";
    if (r.hit_state_limit) return "stopped at max_states";
    if (r.hit_step_bound) return "cut at max_steps";
    return "incomplete";
}

// The reductions and jobs the search used, as the result reports them.
std::string how(const lockstep::check_result& r) {
    return std::string(r.symmetry ? "sym" : "-") + "," + (r.por ? "por" : "-") + "," + std::to_string(r.jobs);
}

std::string thread_names(const lockstep::run_config& cfg) {
    std::string threads;
    for (const lockstep::thread_info& t : lockstep::threads_of(cfg)) threads += (threads.empty() ? "" : ",") + t.name;
    return threads;
}

unsigned long long ull(std::uint64_t v) { return static_cast<unsigned long long>(v); }

lockstep::run_config config(const std::string& scenario, const std::string& variant, int readers) {
    lockstep::run_config cfg;
    cfg.scenario = scenario;
    cfg.variant = variant;
    cfg.readers = readers;
    return cfg;
}

// ---- vma-drain / final, 2 to 5 readers ---------------------------------------------------------

void drain(bool quick) {
    struct row {
        int readers;
        double target_seconds;  // 0: none
        double target_mib;      // 0: none
        const char* target;
        double cap;
    };
    const std::vector<row> rows = quick ? std::vector<row>{{2, 0, 0, "-", 2}, {3, 1, 0, "< 1 s", 2}}
                                        : std::vector<row>{{2, 0, 0, "-", 60},
                                                           {3, 1, 0, "< 1 s", 60},
                                                           {4, 3.1, 0, "< 3.1 s (Spin)", 120},
                                                           {5, 60, 1000, "< 60 s, < 1000 MiB", 300}};
    std::printf("vma-drain --variant final, exhaustive (Spin 6.5.2 with POR on the same model: 3 readers 93,580 states "
                "0.13 s; 4: 1,706,572 states 3.1 s 363 MB; 5: 33,358,992 states 143 s 5.2 GB)\n");
    std::printf("%-7s %12s %13s %9s %11s %9s %-12s %-34s %-20s %s\n", "readers", "states", "transitions", "seconds",
                "states/s", "peak MiB", "sym,por,jobs", "result", "target", "met");
    for (const row& w : rows) {
        const measured m = run_capped(config("vma-drain", "final", w.readers), {}, w.cap);
        const bool met = w.target_seconds > 0 && m.r.complete && !m.r.cancelled && m.seconds < w.target_seconds &&
                         (w.target_mib == 0 || m.peak_mib < w.target_mib);
        std::printf("%-7d %12llu %13llu %9.3f %11.0f %9.1f %-12s %-34s %-20s %s\n", w.readers, ull(m.r.states),
                    ull(m.r.transitions), m.seconds, static_cast<double>(m.r.states) / m.seconds, m.peak_mib,
                    how(m.r).c_str(), outcome(m, w.cap).c_str(), w.target, w.target_seconds > 0 ? (met ? "yes" : "no") : "");
        std::fflush(stdout);
    }
    std::printf("\n");
}

// ---- shortest violations -------------------------------------------------------------------------

void violations(bool quick) {
    struct row {
        const char* scenario;
        const char* variant;
        int readers;
        const char* expected;          // invariant and length of the shortest schedule, when known
        std::size_t expected_steps;    // 0: not known
        double target_seconds;
        double cap;
    };
    const std::vector<row> rows =
        quick ? std::vector<row>{{"vma-drain", "no-recheck", 2, "V1", 0, 0.3, 3}, {"vma-detach-lost-wakeup", "L1", 1, "V7, 34", 34, 0.3, 3}}
              : std::vector<row>{{"vma-drain", "no-recheck", 4, "V1, 21", 21, 0.3, 60},
                                 {"vma-detach-lost-wakeup", "L1", 1, "V7, 34", 34, 0.3, 60},
                                 {"vma-detach-lost-wakeup", "L1", 4, "V7", 0, 0.3, 60},
                                 {"vma-drain", "L1-literal", 4, "V7", 0, 0.3, 60}};
    std::printf("shortest violations (Spin breadth first on the same model: no-recheck with 4 readers, V1 in 21 steps, 0.26 s)\n");
    // "states" are the depth-first search's, until it meets a violation; "+ shortest" those of
    // the breadth-first pass that makes it shortest, most of the work.
    std::printf("%-23s %-11s %-7s %9s %11s %13s %9s %9s %-12s %-34s %-9s %-8s %s\n", "scenario", "variant", "readers", "states",
                "+ shortest", "transitions", "seconds", "peak MiB", "sym,por,jobs", "result", "expected", "target", "met");
    for (const row& w : rows) {
        const measured m = run_capped(config(w.scenario, w.variant, w.readers), {}, w.cap);
        const bool as_expected = m.r.violation && (w.expected_steps == 0 || m.r.violation->size() == w.expected_steps);
        const bool met = as_expected && m.seconds < w.target_seconds;
        char target[16];
        std::snprintf(target, sizeof target, "< %.1f s", w.target_seconds);
        std::printf("%-23s %-11s %-7d %9llu %11llu %13llu %9.3f %9.1f %-12s %-34s %-9s %-8s %s\n", w.scenario, w.variant, w.readers,
                    ull(m.r.states), ull(m.r.shortest_states), ull(m.r.transitions), m.seconds, m.peak_mib, how(m.r).c_str(),
                    outcome(m, w.cap).c_str(),
                    w.expected, target, met ? "yes" : "no");
        std::fflush(stdout);
    }
    std::printf("\n");
}

// ---- every scenario, every variant --------------------------------------------------------------

void scenarios(bool quick) {
    const double cap = quick ? 1 : 30;
    const double target = 10;
    std::printf("every scenario at its own default threads, %s (target < %.0f s each, cap %.0f s)\n",
                quick ? "--quick: its default variant only" : "every variant it takes", target, cap);
    std::printf("%-23s %-17s %-24s %12s %13s %9s %9s %-12s %-34s %s\n", "scenario", "variant", "threads", "states",
                "transitions", "seconds", "peak MiB", "sym,por,jobs", "result", "under 10 s");
    int rows = 0, under = 0, over = 0;
    double total = 0;
    for (const lockstep::scenario_info& s : lockstep::scenarios()) {
        for (const lockstep::variant_info* v : lockstep::variants_for(s.name)) {
            if (quick && v->name != s.default_variant) continue;
            const lockstep::run_config cfg = config(s.name, v->name, 0);
            const measured m = run_capped(cfg, {}, cap);
            // Finished (explored everything, or found its violation) within the target.
            const bool finished = !m.r.cancelled && (m.r.complete || m.r.violation);
            const bool in_time = finished && m.seconds < target;
            ++rows;
            under += in_time ? 1 : 0;
            over += m.over_time || m.over_memory ? 1 : 0;
            total += m.seconds;
            std::printf("%-23s %-17s %-24s %12llu %13llu %9.3f %9.1f %-12s %-34s %s\n", s.name.c_str(), v->name.c_str(),
                        thread_names(cfg).c_str(), ull(m.r.states), ull(m.r.transitions), m.seconds, m.peak_mib,
                        how(m.r).c_str(), outcome(m, cap).c_str(), in_time ? "yes" : "no");
            std::fflush(stdout);
        }
    }
    std::printf("%d runs: %d finished in under %.0f s, %d over the %.0f s cap; %.1f s in all\n\n", rows, under, target, over, cap,
                total);
}

// ---- --jobs 1 against --jobs 2 -----------------------------------------------------------------

void jobs(bool quick) {
    // Six readers: big enough (about a second) for the two workers' start and end not to count.
    const int readers = quick ? 2 : 6;
    const double cap = quick ? 5 : 120;
    const lockstep::run_config cfg = config("vma-drain", "final", readers);
    std::printf("vma-drain --variant final --readers %d, --jobs 1 against --jobs 2 (%u cores here)\n", readers,
                std::thread::hardware_concurrency());
    std::printf("%-5s %12s %13s %9s %9s %-12s %s\n", "jobs", "states", "transitions", "seconds", "peak MiB", "sym,por,jobs",
                "result");
    double seconds[2] = {0, 0};
    bool finished[2] = {false, false};
    for (unsigned j = 1; j <= 2; ++j) {
        lockstep::check_options options;
        options.jobs = j;
        const measured m = run_capped(cfg, options, cap);
        seconds[j - 1] = m.seconds;
        finished[j - 1] = !m.r.cancelled && (m.r.complete || m.r.violation);
        std::printf("%-5u %12llu %13llu %9.3f %9.1f %-12s %s\n", j, ull(m.r.states), ull(m.r.transitions), m.seconds, m.peak_mib,
                    how(m.r).c_str(), outcome(m, cap).c_str());
        std::fflush(stdout);
    }
    if (finished[0] && finished[1])
        std::printf("speed-up with 2 jobs: %.2fx\n\n", seconds[0] / seconds[1]);
    else
        std::printf("speed-up with 2 jobs: not measured (a search did not finish)\n\n");
}

// ---- the kernel's memory model: reductions over (thread, outcome) steps -------------------------

void weak(bool quick) {
    const double cap = quick ? 5 : 120;
    const int most = quick ? 2 : 3;
    std::printf("--memory lkmm: the search with no reduction, POR alone, and symmetry with POR (cap %.0f s)\n", cap);
    std::printf("%-19s %-17s %-8s %12s %13s %9s %9s %-12s %s\n", "scenario", "variant", "readers", "states", "transitions",
                "seconds", "peak MiB", "sym,por,jobs", "result");
    struct row {
        const char* scenario;
        const char* variant;
    };
    for (const row& r : {row{"vma-seq-publish", "b1f02b95758d"}, row{"vma-seq-publish", "pre-b1f02b95758d"},
                         row{"vma-wake-barrier", "final"}, row{"vma-wake-barrier", "no-wake-mb"}}) {
        for (int readers = 1; readers <= most; ++readers) {
            lockstep::run_config cfg = config(r.scenario, r.variant, readers);
            cfg.memory = lockstep::memory_model::lkmm;
            for (const auto& [symmetry, por] : {std::pair{false, false}, std::pair{false, true}, std::pair{true, true}}) {
                lockstep::check_options options;
                options.symmetry = symmetry;
                options.por = por;
                const measured m = run_capped(cfg, options, cap);
                std::printf("%-19s %-17s %-8d %12llu %13llu %9.3f %9.1f %-12s %s\n", r.scenario, r.variant, readers,
                            ull(m.r.states), ull(m.r.transitions), m.seconds, m.peak_mib, how(m.r).c_str(),
                            outcome(m, cap).c_str());
                std::fflush(stdout);
            }
        }
    }
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    std::set<std::string> sections;
    const std::set<std::string> known{"drain", "violations", "scenarios", "jobs", "weak"};
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else if (known.count(argv[i])) {
            sections.insert(argv[i]);
        } else {
            std::fprintf(stderr, "bench_check: unknown argument '%s'\nusage: bench_check [--quick] [drain] [violations] "
                                 "[scenarios] [jobs] [weak]\n", argv[i]);
            return 2;
        }
    }
    if (sections.empty()) sections = known;
    if (quick) std::printf("--quick: small sizes, caps of a few seconds\n\n");
    if (sections.count("drain")) drain(quick);
    if (sections.count("violations")) violations(quick);
    if (sections.count("scenarios")) scenarios(quick);
    if (sections.count("jobs")) jobs(quick);
    if (sections.count("weak")) weak(quick);
    return 0;
}
