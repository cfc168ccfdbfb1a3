// lockstep-cli: its commands in-process through lockstep::cli::run (the same code main() calls),
// and the built binary once through QProcess for the exit status a shell sees.
#include "cli.hpp"

#include <lockstep/config.hpp>
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/kernel_sources.hpp>
#include <lockstep/schedule.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QTextStream>

using namespace lockstep;

namespace {

struct outcome {
    int status = -1;
    QString out;
    QString err;
};

outcome run_cli(const QStringList& args) {
    outcome r;
    {
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        r.status = cli::run(QStringList{QStringLiteral("lockstep-cli")} + args, out, err);
    }  // the streams flush into the strings here
    return r;
}

QString str(const std::string& s) { return QString::fromStdString(s); }

QJsonObject json_of(const QString& text) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError) qWarning() << "bad JSON:" << error.errorString();
    return doc.object();
}

// The shortest schedule `check` reports for the lost wakeup of L1, as the user would copy it.
QString l1_schedule() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1"});
    const auto m = QRegularExpression(QStringLiteral("^shortest schedule \\((\\d+) steps\\): (.+)$"),
                                      QRegularExpression::MultilineOption)
                       .match(r.out);
    return m.hasMatch() ? m.captured(2).trimmed() : QString();
}

// A schedule after which W is stuck while other threads can still run: R1 takes its read
// lock, then W runs until it blocks (it sets the writer bit and waits for R1).
QString schedule_leaving_w_stuck_in_drain() {
    run_config cfg;
    cfg.scenario = "vma-drain";
    for (int k = 1; k < 40; ++k) {
        engine e(cfg);
        const thread_id r1 = e.thread_by_name("R1"), w = e.thread_by_name("W");
        for (int i = 0; i < k && e.can_run(r1); ++i) e.step(r1);
        while (e.can_run(w)) e.step(w);
        const thread_state state = e.take_snapshot().threads[static_cast<std::size_t>(w)].state;
        if ((state == thread_state::blocked || state == thread_state::sleeping) && e.can_run(r1))
            return str(format_schedule(e.choices(), e));
    }
    return {};
}

}  // namespace

class tst_cli : public QObject {
    Q_OBJECT

private slots:
    void listNamesEveryScenarioAndVariant();
    void listJsonDescribesTheCatalogue();
    void helpPrintsUsage();
    void runPrintsOneLinePerEventOfTheSchedule();
    void runWithoutStopFinishesRoundRobin();
    void runJsonHasEventsFinalStateAndVerdicts();
    void checkFindsL1LostWakeupAndItsScheduleReplays();
    void checkWeakViolationReplaysInRun_data();
    void checkWeakViolationReplaysInRun();
    void checkFinalDetachReportsNoViolation();
    void checkJsonReportsTheViolation();
    void checkCutShortSaysSoAndExitsThree();
    void checkBinderDeadlockPrintsTheCycle();
    void checkSummarySaysWhatWasCoveredAndHow();
    void checkJsonCarriesTheSummary();
    void checkTooFewPreemptionsExitsThreeAndEnoughFindTheViolation();
    void checkPreemptionBoundThatLeavesNothingOutExitsZero();
    void checkRandomWithASeedIsReproducible();
    void checkRandomFindingNothingProvesNothing();
    void lintReportsProblemsAtTheirPlace();
    void compareMarksWhereL1AndFinalPart();
    void badInputIsRejectedWithOneLineError_data();
    void badInputIsRejectedWithOneLineError();
    void litmusReportsAsHerdDoes();
    void binaryExitStatusMatches_data();
    void binaryExitStatusMatches();
};

void tst_cli::listNamesEveryScenarioAndVariant() {
    const outcome r = run_cli({"list"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.err.isEmpty());
    QVERIFY(r.out.contains("Per-VMA lock (family vma)"));
    QVERIFY(r.out.contains("Binder (family binder)"));
    // Each variant names the kernel release or proposal it is: final is v6.18, v6.17 is there.
    QVERIFY(r.out.contains("  final: v6.18"));
    QVERIFY(r.out.contains("  v6.17: v6.17"));
    QVERIFY(r.out.contains("  rwsem: v6.13 and v6.14"));
    for (const auto& s : scenarios())
        QVERIFY2(r.out.contains("  " + str(s.name) + ": " + str(s.title)), qPrintable(str(s.name)));
    for (const auto& v : variants())
        QVERIFY2(r.out.contains("  " + str(v.name) + ": " + str(v.summary)), qPrintable(str(v.name)));
    for (const auto& s : switches()) QVERIFY2(r.out.contains("  " + str(s.name) + ": "), qPrintable(str(s.name)));
    QVERIFY(r.out.contains("threads: R1 (reader), W (unmapper)"));  // vma-detach-lost-wakeup
}

// `litmus`: herd7's report with a schedule per final state that `run` replays; out of scope
// exits 3 and says why; a bad file is an error at its line and column.
void tst_cli::litmusReportsAsHerdDoes() {
    const QString dir = QStringLiteral(LOCKSTEP_SOURCE_DIR "/lessons/litmus/");
    outcome r = run_cli({"litmus", dir + "wrc-wmb-rmb.litmus"});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains("Observation wrc-wmb-rmb Sometimes "), qPrintable(r.out));
    QVERIFY(r.out.contains("\nOk\n"));
    // The witness of the outcome the condition asks about replays to it.
    const QRegularExpression witness(QStringLiteral("\\n  (1:r0=1; 2:r0=1; 2:r1=0;)  <-  ([^\\n]+)\\n"));
    const QRegularExpressionMatch m = witness.match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));
    const outcome replay = run_cli({"run", "litmus", "--source", dir + "wrc-wmb-rmb.litmus", "--schedule", m.captured(2), "--stop"});
    QCOMPARE(replay.status, 1);  // the outcome asked about is `run`'s verdict
    QVERIFY2(replay.out.contains("1:r0=1; 2:r0=1; 2:r1=0;"), qPrintable(replay.out));

    r = run_cli({"litmus", dir + "lb-plain.litmus"});
    QCOMPARE(r.status, 3);
    QVERIFY(r.out.startsWith("Out of scope lb-plain: load buffering"));

    r = run_cli({"litmus", dir + "no-such-test.litmus"});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("no-such-test.litmus:0:0: cannot read"), qPrintable(r.err));
}

