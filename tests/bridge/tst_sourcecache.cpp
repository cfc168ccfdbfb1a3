// The source a lane shows: the engine's instrumentation is left out, and each variant switch
// test reads as the kernel diff it stands for: the branch the run takes shown (tagged with its
// switch, un-indented), the branch it does not take folded into one muted row, the test's own
// syntax hidden, real line numbers kept, the current line always shown. Fed synthetic source
// written in the grammar the engine's algorithm files follow.
#include "test_settings.hpp"

#include "lessonplayer.h"
#include "session.h"
#include "sourcecache.h"
#include "switchmodel.h"
#include "threadmodel.h"

#include <lockstep/config.hpp>

#include <QtTest>

namespace {

using Line = SourceCache::Line;
using Condition = SourceCache::Condition;

QStringList source(const char* text) {
    QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.first().isEmpty()) lines.removeFirst();  // the raw string's first newline
    return lines;
}

QHash<QString, bool> on(std::initializer_list<const char*> names) {
    QHash<QString, bool> h;
    for (const char* n : names) h.insert(QString::fromUtf8(n), true);
    return h;
}

// One letter per line: c shown, h hidden, f folded.
QString kinds(const QList<Line>& lines) {
    QString k;
    for (const Line& l : lines) k += l.kind == Line::Code ? QLatin1Char('c') : l.kind == Line::Hidden ? QLatin1Char('h') : QLatin1Char('f');
    return k;
}

// The switch naming each shown line's branch ("" when none), "+name" on, "-name" off.
QString tagOf(const Line& l) {
    if (l.conditions.isEmpty()) return {};
    return (l.conditions.last().on ? QStringLiteral("+") : QStringLiteral("-")) + l.conditions.last().name;
}

QString missingOf(const Line& l) {
    QStringList out;
    for (const Condition& c : l.missing) out << (c.on ? QStringLiteral("+") : QStringLiteral("-")) + c.name;
    return out.join(QLatin1Char(' '));
}

QVariantMap rowNumbered(const QVariantList& rows, int number) {
    for (const QVariant& r : rows)
        if (r.toMap().value(QStringLiteral("number")).toInt() == number) return r.toMap();
    return {};
}

// The engine's plumbing a shown row must never contain.
const QStringList kPlumbing = {QStringLiteral("sw()"), QStringLiteral("sleeping_for"), QStringLiteral("done_sleeping"),
                               QStringLiteral("ghost"), QStringLiteral("label("), QStringLiteral("KERNEL_FUNCTION"),
                               QStringLiteral("forget_past")};

// Every shown (not folded) source row of every lane, checked for plumbing: what leaked is
// added to `leaks` (file and line, the row, and where it was first seen).
void collectPlumbing(const Session& session, const QString& where, QMap<QString, QString>& leaks) {
    const ThreadModel* threads = session.threads();
    for (int r = 0; r < threads->rowCount(); ++r) {
        const QModelIndex lane = threads->index(r);
        for (const QVariant& v : threads->data(lane, ThreadModel::SourceLinesRole).toList()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("folded")).toBool()) continue;
            const QString text = row.value(QStringLiteral("text")).toString();
            for (const QString& token : kPlumbing) {
                if (!text.contains(token)) continue;
                const QString key = QStringLiteral("%1:%2: %3")
                                        .arg(threads->data(lane, ThreadModel::FileRole).toString())
                                        .arg(row.value(QStringLiteral("number")).toInt())
                                        .arg(text.trimmed());
                if (!leaks.contains(key))
                    leaks.insert(key, QStringLiteral("%1, lane %2").arg(where, threads->data(lane, ThreadModel::NameRole).toString()));
            }
        }
    }
}

QString report(const QMap<QString, QString>& leaks) {
    QStringList lines;
    for (auto it = leaks.begin(); it != leaks.end(); ++it) lines << it.key() + QStringLiteral("   (") + it.value() + QLatin1Char(')');
    return QStringLiteral("plumbing shown in a lane:\n") + lines.join(QLatin1Char('\n'));
}

