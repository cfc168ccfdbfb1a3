// The bridge: every model stays a valid Qt model through steps, rewinds and new runs
// (QAbstractItemModelTester), shows the engine's state, and every NOTIFY signal fires when
// its property changes.
#include "bindermodel.h"
#include "checkrunner.h"
#include "eventmodel.h"
#include "exporter.h"
#include "memorygraph.h"
#include "mmmodel.h"
#include "session.h"
#include "switchmodel.h"
#include "threadmodel.h"
#include "vmamodel.h"
#include "weakmodel.h"

#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/lesson.hpp>
#include <lockstep/schedule.hpp>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
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

// A line of a binder card by its key ("binder.binder_main_lock"), or an empty map.
QVariantMap cardLine(const QAbstractItemModel* model, const QString& card, const QString& key) {
    const int row = rowNamed(model, card);
    if (row < 0) return {};
    for (const QVariant& line : role(model, row, "fields").toList())
        if (line.toMap().value("key").toString() == key) return line.toMap();
    return {};
}

// The shortest schedule the exhaustive check finds for a configuration, in the CLI's syntax.
QString shortestViolation(const char* scenario, const char* variant, QString* invariant) {
    lockstep::run_config cfg;
    cfg.scenario = scenario;
    cfg.variant = variant;
    const lockstep::check_result r = lockstep::check(cfg);
    if (!r.violation) return {};
    *invariant = QString::fromStdString(r.verdicts.front().invariant);
    lockstep::engine names(lockstep::with_defaults(cfg));
    return QString::fromStdString(lockstep::format_schedule(*r.violation, names));
}

const QString deadlockV44 = QStringLiteral("B7*20 B1*6 B7*11");  // lockstep-cli check's shortest

}  // namespace

class SessionTest : public QObject {
    Q_OBJECT

private slots:
    // The store strip: P1 has acquired the flag, so of the payload's two stores it may read only
    // P0's; the initial one is out of reach, with the reason in words, and the graph draws the
    // cycle reading it would close. Picking an option it does not have is an error, not a step.
    // smp_rmb: the reason and the cycle name the earlier read whose store the barrier took in,
    // not just "an earlier read": P1 read the flag at step 4, P0's wmb had ordered the payload
    // before it, and P1's rmb at step 5 orders that read before the payload's load.
    void aReadBarriersCycleNamesTheReadItOrdered() {
        Session session;
        QVERIFY(session.openLitmusFile(QStringLiteral(LOCKSTEP_LITMUS_DIR "/mp-wmb-rmb.litmus")).isEmpty());
        const int p0 = rowNamed(session.threads(), QStringLiteral("P0"));
        const int p1 = rowNamed(session.threads(), QStringLiteral("P1"));
        for (int i = 0; i < 3; ++i) QVERIFY(session.stepThread(p0));
        QVERIFY(session.stepOption(p1, 0));  // the flag's newest store, P0's
        QVERIFY(session.stepThread(p1));      // smp_rmb
        const int payload = rowNamed(session.weak(), QStringLiteral("payload"));
        const QVariantMap read = role(session.weak(), payload, "pending").toList().value(0).toMap();
        QCOMPARE(read["options"].toList(), (QVariantList{-1, 0}));
        QCOMPARE(read["reason"].toString(),
                 QStringLiteral("its read barrier (smp_rmb) at step 5 made what its earlier load of ready at step 4 "
                                "(the store of step 3) carried its own"));
        MemoryGraph* graph = session.graph();
        graph->explain(p1, role(session.weak(), payload, "cell").toInt(), 0);
        QStringList cycle;
        for (const QVariant& e : graph->edges())
            if (e.toMap()["cycle"].toBool()) cycle << e.toMap()["kind"].toString();
        cycle.sort();
        // fr to P0's payload store, carried by its flag store (past the wmb between them), rf
        // to P1's read, po to the rmb, po to the load.
        QCOMPARE(cycle, (QStringList{"carried", "fr", "po", "po", "rf"}));
        QVERIFY2(graph->explanation().contains("read that store at step 4 (rf), and its smp_rmb at step 5"),
                 qPrintable(graph->explanation()));
    }