void tst_cli::listJsonDescribesTheCatalogue() {
    const outcome r = run_cli({"list", "--json"});
    QCOMPARE(r.status, 0);
    const QJsonArray fams = json_of(r.out)["families"].toArray();
    QCOMPARE(fams.size(), qsizetype(families().size()));
    QCOMPARE(fams[0]["name"].toString(), QStringLiteral("vma"));
    QCOMPARE(fams[1]["name"].toString(), QStringLiteral("binder"));
    for (const auto& entry : fams) {
        const QJsonObject fam = entry.toObject();
        const std::string name = fam["name"].toString().toStdString();
        const QJsonArray sc = fam["scenarios"].toArray(), va = fam["variants"].toArray(), sw = fam["switches"].toArray();
        std::vector<const scenario_info*> own_sc;
        for (const auto& s : scenarios())
            if (s.family == name) own_sc.push_back(&s);
        std::vector<const variant_info*> own_va;
        for (const auto& v : variants())
            if (v.family == name) own_va.push_back(&v);
        qsizetype own_sw = 0;
        for (const auto& s : switches()) own_sw += s.family == name ? 1 : 0;
        QCOMPARE(sc.size(), qsizetype(own_sc.size()));
        QCOMPARE(va.size(), qsizetype(own_va.size()));
        QCOMPARE(sw.size(), own_sw);
        for (qsizetype i = 0; i < sc.size(); ++i) {
            const scenario_info& s = *own_sc[static_cast<std::size_t>(i)];
            QCOMPARE(sc[i]["name"].toString(), str(s.name));
            QCOMPARE(sc[i]["scaled"].toBool(), s.default_scaled);
            QCOMPARE(sc[i]["default_variant"].toString(), str(s.default_variant));
            run_config cfg;
            cfg.scenario = s.name;
            QCOMPARE(sc[i]["threads"].toArray().size(), qsizetype(threads_of(cfg).size()));
            const QJsonArray takes = sc[i]["variants"].toArray();
            const auto own = variants_for(s.name);
            QCOMPARE(takes.size(), qsizetype(own.size()));
            for (qsizetype k = 0; k < takes.size(); ++k) QCOMPARE(takes[k].toString(), str(own[static_cast<std::size_t>(k)]->name));
        }
        for (qsizetype i = 0; i < va.size(); ++i) {
            const variant_info& v = *own_va[static_cast<std::size_t>(i)];
            QCOMPARE(va[i]["name"].toString(), str(v.name));
            QCOMPARE(va[i]["algorithm"].toString(), str(v.algorithm));
            QCOMPARE(va[i]["broken"].toBool(), v.broken);
            QCOMPARE(va[i]["switches"].toObject().size(), qsizetype(v.preset.size()));
        }
    }
    const QJsonArray vma_sc = fams[0]["scenarios"].toArray();
    QCOMPARE(vma_sc.size(), 9);
    QCOMPARE(fams[0]["variants"].toArray().size(), 17);
    QCOMPARE(vma_sc[4]["threads"].toArray().last()["name"].toString(), QStringLiteral("W"));  // vma-overflow
}

