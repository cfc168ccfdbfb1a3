// The claims of the weak memory model about the kernel's own code (issue 11, items 4 and 8):
// - binder's alloc publication (seed 000) breaks P1 with a plain store, with smp_wmb() alone and
//   with the unlocked vma_addr, and holds with wmb/rmb, release/acquire, an rwsem of its own and
//   the mapped flag;
// - lesson 8: before b1f02b95758d the unlock of mm_lock_seq publishes nothing, and a reader that
//   read-locks the vma reads its flags as they were before the writer's change (V1); with the
//   release/acquire pair of b1f02b95758d, and in the seqcount and vm_refcnt eras after it, it
//   cannot;
// - lesson 4b: with rcuwait_wake_up()'s barrier (B) back to the smp_rmb() of before 6dc080eeb2ba,
//   the last reader's put and the writer's wait miss each other and the writer sleeps forever
//   (V7); with (B) they cannot.
// Under sequential consistency every one of them holds, no step has a second outcome, and the two
// per-VMA lock scenarios run exactly as the drain of lesson 1 runs with one reader.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include <QtTest>

#include <random>

using namespace lockstep;

namespace {

// The claim on one scenario and variant: under the kernel's memory model broken (with
// `invariant`, and a schedule that needs an older store, replaying to the same verdict from
// its text) or not; under sequential consistency never, with one outcome at every step.
void verifyWeakClaim(const std::string& scenario, const QString& variant, bool broken, const QString& invariant,
                     const QString& words) {
    run_config cfg;
    cfg.scenario = scenario;
    cfg.variant = variant.toStdString();

    const check_result lkmm = check(cfg);
    QVERIFY(lkmm.complete);
    QVERIFY2(lkmm.violation.has_value() == broken,
             lkmm.verdicts.empty() ? "no violation" : lkmm.verdicts.front().message.c_str());
    if (broken) {
        QCOMPARE(QString::fromStdString(lkmm.verdicts.at(0).invariant), invariant);
        QVERIFY2(QString::fromStdString(lkmm.verdicts.at(0).message).contains(words), lkmm.verdicts.at(0).message.c_str());
        // The break needs a read of an older store, and its schedule says which.
        bool weak_step = false;
        for (const choice& c : *lkmm.violation) weak_step = weak_step || c.option != 0;
        QVERIFY(weak_step);
        engine e(cfg);
        play_schedule(e, parse_schedule(format_schedule(*lkmm.violation, e), e));
        QVERIFY(!e.verdicts().empty());
        QCOMPARE(QString::fromStdString(e.verdicts().front().invariant), invariant);
    }

    cfg.memory = memory_model::sc;
    const check_result sc = check(cfg);
    QVERIFY(sc.complete);
    QVERIFY2(!sc.violation, sc.verdicts.empty() ? "?" : sc.verdicts.front().message.c_str());
    engine e(cfg);
    while (!e.finished()) {
        for (thread_id t : e.runnable()) QCOMPARE(e.options(t), 1);
        e.step(e.runnable().front());
    }
}

}  // namespace

class tst_weak_claims : public QObject {
    Q_OBJECT
private slots:
    void allocPublication_data();
    void allocPublication();
    void mmLockSeqPublication_data();
    void mmLockSeqPublication();
    void rcuwaitWakeBarrier_data();
    void rcuwaitWakeBarrier();
    void weakScenariosRunAsTheDrainUnderSc_data();
    void weakScenariosRunAsTheDrainUnderSc();
};

void tst_weak_claims::allocPublication_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("broken");
    QTest::newRow("2008") << "2008" << true;
    QTest::newRow("wmb-only") << "wmb-only" << true;
    QTest::newRow("vma-addr") << "vma-addr" << true;
    QTest::newRow("wmb-rmb") << "wmb-rmb" << false;
    QTest::newRow("v6.4") << "v6.4" << false;
    QTest::newRow("own-rwsem") << "own-rwsem" << false;
    QTest::newRow("mapped") << "mapped" << false;
}