    void storeStripGreysWhatAThreadCanNoLongerRead() {
        Session session;
        QAbstractItemModelTester weakTester(session.weak(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(session.openLitmusFile(QStringLiteral(LOCKSTEP_LITMUS_DIR "/mp-release-acquire.litmus")).isEmpty());
        QVERIFY(session.weakMemory());
        const int p0 = rowNamed(session.threads(), QStringLiteral("P0"));
        const int p1 = rowNamed(session.threads(), QStringLiteral("P1"));
        QVERIFY(session.stepThread(p0));
        QVERIFY(session.stepThread(p0));
        // Before P1 reads the flag, it may read either of its stores: two outcomes.
        QCOMPARE(role(session.threads(), p1, "outcomes").toInt(), 2);
        QCOMPARE(session.weak()->chooser(), p1);
        const int ready = rowNamed(session.weak(), QStringLiteral("ready"));
        QCOMPARE(ready, 0);  // the location about to be read comes first
        QVariantList pending = role(session.weak(), ready, "pending").toList();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending[0].toMap()["options"].toList(), (QVariantList{1, 0}));
        QVERIFY(session.stepOption(p1, 0));  // Enter: the newest, P0's release

        const int payload = rowNamed(session.weak(), QStringLiteral("payload"));
        QCOMPARE(payload, 0);
        pending = role(session.weak(), payload, "pending").toList();
        const QVariantMap read = pending.value(0).toMap();
        QCOMPARE(read["thread"].toString(), QStringLiteral("P1"));
        QCOMPARE(read["options"].toList(), (QVariantList{-1, 0}));  // the initial 0 is out of reach
        QVERIFY2(read["reason"].toString().contains("acquire-loaded") && read["reason"].toString().contains("ready at step 3"),
                 qPrintable(read["reason"].toString()));
        const QVariantList stores = role(session.weak(), payload, "stores").toList();
        QCOMPARE(stores.size(), 2);
        QCOMPARE(stores[1].toMap()["writer"].toString(), QStringLiteral("P0"));
        // The acquire pulled P1's view of the payload forward in this very step, and says so;
        // the flag's view moved because P1 read it, which is no pull.
        QCOMPARE(stores[1].toMap()["pulledIn"].toStringList(), QStringList{QStringLiteral("P1 by acquire")});
        QCOMPARE(role(session.weak(), rowNamed(session.weak(), QStringLiteral("ready")), "stores").toList()[1].toMap()["pulledIn"].toStringList(),
                 QStringList{});
        // The flag's release badge: it carries the payload's store.
        const QVariantList flagStores = role(session.weak(), rowNamed(session.weak(), QStringLiteral("ready")), "stores").toList();
        QVERIFY(flagStores[1].toMap()["release"].toBool());
        QCOMPARE(flagStores[1].toMap()["carries"].toList().value(0).toMap()["field"].toString(), QStringLiteral("payload"));
        QCOMPARE(session.weak()->chooser(), p1);  // one outcome left, which Enter takes

        const int at = session.step();
        QVERIFY(!session.stepOption(p1, 1));
        QCOMPARE(session.step(), at);
        QVERIFY(session.error().contains("no outcome 1"));

        // Why not the initial value: fr to P0's store, carried by the release that P1's acquire
        // read, then program order back to the load.
        MemoryGraph* graph = session.graph();
        QSignalSpy changed(graph, &MemoryGraph::changed);
        graph->explain(p1, role(session.weak(), payload, "cell").toInt(), 0);
        QVERIFY(changed.count() > 0);
        QVERIFY2(graph->explanation().contains("cycle"), qPrintable(graph->explanation()));
        QStringList cycle;
        for (const QVariant& e : graph->edges())
            if (e.toMap()["cycle"].toBool()) cycle << e.toMap()["kind"].toString();
        cycle.sort();
        // P0's payload store is po before its release: that edge carries it, no other is drawn.
        QCOMPARE(cycle, (QStringList{"fr", "po", "po", "rf"}));
        graph->clearExplanation();
        QVERIFY(!graph->explaining());

        // The graph of the run: P0's two stores, P1's read; rf from the release to the read.
        int rf = 0;
        for (const QVariant& e : graph->edges()) rf += e.toMap()["kind"].toString() == "rf";
        QCOMPARE(rf, 1);
        // The lane shows the litmus test itself around P1's next line.
        QCOMPARE(role(session.threads(), p1, "file").toString().endsWith("mp-release-acquire.litmus"), true);
    }

    // An older store read on purpose breaks seed 000's wmb-only publication: the sender reads
    // alloc->pages as NULL after seeing the vma (P1), exactly as `check` finds it.
    void readingAnOlderStoreBreaksWmbOnlyPublication() {
        Session session;
        session.setScenario(QStringLiteral("binder-alloc-publish"));
        session.setVariant(QStringLiteral("wmb-only"));
        QVERIFY(session.weakMemory());
        QVERIFY(session.replaySchedule(QStringLiteral("M*7 S*4")).isEmpty());
        const int s = rowNamed(session.threads(), QStringLiteral("S"));
        QCOMPARE(role(session.threads(), s, "outcomes").toInt(), 2);
        QVERIFY(!session.hasViolation());
        QVERIFY(session.stepOption(s, 1));
        QVERIFY(session.hasViolation());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("P1"));
        QCOMPARE(session.schedule(), QStringLiteral("M*7 S*4 S:r1"));
    }