void tst_cli::helpPrintsUsage() {
    const outcome r = run_cli({"--help"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.startsWith("usage:"));
    QVERIFY(r.out.contains("exit status: 0 no violation") && r.out.contains("2 bad input"));
    QVERIFY(r.out.contains("3 check only"));
    for (const char* option : {"--jobs N", "--no-symmetry", "--no-por", "--preemptions K", "--random N", "--seed S"})
        QVERIFY2(r.out.contains(QLatin1String(option)), option);
}

void tst_cli::runPrintsOneLinePerEventOfTheSchedule() {
    const outcome r = run_cli({"run", "vma-drain", "--schedule", "R1 R2 W*2", "--stop"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.err.isEmpty());
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 6, qPrintable(r.out));
    QVERIFY(lines[0].startsWith("run vma-drain --variant final  (threads R1 R2 R3 W; VMA_LOCK_OFFSET = 0x40000000)"));

    // The event lines say what the engine's own events say for the same choices.
    run_config cfg;
    cfg.scenario = "vma-drain";
    engine e(cfg);
    play_schedule(e, parse_schedule("R1 R2 W W", e));
    const QRegularExpression event_line(QStringLiteral("^\\s*(\\d+)  (\\S+)\\s+(\\S+): (\\w+):(\\d+)  (\\S+)  (.*)$"));
    for (std::size_t k = 0; k < 4; ++k) {
        const auto m = event_line.match(lines[static_cast<qsizetype>(k + 1)]);
        QVERIFY2(m.hasMatch(), qPrintable(lines[static_cast<qsizetype>(k + 1)]));
        const lockstep::event& ev = e.events()[k];
        QCOMPARE(m.captured(1).toULongLong(), ev.step);
        QCOMPARE(m.captured(2), str(e.thread_name(ev.thread)));
        QCOMPARE(m.captured(3), QString::fromUtf8(kernel_file_of(ev.function)));
        QCOMPARE(m.captured(4), QString::fromUtf8(ev.function));
        QCOMPARE(m.captured(5).toUInt(), ev.where.line());
        QCOMPARE(m.captured(6), QString::fromUtf8(ev.op));
    }
    // The kernel file the step belongs to, as of v6.18.
    QVERIFY2(lines[1].contains(" mm/mmap_lock.c: lock_vma_under_rcu:"), qPrintable(lines[1]));
    QVERIFY2(lines[3].contains(" include/linux/mmap_lock.h: mmap_write_lock:"), qPrintable(lines[3]));
    QVERIFY(lines[1].contains("rcu_read_lock  R1.rcu_read_lock_nesting  0 -> 1"));
    QVERIFY(lines[3].contains("down_write  mm.mmap_lock.owner  NULL -> W"));
    // --stop: nobody else ran, so everyone is still runnable and listed.
    QVERIFY(r.out.contains("thread R3: runnable"));
    QVERIFY(r.out.contains("\nverdict: no violation\n"));
    QVERIFY(r.out.endsWith("schedule: R1 R2 W*2\n"));
}

void tst_cli::runWithoutStopFinishesRoundRobin() {
    const outcome r = run_cli({"run", "vma-drain"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.out.contains("verdict: no violation"));
    QVERIFY(!r.out.contains("thread "));  // every thread is done
    const outcome broken = run_cli({"run", "vma-overflow", "--variant", "unlimited"});
    QCOMPARE(broken.status, 1);
    QVERIFY2(broken.out.contains("verdict: V"), qPrintable(broken.out));
}

void tst_cli::runJsonHasEventsFinalStateAndVerdicts() {
    const QString schedule = l1_schedule();
    QVERIFY(!schedule.isEmpty());
    const outcome r = run_cli({"run", "vma-detach-lost-wakeup", "--variant", "L1", "--schedule", schedule, "--stop", "--json"});
    QCOMPARE(r.status, 1);
    QVERIFY(r.err.isEmpty());
    const QJsonObject doc = json_of(r.out);
    QCOMPARE(doc["scenario"].toString(), QStringLiteral("vma-detach-lost-wakeup"));
    QCOMPARE(doc["variant"].toString(), QStringLiteral("L1"));
    QVERIFY(doc["switches"].toObject()["wake_only_at_O2"].toBool());
    QCOMPARE(doc["schedule"].toString(), schedule);

    const QJsonArray events = doc["events"].toArray();
    const QJsonObject final_state = doc["final"].toObject();
    QVERIFY(!events.isEmpty());
    QCOMPARE(final_state["step"].toInteger(), events.size());
    QCOMPARE(events.last()["step"].toInteger(), events.size());
    QCOMPARE(events.first()["thread"].toString(), QStringLiteral("R1"));
    QCOMPARE(events.first()["function"].toString(), QStringLiteral("lock_vma_under_rcu"));
    QCOMPARE(events.first()["kernel_file"].toString(), QStringLiteral("mm/mmap_lock.c"));
    for (const auto& ev : events)
        QVERIFY2(ev.toObject()["kernel_file"].isString(), qPrintable(ev.toObject()["function"].toString()));
    QVERIFY(events.first()["line"].toInt() > 0);
    QVERIFY(final_state["finished"].toBool());
    QVERIFY(!final_state["objects"].toArray().isEmpty());

    QJsonObject w;
    for (const auto& t : final_state["threads"].toArray())
        if (t.toObject()["name"].toString() == "W") w = t.toObject();
    QCOMPARE(w["state"].toString(), QStringLiteral("sleeping"));
    QVERIFY(w["waiting_for"].toString().contains("vm_refcnt == OFFSET+1"));

    const QJsonArray verdicts = doc["verdicts"].toArray();
    QVERIFY(!verdicts.isEmpty());
    QCOMPARE(verdicts[0]["invariant"].toString(), QStringLiteral("V7"));
    QVERIFY(verdicts[0]["message"].toString().startsWith("lost wakeup: W"));
    QCOMPARE(verdicts[0]["threads"].toArray(), QJsonArray{"W"});
    QCOMPARE(final_state["verdicts"].toArray(), verdicts);

    // A clean run says so with an empty list, not a missing one.
    const QJsonObject clean = json_of(run_cli({"run", "vma-drain", "--json"}).out);
    QVERIFY(clean["verdicts"].isArray());
    QVERIFY(clean["verdicts"].toArray().isEmpty());
    QVERIFY(clean["final"].toObject()["finished"].toBool());
}

void tst_cli::checkFindsL1LostWakeupAndItsScheduleReplays() {
    const outcome found = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1"});
    QCOMPARE(found.status, 1);
    QVERIFY(found.err.isEmpty());
    QVERIFY2(found.out.contains("verdict: V7 at step"), qPrintable(found.out));
    // Both passes are counted: the one that found it and the one that made it shortest.
    QVERIFY2(found.out.contains(QRegularExpression(QStringLiteral("^check .*: explored \\d+ states, then [1-9]\\d* breadth first "
                                                                  "for the shortest schedule, in \\d+ executions"))),
             qPrintable(found.out));
    const QString schedule = l1_schedule();
    QVERIFY2(!schedule.isEmpty(), qPrintable(found.out));

    const outcome replay = run_cli({"run", "vma-detach-lost-wakeup", "--variant", "L1", "--schedule", schedule, "--stop"});
    QCOMPARE(replay.status, 1);
    QVERIFY2(replay.out.contains(QRegularExpression(QStringLiteral("verdict: V7 at step \\d+: lost wakeup: W sleeps forever"))),
             qPrintable(replay.out));
    QVERIFY(replay.out.contains("thread W: sleeping"));
    QVERIFY(replay.out.endsWith("schedule: " + schedule + "\n"));  // nothing was added or lost
}

// Lessons 8 and 4b: `check` finds the weak-memory violation with a schedule whose outcomes
// (R1:r1) say which older store a load read, and `run` replays it to the same verdict.
void tst_cli::checkWeakViolationReplaysInRun_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("invariant");
    QTest::newRow("lesson 8") << "vma-seq-publish" << "pre-b1f02b95758d" << "V1";
    QTest::newRow("lesson 4b") << "vma-wake-barrier" << "no-wake-mb" << "V7";
}

void tst_cli::checkWeakViolationReplaysInRun() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(QString, invariant);
    const outcome found = run_cli({"check", scenario, "--variant", variant});
    QCOMPARE(found.status, 1);
    QVERIFY2(found.out.contains("verdict: " + invariant + " at step"), qPrintable(found.out));
    const auto m = QRegularExpression(QStringLiteral("^shortest schedule \\((\\d+) steps\\): (.+)$"),
                                      QRegularExpression::MultilineOption)
                       .match(found.out);
    QVERIFY2(m.hasMatch(), qPrintable(found.out));
    const QString schedule = m.captured(2).trimmed();
    QVERIFY2(schedule.contains(":r1"), qPrintable(schedule));  // it needs an older store

    const outcome replay = run_cli({"run", scenario, "--variant", variant, "--schedule", schedule, "--stop"});
    QCOMPARE(replay.status, 1);
    QVERIFY2(replay.out.contains("verdict: " + invariant + " at step " + m.captured(1)), qPrintable(replay.out));
    QVERIFY(replay.out.contains("[r1: an older store"));
    QVERIFY(replay.out.endsWith("schedule: " + schedule + "\n"));

    // Under sequential consistency the same variant has no violation at all.
    const outcome sc = run_cli({"check", scenario, "--variant", variant, "--memory", "sc"});
    QCOMPARE(sc.status, 0);
    QVERIFY2(sc.out.endsWith("no violation\n"), qPrintable(sc.out));
}

