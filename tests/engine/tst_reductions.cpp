// The search's reductions keep every verdict: for every scenario and every variant, with two
// readers where the scenario has a repeated role, the census of what the interleavings break
// (each invariant, with the length of a shortest schedule that breaks it) is the same with
// symmetry and partial-order reduction on, off, and each alone. A reduction that merged two
// states which are not alike, or put to sleep a step that does not commute, shows up here as a
// verdict lost or a schedule that got longer.
#include <lockstep/config.hpp>
#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>
#include "run_config_of.hpp"

#include <QtTest>

using namespace lockstep;

namespace {

QString census_text(const std::map<std::string, std::size_t>& shortest) {
    QStringList parts;
    for (const auto& [invariant, steps] : shortest) parts << QStringLiteral("%1 in %2").arg(QString::fromStdString(invariant)).arg(steps);
    return parts.isEmpty() ? QStringLiteral("no violation") : parts.join(QStringLiteral(", "));
}

}  // namespace

class tst_reductions : public QObject {
    Q_OBJECT

private slots:
    void sameVerdictsWithAndWithoutReductions_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("eachAlone");
        // ctest runs a few scenarios per entry, so that the cores share the work.
        const QStringList only = qEnvironmentVariable("LOCKSTEP_REDUCTIONS_SCENARIOS").split(u',', Qt::SkipEmptyParts);
        for (const scenario_info& s : scenarios()) {
            if (!only.isEmpty() && !only.contains(QString::fromStdString(s.name))) continue;
            for (const variant_info* v : variants_for(s.name)) {
                // Every row compares all reductions together against none; the scenario's own
                // variant and the one its lesson breaks also try each reduction alone.
                const bool alone = v->name == s.default_variant || v->name == s.lesson_variant;
                QTest::newRow((s.name + " " + v->name).c_str())
                    << QString::fromStdString(s.name) << QString::fromStdString(v->name) << alone;
            }
        }
    }

    void sameVerdictsWithAndWithoutReductions() {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        QFETCH(bool, eachAlone);
        run_config cfg = config_of(scenario, variant);
        if (find_scenario(cfg.scenario)->default_readers > 0) cfg.readers = 2;

        check_options plain;
        plain.symmetry = false;
        plain.por = false;
        plain.max_states = 400'000;
        const verdict_census reference = census(cfg, plain);
        QVERIFY2(reference.result.complete, "the unreduced census did not finish");

        std::vector<std::pair<bool, bool>> reductions{{true, true}};
        if (eachAlone) reductions.insert(reductions.end(), {{true, false}, {false, true}});
        for (const auto& [symmetry, por] : reductions) {
            check_options reduced = plain;
            reduced.symmetry = symmetry;
            reduced.por = por;
            const verdict_census c = census(cfg, reduced);
            QVERIFY(c.result.complete);
            // Each reduction must also do something where it can: fewer states or steps.
            QVERIFY(c.result.states <= reference.result.states);
            QVERIFY2(c.shortest == reference.shortest,
                     qPrintable(QStringLiteral("symmetry %1, POR %2: %3; without: %4")
                                    .arg(symmetry ? "on" : "off", por ? "on" : "off", census_text(c.shortest),
                                         census_text(reference.shortest))));
        }
    }

    // The reductions are not idle: with two readers, symmetry halves the states near enough,
    // and POR takes fewer steps than the plain search and, since the steps nobody else can see
    // are no scheduling points, stores fewer states. Under the kernel's memory model too, where
    // a step is a thread and an outcome (the store a load reads).
    void reductionsReduce_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("lkmm");
        QTest::newRow("vma-drain final") << QStringLiteral("vma-drain") << QStringLiteral("final") << false;
        QTest::newRow("vma-seq-publish b1f02b95758d lkmm") << QStringLiteral("vma-seq-publish") << QStringLiteral("b1f02b95758d") << true;
    }

    void reductionsReduce() {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        QFETCH(bool, lkmm);
        run_config cfg;
        cfg.scenario = scenario.toStdString();
        cfg.variant = variant.toStdString();
        cfg.memory = lkmm ? memory_model::lkmm : memory_model::sc;
        cfg.readers = 2;
        check_options plain;
        plain.symmetry = false;
        plain.por = false;
        plain.jobs = 1;
        check_options sym = plain, por = plain;
        sym.symmetry = true;
        por.por = true;
        const check_result a = check(cfg, plain), b = check(cfg, sym), c = check(cfg, por);
        QVERIFY(a.complete && b.complete && c.complete);
        QVERIFY(a.verdicts.empty() && b.verdicts.empty() && c.verdicts.empty());
        QVERIFY(b.symmetry);
        QVERIFY(c.por);
        QVERIFY2(b.states * 10 < a.states * 6, qPrintable(QStringLiteral("%1 vs %2").arg(b.states).arg(a.states)));
        QVERIFY(c.pruned > 0);
        QVERIFY(c.merged > 0);
        QVERIFY2(c.states * 2 < a.states, qPrintable(QStringLiteral("%1 vs %2").arg(c.states).arg(a.states)));
        QVERIFY2(c.transitions < a.transitions, qPrintable(QStringLiteral("%1 vs %2").arg(c.transitions).arg(a.transitions)));
    }

    // Symmetry under the kernel's memory model: a reader's views go with it into its slot. R1
    // reading vm_flags' older store is the same state as R2 doing it, and not the same as R1
    // reading the newest one.
    void weakViewsGoWithTheirReader() {
        run_config cfg;
        cfg.scenario = "vma-seq-publish";
        cfg.variant = "pre-b1f02b95758d";
        cfg.memory = memory_model::lkmm;
        cfg.readers = 2;
        cfg.trace = false;
        auto state_after = [&](const char* text) {
            engine e(cfg);
            for (const choice& c : parse_schedule(text, e)) e.step(c);
            return e.canonical_hash();
        };
        QVERIFY(engine(cfg).has_symmetry());
        const std::uint64_t r1_stale = state_after("R1*5 W*8 R1*3 W*3 R1*5 R1:r1");
        QCOMPARE(state_after("R2*5 W*8 R2*3 W*3 R2*5 R2:r1"), r1_stale);
        QVERIFY(state_after("R1*5 W*8 R1*3 W*3 R1*5 R1") != r1_stale);
    }

    // Three readers, two of them past their failed vma_start_read and one queued for mmap_lock:
    // which one queued is all that tells the two runs apart, so they are one state under
    // symmetry. Their histories are equal, so only the wait list's order can sort them.
    void permutedWaitersAreOneState() {
        run_config cfg;
        cfg.scenario = "vma-overflow";
        cfg.variant = "final";
        cfg.readers = 3;
        cfg.trace = false;
        auto state_after = [&](const char* text) {
            engine e(cfg);
            for (const choice& c : parse_schedule(text, e)) e.step(c);
            return e.canonical_hash();
        };
        // R1 queues first in one, R3 in the other; then the next reader queues behind it.
        const char* r1_first = "R1*4 R2*4 R3*4 W*8 R1*3 R2*2 R3*2";
        const char* r3_first = "R1*4 R2*4 R3*4 W*8 R1*2 R2*2 R3*3";
        QCOMPARE(state_after(r1_first), state_after(r3_first));
        QCOMPARE(state_after("R1*4 R2*4 R3*4 W*8 R1*3 R2*2 R3*2 R2"), state_after("R1*4 R2*4 R3*4 W*8 R1*2 R2*2 R3*3 R1"));
    }
};

QTEST_APPLESS_MAIN(tst_reductions)
#include "tst_reductions.moc"
