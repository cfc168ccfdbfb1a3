// The bridge: every model stays a valid Qt model through steps, rewinds and new runs
// (QAbstractItemModelTester), shows the engine's state, and every NOTIFY signal fires when
// its property changes.
#include "checkrunner.h"
#include "eventmodel.h"
#include "mmmodel.h"
#include "session.h"
#include "switchmodel.h"
#include "threadmodel.h"
#include "vmamodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

namespace {

QVariant role(const QAbstractItemModel* model, int row, const char* name) {
    const auto roles = model->roleNames();
    for (auto it = roles.begin(); it != roles.end(); ++it)
        if (it.value() == name) return model->data(model->index(row, 0), it.key());
    qFatal("no role %s", name);
}

int rowNamed(const QAbstractItemModel* model, const QString& name) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (role(model, r, "name").toString() == name) return r;
    return -1;
}

}  // namespace

class SessionTest : public QObject {
    Q_OBJECT

private slots:
    void modelsStayValidThroughStepsRewindsAndNewRuns() {
        Session session;
        const QList<QAbstractItemModel*> models{session.threads(), session.vmas(), session.mms(), session.events(),
                                                session.switches()};
        std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
        for (auto* m : models)
            testers.push_back(std::make_unique<QAbstractItemModelTester>(m, QAbstractItemModelTester::FailureReportingMode::QtTest));

        for (int i = 0; i < 30; ++i) session.stepThread(i % 4);
        session.back();
        session.back();
        session.stepThread(3);  // a new line: the timeline ahead is dropped
        session.home();
        session.end();
        session.setVariant(QStringLiteral("v7"));
        session.setScenario(QStringLiteral("vma-slab-reuse"));  // other threads, two vmas, two mms
        QVERIFY(session.replaySchedule(QStringLiteral("A1*4 A2*12 B1*3")).isEmpty());
        session.setVariant(QStringLiteral("rwsem"));
        QCOMPARE(session.switches()->rowCount(), 3);  // its own: the seqcount, the release store, the check order
    }