void tst_cli::checkFinalDetachReportsNoViolation() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "final"});
    QCOMPARE(r.status, 0);
    QVERIFY(r.err.isEmpty());
    QVERIFY2(r.out.endsWith("no violation\n"), qPrintable(r.out));
    QVERIFY(!r.out.contains("verdict:"));
    QVERIFY2(!r.out.contains("breadth first"), qPrintable(r.out));  // nothing to make shorter
}

void tst_cli::checkJsonReportsTheViolation() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--json"});
    QCOMPARE(r.status, 1);
    const QJsonObject doc = json_of(r.out);
    QVERIFY(doc["complete"].isBool());
    QVERIFY(doc["states"].toInteger() > 0);
    QVERIFY(doc["shortest_states"].toInteger() > 0);
    QCOMPARE(doc["schedule"].toString(), l1_schedule());
    QCOMPARE(doc["verdicts"].toArray().first()["invariant"].toString(), QStringLiteral("V7"));
}

// Seed 003's deadlock: the search prints the wait-for cycle with how each edge waits, exits 1,
// and its schedule replays to the same cycle; the RFC's fix leaves no violation (exit 0).
void tst_cli::checkBinderDeadlockPrintsTheCycle() {
    const outcome r = run_cli({"check", "binder-oom-deadlock", "--variant", "v4.4"});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.out.contains("verdict: K1 at step"), qPrintable(r.out));
    QVERIFY2(r.out.contains("B1 -> B7 -> B1 (B1 waits for binder_main_lock, held by B7; B7 waits for the OOM victim to exit (B1))"),
             qPrintable(r.out));
    QVERIFY2(r.out.contains("verdict: K2 at step"), qPrintable(r.out));
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("shortest schedule \\(\\d+ steps\\): (.*)\n")).match(r.out);
    QVERIFY2(m.hasMatch(), qPrintable(r.out));

    const outcome replay = run_cli({"run", "binder-oom-deadlock", "--variant", "v4.4", "--schedule", m.captured(1), "--stop", "--json"});
    QCOMPARE(replay.status, 1);
    const QJsonObject k1 = json_of(replay.out)["verdicts"].toArray().first().toObject();
    QCOMPARE(k1["invariant"].toString(), QStringLiteral("K1"));
    QCOMPARE(k1["cycle"].toArray().size(), 3);
    QCOMPARE(k1["cycle_via"].toArray().first().toString(), QStringLiteral("waits for binder_main_lock, held by"));
    const QJsonArray threads = json_of(replay.out)["final"].toObject()["threads"].toArray();
    QCOMPARE(threads[0]["kernel_state"].toString(), QStringLiteral("D"));  // B1, killed, in mutex_lock
    QCOMPARE(threads[0]["signal_pending"].toBool(), true);
    QCOMPARE(threads[1]["state"].toString(), QStringLiteral("spinning"));  // B7, retrying for its page

    const outcome fixed = run_cli({"check", "binder-oom-deadlock", "--variant", "rfc"});
    QCOMPARE(fixed.status, 0);
    QVERIFY2(fixed.out.endsWith("no violation\n"), qPrintable(fixed.out));
}

// A search stopped at a limit proves nothing: it says which limit, and its exit status differs
// from a search that explored everything.
void tst_cli::checkCutShortSaysSoAndExitsThree() {
    const outcome text = run_cli({"check", "vma-drain", "--max-states", "10"});
    QCOMPARE(text.status, 3);
    QVERIFY2(text.out.contains("no violation found, but the search was stopped at --max-states 10"), qPrintable(text.out));
    QVERIFY(!text.out.contains("\nno violation\n"));

    const outcome steps = run_cli({"check", "vma-drain", "--max-steps", "5"});
    QCOMPARE(steps.status, 3);
    QVERIFY2(steps.out.contains("cut at --max-steps 5"), qPrintable(steps.out));

    const QJsonObject doc = json_of(run_cli({"check", "vma-drain", "--max-states", "10", "--json"}).out);
    QCOMPARE(doc["complete"].toBool(), false);
    QCOMPARE(doc["stopped_at"].toString(), QStringLiteral("max_states"));
    QCOMPARE(doc["status"].toInt(), 3);
    QVERIFY(doc["verdicts"].toArray().isEmpty());

    const QJsonObject full = json_of(run_cli({"check", "vma-detach-lost-wakeup", "--json"}).out);
    QCOMPARE(full["complete"].toBool(), true);
    QCOMPARE(full["status"].toInt(), 0);
    QVERIFY(!full.contains("stopped_at"));
}

