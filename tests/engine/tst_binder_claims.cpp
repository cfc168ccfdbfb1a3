// The exhaustive check proves binder's claims (seed 003): the OOM-kill deadlock of v4.4 is a
// wait-for cycle (K1) that the reaper, the RFC and v4.14 each remove; the reply's one-liner
// unlocks a mutex another thread holds (K4); the RFC leaves the ioctl's entry lock
// uninterruptible (K1 again); and the RFC without its atomic_t loses NEED_RETURN (K3). Each
// shortest violation replays step by step to the same verdict.
//
// And binder_alloc's cached alloc->vma (lessons 12 and 13): binder installing pages under
// mmap_lock for read uses a vma that munmap, downgraded to read, has freed (P2), and inserts a
// page after ->close (P3); d1d8875c8c13's write lock holds. mmap_region() without ->close on a
// failed preallocation leaves alloc->vma dangling for the next transaction (P2); 5789151e48ac
// holds. a43cfc87caaf, which looked the vma up instead of caching it, holds in both.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include "run_config_of.hpp"
#include <lockstep/schedule.hpp>

#include <QtTest>

#include <algorithm>

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

    // Lesson 12: with 720c24192404's read lock, B gets mmap_lock as soon as munmap downgrades,
    // loads alloc->vma before ->close clears it, and vm_insert_page() reads the freed vma.
    void munmapDowngradeScenario() {
        check_result r;
        verifyBreaks("binder-munmap-downgrade", "read-lock", "P2", &r);
        if (QTest::currentTestFailed()) return;
        const verdict& p2 = r.verdicts.front();
        QVERIFY2(QString::fromStdString(p2.message).contains("after V was freed"), p2.message.c_str());
        engine e(config_of("binder-munmap-downgrade", "read-lock"));
        play_schedule(e, *r.violation);
        QCOMPARE(e.thread_name(p2.threads.front()), std::string("B"));
        // It takes the downgrade: at the use, M and B both hold mmap_lock for read, and
        // alloc->vma, which B loaded while it still pointed at V, is NULL by now.
        const snapshot snap = e.take_snapshot();
        QCOMPARE(snap.value("mm", "mmap_lock.readers"), value_t(2));
        QVERIFY(snap.value("V", "slab") > 1);  // freed (0 is never allocated, 1 live)
        QCOMPARE(snap.value("alloc", "vma"), value_t(0));  // ->close cleared it, too late for B
        QCOMPARE(QString::fromLatin1(e.events().back().function), QStringLiteral("vm_insert_page"));

        verifyHolds("binder-munmap-downgrade", "write-lock");
        verifyHolds("binder-munmap-downgrade", "vma-addr");
    }

    // P3 without P2: B, after its load of alloc->vma and before vm_area_free(), maps a page into
    // the vma that ->close has already given up (its range zapped, alloc->vma NULL).
    void munmapDowngradeInsertsAfterClose() {
        engine e(config_of("binder-munmap-downgrade", "read-lock"));
        const thread_id m = e.thread_by_name("M"), b = e.thread_by_name("B");
        step_until(e, b, "page_range.lock");
        step_until(e, m, "munmap.downgrade");
        e.step(b);  // down_read: M holds mmap_lock for write, so B queues
        QVERIFY(!e.can_run(b));
        e.step(m);  // downgrade_write() grants the queued reader
        QVERIFY(e.can_run(b));
        step_until(e, b, "vm_insert_page");
        step_until(e, m, "vm_area_free");
        QVERIFY(e.verdicts().empty());
        step_until(e, b, "page_range.unlock");
        QVERIFY(!e.verdicts().empty());
        QCOMPARE(QString::fromStdString(e.verdicts().front().invariant), QStringLiteral("P3"));
        e.step(m);  // vm_area_free(): the vma goes, the page stays mapped in a range no vma covers
        run_round_robin(e, 1000);
        QVERIFY(std::none_of(e.verdicts().begin(), e.verdicts().end(), [](const verdict& v) { return v.invariant == "P2"; }));
        QCOMPARE(e.take_snapshot().value("mm", "pte"), e.take_snapshot().value("pages[0]", "page_ptr"));
    }

    // Lesson 13: mmap_region() frees the vma binder_mmap() published, without ->close; the next
    // transaction installs its page through the dangling alloc->vma.
    void mmapUndoScenario() {
        check_result r;
        verifyBreaks("binder-mmap-undo", "no-close", "P2", &r);
        if (QTest::currentTestFailed()) return;
        engine e(config_of("binder-mmap-undo", "no-close"));
        play_schedule(e, *r.violation);
        QCOMPARE(e.thread_name(r.verdicts.front().threads.front()), std::string("S"));
        const snapshot snap = e.take_snapshot();
        QVERIFY(snap.value("alloc", "vma") != 0);  // still V: nobody told binder
        QVERIFY(snap.value("V", "slab") > 1);      // which mmap_region() has freed
        QCOMPARE(snap.value("mm", "mm_mt"), value_t(0));  // the vma never made it into the tree
        QCOMPARE(snap.value("M", "fail_nth"), value_t(0));  // the injected failure was used

        verifyHolds("binder-mmap-undo", "5789151e48ac");
        verifyHolds("binder-mmap-undo", "vma-addr");
    }

    // Each story takes its own variants: the lifetime scenarios refuse the publication's.
    void lifetimeScenariosTakeTheirOwnVariants() {
        QStringList munmap;
        for (const variant_info* v : variants_for("binder-munmap-downgrade")) munmap << QString::fromStdString(v->name);
        QCOMPARE(munmap, (QStringList{"read-lock", "write-lock", "vma-addr"}));
        QStringList undo;
        for (const variant_info* v : variants_for("binder-mmap-undo")) undo << QString::fromStdString(v->name);
        QCOMPARE(undo, (QStringList{"no-close", "5789151e48ac", "vma-addr"}));
        QVERIFY_THROWS_EXCEPTION(config_error, engine(config_of("binder-munmap-downgrade", "2008")));
        QVERIFY_THROWS_EXCEPTION(config_error, engine(config_of("binder-alloc-publish", "read-lock")));
    }

    // The shortest schedules, replayed event by event, end where the search said.
    void shortestViolationsReplay() {
        for (const auto& [scenario, variant] : {std::pair{"binder-oom-deadlock", "v4.4"}, std::pair{"binder-oom-entry", "rfc"},
                                                std::pair{"binder-lost-looper-bit", "rfc-plain-looper"},
                                                std::pair{"binder-munmap-downgrade", "read-lock"},
                                                std::pair{"binder-mmap-undo", "no-close"}}) {
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
