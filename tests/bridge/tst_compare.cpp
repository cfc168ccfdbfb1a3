// Two variants side by side: the comparison the window shows. L1 against the merged code on
// lesson 4's schedule, which loses the wakeup under L1; identical variants; a schedule one side
// cannot take; bad input.
#include "comparison.h"
#include "session.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

namespace {

// lockstep-cli check's shortest schedule for L1 on vma-detach-lost-wakeup, the one lesson 4's
// script plays: R1 to its increment, W until it is about to detach, R1 increments and
// rechecks, W sleeps in detach, R1 drops its count and blocks on mmap_lock.
const QString lostWakeup = QStringLiteral("R1*4 W*17 R1*3 W*7 R1*3");

QVariant role(const QAbstractItemModel* model, int row, const char* name) {
    const auto roles = model->roleNames();
    for (auto it = roles.begin(); it != roles.end(); ++it)
        if (it.value() == name) return model->data(model->index(row, 0), it.key());
    qFatal("no role %s", name);
}

QVariantMap valueNamed(const Comparison& c, const QString& name) {
    for (const QVariant& v : c.values())
        if (v.toMap().value("name").toString() == name) return v.toMap();
    return {};
}

QVariantMap threadNamed(const Comparison& c, const QString& name) {
    for (const QVariant& v : c.threads())
        if (v.toMap().value("name").toString() == name) return v.toMap();
    return {};
}

}  // namespace

class TestCompare : public QObject {
    Q_OBJECT