// lint plays the script: a checkpoint that does not hold is reported at its line and column,
// on stderr, and the file fails with 2; a shipped lesson passes with 0.
// Every check says what it covered (the mode), with which reductions, and what it cost. The
// reductions are the ones the search used, which the result reports.
void tst_cli::checkSummarySaysWhatWasCoveredAndHow() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "final"});
    QCOMPARE(r.status, 0);
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith("check vma-detach-lost-wakeup --variant final: explored "), qPrintable(lines[0]));
    QVERIFY2(QRegularExpression(QStringLiteral("^mode: exhaustive; symmetry (on|off), partial-order reduction (on|off), \\d+ jobs?$"))
                 .match(lines[1]).hasMatch(), qPrintable(lines[1]));
    QVERIFY2(QRegularExpression(QStringLiteral("^states \\d+, transitions \\d+, pruned \\d+, merged \\d+, max depth \\d+, \\d+\\.\\d\\d s, "
                                               "peak memory (\\d+\\.\\d MiB|unknown)$"))
                 .match(lines[2]).hasMatch(), qPrintable(lines[2]));
    QCOMPARE(lines[3], QStringLiteral("no violation"));

    // The options reach the search: one job and no reductions asked for, none used.
    const outcome plain = run_cli({"check", "vma-detach-lost-wakeup", "--jobs", "1", "--no-symmetry", "--no-por"});
    QCOMPARE(plain.status, 0);
    QVERIFY2(plain.out.contains("\nmode: exhaustive; symmetry off, partial-order reduction off, 1 job\n"), qPrintable(plain.out));
}

void tst_cli::checkJsonCarriesTheSummary() {
    const QJsonObject doc = json_of(run_cli({"check", "vma-detach-lost-wakeup", "--json"}).out);
    QCOMPARE(doc["mode"].toString(), QStringLiteral("exhaustive"));
    for (const char* count : {"states", "executions", "rewinds", "transitions", "pruned", "merged", "max_depth", "jobs", "peak_memory_bytes"})
        QVERIFY2(doc[QLatin1String(count)].isDouble() && doc[QLatin1String(count)].toInteger() >= 0, count);
    QVERIFY(doc["transitions"].toInteger() >= doc["states"].toInteger() - 1);
    QVERIFY(doc["jobs"].toInteger() >= 1);
    QVERIFY(doc["symmetry"].isBool());
    QVERIFY(doc["por"].isBool());
    QVERIFY(doc["seconds"].isDouble());
    QCOMPARE(doc["complete"].toBool(), true);
    QCOMPARE(doc["status"].toInt(), 0);
    QVERIFY(!doc.contains("preemptions") && !doc.contains("random_runs"));

    const QJsonObject bounded = json_of(run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "4", "--json"}).out);
    QCOMPARE(bounded["mode"].toString(), QStringLiteral("preemption-bounded (4)"));
    QCOMPARE(bounded["preemptions"].toInt(), 4);
    QCOMPARE(bounded["schedule_preemptions"].toInt(), 3);
    QCOMPARE(bounded["steps"].toInt(), 34);
    QCOMPARE(bounded["symmetry"].toBool(), false);
    QCOMPARE(bounded["jobs"].toInt(), 1);
    QCOMPARE(bounded["status"].toInt(), 1);
    QVERIFY(bounded["peak_memory_bytes"].toInteger() > 0);

    const QJsonObject random = json_of(run_cli({"check", "vma-detach-lost-wakeup", "--random", "20", "--seed", "5", "--json"}).out);
    QCOMPARE(random["mode"].toString(), QStringLiteral("random (20 runs, seed 5)"));
    QCOMPARE(random["random_runs"].toInt(), 20);
    QCOMPARE(random["seed"].toString(), QStringLiteral("5"));
    QCOMPARE(random["executions"].toInt(), 20);
    QCOMPARE(random["complete"].toBool(), false);
    QCOMPARE(random["stopped_at"].toString(), QStringLiteral("random_runs"));
    QCOMPARE(random["status"].toInt(), 3);
}

// L1's lost wakeup needs R1 interrupted three times: two preemptions find nothing, which
// proves nothing (exit 3); three find it, as short as the exhaustive search's, and it replays.
void tst_cli::checkTooFewPreemptionsExitsThreeAndEnoughFindTheViolation() {
    const outcome few = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "2"});
    QCOMPARE(few.status, 3);
    QVERIFY2(few.out.contains("\nmode: preemption-bounded (2): only the schedules with at most 2 preemptions; symmetry off, "
                              "partial-order reduction off, 1 job\n"),
             qPrintable(few.out));
    QVERIFY2(few.out.endsWith("no violation found, but the search only tried the schedules with at most 2 preemptions "
                              "(not every interleaving was explored)\n"),
             qPrintable(few.out));
    const outcome none = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "0"});
    QCOMPARE(none.status, 3);
    QVERIFY2(none.out.contains("at most 0 preemptions (not every"), qPrintable(none.out));

    const outcome enough = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "3"});
    QCOMPARE(enough.status, 1);
    QVERIFY2(enough.out.contains("verdict: V7 at step 34: lost wakeup: W sleeps forever"), qPrintable(enough.out));
    const auto m = QRegularExpression(QStringLiteral("\nshortest schedule with 3 preemptions \\(34 steps\\): (.+)\n$")).match(enough.out);
    QVERIFY2(m.hasMatch(), qPrintable(enough.out));
    const outcome replay = run_cli({"run", "vma-detach-lost-wakeup", "--variant", "L1", "--schedule", m.captured(1), "--stop"});
    QCOMPARE(replay.status, 1);
    QVERIFY2(replay.out.contains("verdict: V7 at step 34: lost wakeup: W sleeps forever"), qPrintable(replay.out));

    // A larger bound still gives the fewest preemptions first.
    const outcome more = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "10"});
    QCOMPARE(more.status, 1);
    QVERIFY2(more.out.contains("\nshortest schedule with 3 preemptions (34 steps): " + m.captured(1) + "\n"), qPrintable(more.out));
}

// When the bound never had to leave a step out, every interleaving was seen: exit 0.
void tst_cli::checkPreemptionBoundThatLeavesNothingOutExitsZero() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--variant", "final", "--preemptions", "30"});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains("mode: preemption-bounded (30): the bound left no schedule out, so this was every interleaving;"),
             qPrintable(r.out));
    QVERIFY2(r.out.endsWith("\nno violation\n"), qPrintable(r.out));
}

