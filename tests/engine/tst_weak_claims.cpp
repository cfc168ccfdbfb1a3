// The claims of the weak memory model about the kernel's own code (issue 11, item 8): binder's
// alloc publication (seed 000) breaks P1 with a plain store, with smp_wmb() alone and with the
// unlocked vma_addr, and holds with wmb/rmb, release/acquire, an rwsem of its own and the mapped
// flag; under sequential consistency every one of them holds, and no step has a second outcome.
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include <QtTest>

using namespace lockstep;

class tst_weak_claims : public QObject {
    Q_OBJECT
private slots:
    void allocPublication_data();
    void allocPublication();
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

QTEST_GUILESS_MAIN(tst_weak_claims)
#include "tst_weak_claims.moc"
