// Litmus tests under the kernel's memory model (engine/src/weak_memory, engine/src/litmus):
// every shipped test in lessons/litmus gets the verdict herd7 gives it (its file's Result
// line), or is named out of scope when it needs load buffering; every final state comes with a
// schedule that replays to it; and sequential consistency still forbids what it always did.
#include <lockstep/engine.hpp>
#include <lockstep/litmus.hpp>
#include <lockstep/schedule.hpp>

#include <QDir>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace lockstep;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QString litmus_file(const char* name) { return QStringLiteral(LOCKSTEP_LITMUS_DIR "/") + name; }
}  // namespace

class tst_litmus : public QObject {
    Q_OBJECT
private slots:
    void herdVerdicts_data();
    void herdVerdicts();
    void everyStateReplaysFromItsSchedule();
    void scKeepsTheStaleReadAway();
    void aLoadCanReadOnlyWhatItsViewAllows();
    void badFilesAreReportedAtTheirLine();
    void theSnapshotShowsEachLocationsStores();
    void reductionsKeepEveryFinalState_data() { herdVerdicts_data(); }
    void reductionsKeepEveryFinalState();
    void storesNobodyCanReadAreForgotten();
    void everyScOutcomeIsAnLkmmOutcome_data() { herdVerdicts_data(); }
    void everyScOutcomeIsAnLkmmOutcome();
};

void tst_litmus::herdVerdicts_data() {
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(LOCKSTEP_LITMUS_DIR).entryList({"*.litmus"}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 25);
    for (const QString& f : files) QTest::newRow(qPrintable(f)) << QDir(LOCKSTEP_LITMUS_DIR).filePath(f);
}

// The observation herd7 makes, from the file's own Result line. Load buffering is the one shape
// the model cannot produce; it must say so rather than answer "Never".
void tst_litmus::herdVerdicts() {
    QFETCH(QString, file);
    const litmus_result r = run_litmus(file.toStdString());
    QVERIFY2(!r.expected.empty(), "every shipped test states herd7's verdict");
    if (QFileInfo(file).fileName().startsWith("lb-")) {
        QVERIFY2(r.out_of_scope.find("load buffering") != std::string::npos, r.out_of_scope.c_str());
        return;
    }
    QVERIFY2(r.out_of_scope.empty(), r.out_of_scope.c_str());
    QCOMPARE(q(r.observation), q(r.expected));
    QVERIFY(r.search.complete);
}

// A final state's schedule, replayed step by step, ends in that state: read-from choices
// included, which is what makes a weak outcome something a person can step through.
void tst_litmus::everyStateReplaysFromItsSchedule() {
    const std::string file = litmus_file("wrc-wmb-rmb.litmus").toStdString();
    const litmus_result r = run_litmus(file);
    QVERIFY(r.positive > 0);
    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = file;
    cfg.switches["every_final_state"] = true;
    for (const litmus_outcome& o : r.outcomes) {
        engine e(cfg);
        play_schedule(e, parse_schedule(o.schedule, e));
        QVERIFY(e.finished());
        bool seen = false;
        for (const verdict& v : e.verdicts()) seen = seen || v.invariant == o.state;
        QVERIFY2(seen, qPrintable(q(o.schedule + " does not reach " + o.state)));
    }
}

// Under --memory sc every load reads the newest store: message passing never sees the flag
// without the data, and no step has a second outcome.
void tst_litmus::scKeepsTheStaleReadAway() {
    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = litmus_file("mp-plain.litmus").toStdString();
    cfg.memory = memory_model::sc;
    cfg.switches["every_final_state"] = true;
    const verdict_census c = census(cfg);
    QVERIFY(!c.shortest.empty());
    for (const auto& [state, length] : c.shortest) QVERIFY2(state != "1:r0=1; 1:r1=0;", "SC shows the stale read");
    engine e(cfg);
    while (!e.finished()) {
        for (thread_id t : e.runnable()) QCOMPARE(e.options(t), 1);
        e.step(e.runnable().front());
    }
}

