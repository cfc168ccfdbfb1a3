// Stepping back and forth: go_to() reaches any earlier point of the recorded timeline exactly,
// replays it forward unchanged, and a different choice after going back starts a new line.
#include <lockstep/engine.hpp>

#include "run_config_of.hpp"

#include <QTest>

#include <algorithm>
#include <random>

using namespace lockstep;

namespace {

constexpr std::uint64_t max_steps = 400;

QList<int> ids(const std::vector<choice>& v) {
    QList<int> out;
    for (const choice& c : v) out.push_back(c.thread);
    return out;
}

// Runs a seeded pseudo-random schedule on `e`; returns the snapshot after every step
// (index k: after k steps).
std::vector<snapshot> random_run(engine& e, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<snapshot> shots{e.take_snapshot()};
    while (!e.finished() && e.step_count() < max_steps) {
        const auto runnable = e.runnable();
        e.step(runnable[std::uniform_int_distribution<std::size_t>(0, runnable.size() - 1)(rng)]);
        shots.push_back(e.take_snapshot());
    }
    return shots;
}

void add_rows() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("variant");
    QTest::addColumn<unsigned>("seed");
    QTest::newRow("drain final") << "vma-drain" << "final" << 1u;
    QTest::newRow("detach lost wakeup L1") << "vma-detach-lost-wakeup" << "L1" << 2u;
    QTest::newRow("slab reuse v6.15") << "vma-slab-reuse" << "v6.15" << 3u;
    QTest::newRow("drain rwsem") << "vma-drain" << "rwsem" << 4u;
}

}  // namespace

class tst_history : public QObject {
    Q_OBJECT

private slots:
    void stepBackRestoresEarlierSnapshotExactly_data() { add_rows(); }
    void stepBackRestoresEarlierSnapshotExactly();
    void goingForwardReplaysTheSameTimeline_data() { add_rows(); }
    void goingForwardReplaysTheSameTimeline();
    void steppingAnotherThreadAfterGoingBackTruncatesTimeline_data() { add_rows(); }
    void steppingAnotherThreadAfterGoingBackTruncatesTimeline();
    void steppingTheRecordedThreadKeepsTheTimeline();
    void resetReturnsToStepZero_data() { add_rows(); }
    void resetReturnsToStepZero();
    void choicesArePrefixOfTimeline();
};

void tst_history::stepBackRestoresEarlierSnapshotExactly() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(unsigned, seed);

    engine e(config_of(scenario, variant));
    const std::vector<snapshot> shots = random_run(e, seed);
    const std::uint64_t n = e.step_count();
    QVERIFY(n > 10);
    QCOMPARE(e.timeline().size(), n);

    // One step back at a time, all the way to the start.
    for (std::uint64_t k = n + 1; k-- > 0;) {
        e.go_to(k);
        QCOMPARE(e.step_count(), k);
        QVERIFY2(e.take_snapshot() == shots[k], qPrintable(QStringLiteral("step %1 differs after going back").arg(k)));
        QCOMPARE(e.events().size(), static_cast<std::size_t>(k));
        QCOMPARE(e.verdicts().size(), shots[k].verdicts.size());
    }
    // And jumping around, backwards and forwards.
    std::mt19937 rng(seed * 31 + 1);
    for (int i = 0; i < 60; ++i) {
        const std::uint64_t k = std::uniform_int_distribution<std::uint64_t>(0, n)(rng);
        e.go_to(k);
        QVERIFY2(e.take_snapshot() == shots[k], qPrintable(QStringLiteral("step %1 differs after a jump").arg(k)));
    }
    QCOMPARE(e.timeline().size(), n);  // jumping never changes the recorded line
}

void tst_history::goingForwardReplaysTheSameTimeline() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(unsigned, seed);

    engine e(config_of(scenario, variant));
    const std::vector<snapshot> shots = random_run(e, seed);
    const std::uint64_t n = e.step_count();
    const std::vector<lockstep::event> events = e.events();
    const std::vector<choice> line = e.timeline();

    e.go_to(0);
    QVERIFY(e.take_snapshot() == shots[0]);
    for (std::uint64_t k = 1; k <= n; ++k) {
        e.go_to(k);
        QVERIFY2(e.take_snapshot() == shots[k], qPrintable(QStringLiteral("step %1 differs going forward").arg(k)));
    }
    QCOMPARE(ids(e.timeline()), ids(line));
    QCOMPARE(e.events().size(), events.size());
    for (std::size_t k = 0; k < events.size(); ++k) {
        QCOMPARE(e.events()[k].thread, events[k].thread);
        QCOMPARE(e.events()[k].where.line(), events[k].where.line());
        QCOMPARE(e.events()[k].new_value, events[k].new_value);
    }
    QCOMPARE(e.finished(), shots[n].finished);
}