    // The lab as lesson 4 leaves it: L1, the schedule that loses the wakeup.
    void openLostWakeup(Session& session, const QString& variant = QStringLiteral("L1")) {
        session.setScenario(QStringLiteral("vma-detach-lost-wakeup"));
        session.setVariant(variant);
        QCOMPARE(session.replaySchedule(lostWakeup), QString());
    }

private slots:
    // The heart of it: under L1 the writer takes a reference of its own (v7), so the runs part
    // at W's write-lock; lined up by program point both play the same race, and they part
    // again where R1's put wakes W under final and not under L1, which leaves L1 with V7.
    void l1AgainstFinalPartsWhereTheWakeupIsLost() {
        Session session;
        openLostWakeup(session);
        Comparison c;
        QAbstractItemModelTester tester(c.rows());
        c.setSession(&session);
        QSignalSpy result(&c, &Comparison::resultChanged);
        QSignalSpy config(&c, &Comparison::configChanged);
        c.loadFromSession();
        QCOMPARE(result.count(), 1);
        QVERIFY(config.count() >= 1);
        QCOMPARE(c.error(), QString());
        QCOMPARE(c.leftVariant(), QStringLiteral("L1"));
        QCOMPARE(c.rightVariant(), QStringLiteral("final"));
        QCOMPARE(c.schedule(), lostWakeup);
        QVERIFY(c.byPoint());
        // final follows L1's schedule to the same points: W's write-lock is one step shorter
        // without the writer's reference, and R1's put goes on to wake W.
        QCOMPARE(c.leftTaken(), lostWakeup);
        QCOMPARE(c.rightTaken(), QStringLiteral("R1*4 W*16 R1*5 W*6 R1*8"));

        QCOMPARE(c.firstDifference(), 12);
        const QVariantList points = c.turningPoints();
        QCOMPARE(points.size(), 3);
        const QVariantMap first = points[0].toMap();
        QCOMPARE(first["step"].toInt(), 12);
        QCOMPARE(first["title"].toString(), QStringLiteral("First difference"));
        QCOMPARE(first["kinds"].toString(), QStringLiteral("a different operation"));
        QVERIFY2(first["text"].toString().startsWith(
                     "step 12: under L1, W refcount_inc_not_zero vma.vm_refcnt 1 -> 2 (mm/mmap_lock.c: __vma_enter_locked:"),
                 qPrintable(first["text"].toString()));
        QVERIFY(first["right"].toString().startsWith("W refcount_add_not_zero vma.vm_refcnt 1 -> OFFSET+1"));

        const QVariantMap wake = points[1].toMap();
        QCOMPARE(wake["title"].toString(), QStringLiteral("First difference in thread states"));
        QCOMPARE(wake["left"].toString(), QStringLiteral("no such step"));
        QVERIFY2(wake["right"].toString().contains("wake_up_process") &&
                     wake["right"].toString().contains("wakes W") &&
                     wake["right"].toString().contains("W sleeping -> runnable"),
                 qPrintable(wake["right"].toString()));
        const QVariantMap verdicts = points[2].toMap();
        QCOMPARE(verdicts["title"].toString(), QStringLiteral("First difference in verdicts"));
        QVERIFY(verdicts["left"].toString().contains("V7: lost wakeup: W sleeps forever"));
        QVERIFY(!verdicts["right"].toString().contains("V7"));
        QVERIFY(wake["step"].toInt() < verdicts["step"].toInt());

        QVERIFY(c.leftViolated());
        QVERIFY(!c.rightViolated());
        QVERIFY(c.leftOutcome().startsWith(QStringLiteral("V7 at step %1").arg(verdicts["step"].toInt())));
        QCOMPARE(c.rightOutcome(), QStringLiteral("No violation: every thread finished"));

        // Rows: the same steps unmarked, the differing ones marked with what differs.
        QCOMPARE(c.rows()->rowCount(), c.count());
        QVERIFY(!role(c.rows(), 0, "differs").toBool());
        QCOMPARE(role(c.rows(), 0, "leftAction").toString(), role(c.rows(), 0, "rightAction").toString());
        QVERIFY(role(c.rows(), 11, "differs").toBool());
        QCOMPARE(role(c.rows(), 11, "thread").toString(), QStringLiteral("W"));
        QCOMPARE(role(c.rows(), 12, "rightKind").toString(), QStringLiteral("absent"));  // v7's refcount_add
        QCOMPARE(role(c.rows(), 12, "kinds").toString(), QStringLiteral("a step only one run has"));
        const int wakeRow = wake["step"].toInt() - 1;
        QCOMPARE(role(c.rows(), wakeRow, "leftKind").toString(), QStringLiteral("absent"));
        QCOMPARE(role(c.rows(), wakeRow, "rightMoves").toStringList(),
                 QStringList{"W sleeping -> runnable (will wait until vm_refcnt == OFFSET)"});
        QVERIFY(role(c.rows(), wakeRow, "leftMoves").toStringList().isEmpty());
        const QStringList found = role(c.rows(), verdicts["step"].toInt() - 1, "leftVerdicts").toStringList();
        QCOMPARE(found.size(), 2);  // the lost wakeup, and R1 that can never finish
        QVERIFY(found[0].startsWith("V7: lost wakeup"));
        QVERIFY(role(c.rows(), verdicts["step"].toInt() - 1, "rightVerdicts").toStringList().isEmpty());
        int marked = 0;
        for (int r = 0; r < c.rows()->rowCount(); ++r) marked += role(c.rows(), r, "differs").toBool();
        QCOMPARE(marked, c.differenceCount());

        // It opens at the first difference, with both runs' state there.
        QCOMPARE(c.current(), 12);
        QVERIFY(c.currentDiffers());
        QCOMPARE(c.left()["action"].toString(), QStringLiteral("refcount_inc_not_zero vma.vm_refcnt 1 -> 2"));
        QCOMPARE(c.right()["action"].toString(), QStringLiteral("refcount_add_not_zero vma.vm_refcnt 1 -> OFFSET+1"));
        const QVariantMap refcnt = valueNamed(c, QStringLiteral("vma.vm_refcnt"));
        QCOMPARE(refcnt["left"].toString(), QStringLiteral("2"));
        QCOMPARE(refcnt["right"].toString(), QStringLiteral("OFFSET+1"));
        QVERIFY(refcnt["differs"].toBool());
        QVERIFY(refcnt["leftChanged"].toBool());
        QVERIFY(refcnt["rightChanged"].toBool());
        QCOMPARE(refcnt["leftDetail"].toString(), QStringLiteral("attached 1 + readers 0 + writer's ref 1"));
        QCOMPARE(refcnt["rightDetail"].toString(), QStringLiteral("attached 1 + readers 0 + writer OFFSET"));
        const QVariantMap seq = valueNamed(c, QStringLiteral("mm.mm_lock_seq"));
        QCOMPARE(seq["left"].toString(), seq["right"].toString());
        QVERIFY(!seq["differs"].toBool());
        QVERIFY(valueNamed(c, QStringLiteral("vma.attached")).isEmpty());  // checker bookkeeping

        // Where the wakeup is lost: W sleeps under L1 and was woken under final.
        QSignalSpy current(&c, &Comparison::currentChanged);
        c.setCurrent(wake["step"].toInt());
        QCOMPARE(current.count(), 1);
        const QVariantMap w = threadNamed(c, QStringLiteral("W"));
        QCOMPARE(w["left"].toString(), QStringLiteral("sleeping"));
        QCOMPARE(w["leftWaiting"].toString(), QStringLiteral("asleep, waiting until vm_refcnt == OFFSET+1"));
        QCOMPARE(w["right"].toString(), QStringLiteral("runnable"));
        QVERIFY(w["differs"].toBool());
        QCOMPARE(valueNamed(c, QStringLiteral("vma.vm_refcnt"))["left"].toString(), QStringLiteral("OFFSET+1"));
        QCOMPARE(valueNamed(c, QStringLiteral("vma.vm_refcnt"))["right"].toString(), QStringLiteral("OFFSET"));
        QCOMPARE(c.left()["kind"].toString(), QStringLiteral("absent"));
        c.setCurrent(verdicts["step"].toInt());
        QVERIFY(c.left()["verdict"].toString().startsWith("V7: lost wakeup"));
        QCOMPARE(c.left()["verdictStep"].toInt(), verdicts["step"].toInt());
        QCOMPARE(c.right()["verdict"].toString(), QString());
    }