// Runs the session's configuration from step 0, round-robin over the threads that can run,
// checking the lanes at every step.
void playRoundRobin(Session& session, const QString& what, QMap<QString, QString>& leaks) {
    session.reset();
    const int threads = session.threads()->rowCount();
    for (int step = 0; step < 400 && !session.finished(); ++step) {
        collectPlumbing(session, QStringLiteral("%1, step %2").arg(what).arg(session.step()), leaks);
        bool stepped = false;
        for (int t = 0; t < threads && !stepped; ++t) {
            const int pick = (step + t) % threads;
            if (session.threads()->data(session.threads()->index(pick), ThreadModel::CanRunRole).toBool())
                stepped = session.stepThread(pick);
        }
        if (!stepped) break;  // nobody can run: a deadlock or a lost wakeup, the lanes already checked
    }
}

QList<int> numbers(const QVariantList& rows) {
    QList<int> out;
    for (const QVariant& r : rows) out << r.toMap().value(QStringLiteral("number")).toInt();
    return out;
}

const char* const kPut = R"(
void put(vma* v) {
    KERNEL_FUNCTION();
    int a = 0;
    if (sw().alpha) a = read(v);
    label("put.decrement");
    dec(v);
    ghost::dropped(v);
    if (sw().beta) {
        // beta's way
        wake(v);
    } else {
        other(v);
    }
    sleeping_for([&] { return a == 1; },
                 "a == 1");
    schedule();
    done_sleeping();
    ghost_set(v->g, ghost_get(v->g) + 1);
    if (a) ghost::inside(v);
}
)";

const char* const kAccessor = R"(
namespace {
const switches& sw() { return the_world().sw; }
}
void do_mmap() {
    mmap_write_unlock(mm);
}
namespace ghost {
void writer_inside(vm_area_struct* vma) {
    ghost_set(vma->g, 1);
}
}  // namespace ghost
after();)";

const char* const kElseIfChain = R"(
    if (!sw().a) {
        A();
    } else if (!sw().b) {
        B();
    } else if (sw().c) {
        C();
    } else {
        D();
    })";

const char* const kLacks = R"(
if (!sw().b) {
    B();
} else if (sw().c) {
    C();
})";

const char* const kNested = R"(
if (sw().outer) {
    x();
    if (sw().inner) {
        y();
    } else {
        z();
    }
    w();
}
after();)";

const char* const kKernelBlocks = R"(
if (sw().s) {
    if (x) {
        a("}");
    } else {
        b('{');
    }
    /* a { in a comment */
}
c();)";

const char* const kReturnChain = R"(
bool should_wake(int n) {
    const int O = 8;
    if (sw().every) return n & O;
    if (sw().only) return n == O + 2;
    if (!sw().limit) return true;
    return (n & O) && n <= O + 1;
})";

const char* const kTwoGuardReturns = R"(
    if (sw().every) return n & O;
    if (!sw().limit) return true;
    return n <= O + 1;)";

const char* const kNotAReturn = R"(
    if (sw().rcu) rcu_read_lock(); /* keeps vma alive */
    put(vma);
    if (sw().rcu) rcu_read_unlock();)";

const char* const kMultiLine = R"(
    if (sw().s) got = inc(vma->vm_refcnt,
                          &old);
    done();)";

const char* const kMerge = R"(
int f() {
    if (sw().a) return 1;
    if (sw().b) return 2;
    label("x");
    if (sw().c) return 3;
    return 4;
})";

const char* const kColumns = R"(
    if (sw().s) {
        got = inc(v);
    }
    if (sw().t) x = read(v);)";

}  // namespace

class SourceCacheTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { useTestSettings("tst_sourcecache"); }

    void instrumentationIsHiddenWholeStatementsAtATime() {
        const auto lines = SourceCache::classify(source(kPut), on({"alpha", "beta"}));
        QCOMPARE(kinds(lines), QStringLiteral("chcchchhcchfhhhchhhcc"));
        QCOMPARE(lines[15].text, QStringLiteral("    schedule();"));
    }

    void theSwitchAccessorAndTheGhostNamespaceAreHiddenToo() {
        const auto text = source(kAccessor);
        QCOMPARE(kinds(SourceCache::classify(text, {})), QStringLiteral("chcccchhhhhc"));
    }

    void aTakenBlockShowsItsBodyUnindentedAndTagged() {
        const auto lines = SourceCache::classify(source(kPut), on({"beta"}));
        QCOMPARE(lines[7].kind, Line::Hidden);  // if (sw().beta) {
        QCOMPARE(lines[8].kind, Line::Code);
        QCOMPARE(lines[9].kind, Line::Code);
        QCOMPARE(lines[9].text, QStringLiteral("    wake(v);"));
        QCOMPARE(lines[9].shift, 4);
        QCOMPARE(tagOf(lines[9]), QStringLiteral("+beta"));
        QCOMPARE(lines[10].kind, Line::Hidden);  // } else {
        QCOMPARE(lines[11].kind, Line::Folded);
        QCOMPARE(missingOf(lines[11]), QStringLiteral("-beta"));
        QCOMPARE(lines[12].kind, Line::Hidden);  // }
        QCOMPARE(tagOf(lines[15]), QString());   // after the test: no branch
    }

    void theElseBranchRunsWhenTheSwitchIsOff() {
        const auto lines = SourceCache::classify(source(kPut), {});
        QCOMPARE(lines[8].kind, Line::Folded);
        QCOMPARE(lines[9].kind, Line::Folded);
        QCOMPARE(missingOf(lines[9]), QStringLiteral("+beta"));
        QCOMPARE(lines[11].kind, Line::Code);
        QCOMPARE(lines[11].text, QStringLiteral("    other(v);"));
        QCOMPARE(tagOf(lines[11]), QStringLiteral("-beta"));
    }

    void aOneLineGuardShowsOnlyItsStatementWhenOn() {
        auto lines = SourceCache::classify(source(kPut), on({"alpha"}));
        QCOMPARE(lines[3].kind, Line::Code);
        QCOMPARE(lines[3].text, QStringLiteral("    a = read(v);"));
        QCOMPARE(lines[3].shift, int(qstrlen("if (sw().alpha) ")));
        QCOMPARE(tagOf(lines[3]), QStringLiteral("+alpha"));
        lines = SourceCache::classify(source(kPut), {});
        QCOMPARE(lines[3].kind, Line::Folded);
        QCOMPARE(missingOf(lines[3]), QStringLiteral("+alpha"));
    }

    void negatedTestsAndElseIfChainsTakeExactlyOneBranch_data() {
        QTest::addColumn<QStringList>("switches");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("tag");  // of the shown branch's line
        // lines: 1 if (!a) { 2 A; 3 } else if (!b) { 4 B; 5 } else if (c) { 6 C; 7 } else { 8 D; 9 }
        QTest::newRow("final: the last else") << QStringList{"a", "b"} << "hfhfhfhch" << "-c";
        QTest::newRow("a off: the first") << QStringList{"b", "c"} << "hchfhfhfh" << "-a";
        QTest::newRow("b off: the second") << QStringList{"a", "c"} << "hfhchfhfh" << "-b";
        QTest::newRow("c on: the third") << QStringList{"a", "b", "c"} << "hfhfhchfh" << "+c";
    }
    void negatedTestsAndElseIfChainsTakeExactlyOneBranch() {
        QFETCH(QStringList, switches);
        QFETCH(QString, expected);
        QFETCH(QString, tag);
        const auto text = source(kElseIfChain);
        QHash<QString, bool> values;
        for (const QString& s : switches) values.insert(s, true);
        const auto lines = SourceCache::classify(text, values);
        QCOMPARE(kinds(lines), expected);
        for (const Line& l : lines)
            if (l.kind == Line::Code) QCOMPARE(tagOf(l), tag);
    }

    void aFoldedBranchSaysWhichSettingsItLacks() {
        // With b off, the third branch is not taken although c is on: it needs b on.
        const auto text = source(kLacks);
        const auto lines = SourceCache::classify(text, on({"c"}));
        QCOMPARE(kinds(lines), QStringLiteral("hchfh"));
        QCOMPARE(missingOf(lines[3]), QStringLiteral("+b"));
    }

    void nestedTestsFoldUnderTheOutermostBranchNotTaken() {
        const auto text = source(kNested);
        auto lines = SourceCache::classify(text, on({"outer"}));
        QCOMPARE(kinds(lines), QStringLiteral("hchfhchchc"));
        QCOMPARE(lines[5].text, QStringLiteral("z();"));  // two levels un-indented
        QCOMPARE(tagOf(lines[5]), QStringLiteral("-inner"));
        QCOMPARE(tagOf(lines[7]), QStringLiteral("+outer"));
        QCOMPARE(tagOf(lines[9]), QString());
        lines = SourceCache::classify(text, on({"inner"}));
        QCOMPARE(kinds(lines), QStringLiteral("hfhfhfhfhc"));
        for (int i : {1, 3, 5, 7}) QCOMPARE(missingOf(lines[i]), QStringLiteral("+outer"));
    }

    void kernelBlocksInsideABranchKeepTheirBraces() {
        const auto text = source(kKernelBlocks);
        const auto lines = SourceCache::classify(text, on({"s"}));
        QCOMPARE(kinds(lines), QStringLiteral("hcccccchc"));
        QCOMPARE(lines[3].text, QStringLiteral("} else {"));
        QCOMPARE(tagOf(lines[8]), QString());
    }

    void aChainOfGuardedReturnsFoldsTheFinalReturnWhenOneIsOn_data() {
        QTest::addColumn<QStringList>("switches");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("missing");  // what the final return lacks
        QTest::newRow("final: every guard off") << QStringList{"limit"} << "ccfffcc" << "";
        QTest::newRow("first on") << QStringList{"every", "limit"} << "cccfffc" << "-every";
        QTest::newRow("negated test on") << QStringList{} << "ccffcfc" << "+limit";
        QTest::newRow("two on") << QStringList{"every", "only", "limit"} << "ccccffc" << "-every -only";
    }
    void aChainOfGuardedReturnsFoldsTheFinalReturnWhenOneIsOn() {
        QFETCH(QStringList, switches);
        QFETCH(QString, expected);
        QFETCH(QString, missing);
        const auto text = source(kReturnChain);
        QHash<QString, bool> values;
        for (const QString& s : switches) values.insert(s, true);
        const auto lines = SourceCache::classify(text, values);
        QCOMPARE(kinds(lines), expected);
        QCOMPARE(missingOf(lines[5]), missing);
        // The function's closing brace is never taken for the chain's final statement.
        QCOMPARE(tagOf(lines[6]), QString());
    }

    void theFinalReturnIsTaggedAsTheChainsElse() {
        const auto text = source(kTwoGuardReturns);
        auto lines = SourceCache::classify(text, on({"every", "limit"}));
        QCOMPARE(kinds(lines), QStringLiteral("cff"));
        QCOMPARE(lines[0].text, QStringLiteral("    return n & O;"));
        lines = SourceCache::classify(text, on({"limit"}));
        QCOMPARE(kinds(lines), QStringLiteral("ffc"));
        QCOMPARE(tagOf(lines[2]), QStringLiteral("+limit"));
        QCOMPARE(lines[2].conditions.size(), 2);
    }

    void aGuardedStatementThatIsNotAReturnLeavesTheNextLineAlone() {
        const auto text = source(kNotAReturn);
        auto lines = SourceCache::classify(text, {});
        QCOMPARE(kinds(lines), QStringLiteral("fcf"));
        QCOMPARE(tagOf(lines[1]), QString());
        lines = SourceCache::classify(text, on({"rcu"}));
        QCOMPARE(kinds(lines), QStringLiteral("ccc"));
        QCOMPARE(lines[0].text, QStringLiteral("    rcu_read_lock(); /* keeps vma alive */"));
    }

    void aGuardedStatementMaySpanLines() {
        const auto text = source(kMultiLine);
        auto lines = SourceCache::classify(text, {});
        QCOMPARE(kinds(lines), QStringLiteral("ffc"));
        lines = SourceCache::classify(text, on({"s"}));
        QCOMPARE(kinds(lines), QStringLiteral("ccc"));
        QCOMPARE(tagOf(lines[1]), QStringLiteral("+s"));
        QCOMPARE(tagOf(lines[2]), QString());
    }

    void rowsFoldEachRunIntoOneMutedRowAndKeepRealNumbers() {
        const auto text = source(kPut);
        const auto lines = SourceCache::classify(text, on({"beta"}));
        const auto rows = SourceCache::rows(text, lines, 6, 8, 20);  // dec(v) is the current line
        QCOMPARE(numbers(rows), (QList<int>{1, 3, 4, 6, 9, 10, 12, 16, 20, 21}));
        const auto fold = rowNumbered(rows, 4);
        QVERIFY(fold.value(QStringLiteral("folded")).toBool());
        QCOMPARE(fold.value(QStringLiteral("foldCount")).toInt(), 1);
        QCOMPARE(fold.value(QStringLiteral("text")).toString(), QStringLiteral("\u22EF 1 line for alpha on"));
        QCOMPARE(fold.value(QStringLiteral("foldCode")).toString(), QStringLiteral("a = read(v);"));
        const auto else_ = rowNumbered(rows, 12);
        QCOMPARE(else_.value(QStringLiteral("text")).toString(), QStringLiteral("\u22EF 1 line for beta off"));
        const auto current = rowNumbered(rows, 6);
        QVERIFY(current.value(QStringLiteral("current")).toBool());
        QCOMPARE(current.value(QStringLiteral("opStart")).toInt(), 4);
        QCOMPARE(current.value(QStringLiteral("opLength")).toInt(), 3);
        QVERIFY(!current.value(QStringLiteral("folded")).toBool());
    }

    void rowsTagEachLineOfABranchWithItsSwitch() {
        const auto text = source(kPut);
        const auto rows = SourceCache::rows(text, SourceCache::classify(text, on({"beta"})), 6, 8, 20);
        const auto first = rowNumbered(rows, 9), second = rowNumbered(rows, 10);
        QCOMPARE(first.value(QStringLiteral("tag")).toString(), QStringLiteral("beta"));
        QVERIFY(first.value(QStringLiteral("tagOn")).toBool());
        QCOMPARE(second.value(QStringLiteral("tag")).toString(), QStringLiteral("beta"));
        QCOMPARE(second.value(QStringLiteral("branch")).toInt(), first.value(QStringLiteral("branch")).toInt());
        QVERIFY(first.value(QStringLiteral("tagTip")).toString().contains(QStringLiteral("beta on")));
        QCOMPARE(rowNumbered(rows, 6).value(QStringLiteral("tag")).toString(), QString());
        const auto other = SourceCache::rows(text, SourceCache::classify(text, {}), 12, 0, 0);
        QCOMPARE(rowNumbered(other, 12).value(QStringLiteral("tag")).toString(), QStringLiteral("beta"));
        QVERIFY(!rowNumbered(other, 12).value(QStringLiteral("tagOn")).toBool());
        QVERIFY(rowNumbered(other, 12).value(QStringLiteral("branch")).toInt() != first.value(QStringLiteral("branch")).toInt());
    }

    void theTagTooltipSaysWhatTheSwitchStandsFor() {
        const QStringList text{QStringLiteral("if (sw().lock_seq_recheck) {"), QStringLiteral("    x();"), QStringLiteral("}")};
        const auto rows = SourceCache::rows(text, SourceCache::classify(text, on({"lock_seq_recheck"})), 2, 0, 0);
        const QString tip = rowNumbered(rows, 2).value(QStringLiteral("tagTip")).toString();
        QVERIFY2(tip.contains(QStringLiteral("lock_seq_recheck on")), qPrintable(tip));
        QVERIFY2(tip.contains(QString::fromStdString(lockstep::find_switch("lock_seq_recheck")->summary)), qPrintable(tip));
    }

    void rowsMergeNeighbouringFoldsAndCountThemAsOneRowOfContext() {
        const auto text = source(kMerge);
        const auto lines = SourceCache::classify(text, {});
        const auto rows = SourceCache::rows(text, lines, 6, 5, 1);
        QCOMPARE(numbers(rows), (QList<int>{2, 6, 7}));
        const auto fold = rowNumbered(rows, 2);
        QCOMPARE(fold.value(QStringLiteral("foldCount")).toInt(), 3);
        QCOMPARE(fold.value(QStringLiteral("text")).toString(), QStringLiteral("\u22EF 3 lines for a on, b on or c on"));
    }

    void theCurrentLineIsShownEvenWhereItWouldBeFoldedOrHidden() {
        const auto text = source(kPut);
        const auto lines = SourceCache::classify(text, {});
        auto rows = SourceCache::rows(text, lines, 10, 0, 1);  // wake(v), in beta's folded branch
        QCOMPARE(numbers(rows), (QList<int>{9, 10, 12}));
        QVERIFY(rowNumbered(rows, 10).value(QStringLiteral("current")).toBool());
        QCOMPARE(rowNumbered(rows, 10).value(QStringLiteral("text")).toString(), QStringLiteral("    wake(v);"));
        rows = SourceCache::rows(text, lines, 5, 0, 0);  // label(...)
        QCOMPARE(numbers(rows), (QList<int>{5}));
        QCOMPARE(rowNumbered(rows, 5).value(QStringLiteral("text")).toString(), QStringLiteral("    label(\"put.decrement\");"));
    }

    void theOperationsColumnMovesWithTheShownText() {
        const auto text = source(kColumns);
        const auto lines = SourceCache::classify(text, on({"s", "t"}));
        auto rows = SourceCache::rows(text, lines, 2, 18, 0);  // "inc(" at column 18 in the file
        QCOMPARE(rowNumbered(rows, 2).value(QStringLiteral("text")).toString(), QStringLiteral("    got = inc(v);"));
        QCOMPARE(rowNumbered(rows, 2).value(QStringLiteral("opStart")).toInt(), 10);
        QCOMPARE(rowNumbered(rows, 2).value(QStringLiteral("opLength")).toInt(), 3);
        rows = SourceCache::rows(text, lines, 4, 25, 0);  // "read(" at column 25
        QCOMPARE(rowNumbered(rows, 4).value(QStringLiteral("text")).toString(), QStringLiteral("    x = read(v);"));
        QCOMPARE(rowNumbered(rows, 4).value(QStringLiteral("opStart")).toInt(), 8);
        QCOMPARE(rowNumbered(rows, 4).value(QStringLiteral("opLength")).toInt(), 4);
    }

    // The real sources, as the lanes show them: no step of any shipped lesson, nor of any
    // variant run round-robin through any scenario, shows the engine's plumbing.
    void everyShippedLessonShowsOnlyKernelCode() {
        QFile::remove(LessonPlayer::progressPath());
        Session session;
        LessonPlayer player;
        player.setSession(&session);
        QVERIFY(player.lessons()->rowCount() > 0);
        QMap<QString, QString> leaks;
        for (int i = 0; i < player.lessons()->rowCount(); ++i) {
            player.open(i);
            for (int step = 0; step < 1000 && !player.atEnd(); ++step) {
                if (!player.predictQuestion().isEmpty() && player.predictAnswered() < 0)
                    for (int c = 0; c < player.predictChoices().size(); ++c)
                        if (player.answer(c)) break;
                collectPlumbing(session, QStringLiteral("%1, step %2").arg(player.title()).arg(player.stepIndex()), leaks);
                QVERIFY2(player.next(), qPrintable(player.failure()));
            }
            collectPlumbing(session, QStringLiteral("%1, at its end").arg(player.title()), leaks);
        }
        QVERIFY2(leaks.isEmpty(), qPrintable(report(leaks)));
    }

    void everyVariantAndSwitchShowsOnlyKernelCode() {
        Session session;
        QMap<QString, QString> leaks;
        for (const QString& scenario : session.scenarios()) {
            session.setScenario(scenario);
            for (const QString& variant : session.variants()) {
                session.setVariant(variant);
                playRoundRobin(session, scenario + QLatin1Char(' ') + variant, leaks);
            }
            // Each switch flipped alone on the final code reaches branches no variant takes.
            session.setVariant(QStringLiteral("final"));
            const SwitchModel* switches = session.switches();
            for (int r = 0; r < switches->rowCount(); ++r) {
                const QString name = switches->data(switches->index(r), SwitchModel::NameRole).toString();
                const bool on = switches->data(switches->index(r), SwitchModel::OnRole).toBool();
                session.setSwitch(name, !on);
                session.clearError();  // a flip the catalogue refuses leaves the run as it was
                playRoundRobin(session, QStringLiteral("%1 final with %2 %3").arg(scenario, name, on ? "off" : "on"), leaks);
                session.setVariant(QStringLiteral("v7"));  // back to the preset: a variant change drops overrides
                session.setVariant(QStringLiteral("final"));
            }
        }
        QVERIFY2(leaks.isEmpty(), qPrintable(report(leaks)));
    }
};

QTEST_MAIN(SourceCacheTest)
#include "tst_sourcecache.moc"