    void steppingAThreadChangesTheRefcountAndItsState() {
        Session session;  // vma-drain, final
        QSignalSpy step(&session, &Session::stepChanged);
        const int vma = rowNamed(session.vmas(), QStringLiteral("vma"));
        QVERIFY(vma >= 0);
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("1"));
        for (int i = 0; i < 5; ++i) QVERIFY(session.stepThread(0));  // R1 up to its increment
        QCOMPARE(step.count(), 5);
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("2"));
        QVERIFY(role(session.vmas(), vma, "changed").toStringList().contains(QStringLiteral("vm_refcnt")));
        QCOMPARE(role(session.threads(), 0, "state").toString(), QStringLiteral("running"));
        QCOMPARE(role(session.threads(), 0, "stackText").toString(), QStringLiteral("do_page_fault › lock_vma_under_rcu › vma_start_read"));
        QVERIFY(role(session.threads(), 0, "inRcu").toBool());

        session.back();
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("1"));
        QCOMPARE(session.step(), 4);
        QVERIFY(session.canGoForward());
        session.forward();
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("2"));
    }

    void laneShowsTheAlgorithmSourceAroundTheNextOperation() {
        Session session;
        for (int i = 0; i < 4; ++i) session.stepThread(0);  // R1 is about to increment
        const QVariantList lines = role(session.threads(), 0, "sourceLines").toList();
        QVERIFY(!lines.isEmpty());
        bool found = false;
        for (const QVariant& l : lines) {
            const QVariantMap line = l.toMap();
            if (!line.value("current").toBool()) continue;
            found = true;
            const QString text = line.value("text").toString();
            QVERIFY2(text.contains("refcount"), qPrintable(text));
            const int start = line.value("opStart").toInt();
            QCOMPARE(text.mid(start, line.value("opLength").toInt()), QStringLiteral("__refcount_inc_not_zero_limited_acquire"));
        }
        QVERIFY(found);
        QCOMPARE(role(session.threads(), 0, "label").toString(), QStringLiteral("start_read.increment"));
    }

    // The rw_semaphore era: W queued on vm_lock behind two readers, R3 refused by the trylock
    // and queued on mmap_lock; the cards list both wait lists in the order the kernel serves.
    void rwsemWaitListsShowInTheCards() {
        Session session;
        session.setVariant(QStringLiteral("rwsem"));
        QVERIFY(session.replaySchedule(QStringLiteral("R1*11 R2*11 W*8 R3*8")).isEmpty());
        const int vma = rowNamed(session.vmas(), QStringLiteral("vma"));
        const QString vmLock = role(session.vmas(), vma, "vmLockText").toString();
        QCOMPARE(vmLock, QStringLiteral("read, held by R1, R2"));
        QCOMPARE(role(session.vmas(), vma, "vmLockWaiters").toStringList(), QStringList{"W (write)"});
        QCOMPARE(role(session.mms(), 0, "mmapLockWaiters").toStringList(), QStringList{"R3"});
        const int r3 = rowNamed(session.threads(), QStringLiteral("R3"));
        QCOMPARE(role(session.threads(), r3, "state").toString(), QStringLiteral("blocked"));
    }

    void sleepingWriterSaysWhatItWaitsFor() {
        Session session;
        QVERIFY(session.replaySchedule(QStringLiteral("R1*9 W*12")).isEmpty());
        const int w = rowNamed(session.threads(), QStringLiteral("W"));
        QCOMPARE(role(session.threads(), w, "state").toString(), QStringLiteral("sleeping"));
        QCOMPARE(role(session.threads(), w, "stateText").toString(), QStringLiteral("sleeping on the writer wait"));
        QVERIFY(role(session.threads(), w, "waitingFor").toString().contains("vm_refcnt == O+1"));
        QVERIFY(!role(session.threads(), w, "canRun").toBool());
        const int vma = rowNamed(session.vmas(), QStringLiteral("vma"));
        QVERIFY(role(session.vmas(), vma, "writerBit").toBool());
        QCOMPARE(role(session.vmas(), vma, "excluding").toString(), QStringLiteral("W"));
        QCOMPARE(role(session.mms(), 0, "waitSlot").toString(), QStringLiteral("W"));
        QCOMPARE(role(session.mms(), 0, "mmapLockMode").toString(), QStringLiteral("write"));
        QVERIFY(!session.stepThread(w));
        QVERIFY(session.error().contains("cannot run"));
    }

    void brokenVariantRaisesTheVerdict() {
        Session session;
        session.setScenario(QStringLiteral("vma-lock-seq-recheck"));
        session.setVariant(QStringLiteral("no-recheck"));
        QSignalSpy verdict(&session, &Session::verdictChanged);
        QVERIFY(!session.hasViolation());
        QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*17 R1*2")).isEmpty());
        QVERIFY(verdict.count() > 0);
        QVERIFY(session.hasViolation());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("V1"));
        QVERIFY(session.verdictText().contains("R1"));
        QCOMPARE(session.verdictStep(), session.step());
        const int r1 = rowNamed(session.threads(), QStringLiteral("R1"));
        QVERIFY(role(session.threads(), r1, "involved").toBool());
        const int last = session.events()->rowCount() - 1;
        QVERIFY(role(session.events(), last, "verdictHere").toBool());
    }

    void badScheduleNamesTheToken() {
        Session session;
        QSignalSpy error(&session, &Session::errorChanged);
        const QString problem = session.replaySchedule(QStringLiteral("R1 R9"));
        QVERIFY(problem.contains("R9"));
        QCOMPARE(session.error(), problem);
        QCOMPARE(error.count(), 1);
        QVERIFY(session.replaySchedule(QStringLiteral("R1*2")).isEmpty());
        QVERIFY(session.error().isEmpty());
        QCOMPARE(session.schedule(), QStringLiteral("R1*2"));
    }

    void switchesRebuildTheRunAndExcludeTheirRivals() {
        Session session;
        session.setVariant(QStringLiteral("v7"));
        QSignalSpy config(&session, &Session::configChanged);
        session.setSwitch(QStringLiteral("wake_only_at_O2"), true);
        QCOMPARE(config.count(), 1);
        const auto* sw = session.switches();
        const int every = rowNamed(sw, QStringLiteral("wake_every_put"));
        const int o2 = rowNamed(sw, QStringLiteral("wake_only_at_O2"));
        QVERIFY(!role(sw, every, "on").toBool());
        QVERIFY(role(sw, every, "modified").toBool());
        QVERIFY(role(sw, o2, "on").toBool());
        QCOMPARE(session.step(), 0);
        session.setSwitch(QStringLiteral("no_such_switch"), true);
        QVERIFY(session.error().contains("no_such_switch"));
    }

    void scaledCounterDrawsFiveBitsWithTheWriterBitMarked() {
        Session session;
        QSignalSpy config(&session, &Session::configChanged);
        session.setScaled(true);
        QCOMPARE(config.count(), 1);
        QVERIFY(session.scaled());
        const int vma = rowNamed(session.vmas(), QStringLiteral("vma"));
        QCOMPARE(role(session.vmas(), vma, "bits").toList().size(), 5);
        QCOMPARE(role(session.vmas(), vma, "writerBitIndex").toInt(), 1);  // 0b0_1000: bit 3 of 5
        session.setScenario(QStringLiteral("vma-detach-lost-wakeup"));
        QVERIFY(!session.scaled());  // each scenario brings its own default
    }

    void autoPlayStepsUntilNobodyCanRun() {
        Session session;
        QSignalSpy playing(&session, &Session::playingChanged);
        session.setSpeed(1000);
        session.setRandomOrder(true);
        session.setSeed(7);
        session.setPlaying(true);
        QVERIFY(session.playing());
        QTRY_VERIFY_WITH_TIMEOUT(!session.playing(), 10000);
        QVERIFY(session.finished());
        QVERIFY(playing.count() >= 5);
        const QString first = session.schedule();
        session.reset();
        session.setPlaying(true);  // the same seed gives the same run
        QTRY_VERIFY_WITH_TIMEOUT(!session.playing(), 10000);
        QCOMPARE(session.schedule(), first);
    }

    void findViolationRunsInTheBackgroundAndLoadsTheSchedule() {
        Session session;
        session.setScenario(QStringLiteral("vma-detach-lost-wakeup"));
        session.setVariant(QStringLiteral("L1"));
        QSignalSpy running(session.checker(), &CheckRunner::runningChanged);
        QSignalSpy finished(session.checker(), &CheckRunner::finished);
        session.findViolation();
        QVERIFY(session.checker()->running());
        QVERIFY(finished.wait(30000));
        QVERIFY(!session.checker()->running());
        QCOMPARE(running.count(), 2);
        QVERIFY(!session.checker()->foundSchedule().isEmpty());
        QVERIFY(session.hasViolation());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("V7"));
    }

    void goToJumpsAnywhereOnTheTimeline() {
        Session session;
        while (!session.finished())
            for (int t = 0; t < 4; ++t) session.stepThread(t);
        const int last = session.step();
        const QString all = session.schedule();
        session.home();
        QSignalSpy step(&session, &Session::stepChanged);
        session.goTo(last / 2);
        QCOMPARE(session.step(), last / 2);
        QCOMPARE(step.count(), 1);
        QCOMPARE(session.timelineLength(), last);
        session.end();
        QCOMPARE(session.schedule(), all);
    }
};

QTEST_MAIN(SessionTest)
#include "tst_session.moc"