    // Literally step by step, the same schedule does not set up the race under final: its
    // writer is one step quicker, so W detaches the vma to 0 before R1 increments.
    void stepByStepTheRaceIsNotTheSame() {
        Session session;
        openLostWakeup(session);
        Comparison c;
        c.setSession(&session);
        c.loadFromSession();
        c.setByPoint(false);
        QCOMPARE(c.error(), QString());
        QCOMPARE(c.rightTaken(), c.leftTaken());
        QCOMPARE(c.firstDifference(), 12);
        c.setCurrent(21);
        QCOMPARE(c.right()["action"].toString(), QStringLiteral("refcount_dec_and_test vma.vm_refcnt 1 -> 0"));
        QCOMPARE(c.left()["action"].toString(), QStringLiteral("refcount_sub_and_test vma.vm_refcnt OFFSET+2 -> 1"));
    }

    void identicalVariantsGiveNoDifferences() {
        Session session;
        openLostWakeup(session);
        Comparison c;
        c.setSession(&session);
        c.loadFromSession();
        QVERIFY(c.setVariants(QStringLiteral("final"), QStringLiteral("final")));
        QCOMPARE(c.leftName(), QStringLiteral("final (left)"));
        QCOMPARE(c.rightName(), QStringLiteral("final (right)"));
        QVERIFY(c.count() > 0);
        QCOMPARE(c.differenceCount(), 0);
        QCOMPARE(c.firstDifference(), 0);
        QVERIFY(c.turningPoints().isEmpty());
        QCOMPARE(c.current(), 0);
        for (int r = 0; r < c.rows()->rowCount(); ++r) QVERIFY(!role(c.rows(), r, "differs").toBool());
        for (int step = 0; step <= c.count(); step += 7) {
            c.setCurrent(step);
            QVERIFY(!c.currentDiffers());
            for (const QVariant& v : c.values()) QVERIFY2(!v.toMap()["differs"].toBool(), qPrintable(v.toMap()["name"].toString()));
            for (const QVariant& t : c.threads()) QVERIFY(!t.toMap()["differs"].toBool());
        }
    }

    // The rule: a run whose thread cannot run when the schedule names it stands still on that
    // row and says why, the other run takes the step, and the schedule goes on.
    void aScheduleOneSideCannotTakeGoesOn_data() {
        QTest::addColumn<bool>("byPoint");
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<int>("from");  // the rows (1-based) where one side stands still; 0: the
        QTest::addColumn<int>("to");    // last three
        QTest::addColumn<int>("stuck");  // which side: 0 left, 1 right
        QTest::addColumn<QString>("why");
        // Under L1, W sleeps forever after the lost-wakeup schedule; under final it was woken.
        QTest::newRow("by program point: L1's W asleep")
            << true << "L1" << "final" << lostWakeup + " W*3" << 0 << 0 << 0
            << "cannot run: asleep, waiting until vm_refcnt == OFFSET+1";
        // final's race played literally against L1: L1's R1 finished long before (its writer's
        // extra step let R1 find the vma already gone), and final's steps go on beside it.
        QTest::newRow("step by step: L1's R1 finished")
            << false << "final" << "L1" << "R1*4 W*16 R1*5 W*6 R1*8 W*3" << 35 << 39 << 1
            << "cannot run: it has finished";
    }
    void aScheduleOneSideCannotTakeGoesOn() {
        QFETCH(bool, byPoint);
        QFETCH(QString, left);
        QFETCH(QString, right);
        QFETCH(QString, schedule);
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(int, stuck);
        QFETCH(QString, why);
        Session session;
        openLostWakeup(session);
        Comparison c;
        c.setSession(&session);
        c.loadFromSession();
        c.setRunToEnd(false);
        c.setByPoint(byPoint);
        QVERIFY(c.setVariants(left, right));
        c.setSchedule(schedule);
        QCOMPARE(c.error(), QString());
        QCOMPARE(c.scheduledCount(), c.count());
        if (from == 0) {
            from = c.count() - 2;
            to = c.count();
        }
        const char* stuckKind = stuck == 0 ? "leftKind" : "rightKind";
        const char* stuckAction = stuck == 0 ? "leftAction" : "rightAction";
        const char* otherKind = stuck == 0 ? "rightKind" : "leftKind";
        for (int r = from - 1; r < to; ++r) {
            QCOMPARE(role(c.rows(), r, stuckKind).toString(), QStringLiteral("cannot"));
            QCOMPARE(role(c.rows(), r, stuckAction).toString(), why);
            QCOMPARE(role(c.rows(), r, otherKind).toString(), QStringLiteral("took"));
            QVERIFY(role(c.rows(), r, "differs").toBool());
            QVERIFY(role(c.rows(), r, "kinds").toString().contains("one run could not take the step"));
        }
        // And the schedule went on after them, in both runs where they could.
        for (int r = to; r < c.count(); ++r) {
            QCOMPARE(role(c.rows(), r, "leftKind").toString(), QStringLiteral("took"));
            QCOMPARE(role(c.rows(), r, "rightKind").toString(), QStringLiteral("took"));
        }
        c.setCurrent(to);
        QCOMPARE((stuck == 0 ? c.left() : c.right())["kind"].toString(), QStringLiteral("cannot"));
        QCOMPARE((stuck == 0 ? c.left() : c.right())["action"].toString(), why);
    }

