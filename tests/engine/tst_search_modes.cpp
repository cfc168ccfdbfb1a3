// The searches that are not exhaustive (engine/src/search_modes.hpp), called directly: the
// preemption-bounded search finds what needs few preemptions and says when its bound left
// something out, and random runs are reproducible from their seed.
#include "search_modes.hpp"

#include <lockstep/config.hpp>
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include "run_config_of.hpp"
#include <lockstep/schedule.hpp>

#include <QTest>

#include <atomic>

using namespace lockstep;

namespace {

check_options bounded(unsigned k) {
    check_options o;
    o.preemptions = k;
    return o;
}

check_options random_runs(std::uint64_t n, std::uint64_t seed) {
    check_options o;
    o.random_runs = n;
    o.seed = seed;
    return o;
}

// The schedule replayed from the start, traced: the verdicts it ends with.
std::vector<verdict> replayed(const run_config& cfg, const std::vector<choice>& schedule) {
    engine e(cfg);
    for (const choice& c : schedule) e.step(c);
    return e.verdicts();
}

}  // namespace

class tst_search_modes : public QObject {
    Q_OBJECT

private slots:
    // L1's lost wakeup (R1 must be interrupted at three places) is out of reach of two
    // preemptions: nothing found, and nothing proven.
    void tooFewPreemptionsFindNothingAndProveNothing() {
        const check_result r = detail::check_preemption_bounded(config_of("vma-detach-lost-wakeup", "L1"), bounded(2));
        QVERIFY(!r.violation);
        QVERIFY(!r.complete);
        QVERIFY(!r.cancelled && !r.hit_state_limit && !r.hit_step_bound);
        QCOMPARE(r.mode, std::string("preemption-bounded (2)"));
        QVERIFY(r.states > 0 && r.transitions > 0 && r.executions > 0);
        QCOMPARE(r.jobs, 1u);
        QVERIFY(!r.symmetry && !r.por);
    }

    // With room for more, the search deepens until it finds the violation, with the fewest
    // preemptions that reach one, and then the fewest steps: as short as the exhaustive
    // search's shortest (34 steps), and it replays to the same verdict.
    void enoughPreemptionsFindTheViolationWithTheFewest() {
        const run_config cfg = config_of("vma-detach-lost-wakeup", "L1");
        const check_result r = detail::check_preemption_bounded(cfg, bounded(6));
        QVERIFY(r.violation);
        QCOMPARE(preemptions_in(cfg, *r.violation), 3u);
        QCOMPARE(r.violation->size(), std::size_t(34));
        QCOMPARE(r.mode, std::string("preemption-bounded (6)"));
        QVERIFY(!r.complete);  // it stopped at the violation
        QVERIFY(!r.verdicts.empty());
        QCOMPARE(r.verdicts.front().invariant, std::string("V7"));
        const std::vector<verdict> again = replayed(cfg, *r.violation);
        QVERIFY(!again.empty());
        QCOMPARE(again.front().invariant, std::string("V7"));
        QCOMPARE(again.front().step, std::uint64_t(34));
    }

    // Fewest preemptions first, even where a longer schedule with more preemptions exists:
    // the deadlock of seed 003 needs none.
    void aViolationWithoutPreemptionsIsFoundAtBoundZero() {
        const run_config cfg = config_of("binder-oom-deadlock", "v4.4");
        const check_result r = detail::check_preemption_bounded(cfg, bounded(0));
        QVERIFY(r.violation);
        QCOMPARE(preemptions_in(cfg, *r.violation), 0u);
        QCOMPARE(r.verdicts.front().invariant, std::string("K1"));
    }

    // When no step was ever left out for the bound, the bounded search saw every
    // interleaving: then, and only then, it says complete.
    void aBoundThatLeavesNothingOutIsComplete() {
        const check_result r = detail::check_preemption_bounded(config_of("vma-detach-lost-wakeup", "final"), bounded(30));
        QVERIFY(!r.violation);
        QVERIFY(r.complete);
        // A larger bound has nothing more to show.
        const check_result more = detail::check_preemption_bounded(config_of("vma-detach-lost-wakeup", "final"), bounded(40));
        QCOMPARE(more.states, r.states);
        QVERIFY(more.complete);
    }