// The same seed gives the same runs, so the same schedule; the run that found it replays
// alone with the seed the output names.
void tst_cli::checkRandomWithASeedIsReproducible() {
    const QStringList args{"check", "vma-drain", "--variant", "no-recheck", "--random", "2000", "--seed", "3"};
    const outcome first = run_cli(args);
    const outcome second = run_cli(args);
    QCOMPARE(first.status, 1);
    QCOMPARE(second.status, 1);
    const QRegularExpression line(QStringLiteral("\nschedule of run (\\d+) \\((\\d+) steps; --random 1 --seed (\\d+) replays it\\): (.+)\n$"));
    const auto a = line.match(first.out), b = line.match(second.out);
    QVERIFY2(a.hasMatch(), qPrintable(first.out));
    QVERIFY2(b.hasMatch(), qPrintable(second.out));
    QCOMPARE(b.captured(0), a.captured(0));  // the same run, the same schedule
    QCOMPARE(a.captured(3).toULongLong(), 3 + a.captured(1).toULongLong() - 1);
    QVERIFY(first.out.contains("\nmode: random (2000 runs, seed 3): " + a.captured(1) + " of 2000 runs made;"));

    const outcome alone = run_cli({"check", "vma-drain", "--variant", "no-recheck", "--random", "1", "--seed", a.captured(3)});
    QCOMPARE(alone.status, 1);
    QVERIFY2(alone.out.endsWith("; --random 1 --seed " + a.captured(3) + " replays it): " + a.captured(4) + "\n"), qPrintable(alone.out));

    const outcome replay = run_cli({"run", "vma-drain", "--variant", "no-recheck", "--schedule", a.captured(4), "--stop"});
    QCOMPARE(replay.status, 1);
    QVERIFY2(replay.out.contains("verdict: V1 at step " + a.captured(2) + ":"), qPrintable(replay.out));
}

void tst_cli::checkRandomFindingNothingProvesNothing() {
    const outcome r = run_cli({"check", "vma-detach-lost-wakeup", "--random", "30"});
    QCOMPARE(r.status, 3);
    QVERIFY2(r.out.contains("\nmode: random (30 runs, seed 1): 30 of 30 runs made;"), qPrintable(r.out));
    QVERIFY2(r.out.endsWith("no violation found, but the search only tried 30 random schedules (not every interleaving was explored)\n"),
             qPrintable(r.out));
}

void tst_cli::lintReportsProblemsAtTheirPlace() {
    const QString bad = QStringLiteral(LOCKSTEP_SOURCE_DIR "/tests/lessons/malformed/wrong-checkpoint.yaml");
    const outcome r = run_cli({"lint", bad});
    QCOMPARE(r.status, 2);
    QCOMPARE(r.err, bad + ":33:7: checkpoint vma.vm_refcnt is 2, expected OFFSET+2\n");
    QVERIFY(r.out.isEmpty());

    const QString good = QStringLiteral(LOCKSTEP_SOURCE_DIR "/lessons/02-lock-outlives-refcount.yaml");
    const outcome ok = run_cli({"lint", good});
    QCOMPARE(ok.status, 0);
    QVERIFY(ok.err.isEmpty());
    QCOMPARE(ok.out, good + ": ok\n");
}

// The lost-wakeup schedule on L1 and final, lined up by program point: final follows to the
// same points (its writer takes no reference, one step fewer), the rows that differ are marked,
// and the turning points name the writer's reference, the wake final sends and L1's V7.
void tst_cli::compareMarksWhereL1AndFinalPart() {
    const QString l1 = l1_schedule();
    QCOMPARE(l1, QStringLiteral("R1*4 W*17 R1*3 W*7 R1*3"));
    const outcome r = run_cli({"compare", "vma-detach-lost-wakeup", "--variants", "L1,final", "--schedule", l1});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    const QStringList lines = r.out.split('\n');
    QCOMPARE(lines[0], QStringLiteral("compare vma-detach-lost-wakeup: L1 against final (threads R1 W)"));
    QCOMPARE(lines[1], QStringLiteral("schedule: R1*4 W*17 R1*3 W*7 R1*3 (42 steps, then 16 round-robin)"));
    QCOMPARE(lines[2], QStringLiteral("L1 plays it as written; final follows to the same points: R1*4 W*16 R1*5 W*6 R1*8"));
    QVERIFY(lines.contains(QStringLiteral("     11  W load vma.vm_lock_seq = UINT_MAX (include/linux/mmap_lock.h: vma_start_write:229)")));
    QVERIFY(r.out.contains(QStringLiteral("\n*    12  L1:    W refcount_inc_not_zero vma.vm_refcnt 1 -> 2 (mm/mmap_lock.c: __vma_enter_locked:")));
    QVERIFY(r.out.contains(QStringLiteral("\n         final: W refcount_add_not_zero vma.vm_refcnt 1 -> OFFSET+1")));
    QVERIFY(r.out.contains(QStringLiteral("\n         final: no such step\n")));
    QVERIFY(r.out.contains(QStringLiteral("\n35 of 58 steps differ\n")));
    QVERIFY(r.out.contains(QStringLiteral("\nfirst difference (a different operation): step 12: under L1, W refcount_inc_not_zero")));
    QVERIFY(r.out.contains(QStringLiteral("\nfirst difference in thread states (other thread states, a step only one run has): step 39: "
                                          "under L1, no such step; under final, R1 wake_up_process")));
    QVERIFY(r.out.contains(QStringLiteral("\nfirst difference in verdicts (a different verdict): step 42: ")));
    QVERIFY(r.out.contains(QStringLiteral("\nL1: V7 at step 42: lost wakeup: W sleeps forever")));
    QVERIFY(r.out.endsWith(QStringLiteral("\nfinal: no violation\n")));

    // Literally, step by step: the same choices, so final's writer is a step ahead and the
    // race is not the same; the runs part at the same step.
    const outcome literal = run_cli({"compare", "vma-detach-lost-wakeup", "--variants", "L1,final", "--schedule", l1,
                                     "--align", "step", "--stop"});
    QCOMPARE(literal.status, 1);
    QVERIFY(!literal.out.contains(QStringLiteral("follows to the same points")));
    QVERIFY(literal.out.contains(QStringLiteral("schedule: R1*4 W*17 R1*3 W*7 R1*3 (34 steps)\n")));
    QVERIFY(literal.out.contains(QStringLiteral("\nfirst difference (a different operation): step 12: ")));
}

