// Lessons as tests: every shipped lesson plays headless with all its checkpoints holding and
// gives its golden transcript; every malformed lesson gives the error its first line names;
// and every point the algorithm labels is one a lesson can name.
#include <lockstep/engine.hpp>
#include <lockstep/lesson.hpp>

#include "every_run.hpp"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <set>

using namespace lockstep;

namespace {

QString read(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QStringList files(const char* dir) {
    QStringList out;
    for (const QString& name : QDir(QString::fromUtf8(dir)).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        out << QDir(QString::fromUtf8(dir)).filePath(name);
    return out;
}

}  // namespace

class Lessons : public QObject {
    Q_OBJECT

private slots:
    void shippedLessonPlaysWithEveryCheckpoint_data() {
        QTest::addColumn<QString>("file");
        const QStringList shipped = files(LOCKSTEP_LESSONS_DIR);
        QVERIFY2(!shipped.isEmpty(), "no lessons found in " LOCKSTEP_LESSONS_DIR);
        for (const QString& f : shipped) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }
    void shippedLessonPlaysWithEveryCheckpoint() {
        QFETCH(QString, file);
        const lesson l = load_lesson(file.toStdString());
        const play_report r = play_lesson(l);
        QVERIFY2(r.failures.empty(), r.failures.empty() ? "" : r.failures.front().c_str());

        // The transcript is the golden trace: narration, events and checkpoints. A deliberate
        // change is recorded by running with LOCKSTEP_UPDATE_GOLDEN=1 and reviewing the diff.
        QString transcript;
        for (const auto& line : r.transcript) transcript += QString::fromStdString(line) + QLatin1Char('\n');
        const QString golden = QStringLiteral(LOCKSTEP_GOLDEN_DIR "/") + QFileInfo(file).completeBaseName() + ".trace";
        if (qEnvironmentVariableIsSet("LOCKSTEP_UPDATE_GOLDEN")) {
            QFile out(golden);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(transcript.toUtf8());
        }
        QVERIFY2(QFile::exists(golden), qPrintable("no golden trace " + golden + " (run with LOCKSTEP_UPDATE_GOLDEN=1 to write it)"));
        QCOMPARE(transcript, read(golden));
    }

    void shippedLessonHasChallengesThatCanBeSolved() {
        int challenges = 0;
        for (const QString& f : files(LOCKSTEP_LESSONS_DIR)) challenges += static_cast<int>(load_lesson(f.toStdString()).challenges.size());
        QVERIFY2(challenges >= 3, qPrintable(QStringLiteral("only %1 challenges").arg(challenges)));
    }

    void malformedLessonNamesTheProblemAndItsPlace_data() {
        QTest::addColumn<QString>("file");
        for (const QString& f : files(LOCKSTEP_MALFORMED_DIR)) QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }
    // Lint reports the first problem at its place: a format or name error from the parser, or
    // one found by playing the script (a checkpoint, a step that cannot run) or by searching a
    // challenge (a goal no schedule reaches).
    void malformedLessonNamesTheProblemAndItsPlace() {
        QFETCH(QString, file);
        const QString text = read(file);
        const QString expected = text.section(QLatin1Char('\n'), 0, 0).remove(QStringLiteral("# error: "));
        QVERIFY2(!expected.isEmpty(), "the first line must say '# error: LINE:COLUMN: message'");
        const lint_report r = lint_file(file.toStdString());
        QVERIFY2(!r.errors.empty(), "the malformed lesson was accepted");
        const QString got = QString::fromStdString(r.errors.front().what());
        QVERIFY2(got.startsWith(file + ":" + expected), qPrintable("got: " + got + "\nexpected: " + expected));
    }

    // What lint finds by playing and searching, and nothing else, on lessons that parse.
    void lintReportsEveryWrongCheckpointAndGoesOn() {
        const lesson l = parse_lesson(
            "id: t\ntitle: t\nsummary: t\nlevel: beginner\nminutes: 1\nscenario: vma-drain\nscript:\n"
            "  - thread: R1\n    until: use\n    expect:\n      vma.vm_refcnt: 3\n      R1: blocked\n"
            "  - thread: R2\n    until: use\n    expect:\n      vma.vm_refcnt: 3\n",
            "inline.yaml");
        const lint_report r = lint_lesson(l);
        QCOMPARE(r.errors.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(r.errors[0].what()), QStringLiteral("inline.yaml:11:7: checkpoint vma.vm_refcnt is 2, expected 3"));
        QCOMPARE(QString::fromStdString(r.errors[1].what()), QStringLiteral("inline.yaml:12:7: checkpoint R1 is runnable, expected blocked"));
        QVERIFY(r.warnings.empty());
    }

    // A goal the search can neither find nor rule out within its states is a warning that
    // says so, not a claim that the goal is unreachable.
    void challengeSearchCutShortIsAWarningNotAVerdict() {
        const lesson l = parse_lesson(
            "id: t\ntitle: t\nsummary: t\nlevel: beginner\nminutes: 1\nscenario: vma-drain\nscript:\n"
            "  - say: hello\nchallenges:\n  - title: Never\n    goal: { verdict: V1 }\n    say: s\n    solved: s\n",
            "inline.yaml");
        lint_options small;
        small.max_states = 50;
        const lint_report cut = lint_lesson(l, small);
        QVERIFY(cut.errors.empty());
        QCOMPARE(cut.warnings.size(), std::size_t{1});
        QVERIFY2(QString::fromStdString(cut.warnings[0].what()).startsWith("inline.yaml:11:22: challenge 'Never': could not tell"),
                 cut.warnings[0].what());

        lint_options short_steps;
        short_steps.max_steps = 5;
        const lint_report bounded = lint_lesson(l, short_steps);
        QCOMPARE(bounded.errors.size(), std::size_t{1});
        QVERIFY2(QString::fromStdString(bounded.errors[0].what()).contains("no schedule of at most 5 steps reaches the verdict V1"),
                 bounded.errors[0].what());
    }

    // A challenge's `allow` turns the hints and the search for a violation off one by one;
    // without it both are on.
    void allowSaysWhatAChallengeLetsTheStudentUse() {
        const auto allowing = [](const char* allow) {
            const std::string text = std::string(
                "id: t\ntitle: t\nsummary: t\nlevel: beginner\nminutes: 1\nscenario: vma-drain\nscript:\n"
                "  - say: hello\nchallenges:\n  - title: C\n    goal: { verdict: V1 }\n    say: s\n    solved: s\n") + allow;
            const lesson l = parse_lesson(text, "inline.yaml");
            return std::pair{l.challenges.at(0).allow_hints, l.challenges.at(0).allow_search};
        };
        QCOMPARE(allowing(""), (std::pair{true, true}));
        QCOMPARE(allowing("    allow: [hints]\n"), (std::pair{true, false}));
        QCOMPARE(allowing("    allow: find_violation\n"), (std::pair{false, true}));
        QCOMPARE(allowing("    allow: [hints, find_violation]\n"), (std::pair{true, true}));
        QCOMPARE(allowing("    allow: []\n"), (std::pair{false, false}));
        QVERIFY_THROWS_EXCEPTION(lesson_error, allowing("    allow:\n"));
    }

    // Every shipped lesson lints clean: its checkpoints hold and every challenge can be solved.
    void shippedLessonLintsClean_data() { shippedLessonPlaysWithEveryCheckpoint_data(); }
    void shippedLessonLintsClean() {
        QFETCH(QString, file);
        const lint_report r = lint_file(file.toStdString());
        for (const auto& e : r.errors) qWarning("%s", e.what());
        for (const auto& w : r.warnings) qWarning("%s", w.what());
        QVERIFY(r.errors.empty());
        QVERIFY(r.warnings.empty());
    }

    // A checkpoint that does not hold fails the play and names itself.
    void wrongCheckpointFailsThePlay() {
        const lesson l = parse_lesson(
            "id: t\ntitle: t\nsummary: t\nlevel: beginner\nminutes: 1\nscenario: vma-drain\nscript:\n"
            "  - thread: R1\n    until: use\n    expect:\n      vma.vm_refcnt: 3\n",
            "inline.yaml");
        const play_report r = play_lesson(l);
        QCOMPARE(r.failures.size(), std::size_t{1});
        QVERIFY(QString::fromStdString(r.failures.front()).startsWith("inline.yaml:11:7: checkpoint vma.vm_refcnt = 3 does not hold: vma.vm_refcnt is 2"));
    }

    // Every label the algorithm code sets is one lessons may name (lesson_points()), for every
    // scenario and variant, walked round-robin to the end.
    void everyLabelInTheAlgorithmIsANamedPoint() {
        const auto& known = lesson_points();
        std::set<std::string> seen;
        walk_every_run(
            [&](const variant_info&, engine& e, thread_id t) {
                if (const std::string label = e.next_label(t); !label.empty()) seen.insert(label);
            },
            [](const variant_info&, engine&) {});
        for (const auto& label : seen)
            QVERIFY2(std::find(known.begin(), known.end(), label) != known.end(), label.c_str());
        QVERIFY(seen.size() >= 20);
    }
};

QTEST_APPLESS_MAIN(Lessons)
#include "tst_lessons.moc"
