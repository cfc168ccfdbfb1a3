// The claims of the weak memory model about the kernel's own code (issue 11, items 4 and 8):
// - binder's alloc publication (seed 000) breaks P1 with a plain store, with smp_wmb() alone and
//   with the unlocked vma_addr, and holds with wmb/rmb, release/acquire, an rwsem of its own and
//   the mapped flag;
// - lesson 4b: with rcuwait_wake_up()'s barrier (B) back to the smp_rmb() of before 6dc080eeb2ba,
//   the last reader's put and the writer's wait miss each other and the writer sleeps forever
//   (V7); with (B) they cannot.
// Under sequential consistency every one of them holds, and no step has a second outcome.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include <QtTest>

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
    void rcuwaitWakeBarrier_data();
    void rcuwaitWakeBarrier();
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

QTEST_GUILESS_MAIN(tst_weak_claims)
#include "tst_weak_claims.moc"
