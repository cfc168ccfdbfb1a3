// The exhaustive check proves binder's claims (seed 003): the OOM-kill deadlock of v4.4 is a
// wait-for cycle (K1) that the reaper, the RFC and v4.14 each remove; the reply's one-liner
// unlocks a mutex another thread holds (K4); the RFC leaves the ioctl's entry lock
// uninterruptible (K1 again); and the RFC without its atomic_t loses NEED_RETURN (K3). Each
// shortest violation replays step by step to the same verdict.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include "run_config_of.hpp"
#include <lockstep/schedule.hpp>

#include <QtTest>

using namespace lockstep;

namespace {

void verifyHolds(const char* scenario, const char* variant) {
    const check_result r = check(config_of(scenario, variant));
    QVERIFY2(!r.violation, qPrintable(QStringLiteral("%1 under %2: %3").arg(scenario, variant,
             QString::fromStdString(r.verdicts.empty() ? "?" : r.verdicts.front().message))));
    QVERIFY2(r.complete, qPrintable(QStringLiteral("%1 under %2: the search did not cover every interleaving").arg(scenario, variant)));
    QVERIFY(r.states > 100);  // it really explored
}

// The violation the search finds, its invariant, and that its schedule replays to it.
void verifyBreaks(const char* scenario, const char* variant, const char* invariant, check_result* out = nullptr) {
    const run_config cfg = config_of(scenario, variant);
    const check_result r = check(cfg);
    QVERIFY2(r.violation.has_value(), qPrintable(QStringLiteral("%1 under %2: no violation").arg(scenario, variant)));
    QCOMPARE(QString::fromStdString(r.verdicts.front().invariant), QString::fromLatin1(invariant));
    engine replay(cfg);
    play_schedule(replay, *r.violation);
    QVERIFY2(!replay.verdicts().empty() && replay.verdicts().front().invariant == invariant,
             "the shortest schedule does not replay to the same verdict");
    if (out) *out = r;
}

}  // namespace

class BinderClaims : public QObject {
    Q_OBJECT

private slots:
    // Lesson 9: B1 blocks uninterruptibly on binder_main_lock, held by B7, which loops in the
    // page allocator until B1, the OOM victim, exits.
    void deadlockScenario() {
        check_result r;
        verifyBreaks("binder-oom-deadlock", "v4.4", "K1", &r);
        if (QTest::currentTestFailed()) return;
        const verdict& k1 = r.verdicts.front();
        QCOMPARE(k1.cycle.size(), std::size_t(3));
        engine e(config_of("binder-oom-deadlock", "v4.4"));
        QCOMPARE(e.thread_name(k1.cycle.front()), k1.cycle.front() == 0 ? std::string("B1") : std::string("B7"));
        QCOMPARE(k1.cycle_via.size(), std::size_t(2));
        const std::string via = k1.cycle_via[0] + " | " + k1.cycle_via[1];
        QVERIFY2(via.find("binder_main_lock") != std::string::npos, via.c_str());
        QVERIFY2(via.find("waits for the OOM victim to exit") != std::string::npos, via.c_str());
        // K2 comes with it: the killed B1 sleeps in D on a lock whose holder is stuck.
        QVERIFY(std::any_of(r.verdicts.begin(), r.verdicts.end(), [](const verdict& v) { return v.invariant == "K2"; }));

        verifyHolds("binder-oom-deadlock", "v4.9");
        verifyHolds("binder-oom-deadlock", "rfc");
        verifyHolds("binder-oom-deadlock", "v4.14");
        // The reply's one-liner without the `locked` flag: binder_ioctl unlocks B7's mutex.
        verifyBreaks("binder-oom-deadlock", "interruptible", "K4");
    }

    // The RFC only fixes the relock in binder_thread_read: killed while blocked at the
    // ioctl's entry lock, B1 still cannot leave.
    void entryScenario() {
        verifyBreaks("binder-oom-entry", "rfc", "K1");
        verifyHolds("binder-oom-entry", "v4.14");
    }

    // Lesson 10: the RFC's unlocked looper &= ~WAITING, with a plain int, loses the flush's
    // NEED_RETURN; with atomic_t, under the main lock (v4.4) or with the flag apart (v4.14), not.
    void lostLooperBitScenario() {
        verifyBreaks("binder-lost-looper-bit", "rfc-plain-looper", "K3");
        verifyHolds("binder-lost-looper-bit", "rfc");
        verifyHolds("binder-lost-looper-bit", "v4.4");
        verifyHolds("binder-lost-looper-bit", "v4.14");
    }

    // The shortest schedules, replayed event by event, end where the search said.
    void shortestViolationsReplay() {
        for (const auto& [scenario, variant] : {std::pair{"binder-oom-deadlock", "v4.4"}, std::pair{"binder-oom-entry", "rfc"},
                                                std::pair{"binder-lost-looper-bit", "rfc-plain-looper"}}) {
            const run_config cfg = config_of(scenario, variant);
            const check_result r = check(cfg);
            QVERIFY(r.violation.has_value());
            engine e(cfg);
            for (std::size_t i = 0; i < r.violation->size(); ++i) {
                QVERIFY2(e.verdicts().empty(), "a verdict before the schedule's last step: it is not the shortest");
                e.step((*r.violation)[i]);
            }
            QVERIFY(!e.verdicts().empty());
            QCOMPARE(e.verdicts().front().step, std::uint64_t(r.violation->size()));
        }
    }
};

QTEST_APPLESS_MAIN(BinderClaims)
#include "tst_binder_claims.moc"