void tst_cli::badInputIsRejectedWithOneLineError_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("mentions");  // the bad thing and what would be accepted

    QStringList all_scenarios, vma_variants, binder_variants;
    for (const auto& s : scenarios()) all_scenarios << str(s.name);
    for (const variant_info* v : variants_for("vma-drain")) vma_variants << str(v->name);
    for (const variant_info* v : variants_for("binder-oom-deadlock")) binder_variants << str(v->name);

    QTest::newRow("no command") << QStringList{} << QStringList{"no command", "list, run, check, compare, lint, play or litmus"};
    QTest::newRow("unknown command") << QStringList{"frob"} << QStringList{"unknown command 'frob'", "list, run, check, compare, lint, play or litmus"};
    QTest::newRow("unknown scenario") << QStringList{"run", "vma-nope"}
                                      << QStringList{"unknown scenario 'vma-nope'", all_scenarios.join(", ")};
    QTest::newRow("unknown scenario for check") << QStringList{"check", "nope"} << QStringList{"'nope'", all_scenarios.join(", ")};
    QTest::newRow("missing scenario") << QStringList{"run"} << QStringList{"needs a scenario name", "lockstep-cli list"};
    QTest::newRow("unknown variant") << QStringList{"run", "vma-drain", "--variant", "v9"}
                                     << QStringList{"unknown variant 'v9'", "vma-drain takes: " + vma_variants.join(", ")};
    QTest::newRow("variant of another family") << QStringList{"run", "binder-oom-deadlock", "--variant", "final"}
                                               << QStringList{"variant 'final' belongs to the vma family",
                                                              "binder-oom-deadlock takes: " + binder_variants.join(", ")};
    QTest::newRow("variant of another scenario") << QStringList{"run", "binder-munmap-downgrade", "--variant", "2008"}
                                                 << QStringList{"variant '2008' does not run binder-munmap-downgrade",
                                                                "binder-munmap-downgrade takes: read-lock, write-lock, vma-addr"};
    QTest::newRow("unknown switch") << QStringList{"run", "vma-drain", "--switch", "nosuch=on"}
                                    << QStringList{"unknown switch 'nosuch'", "lock_seq_recheck", "wake_only_at_O2"};
    QTest::newRow("switch without state") << QStringList{"run", "vma-drain", "--switch", "lock_seq_recheck"}
                                          << QStringList{"'lock_seq_recheck'", "NAME=on or NAME=off"};
    QTest::newRow("switch with bad state") << QStringList{"check", "vma-drain", "--switch", "lock_seq_recheck=maybe"}
                                           << QStringList{"'lock_seq_recheck=maybe'", "NAME=on or NAME=off"};
    QTest::newRow("switches that exclude each other")
        << QStringList{"run", "vma-drain", "--switch", "wake_every_put=on", "--switch", "wake_only_at_O2=on"}
        << QStringList{"wake_every_put", "wake_only_at_O2", "at most one"};
    QTest::newRow("readers not a number") << QStringList{"run", "vma-drain", "--readers", "abc"}
                                          << QStringList{"--readers", "'abc'", "from 1 to 16"};
    QTest::newRow("readers zero") << QStringList{"run", "vma-drain", "--readers", "0"} << QStringList{"--readers", "'0'", "from 1 to 16"};
    QTest::newRow("readers missing value") << QStringList{"run", "vma-drain", "--readers"} << QStringList{"--readers needs a value"};
    QTest::newRow("readers on fixed threads") << QStringList{"run", "vma-slab-reuse", "--readers", "2"}
                                              << QStringList{"vma-slab-reuse", "A1, A2, B1", "--readers"};
    QTest::newRow("unknown thread in schedule") << QStringList{"run", "vma-drain", "--schedule", "R1 X9 W"}
                                                << QStringList{"unknown thread 'X9'", "R1, R2, R3, W"};
    QTest::newRow("bad repeat count") << QStringList{"run", "vma-drain", "--schedule", "R1*0"}
                                      << QStringList{"'R1*0'", "NAME*N with N from 1 to 1000000"};

    const QString l1 = l1_schedule();
    QTest::newRow("sleeping thread after the lost wakeup")
        << QStringList{"run", "vma-detach-lost-wakeup", "--variant", "L1", "--schedule", l1 + " W", "--stop"}
        << QStringList{"W cannot run", "asleep, waiting until vm_refcnt == OFFSET+1", "no thread can run now"};
    const QString stuck = schedule_leaving_w_stuck_in_drain();
    QTest::newRow("blocked thread while others can run")
        << QStringList{"run", "vma-drain", "--schedule", stuck + " W"}
        << QStringList{"W cannot run", "threads that can run now: R1, R2, R3"};

    QTest::newRow("unknown option for run") << QStringList{"run", "vma-drain", "--frob"}
                                            << QStringList{"unknown option '--frob' for run", "--variant", "--schedule", "--stop"};
    QTest::newRow("run option given to check") << QStringList{"check", "vma-drain", "--schedule", "R1"}
                                               << QStringList{"unknown option '--schedule' for check", "--max-steps", "--max-states"};
    QTest::newRow("argument for list") << QStringList{"list", "extra"} << QStringList{"'extra'", "--json"};
    QTest::newRow("search option given to run") << QStringList{"run", "vma-drain", "--no-por"}
                                                << QStringList{"unknown option '--no-por' for run", "--schedule"};
    QTest::newRow("unknown option for check") << QStringList{"check", "vma-drain", "--bfs"}
                                              << QStringList{"unknown option '--bfs' for check", "--jobs", "--no-symmetry",
                                                             "--no-por", "--preemptions", "--random", "--seed"};
    QTest::newRow("jobs not a number") << QStringList{"check", "vma-drain", "--jobs", "all"}
                                       << QStringList{"--jobs", "'all'", "from 0 to 256"};
    QTest::newRow("jobs too many") << QStringList{"check", "vma-drain", "--jobs", "1000"} << QStringList{"--jobs", "'1000'", "from 0 to 256"};
    QTest::newRow("preemptions negative") << QStringList{"check", "vma-drain", "--preemptions", "-1"}
                                          << QStringList{"--preemptions", "'-1'", "from 0 to 100"};
    QTest::newRow("preemptions missing value") << QStringList{"check", "vma-drain", "--preemptions"}
                                               << QStringList{"--preemptions needs a value"};
    QTest::newRow("random zero runs") << QStringList{"check", "vma-drain", "--random", "0"}
                                      << QStringList{"--random", "'0'", "from 1 to 1000000000"};
    QTest::newRow("seed not a number") << QStringList{"check", "vma-drain", "--random", "5", "--seed", "x7"}
                                       << QStringList{"--seed", "'x7'", "from 0 to"};
    QTest::newRow("seed without random runs") << QStringList{"check", "vma-drain", "--seed", "7"}
                                              << QStringList{"--seed", "--random N"};
    QTest::newRow("bounded and random at once") << QStringList{"check", "vma-drain", "--preemptions", "2", "--random", "10"}
                                                << QStringList{"--preemptions", "--random", "give one of them"};

    QTest::newRow("compare without variants") << QStringList{"compare", "vma-detach-lost-wakeup"}
                                              << QStringList{"--variants A,B", "L1,final"};
    QTest::newRow("compare one variant") << QStringList{"compare", "vma-detach-lost-wakeup", "--variants", "L1"}
                                         << QStringList{"two variants", "'L1'"};
    QTest::newRow("compare unknown variant") << QStringList{"compare", "vma-detach-lost-wakeup", "--variants", "L1,v9"}
                                             << QStringList{"unknown variant 'v9'", "vma-detach-lost-wakeup takes: final"};
    QTest::newRow("compare takes --variants") << QStringList{"compare", "vma-drain", "--variant", "L1"}
                                              << QStringList{"unknown option '--variant' for compare", "--variants", "--align"};
    QTest::newRow("compare bad alignment") << QStringList{"compare", "vma-drain", "--variants", "L1,final", "--align", "sideways"}
                                           << QStringList{"'sideways'", "point or step"};
    QTest::newRow("compare bad schedule") << QStringList{"compare", "vma-drain", "--variants", "L1,final", "--schedule", "R1 X9"}
                                          << QStringList{"unknown thread 'X9'", "R1, R2, R3, W"};
    QTest::newRow("compare empty schedule, stopped")
        << QStringList{"compare", "vma-drain", "--variants", "L1,final", "--stop"} << QStringList{"the schedule is empty", "R1*3 W"};
}