    void badInputGivesAClearError() {
        Session session;
        openLostWakeup(session);
        Comparison c;
        QAbstractItemModelTester tester(c.rows());
        c.setSession(&session);
        c.loadFromSession();
        QVERIFY(c.count() > 0);
        c.setSchedule(QStringLiteral("R1*4 X9 W"));
        QCOMPARE(c.error(), QStringLiteral("Schedule: unknown thread 'X9' in schedule (threads: R1, W)"));
        QCOMPARE(c.count(), 0);
        QCOMPARE(c.rows()->rowCount(), 0);
        QVERIFY(c.turningPoints().isEmpty());
        c.forward();  // nothing to step: stays put, no crash
        QCOMPARE(c.current(), 0);
        QVERIFY(c.values().isEmpty());

        c.setSchedule(QStringLiteral("R1*0"));
        QVERIFY(c.error().contains(QStringLiteral("bad repeat count in 'R1*0'")));
        c.setRunToEnd(false);
        c.setSchedule(QString());
        QCOMPARE(c.error(), QStringLiteral("Schedule: the schedule is empty: name the threads to step, e.g. \"R1*3 W\""));
        c.setRunToEnd(true);  // an empty schedule with the tail: round-robin from the start
        QCOMPARE(c.error(), QString());
        QVERIFY(c.count() > 0);

        QVERIFY(!c.setVariants(QStringLiteral("L1"), QStringLiteral("v4.14")));
        QVERIFY2(c.error().contains(QStringLiteral("'v4.14' belongs to the binder family")), qPrintable(c.error()));
        QVERIFY(c.setVariants(QStringLiteral("L1"), QStringLiteral("final")));
        QCOMPARE(c.error(), QString());

        Comparison alone;  // no lab to take a run from
        alone.loadFromSession();
        QVERIFY(!alone.error().isEmpty());
    }

    void stepsByDifferences() {
        Session session;
        openLostWakeup(session);
        Comparison c;
        c.setSession(&session);
        c.loadFromSession();
        c.home();
        QCOMPARE(c.current(), 0);
        QCOMPARE(c.left()["kind"].toString(), QStringLiteral("start"));
        c.back();
        QCOMPARE(c.current(), 0);
        c.nextDifference();
        QCOMPARE(c.current(), 12);
        c.nextDifference();
        QCOMPARE(c.current(), 13);
        c.forward();
        QCOMPARE(c.current(), 14);
        QVERIFY(!c.currentDiffers());
        c.previousDifference();
        QCOMPARE(c.current(), 13);
        c.end();
        QCOMPARE(c.current(), c.count());
        c.forward();
        QCOMPARE(c.current(), c.count());
    }

    // The lab's own switch overrides belong to the lab's variant, so only a side running that
    // variant has them: the merged code told to wake only at OFFSET+2 loses the wakeup too,
    // while v7 beside it keeps its own wake on every put.
    void theLabsSwitchesGoWithItsVariant() {
        Session session;
        openLostWakeup(session, QStringLiteral("final"));
        session.setSwitch(QStringLiteral("wake_only_at_O2"), true);
        QCOMPARE(session.error(), QString());
        Comparison c;
        c.setSession(&session);
        c.loadFromSession();
        QCOMPARE(c.leftVariant(), QStringLiteral("L1"));  // the lab runs the default: the lesson's variant beside it
        QCOMPARE(c.rightVariant(), QStringLiteral("final"));
        QVERIFY(c.setVariants(QStringLiteral("v7"), QStringLiteral("final")));
        QVERIFY(!c.leftViolated());
        QVERIFY(c.rightViolated());
        QVERIFY(c.rightOutcome().startsWith(QStringLiteral("V7 at step")));
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