    // binder's allocator has cards of its own: the binder_alloc with its mutex, the vma with its
    // slab life, which turns red when munmap frees it under binder (P2); no card is empty, and
    // the weak fields stay in the store strip, not on a card.
    void binderAllocObjectsHaveCards() {
        Session session;
        QAbstractItemModelTester tester(session.binder(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        session.setScenario(QStringLiteral("binder-munmap-downgrade"));
        session.setVariant(QStringLiteral("read-lock"));
        QVERIFY(session.replaySchedule(QStringLiteral("M*9 B*10 M*2 B*3")).isEmpty());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("P2"));
        QAbstractItemModel* cards = session.binder();
        QCOMPARE(role(cards, 0, "name").toString(), QStringLiteral("alloc"));
        QCOMPARE(cardLine(cards, QStringLiteral("alloc"), QStringLiteral("alloc.mutex"))["value"].toString(), QStringLiteral("held by B"));
        const QVariantMap slab = cardLine(cards, QStringLiteral("V"), QStringLiteral("V.slab"));
        QCOMPARE(slab["value"].toString(), QStringLiteral("freed"));
        QCOMPARE(slab["tone"].toString(), QStringLiteral("danger"));
        for (int row = 0; row < cards->rowCount(); ++row)
            QVERIFY2(!role(cards, row, "fields").toList().isEmpty(), qPrintable(role(cards, row, "name").toString()));

        session.setScenario(QStringLiteral("binder-alloc-publish"));
        session.setVariant(QStringLiteral("v6.4"));
        QVERIFY(session.weakMemory());
        QVERIFY(session.replaySchedule(QStringLiteral("M*7")).isEmpty());  // M has published
        QVERIFY(rowNamed(cards, QStringLiteral("alloc")) >= 0);
        QVERIFY(cardLine(cards, QStringLiteral("alloc"), QStringLiteral("alloc.vma")).isEmpty());  // in the strip
        QVERIFY(rowNamed(session.weak(), QStringLiteral("alloc.vma")) >= 0);
    }

    void modelsStayValidThroughStepsRewindsAndNewRuns() {
        Session session;
        const QList<QAbstractItemModel*> models{session.threads(), session.vmas(), session.mms(), session.binder(),
                                                session.events(), session.switches()};
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
        session.setScenario(QStringLiteral("binder-oom-deadlock"));  // another family: cards come and go
        QVERIFY(session.replaySchedule(deadlockV44).isEmpty());
        session.back();
        session.setVariant(QStringLiteral("v4.14"));
        session.setScenario(QStringLiteral("vma-drain"));
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
        QVERIFY(role(session.threads(), w, "waitingFor").toString().contains("vm_refcnt == OFFSET+1"));
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

    // verdictChanged is news of a verdict, not a tick per step: the banner, the cycle and the
    // arrows over the lanes rebuild on it.
    void verdictChangedOnlyWhenTheVerdictDoes() {
        Session session;
        session.setScenario(QStringLiteral("vma-lock-seq-recheck"));
        session.setVariant(QStringLiteral("no-recheck"));
        QSignalSpy verdict(&session, &Session::verdictChanged);
        QVERIFY(session.replaySchedule(QStringLiteral("R1*4 W*17")).isEmpty());
        QCOMPARE(verdict.count(), 0);
        QVERIFY(session.stepThread(rowNamed(session.threads(), QStringLiteral("R1"))));
        QCOMPARE(verdict.count(), 0);
        QVERIFY(session.stepThread(rowNamed(session.threads(), QStringLiteral("R1"))));
        QCOMPARE(verdict.count(), 1);  // V1 at step 23
        QVERIFY(session.hasViolation());
        session.back();
        QCOMPARE(verdict.count(), 2);  // and gone again
        QVERIFY(!session.hasViolation());
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

    // The lab's cast: readers and rounds chosen in the window; a scenario with a fixed cast
    // or another family puts them back, and never fails to build.
    void readersAndRoundsAreChosenInTheWindow() {
        Session session;
        QCOMPARE(session.readers(), 3);  // vma-drain's own
        QVERIFY(session.readersAdjustable());
        session.setReaders(5);
        QCOMPARE(session.threads()->rowCount(), 6);  // R1..R5 and W
        session.setRounds(3);
        QCOMPARE(session.rounds(), 3);
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        QVERIFY(!session.readersAdjustable());
        QVERIFY(!session.roundsAdjustable());
        QCOMPARE(session.rounds(), 1);
        QCOMPARE(session.threads()->rowCount(), 2);  // B1, B7
        session.setRounds(4);  // not for binder: refused quietly
        QCOMPARE(session.rounds(), 1);
        session.setScenario(QStringLiteral("vma-slab-reuse"));
        QVERIFY(!session.readersAdjustable());
        QCOMPARE(session.threads()->rowCount(), 3);
    }

    // Back while auto-play runs pauses it, so the next tick does not undo the step back.
    void backDuringAutoPlayPauses() {
        Session session;
        session.setSpeed(1);
        QVERIFY(session.stepThread(0));
        QVERIFY(session.stepThread(0));
        session.setPlaying(true);
        QVERIFY(session.playing());
        session.back();
        QVERIFY(!session.playing());
        QCOMPARE(session.step(), 1);
    }

    // ---- run until ------------------------------------------------------------------------

    // A point, as a lesson's `until`: the thread stops with that point next, after the same
    // steps a lesson step takes, and Back undoes them one at a time.
    void runUntilAPointStopsWhereALessonWould() {
        Session session;  // vma-drain: R1, R2, R3, W
        QVERIFY(session.stepThread(3));
        QCOMPARE(session.runUntil(QStringLiteral("R1"), QStringLiteral("start_read.increment")), QString());
        QCOMPARE(session.run().next_label(0), std::string("start_read.increment"));
        QVERIFY(session.error().isEmpty());

        lockstep::engine lesson(session.run().config());
        lesson.step(3);
        lockstep::lesson l;
        lockstep::perform(l, lockstep::until_step(lesson.config(), "R1", "start_read.increment"), lesson);
        QCOMPARE(session.run().choices(), lesson.choices());
        const int taken = session.step() - 1;
        QVERIFY(taken > 1);

        session.back();
        QCOMPARE(session.step(), taken);  // one step back, not the whole run-until
        QCOMPARE(session.run().next_label(0) == "start_read.increment", false);
        session.home();
        QCOMPARE(session.timelineLength(), taken + 1);
    }

    void runUntilAStateOrAConditionOnAField() {
        Session session;
        const int vma = rowNamed(session.vmas(), QStringLiteral("vma"));
        QCOMPARE(session.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcnt == 2")), QString());
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("2"));
        // The writer waits for R1's reference to go: it sleeps.
        QCOMPARE(session.runUntil(QStringLiteral("W"), QStringLiteral("sleeping")), QString());
        QCOMPARE(role(session.threads(), 3, "state").toString(), QStringLiteral("sleeping"));
        // The writer bit, written as the app shows it.
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("OFFSET+2"));
        QCOMPARE(session.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcnt != OFFSET+2")), QString());
        QCOMPARE(role(session.vmas(), vma, "refcntText").toString(), QStringLiteral("OFFSET+1"));
        // Already there: nothing runs, nothing is wrong.
        const int at = session.step();
        QCOMPARE(session.runUntil(QStringLiteral("W"), QStringLiteral("sleeping")), QString());
        QCOMPARE(session.step(), at);
    }

    // What cannot be run says why, in words a person can act on, and leaves the run alone.
    void runUntilErrorsSayWhatIsWrong() {
        Session session;
        QVERIFY(session.stepThread(0));
        const QString schedule = session.schedule();

        // A misspelt point: the thread's own points are listed (a reader's, not the writer's).
        QString e = session.runUntil(QStringLiteral("R1"), QStringLiteral("start_read.incremnt"));
        QVERIFY2(e.contains(QStringLiteral("unknown point 'start_read.incremnt'")), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("R1 passes")) && e.contains(QStringLiteral("start_read.increment")), qPrintable(e));
        QVERIFY2(!e.contains(QStringLiteral("start_write")), qPrintable(e));
        QCOMPARE(session.error(), e);
        QCOMPARE(session.schedule(), schedule);

        e = session.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcount == 2"));
        QVERIFY2(e.contains(QStringLiteral("unknown field 'vma.vm_refcount'")), qPrintable(e));
        e = session.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcnt = 2"));
        QVERIFY2(e.contains(QStringLiteral("expected a condition")), qPrintable(e));
        e = session.runUntil(QStringLiteral("R9"), QStringLiteral("done"));
        QVERIFY2(e.contains(QStringLiteral("unknown thread 'R9'")), qPrintable(e));
        QCOMPARE(session.schedule(), schedule);

        // A condition that never comes: R1 runs to its end without it. The run stays where it
        // was, the message says how far R1 got and why it stopped, and Forward shows the steps.
        e = session.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcnt == 7"));
        QVERIFY2(e.contains(QStringLiteral("R1 cannot reach 'vma.vm_refcnt == 7'")), qPrintable(e));
        QVERIFY2(QRegularExpression(QStringLiteral("after \\d+ steps")).match(e).hasMatch(), qPrintable(e));
        QCOMPARE(session.step(), 1);
        QCOMPARE(session.schedule(), schedule);
        QVERIFY(session.canGoForward());
        session.end();
        QVERIFY(!session.run().can_run(0));

        // A thread that cannot move at all: it says so, without a step count.
        Session blocked;
        QCOMPARE(blocked.runUntil(QStringLiteral("R1"), QStringLiteral("vma.vm_refcnt == 2")), QString());
        QCOMPARE(blocked.runUntil(QStringLiteral("W"), QStringLiteral("sleeping")), QString());
        e = blocked.runUntil(QStringLiteral("W"), QStringLiteral("done"));
        QVERIFY2(e.startsWith(QStringLiteral("W cannot reach 'done'")) && !e.contains(QStringLiteral("after")), qPrintable(e));
    }

    // The choices offered are the thread's own points, in the order it meets them, then states.
    void runUntilOffersTheThreadsPoints() {
        Session session;
        const QStringList reader = session.untilChoices(QStringLiteral("R1"));
        const QStringList writer = session.untilChoices(QStringLiteral("W"));
        QVERIFY2(reader.contains(QStringLiteral("start_read.increment")), qPrintable(reader.join(' ')));
        QVERIFY(reader.indexOf(QStringLiteral("start_read.check")) < reader.indexOf(QStringLiteral("put.decrement")));
        QVERIFY(!reader.contains(QStringLiteral("start_write")));
        QVERIFY2(writer.contains(QStringLiteral("start_write")), qPrintable(writer.join(' ')));
        for (const QStringList& list : {reader, writer}) {
            QVERIFY(list.endsWith(QStringLiteral("done")));
            QVERIFY(list.contains(QStringLiteral("blocked")));
        }
        // Every choice is one runUntil() takes.
        for (const QString& point : reader) {
            Session again;
            const QString e = again.runUntil(QStringLiteral("R1"), point);
            QVERIFY2(!e.contains(QStringLiteral("unknown")), qPrintable(point + ": " + e));
        }
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        const QStringList binder = session.untilChoices(QStringLiteral("B7"));  // lesson 9's points
        for (const char* point : {"ioctl.copy_from_user", "alloc.oom", "alloc.retry"})
            QVERIFY2(binder.contains(QLatin1String(point)), qPrintable(binder.join(QLatin1Char(' '))));
    }

    // ---- schedule files ---------------------------------------------------------------------

    static QString writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& text) {
        const QString path = dir.filePath(QString::fromLatin1(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) qFatal("cannot write %s", name);
        return path;
    }

    void openScheduleFileReplaysAnExportedRun() {
        Session session;
        session.setScenario(QStringLiteral("vma-lock-seq-recheck"));
        session.setVariant(QStringLiteral("no-recheck"));
        QCOMPARE(session.replaySchedule(QStringLiteral("R1*4 W*17 R1*5")), QString());
        Exporter exporter;
        exporter.setSession(&session);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.schedule"));
        QCOMPARE(exporter.saveSchedule(file), QString());

        Session window;
        QCOMPARE(window.openScheduleFile(QUrl::fromLocalFile(file).toString()), QString());
        QCOMPARE(window.scenario(), QStringLiteral("vma-lock-seq-recheck"));
        QCOMPARE(window.variant(), QStringLiteral("no-recheck"));
        QCOMPARE(window.schedule(), QStringLiteral("R1*4 W*17 R1*5"));
        QCOMPARE(window.verdictInvariant(), QStringLiteral("V1"));
    }

    // A broken file names the line and column of its mistake and leaves the run as it was.
    void openScheduleFileErrorsHaveLineAndColumn() {
        QTemporaryDir dir;
        Session session;
        QVERIFY(session.stepThread(0));
        const QString before = session.schedule();
        const auto open = [&](const char* name, const QByteArray& text) {
            return session.openScheduleFile(writeFile(dir, name, text));
        };
        QString e = open("variant.schedule", "# a comment\nscenario vma-drain\nvariant  nope\nschedule R1\n");
        QVERIFY2(e.endsWith(QStringLiteral("variant.schedule:3:10: unknown variant 'nope' for vma-drain (known: final, v7, no-recheck, rwsem, L1)"))
                     || e.contains(QStringLiteral("variant.schedule:3:10: unknown variant 'nope'")), qPrintable(e));
        e = open("token.schedule", "scenario vma-drain\nschedule R1*2 X9 W\n");
        QVERIFY2(e.contains(QStringLiteral("token.schedule:2:15: unknown thread 'X9'")), qPrintable(e));
        e = open("key.schedule", "scenario vma-drain\n  colour blue\n");
        QVERIFY2(e.contains(QStringLiteral("key.schedule:2:3: cannot read 'colour blue'")), qPrintable(e));
        e = open("scenario.schedule", "scenario nowhere\n");
        QVERIFY2(e.contains(QStringLiteral("scenario.schedule:1:10: unknown scenario 'nowhere'")), qPrintable(e));
        e = session.openScheduleFile(dir.filePath(QStringLiteral("missing.schedule")));
        QVERIFY2(e.startsWith(QStringLiteral("cannot read")), qPrintable(e));
        QCOMPARE(session.error(), e);
        QCOMPARE(session.scenario(), QStringLiteral("vma-drain"));
        QCOMPARE(session.schedule(), before);

        // A step that cannot run: the run is the file's, replayed as far as it goes.
        e = open("stuck.schedule", "scenario vma-drain\nschedule R1*5 W*30\n");
        QVERIFY2(e.contains(QStringLiteral("stuck.schedule:2:10: step")) && e.contains(QStringLiteral("W cannot run")), qPrintable(e));
    }

    // A search result is about one run: changing the run clears it; a search in progress says
    // how far it is, how fast, and its limit.
    void searchShowsItsProgressAndAStaleResultClears() {
        Session session;
        session.setScenario(QStringLiteral("vma-detach-lost-wakeup"));
        session.setVariant(QStringLiteral("final"));
        QSignalSpy finished(session.checker(), &CheckRunner::finished);
        session.findViolation();
        QTRY_VERIFY_WITH_TIMEOUT(session.checker()->progressText().contains(QStringLiteral("of at most")), 20000);
        QVERIFY2(session.checker()->progressText().contains(QStringLiteral("states")), qPrintable(session.checker()->progressText()));
        QVERIFY(finished.wait(60000));
        QVERIFY(session.checker()->resultText().startsWith(QStringLiteral("No violation in any interleaving")));
        session.setVariant(QStringLiteral("L1"));
        QVERIFY(session.checker()->resultText().isEmpty());
    }

    // A long search says how long it has run, how fast it goes, how deep, and when it reaches
    // its limit at the latest; Cancel stops it. (vma-drain with eight readers repeating their
    // work three times is far more than any search gets through here.)
    void longSearchShowsItsRateDepthAndLimitAndCancels() {
        Session session;
        session.setReaders(8);
        session.setRounds(3);
        QSignalSpy finished(session.checker(), &CheckRunner::finished);
        session.findViolation();
        // Depth is not shown at the root (0), and the rate only after half a second.
        QTRY_VERIFY_WITH_TIMEOUT(session.checker()->progressText().contains(QStringLiteral("; depth ")) &&
                                     session.checker()->progressText().contains(QStringLiteral(" states/s")),
                                 30000);
        const QString text = session.checker()->progressText();
        QVERIFY2(text.contains(QStringLiteral(" states/s, ")), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("^[^a-z]+ of at most [^a-z]+ states, \\d+ s, "))), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the limit in at most")), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("; depth \\d+"))), qPrintable(text));
        session.checker()->cancel();
        QVERIFY(finished.wait(30000));
        QVERIFY2(session.checker()->resultText().startsWith(QStringLiteral("Cancelled after")), qPrintable(session.checker()->resultText()));
        QVERIFY(session.checker()->foundSchedule().isEmpty());
    }

    // ---- binder ----------------------------------------------------------------------------

    void variantsFollowTheScenarioAndBinderHasNoScaledCounter() {
        Session session;  // a VMA scenario
        QVERIFY(!session.lockOffsetText().isEmpty());
        QVERIFY(!session.variants().contains(QStringLiteral("v4.14")));
        QSignalSpy config(&session, &Session::configChanged);
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        QVERIFY(config.count() >= 1);  // the NOTIFY of `variants`
        QVERIFY(session.variants().contains(QStringLiteral("v4.14")));
        QVERIFY(!session.variants().contains(QStringLiteral("final")));
        QVERIFY(session.lockOffsetText().isEmpty());  // the top bar hides the scaled toggle
        QCOMPARE(session.vmas()->rowCount(), 0);
        QCOMPARE(session.mms()->rowCount(), 0);  // binder's mm_struct is not the VMA family's
        QVERIFY(session.binder()->rowCount() > 0);
        session.setScenario(QStringLiteral("vma-drain"));
        QCOMPARE(session.binder()->rowCount(), 0);
        QVERIFY(session.mms()->rowCount() > 0);
    }

    // binder_alloc's publication and its vma's lifetime are one family, but their scenarios take
    // different variants: a scenario that does not take the current one starts from its own
    // default, and one that does keeps it.
    void aScenarioThatDoesNotTakeTheVariantStartsFromItsDefault() {
        Session session;
        session.setScenario(QStringLiteral("binder-alloc-publish"));
        session.setVariant(QStringLiteral("mapped"));
        QCOMPARE(session.variant(), QStringLiteral("mapped"));
        session.setScenario(QStringLiteral("binder-munmap-downgrade"));
        QCOMPARE(session.variant(), QStringLiteral("write-lock"));
        QCOMPARE(session.variants(), (QStringList{"read-lock", "write-lock", "vma-addr"}));
        QCOMPARE(session.threads()->rowCount(), 2);  // M, B
        session.setVariant(QStringLiteral("vma-addr"));
        session.setScenario(QStringLiteral("binder-mmap-undo"));
        QCOMPARE(session.variant(), QStringLiteral("vma-addr"));
        session.setVariant(QStringLiteral("2008"));  // not one of this scenario's: refused
        QCOMPARE(session.variant(), QStringLiteral("vma-addr"));
    }

    // Every binder scenario and variant runs to its end with valid models and cards.
    void everyBinderRunKeepsItsCardsValid_data() {
        QTest::addColumn<QString>("scenario");
        for (const char* s : {"binder-oom-deadlock", "binder-oom-entry", "binder-lost-looper-bit"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }
    void everyBinderRunKeepsItsCardsValid() {
        QFETCH(QString, scenario);
        Session session;
        QAbstractItemModelTester binder(session.binder(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester threads(session.threads(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        session.setScenario(scenario);
        for (const QString& variant : session.variants()) {
            session.setVariant(variant);
            QVERIFY2(rowNamed(session.binder(), QStringLiteral("binder")) >= 0, qPrintable(variant));
            // v4.14 has no global lock: its card shows what exists.
            const bool global = variant != QStringLiteral("v4.14");
            QCOMPARE(cardLine(session.binder(), QStringLiteral("binder"), QStringLiteral("binder.binder_main_lock")).isEmpty(), !global);
            for (int guard = 0; !session.finished() && guard < 2000; ++guard)
                for (int t = 0; t < session.threads()->rowCount(); ++t) session.stepThread(t);
            QVERIFY(session.finished());
            for (int r = 0; r < session.binder()->rowCount(); ++r)
                for (const QVariant& line : role(session.binder(), r, "fields").toList()) {
                    const QVariantMap m = line.toMap();
                    QVERIFY2(m.value("kind").toString() == "section" || !m.value("value").toString().isEmpty(),
                             qPrintable(variant + ": " + m.value("key").toString()));
                }
            QVERIFY(role(session.threads(), 0, "taskFlags").toBool());
        }
    }

    void binderDeadlockCardsShowTheLockItsWaiterAndTheVictim() {
        Session session;
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        session.setVariant(QStringLiteral("v4.4"));
        QVERIFY(session.replaySchedule(deadlockV44).isEmpty());
        const auto* binder = session.binder();

        const QVariantMap main = cardLine(binder, QStringLiteral("binder"), QStringLiteral("binder.binder_main_lock"));
        QCOMPARE(main.value("kind").toString(), QStringLiteral("lock"));
        QCOMPARE(main.value("value").toString(), QStringLiteral("held by B7"));
        const QVariantList waiters = main.value("waiters").toList();
        QCOMPARE(waiters.size(), 1);
        QCOMPARE(waiters[0].toMap().value("name").toString(), QStringLiteral("B1"));
        QVERIFY(main.value("inCycle").toBool());
        QVERIFY(role(binder, rowNamed(binder, QStringLiteral("binder")), "inCycle").toBool());

        const QVariantMap victims = cardLine(binder, QStringLiteral("oom"), QStringLiteral("oom.oom_victims"));
        QCOMPARE(victims.value("value").toString(), QStringLiteral("1 (B1)"));
        QCOMPARE(cardLine(binder, QStringLiteral("oom"), QStringLiteral("oom.oom_lock")).value("value").toString(), QStringLiteral("free"));
        QCOMPARE(cardLine(binder, QStringLiteral("oom"), QStringLiteral("zone.nr_free_pages")).value("value").toString(), QStringLiteral("0"));

        // B1: killed, marked, and in D: the sleep a SIGKILL cannot end.
        const int b1 = rowNamed(session.threads(), QStringLiteral("B1"));
        QCOMPARE(role(session.threads(), b1, "kernelState").toString(), QStringLiteral("D"));
        QCOMPARE(role(session.threads(), b1, "kernelStateText").toString(), QStringLiteral("D (uninterruptible sleep)"));
        QVERIFY(role(session.threads(), b1, "signalPending").toBool());
        QVERIFY(role(session.threads(), b1, "memdie").toBool());
        const int b7 = rowNamed(session.threads(), QStringLiteral("B7"));
        QCOMPARE(role(session.threads(), b7, "state").toString(), QStringLiteral("spinning"));
        QCOMPARE(role(session.threads(), b7, "kernelState").toString(), QStringLiteral("R"));
        QVERIFY(!role(session.threads(), b7, "memdie").toBool());

        QCOMPARE(cardLine(binder, QStringLiteral("B1"), QStringLiteral("B1.__state")).value("value").toString(), QStringLiteral("D (uninterruptible sleep)"));
        QCOMPARE(cardLine(binder, QStringLiteral("B1"), QStringLiteral("B1.TIF_MEMDIE")).value("value").toString(), QStringLiteral("yes"));
        QCOMPARE(cardLine(binder, QStringLiteral("B1"), QStringLiteral("B1.sigpending")).value("value").toString(), QStringLiteral("SIGKILL pending"));
        QCOMPARE(cardLine(binder, QStringLiteral("B7"), QStringLiteral("page B7.present")).value("strong").toBool(), true);
        QCOMPARE(cardLine(binder, QStringLiteral("mm P7"), QStringLiteral("mm P7.mmap_sem")).value("value").toString(), QStringLiteral("read, held by B7"));
        QCOMPARE(cardLine(binder, QStringLiteral("thread B1"), QStringLiteral("x")), QVariantMap());  // one card per thread, named as it

        // The proc's ghost is apart from its kernel fields.
        const int p1 = rowNamed(binder, QStringLiteral("proc P1"));
        QCOMPARE(role(binder, p1, "ghosts").toList().size(), 1);
        QVERIFY(cardLine(binder, QStringLiteral("proc P1"), QStringLiteral("proc P1.waiting for process work")).isEmpty());
        QCOMPARE(cardLine(binder, QStringLiteral("proc P1"), QStringLiteral("proc P1.ready_threads")).value("value").toString(), QStringLiteral("1"));
    }

    // B1 sleeps on proc P1's wait queue as an exclusive waiter (wait_event_freezable_exclusive).
    void procWaitQueueMarksExclusiveWaiters() {
        Session session;
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        session.setVariant(QStringLiteral("v4.4"));
        QVERIFY(session.replaySchedule(QStringLiteral("B7*20 B1*2")).isEmpty());  // B1 back on the queue
        const QVariantMap wait = cardLine(session.binder(), QStringLiteral("proc P1"), QStringLiteral("proc P1.wait"));
        QCOMPARE(wait.value("kind").toString(), QStringLiteral("queue"));
        const QVariantList waiters = wait.value("waiters").toList();
        QCOMPARE(waiters.size(), 1);
        QVERIFY(waiters[0].toMap().value("exclusive").toBool());
        QCOMPARE(wait.value("value").toString(), QStringLiteral("B1 (exclusive)"));
    }

    void deadlockCycleIsAGraphThroughTheLock() {
        Session session;
        session.setScenario(QStringLiteral("binder-oom-deadlock"));
        session.setVariant(QStringLiteral("v4.4"));
        QSignalSpy verdict(&session, &Session::verdictChanged);
        QVERIFY(session.replaySchedule(deadlockV44).isEmpty());
        QVERIFY(verdict.count() > 0);
        QCOMPARE(session.verdictInvariant(), QStringLiteral("K1"));

        const QVariantList nodes = session.cycleNodes();
        QStringList names, kinds;
        for (const QVariant& n : nodes) {
            names << n.toMap().value("name").toString();
            kinds << n.toMap().value("kind").toString();
        }
        QCOMPARE(names, (QStringList{"B1", "binder_main_lock", "B7"}));
        QCOMPARE(kinds, (QStringList{"thread", "lock", "thread"}));
        QCOMPARE(nodes[1].toMap().value("key").toString(), QStringLiteral("binder.binder_main_lock"));
        QCOMPARE(nodes[0].toMap().value("letter").toString(), QStringLiteral("D"));

        const QVariantList edges = session.cycleEdges();
        QCOMPARE(edges.size(), 3);
        auto edge = [&](int i) {
            const QVariantMap e = edges[i].toMap();
            return QStringLiteral("%1>%2 %3").arg(e.value("from").toInt()).arg(e.value("to").toInt()).arg(e.value("label").toString());
        };
        QCOMPARE(edge(0), QStringLiteral("0>1 waits for"));
        QCOMPARE(edge(1), QStringLiteral("1>2 held by"));
        QCOMPARE(edge(2), QStringLiteral("2>0 waits for the OOM victim to exit"));

        const QVariantList links = session.cycleLinks();
        QCOMPARE(links.size(), 2);
        QCOMPARE(links[0].toMap().value("fromLane").toInt(), 0);
        QCOMPARE(links[0].toMap().value("toLane").toInt(), 1);
        QCOMPARE(links[0].toMap().value("label").toString(), QStringLiteral("binder_main_lock"));
        QCOMPARE(links[1].toMap().value("toLane").toInt(), 0);

        // A step back, before the verdict: no cycle to draw, nothing marked.
        session.back();
        QVERIFY(session.cycleNodes().isEmpty());
        QVERIFY(session.cycleLinks().isEmpty());
        QVERIFY(!cardLine(session.binder(), QStringLiteral("binder"), QStringLiteral("binder.binder_main_lock")).value("inCycle").toBool());
    }

    // The exhaustive check's shortest K1 schedule, replayed in the window, reaches the same verdict.
    void shortestDeadlockReplaysInTheWindow_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::newRow("deadlock v4.4") << "binder-oom-deadlock" << "v4.4";
        QTest::newRow("entry rfc") << "binder-oom-entry" << "rfc";
    }
    void shortestDeadlockReplaysInTheWindow() {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        QString invariant;
        const QString schedule = shortestViolation(qPrintable(scenario), qPrintable(variant), &invariant);
        QVERIFY(!schedule.isEmpty());
        QCOMPARE(invariant, QStringLiteral("K1"));
        Session session;
        session.setScenario(scenario);
        session.setVariant(variant);
        QVERIFY(session.replaySchedule(schedule).isEmpty());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("K1"));
        QCOMPARE(session.verdictStep(), session.step());
        QVERIFY(session.cycleNodes().size() >= 2);
        QCOMPARE(session.cycleEdges().size(), session.cycleNodes().size());  // a closed cycle
    }

    // The plain-looper RFC loses NEED_RETURN: the looper is drawn bit by bit with the lost one marked.
    void looperBitsAreNamedAndTheLostOneIsMarked() {
        QString invariant;
        const QString schedule = shortestViolation("binder-lost-looper-bit", "rfc-plain-looper", &invariant);
        QCOMPARE(invariant, QStringLiteral("K3"));
        Session session;
        session.setScenario(QStringLiteral("binder-lost-looper-bit"));
        session.setVariant(QStringLiteral("rfc-plain-looper"));
        QVERIFY(session.replaySchedule(schedule).isEmpty());
        QCOMPARE(session.verdictInvariant(), QStringLiteral("K3"));

        const QVariantMap looper = cardLine(session.binder(), QStringLiteral("B1"), QStringLiteral("thread B1.looper"));
        QCOMPARE(looper.value("kind").toString(), QStringLiteral("bits"));
        QStringList names;
        QStringList on, lost;
        for (const QVariant& b : looper.value("bits").toList()) {
            const QVariantMap m = b.toMap();
            names << m.value("name").toString();
            if (m.value("on").toBool()) on << m.value("name").toString();
            if (m.value("lost").toBool()) lost << m.value("name").toString();
        }
        QCOMPARE(names, (QStringList{"NEED_RETURN", "WAITING", "INVALID", "EXITED", "ENTERED", "REGISTERED"}));
        QCOMPARE(on, QStringList{"ENTERED"});
        QCOMPARE(lost, QStringList{"NEED_RETURN"});
        QCOMPARE(looper.value("tone").toString(), QStringLiteral("danger"));
        QCOMPARE(looper.value("value").toString(), QStringLiteral("0x2 (ENTERED)"));
        // The checker's record sits apart from the kernel's fields.
        const QVariantList ghosts = role(session.binder(), rowNamed(session.binder(), QStringLiteral("B1")), "ghosts").toList();
        QCOMPARE(ghosts.size(), 1);
        QCOMPARE(ghosts[0].toMap().value("label").toString(), QStringLiteral("looper as updated"));
        // A step earlier nothing was lost yet.
        session.back();
        const QVariantMap before = cardLine(session.binder(), QStringLiteral("B1"), QStringLiteral("thread B1.looper"));
        for (const QVariant& b : before.value("bits").toList()) QVERIFY(!b.toMap().value("lost").toBool());
    }

    // v4.14 names bit 5 POLL and keeps looper_need_return apart.
    void fineGrainedLooperNamesBitFivePoll() {
        Session session;
        session.setScenario(QStringLiteral("binder-lost-looper-bit"));
        session.setVariant(QStringLiteral("v4.14"));
        const QVariantMap looper = cardLine(session.binder(), QStringLiteral("B1"), QStringLiteral("thread B1.looper"));
        QCOMPARE(looper.value("bits").toList().first().toMap().value("name").toString(), QStringLiteral("POLL"));
        QVERIFY(!cardLine(session.binder(), QStringLiteral("B1"), QStringLiteral("thread B1.looper_need_return")).isEmpty());
        QVERIFY(!cardLine(session.binder(), QStringLiteral("proc P1"), QStringLiteral("proc P1.inner_lock")).isEmpty());
        QVERIFY(cardLine(session.binder(), QStringLiteral("proc P1"), QStringLiteral("proc P1.ready_threads")).isEmpty());
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