    void boundedSearchHonoursMaxStates() {
        check_options o = bounded(3);
        o.max_states = 50;
        const check_result r = detail::check_preemption_bounded(config_of("vma-drain", "final"), o);
        QVERIFY(!r.complete);
        QVERIFY(r.hit_state_limit);
        QVERIFY(!r.violation);
    }

    // The same seed, the same runs: the same violation in the same run, step for step. Run i
    // is seeded with seed + i, so it replays alone as the only run of that seed.
    void randomRunsAreReproducibleAndEachReplaysAlone() {
        const run_config cfg = config_of("vma-drain", "no-recheck");
        const check_result a = detail::check_random(cfg, random_runs(2000, 3));
        const check_result b = detail::check_random(cfg, random_runs(2000, 3));
        QVERIFY(a.violation);
        QVERIFY(b.violation);
        QCOMPARE(*a.violation, *b.violation);
        QCOMPARE(a.executions, b.executions);
        QCOMPARE(a.states, b.states);
        QCOMPARE(a.transitions, b.transitions);
        QCOMPARE(a.mode, std::string("random (2000 runs, seed 3)"));
        QVERIFY(a.executions > 1);  // not the first run: the seeds of the runs differ
        QVERIFY(!a.complete);

        const check_result alone = detail::check_random(cfg, random_runs(1, 3 + a.executions - 1));
        QVERIFY(alone.violation);
        QCOMPARE(*alone.violation, *a.violation);
        QCOMPARE(alone.executions, std::uint64_t(1));

        // The schedule stops at the step that broke the invariant, and replays to it.
        const std::vector<verdict> again = replayed(cfg, *a.violation);
        QVERIFY(!again.empty());
        QCOMPARE(again.front().step, std::uint64_t(a.violation->size()));
        QCOMPARE(again.front().invariant, a.verdicts.front().invariant);
    }

    // Random runs never prove anything, however many find nothing.
    void randomRunsAreNeverComplete() {
        const check_result r = detail::check_random(config_of("vma-detach-lost-wakeup", "final"), random_runs(50, 1));
        QVERIFY(!r.violation);
        QVERIFY(!r.complete);
        QCOMPARE(r.executions, std::uint64_t(50));
        QVERIFY(r.states > 1);
        QVERIFY(r.max_depth > 0);
        QVERIFY(!r.hit_step_bound);
        QVERIFY(r.peak_memory_bytes > 0);
    }

    void randomRunsLongerThanMaxStepsAreCut() {
        check_options o = random_runs(5, 1);
        o.max_steps = 10;
        const check_result r = detail::check_random(config_of("vma-drain", "final"), o);
        QVERIFY(r.hit_step_bound);
        QCOMPARE(r.max_depth, std::uint64_t(10));
        QVERIFY(!r.complete);
    }

    // Cancelled from another thread (here: before it starts) or by the progress callback.
    void bothModesHonourCancel() {
        const std::atomic<bool> cancel{true};
        check_options o = bounded(3);
        o.cancel = &cancel;
        const check_result b = detail::check_preemption_bounded(config_of("vma-drain", "final"), o);
        QVERIFY(b.cancelled);
        QVERIFY(!b.complete);
        check_options r = random_runs(1000, 1);
        r.cancel = &cancel;
        const check_result rr = detail::check_random(config_of("vma-drain", "final"), r);
        QVERIFY(rr.cancelled);
        QVERIFY(!rr.complete);
    }

    // Progress comes about ten times a second with the state count, depth and memory; a
    // progress callback that returns false cancels.
    void progressReportsAndCanCancel() {
        check_options o = random_runs(1'000'000'000, 1);
        int calls = 0;
        check_progress last;
        o.progress = [&](const check_progress& p) {
            last = p;
            return ++calls < 2;
        };
        const check_result r = detail::check_random(config_of("vma-drain", "final"), o);
        QCOMPARE(calls, 2);
        QVERIFY(r.cancelled);
        QVERIFY(!r.complete);
        QVERIFY(last.states > 0 && last.transitions > 0 && last.depth > 0);
        QVERIFY(last.seconds >= 0.1);
        QVERIFY(last.memory_bytes > 0);
    }
};

QTEST_GUILESS_MAIN(tst_search_modes)
#include "tst_search_modes.moc"