void tst_weak_claims::allocPublication() {
    QFETCH(QString, variant);
    QFETCH(bool, broken);
    run_config cfg;
    cfg.scenario = "binder-alloc-publish";
    cfg.variant = variant.toStdString();

    const check_result lkmm = check(cfg);
    QVERIFY(lkmm.complete);
    QCOMPARE(lkmm.violation.has_value(), broken);
    if (broken) {
        QCOMPARE(QString::fromStdString(lkmm.verdicts.at(0).invariant), QStringLiteral("P1"));
        // The break needs a read of an older store, and its schedule says which.
        bool weak_step = false;
        for (const choice& c : *lkmm.violation) weak_step = weak_step || c.option != 0;
        QVERIFY(weak_step);
        engine e(cfg);
        play_schedule(e, parse_schedule(format_schedule(*lkmm.violation, e), e));
        QVERIFY(!e.verdicts().empty());
        QCOMPARE(QString::fromStdString(e.verdicts().front().invariant), QStringLiteral("P1"));
    }

    cfg.memory = memory_model::sc;
    const check_result sc = check(cfg);
    QVERIFY(sc.complete);
    QVERIFY2(!sc.violation, "program order alone keeps P1 under sequential consistency");
    engine e(cfg);
    while (!e.finished()) {
        for (thread_id t : e.runnable()) QCOMPARE(e.options(t), 1);
        e.step(e.runnable().front());
    }
}

// Lesson 8, commit b1f02b95758d: the rw_semaphore era's lock before it (WRITE_ONCE / READ_ONCE of
// mm_lock_seq, as v6.4 shipped and rwsem-v6.4 runs it) lets R1 read stale flags inside the vma;
// the fix and the seqcount of v6.13 do not. (The scenario's refcount era has no weak cells.)
void tst_weak_claims::mmLockSeqPublication_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("broken");
    QTest::newRow("pre-b1f02b95758d") << "pre-b1f02b95758d" << true;
    QTest::newRow("rwsem-v6.4") << "rwsem-v6.4" << true;
    QTest::newRow("b1f02b95758d") << "b1f02b95758d" << false;
    QTest::newRow("rwsem") << "rwsem" << false;
}

void tst_weak_claims::mmLockSeqPublication() {
    QFETCH(QString, variant);
    QFETCH(bool, broken);
    verifyWeakClaim("vma-seq-publish", variant, broken, QStringLiteral("V1"), QStringLiteral("reads vma.vm_flags"));
}

// Lesson 4b: (B) back to the smp_rmb() of before 6dc080eeb2ba loses the last reader's wakeup.
void tst_weak_claims::rcuwaitWakeBarrier_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<bool>("broken");
    QTest::newRow("no-wake-mb") << "no-wake-mb" << true;
    QTest::newRow("final") << "final" << false;
    QTest::newRow("v6.17") << "v6.17" << false;
    QTest::newRow("v7") << "v7" << false;
}

void tst_weak_claims::rcuwaitWakeBarrier() {
    QFETCH(QString, variant);
    QFETCH(bool, broken);
    verifyWeakClaim("vma-wake-barrier", variant, broken, QStringLiteral("V7"), QStringLiteral("lost wakeup: W sleeps forever"));
}

// Under sequential consistency the two weak scenarios are the drain with one reader: the same
// states, step by step, along random schedules, in every variant that can run them. So every
// result under sc is the drain's, which the other suites hold.
void tst_weak_claims::weakScenariosRunAsTheDrainUnderSc_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    for (const char* scenario : {"vma-seq-publish", "vma-wake-barrier"})
        for (const variant_info* v : variants_for(scenario))
            QTest::newRow((std::string(scenario) + " " + v->name).c_str()) << scenario << QString::fromStdString(v->name);
}

void tst_weak_claims::weakScenariosRunAsTheDrainUnderSc() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    run_config weak, drain;
    weak.scenario = scenario.toStdString();
    drain.scenario = "vma-drain";
    weak.variant = drain.variant = variant.toStdString();
    weak.readers = drain.readers = 1;
    weak.memory = memory_model::sc;
    engine a(weak), b(drain);
    QVERIFY(!a.has_weak_memory());
    std::mt19937 rng(11);
    for (int run = 0; run < 50; ++run) {
        a.reset();
        b.reset();
        QCOMPARE(a.state_hash(), b.state_hash());
        while (!a.finished()) {
            const auto choices = a.runnable();
            QCOMPARE(b.runnable(), choices);
            const thread_id t = choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(rng)];
            a.step(t);
            b.step(t);
            QCOMPARE(a.state_hash(), b.state_hash());
        }
        QVERIFY(b.finished());
        QCOMPARE(a.verdicts().size(), b.verdicts().size());
    }
}

QTEST_GUILESS_MAIN(tst_weak_claims)
#include "tst_weak_claims.moc"