void tst_cli::badInputIsRejectedWithOneLineError() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, mentions);

    const outcome r = run_cli(args);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    QVERIFY2(r.err.startsWith("lockstep-cli: "), qPrintable(r.err));
    QVERIFY2(r.err.endsWith('\n') && r.err.count('\n') == 1, qPrintable(r.err));
    for (const QString& m : mentions) QVERIFY2(r.err.contains(m), qPrintable(QStringLiteral("'%1' not in: %2").arg(m, r.err)));
}

void tst_cli::binaryExitStatusMatches_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("says");  // on stdout for 0 and 1, on stderr for 2

    QTest::newRow("list") << QStringList{"list"} << 0 << "vma-slab-reuse";
    QTest::newRow("help") << QStringList{"--help"} << 0 << "usage:";
    QTest::newRow("run clean") << QStringList{"run", "vma-drain", "--variant", "rwsem"} << 0 << "verdict: no violation";
    QTest::newRow("check violation") << QStringList{"check", "vma-detach-lost-wakeup", "--variant", "L1"} << 1 << "verdict: V7";
    QTest::newRow("check clean") << QStringList{"check", "vma-detach-lost-wakeup"} << 0 << "no violation";
    QTest::newRow("check cut short") << QStringList{"check", "vma-drain", "--max-states", "10"} << 3
                                     << "stopped at --max-states 10";
    QTest::newRow("check bounded, too few preemptions")
        << QStringList{"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "1"} << 3 << "at most 1 preemption (";
    QTest::newRow("check bounded, found") << QStringList{"check", "vma-detach-lost-wakeup", "--variant", "L1", "--preemptions", "3"}
                                          << 1 << "shortest schedule with 3 preemptions";
    QTest::newRow("check bounded, nothing left out") << QStringList{"check", "vma-detach-lost-wakeup", "--preemptions", "30"} << 0
                                                     << "no violation";
    QTest::newRow("check random, none found") << QStringList{"check", "vma-detach-lost-wakeup", "--random", "10"} << 3
                                              << "only tried 10 random schedules";
    QTest::newRow("check bad jobs") << QStringList{"check", "vma-drain", "--jobs", "-2"} << 2 << "--jobs expects";
    QTest::newRow("run names kernel files") << QStringList{"run", "vma-drain"} << 0 << "mm/mmap_lock.c: vma_start_read:";
    QTest::newRow("bad scenario") << QStringList{"run", "nope"} << 2 << "unknown scenario 'nope'";
    QTest::newRow("no arguments") << QStringList{} << 2 << "no command given";
    QTest::newRow("compare differs") << QStringList{"compare", "vma-detach-lost-wakeup", "--variants", "L1,final"} << 1
                                     << "first difference";
    QTest::newRow("compare same") << QStringList{"compare", "vma-detach-lost-wakeup", "--variants", "final,final"} << 0
                                  << "no difference";
}

void tst_cli::binaryExitStatusMatches() {
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, says);

    QProcess p;
    p.start(QStringLiteral(LOCKSTEP_CLI), args);
    QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
    QVERIFY2(p.waitForFinished(30000), qPrintable(p.errorString()));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);  // no crash, no abort
    QCOMPARE(p.exitCode(), status);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    if (status == 2) {
        QVERIFY(out.isEmpty());
        QVERIFY2(err.startsWith("lockstep-cli: " + says), qPrintable(err));
    } else {
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY2(out.contains(says), qPrintable(out));
    }
}

QTEST_GUILESS_MAIN(tst_cli)
#include "tst_cli.moc"