// P1 of message passing, after P0's two stores: its first load may read the flag's newest store
// or the initial one; once it has read the flag from P0 with acquire, the data's initial value
// is no longer readable. Without acquire it still is.
void tst_litmus::aLoadCanReadOnlyWhatItsViewAllows() {
    for (const char* name : {"mp-release-acquire.litmus", "mp-plain.litmus"}) {
        run_config cfg;
        cfg.scenario = "litmus";
        cfg.source = litmus_file(name).toStdString();
        engine e(cfg);
        const thread_id p0 = e.thread_by_name("P0"), p1 = e.thread_by_name("P1");
        while (e.can_run(p0)) e.step(p0);
        QCOMPARE(e.options(p1), 2);
        QCOMPARE(e.option_kind(p1), 'r');
        e.step(choice{p1, 0});  // the flag's newest store: P0's
        const bool acquire = std::string(name) == "mp-release-acquire.litmus";
        QCOMPARE(e.options(p1), acquire ? 1 : 2);
    }
}

void tst_litmus::badFilesAreReportedAtTheirLine() {
    const QString path = QDir::temp().filePath("lockstep-bad.litmus");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("C bad\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = READ_ONCE(*y);\n}\nexists (0:r0=1)\n");
    f.close();
    try {
        run_litmus(path.toStdString());
        QFAIL("a name that is neither a register nor a parameter must be an error");
    } catch (const config_error& e) {
        const QString what = e.what();
        QVERIFY2(what.contains(":6:"), qPrintable(what));
    }
}

// What the store strip draws: each weak location's stores in coherence order, who stored them
// at which step, and each thread's horizon, raised by what it has read with acquire.
void tst_litmus::theSnapshotShowsEachLocationsStores() {
    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = litmus_file("mp-release-acquire.litmus").toStdString();
    engine e(cfg);
    const thread_id p0 = e.thread_by_name("P0"), p1 = e.thread_by_name("P1");
    while (e.can_run(p0)) e.step(p0);
    snapshot s = e.take_snapshot();
    QCOMPARE(s.weak.size(), std::size_t{2});
    // P1's next operation, the flag's acquire load, may read either store of it.
    const weak_choice& next = s.threads.at(static_cast<std::size_t>(p1)).choice;
    QCOMPARE(next.kind, 'r');
    QCOMPARE(next.positions, (std::vector<int>{1, 0}));
    for (const weak_location& l : s.weak) {
        QCOMPARE(l.stores.size(), std::size_t{2});
        QCOMPARE(l.stores[0].writer, no_thread);
        QCOMPARE(l.stores[1].writer, p0);
        QVERIFY(l.stores[1].step >= 1 && l.stores[1].step <= 2);
        QCOMPARE(l.horizon.at(static_cast<std::size_t>(p0)), 1);  // its own store
        QCOMPARE(l.horizon.at(static_cast<std::size_t>(p1)), 0);  // nothing read yet
    }
    e.step(choice{p1, 0});  // the flag, with acquire, from P0's release
    s = e.take_snapshot();
    for (const weak_location& l : s.weak) QCOMPARE(l.horizon.at(static_cast<std::size_t>(p1)), 1);
    // And why, in words: the payload's store is the oldest P1 may read because P1 acquired the
    // flag at step 3 and P0's release (step 2) carried it.
    bool explained = false;
    for (const weak_location& l : s.weak) {
        const view_reason& why = l.why.at(static_cast<std::size_t>(p1));
        if (why.text == "it acquire-loaded ready at step 3, and the store it read (step 2) carried this one") {
            explained = true;
            // The same as facts, from which the app draws the cycle: the flag's release store,
            // read at step 3, carried the payload's store at position 1.
            QCOMPARE(why.kind, view_cause::acquire);
            QCOMPARE(why.step, std::uint64_t{3});
            QCOMPARE(why.carried, std::uint64_t{2});
            const auto flag = std::find_if(s.weak.begin(), s.weak.end(), [&](const weak_location& o) { return o.cell == why.via; });
            QVERIFY(flag != s.weak.end() && flag != s.weak.begin() + (&l - s.weak.data()));
            const weak_store& release = flag->stores.back();
            QCOMPARE(release.op, std::string("smp_store_release"));
            QCOMPARE(release.carries.size(), std::size_t{1});
            QCOMPARE(release.carries[0].cell, l.cell);
            QCOMPARE(release.carries[0].position, 1);
        }
    }
    QVERIFY(explained);
    // Having read the flag, P1's load of the payload has one outcome left: the store at 1.
    const weak_choice& last = s.threads.at(static_cast<std::size_t>(p1)).choice;
    QCOMPARE(last.positions, std::vector<int>{1});
    // Each event that read a weak cell says which store it read: P1's, the release of step 2.
    QCOMPARE(e.events().back().read_from, std::int64_t{2});
}