void tst_history::steppingAnotherThreadAfterGoingBackTruncatesTimeline() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(unsigned, seed);

    engine e(config_of(scenario, variant));
    const std::vector<snapshot> shots = random_run(e, seed);
    const std::vector<choice> line = e.timeline();

    // The first point of the line where another thread could have gone instead.
    std::uint64_t k = 0;
    thread_id other = no_thread;
    for (; k < line.size() && other == no_thread; ++k) {
        e.go_to(k);
        for (thread_id t : e.runnable())
            if (t != line[k]) other = t;
        if (other != no_thread) break;
    }
    QVERIFY2(other != no_thread, "no branching point on the whole line");
    QCOMPARE(e.step_count(), k);
    QCOMPARE(e.timeline().size(), line.size());  // still the old line, ahead of us

    e.step(other);
    QCOMPARE(e.step_count(), k + 1);
    std::vector<choice> expected(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(k));
    expected.push_back(other);
    QCOMPARE(ids(e.timeline()), ids(expected));
    QCOMPARE(ids(e.choices()), ids(expected));
    QCOMPARE(e.events().back().thread, other);
    QVERIFY(!(e.take_snapshot() == shots[k + 1]));

    // The new line is the one going back and forth now follows.
    const snapshot branched = e.take_snapshot();
    e.go_to(k);
    QVERIFY(e.take_snapshot() == shots[k]);
    e.go_to(k + 1);
    QVERIFY(e.take_snapshot() == branched);
}

void tst_history::steppingTheRecordedThreadKeepsTheTimeline() {
    engine e(config_of("vma-drain", "final"));
    const std::vector<snapshot> shots = random_run(e, 5);
    const std::vector<choice> line = e.timeline();
    const std::uint64_t k = line.size() / 2;
    e.go_to(k);
    e.step(line[k]);  // the same choice as recorded: the steps ahead stay reachable
    QCOMPARE(ids(e.timeline()), ids(line));
    QVERIFY(e.take_snapshot() == shots[k + 1]);
    e.go_to(line.size());
    QVERIFY(e.take_snapshot() == shots.back());
}

void tst_history::resetReturnsToStepZero() {
    QFETCH(QString, scenario);
    QFETCH(QString, variant);
    QFETCH(unsigned, seed);

    engine e(config_of(scenario, variant));
    const snapshot initial = e.take_snapshot();
    const std::uint64_t hash0 = e.state_hash();
    random_run(e, seed);
    QVERIFY(e.step_count() > 0);

    e.reset();
    QCOMPARE(e.step_count(), std::uint64_t(0));
    QVERIFY(e.take_snapshot() == initial);
    QCOMPARE(e.state_hash(), hash0);
    QVERIFY(e.timeline().empty());
    QVERIFY(e.choices().empty());
    QVERIFY(e.events().empty());
    QVERIFY(e.verdicts().empty());
    QVERIFY(!e.take_snapshot().last_event.has_value());

    // A reset engine runs a schedule exactly as a fresh one does.
    std::mt19937 rng(seed);
    engine fresh(config_of(scenario, variant));
    while (!fresh.finished() && fresh.step_count() < 50) {
        const auto runnable = fresh.runnable();
        const thread_id t = runnable[std::uniform_int_distribution<std::size_t>(0, runnable.size() - 1)(rng)];
        QVERIFY(e.can_run(t));
        fresh.step(t);
        e.step(t);
        QVERIFY(e.take_snapshot() == fresh.take_snapshot());
    }
}

void tst_history::choicesArePrefixOfTimeline() {
    engine e(config_of("vma-detach-lost-wakeup", "L1"));
    random_run(e, 9);
    const std::vector<choice> line = e.timeline();
    QCOMPARE(ids(e.choices()), ids(line));
    for (std::uint64_t k : {std::uint64_t(0), std::uint64_t(1), std::uint64_t(line.size() / 3), std::uint64_t(line.size() - 1)}) {
        e.go_to(k);
        QCOMPARE(ids(e.choices()), ids(std::vector<choice>(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(k))));
        QCOMPARE(ids(e.timeline()), ids(line));
    }
}

QTEST_APPLESS_MAIN(tst_history)
#include "tst_history.moc"