// Partial-order reduction over (thread, outcome) steps: every final state herd7 would list, each
// with a schedule as short, is still found when the steps that commute are taken in one order
// only, and on a test with independent threads that is fewer steps taken.
void tst_litmus::reductionsKeepEveryFinalState() {
    QFETCH(QString, file);
    if (QFileInfo(file).fileName().startsWith("lb-")) return;  // out of scope: no search
    check_options all, por;
    all.jobs = por.jobs = 1;  // the steps counted include replays, which depend on the workers
    all.por = false;
    por.por = true;
    const litmus_result a = run_litmus(file.toStdString(), all), b = run_litmus(file.toStdString(), por);
    QVERIFY(a.search.complete && b.search.complete);
    QVERIFY(!a.search.por && b.search.por);
    QStringList without, with;
    for (const litmus_outcome& o : a.outcomes) without << q(o.state);
    for (const litmus_outcome& o : b.outcomes) with << q(o.state);
    QCOMPARE(with, without);
    QCOMPARE(b.observation, a.observation);
    QVERIFY2(b.search.states <= a.search.states, qPrintable(QStringLiteral("%1 > %2").arg(b.search.states).arg(a.search.states)));
    if (QFileInfo(file).fileName() == "iriw-plain.litmus")  // four threads, two stores, no barriers
        QVERIFY2(b.search.transitions < a.search.transitions, qPrintable(QStringLiteral("%1 vs %2").arg(b.search.transitions).arg(a.search.transitions)));
}

// Two threads store 1 to x and then read it, so that both have moved past every store but the
// newest, in either order of their stores. What the first store carried and which thread wrote
// which no longer matters to anyone still running: the two runs are one state. Before the
// reads they are not: then one of them may still read the older store.
void tst_litmus::storesNobodyCanReadAreForgotten() {
    const QString path = QDir::temp().filePath("lockstep-dead-stores.litmus");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("C dead-stores\n{}\n"
            "P0(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*x, 1);\n\tr0 = READ_ONCE(*x);\n\tWRITE_ONCE(*y, 1);\n}\n"
            "P1(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*x, 1);\n\tr0 = READ_ONCE(*x);\n\tWRITE_ONCE(*y, 2);\n}\n"
            "exists (0:r0=1 /\\ 1:r0=1)\n");
    f.close();
    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = path.toStdString();
    // The state's hash after `schedule`, 0 if the run ended (it must not: every thread has a
    // store to y left).
    auto state_after = [&](const char* schedule) -> std::uint64_t {
        engine e(cfg);
        play_schedule(e, parse_schedule(schedule, e));
        return e.finished() ? 0 : e.state_hash();
    };
    const std::uint64_t stored[2] = {state_after("P0 P1"), state_after("P1 P0")};
    QVERIFY(stored[0] != 0 && stored[1] != 0);
    QVERIFY(stored[0] != stored[1]);  // P0 may still read its own store, or P1's
    const std::uint64_t read[2] = {state_after("P0 P1 P0 P1"), state_after("P1 P0 P0 P1")};
    QVERIFY(read[0] != 0);
    QCOMPARE(read[0], read[1]);
    QFile::remove(path);
}

// The kernel's memory model allows every outcome of an interleaving of the threads: each final
// state under --memory sc is among those under lkmm, and a test whose weak outcome herd7 calls
// Sometimes has a final state lkmm finds and sc does not.
void tst_litmus::everyScOutcomeIsAnLkmmOutcome() {
    QFETCH(QString, file);
    const litmus_result weak = run_litmus(file.toStdString());
    if (!weak.out_of_scope.empty()) return;
    run_config cfg;
    cfg.scenario = "litmus";
    cfg.source = file.toStdString();
    cfg.memory = memory_model::sc;
    cfg.switches["every_final_state"] = true;
    const verdict_census sc = census(cfg);
    QVERIFY(sc.result.complete);
    QVERIFY(!sc.shortest.empty());
    std::set<std::string> lkmm;
    for (const litmus_outcome& o : weak.outcomes) lkmm.insert(o.state);
    for (const auto& [state, length] : sc.shortest) QVERIFY2(lkmm.count(state), qPrintable(q(state + " under sc only")));
    if (weak.expected == "Sometimes" && QFileInfo(file).fileName().contains("plain"))
        QVERIFY2(lkmm.size() > sc.shortest.size(), "a plain test's weak outcome is one sc cannot reach");
}

QTEST_GUILESS_MAIN(tst_litmus)
#include "tst_litmus.moc"
