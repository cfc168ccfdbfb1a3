// The main window's layout, by geometry: at the classroom sizes (1280x720, 1600x1000,
// 1920x1080), at zoom 1 and 2, in the states a class meets (the lab with 8 threads, a
// violation, each lesson at a prediction and at a challenge, presenter mode, a deadlock's
// cycle), no word, control or card overlaps another or is cut off (rules in layout_check.cpp).
//
// Each row is one state at one size and zoom. The window of a state is made once and then
// resized and zoomed from row to row, as a teacher's resizing and Ctrl+= would do: a layout
// must reflow, not only come out right the first time. Set LOCKSTEP_LAYOUT_SHOTS to a folder
// to get a picture of every row there, to look at what a failure describes.
#include "layout_check.hpp"
#include "test_settings.hpp"

#include "lessonplayer.h"
#include "session.h"

#include <QDir>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>
#include <QtTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

namespace {

// The project's own framed boxes (qml/components): a card over another panel's words is a
// defect even where no two words collide. Plain frames without words (highlights, the lanes'
// emphasis, focus rings) are not listed: they are drawn over content on purpose.
const QStringList kBoxes = {QStringLiteral("VmaCard"),   QStringLiteral("MmCard"),     QStringLiteral("BinderCard"),
                            QStringLiteral("ChallengeCard"), QStringLiteral("ThreadLane"), QStringLiteral("Pill"),
                            QStringLiteral("LifePill"),  QStringLiteral("StateBadge"), QStringLiteral("VerdictBanner")};
// The wait-for cycle's arrows and their labels are drawn over the lanes they join, on purpose;
// its labels are still checked against each other and against the window's edges. So is the
// shared state's pinned card name, drawn over the top of the card whose own header has
// scrolled away (as a list's section header is).
const QStringList kOverlays = {QStringLiteral("cycleArrows"), QStringLiteral("stickyCardHeader")};

const QList<QSize> kSizes = {{1280, 720}, {1600, 1000}, {1920, 1080}};
const QList<qreal> kZooms = {1.0, 2.0};

// The lessons 00 to 07 of the library (the per-VMA lock's catalogue): their ids, and whether
// each has a challenge.
QList<QPair<QString, bool>> catalogueLessons() {
    Session session;
    LessonPlayer player;
    player.setSession(&session);
    QList<QPair<QString, bool>> lessons;
    const auto* list = player.lessons();
    for (int row = 0; row < list->rowCount() && lessons.size() < 8; ++row) {
        player.open(row);
        lessons.append({list->data(list->index(row), LessonListModel::IdRole).toString(),
                        !player.challengeTitles().isEmpty()});
    }
    return lessons;
}

// Plays a lesson, answering its questions rightly, until its run shows a violation; returns the
// run as the lab would replay it: scenario, variant and schedule.
struct Run {
    QString scenario, variant, schedule;
};
Run lessonRunToViolation(const QString& id) {
    Session session;
    LessonPlayer player;
    player.setSession(&session);
    const auto* list = player.lessons();
    for (int row = 0; row < list->rowCount(); ++row)
        if (list->data(list->index(row), LessonListModel::IdRole).toString() == id) player.open(row);
    while (!session.hasViolation() && !player.atEnd()) {
        if (!player.next()) {
            for (int c = 0; c < player.predictChoices().size() && !player.answer(c); ++c) {
            }
            if (!player.next()) break;
        }
    }
    return {session.scenario(), session.variant(), session.hasViolation() ? session.schedule() : QString()};
}

// Moves the window's lesson to its first prediction waiting for an answer.
bool toPrediction(QObject* player) {
    for (int i = 0; i < 200; ++i) {
        bool played = false;
        QMetaObject::invokeMethod(player, "next", Q_RETURN_ARG(bool, played));
        if (!played) return !player->property("predictQuestion").toString().isEmpty();
    }
    return false;
}

}  // namespace

class Layout : public QObject {
    Q_OBJECT

    // The window of the state being checked, kept from row to row of that state.
    struct Shown {
        QString state;
        Session session;
        QQmlApplicationEngine engine;
        QQuickWindow* window = nullptr;
    };
    std::unique_ptr<Shown> m_shown;

    // Makes the window of `state` as app/main.cpp does, and brings it to that state.
    void show(const QString& state) {
        m_shown.reset();  // one window at a time
        auto shown = std::make_unique<Shown>();
        shown->state = state;
        Session& session = shown->session;
        const QStringList words = state.split(QLatin1Char(' '));
        QVariantMap initial{{QStringLiteral("session"), QVariant::fromValue(&session)},
                            {QStringLiteral("startWith"), QStringLiteral("run")}};
        if (words[0] == QStringLiteral("lab")) {
            const QString scenario = words[1];
            if (scenario == QStringLiteral("vma-overflow")) {  // its defaults: seven readers and W
                session.setScenario(scenario);
                QCOMPARE(session.replaySchedule(QStringLiteral("R1*2 R2*2 R3 R4 W R5")), QString());
            } else {  // at the violation that the scenario's lesson plays to
                const Run run = lessonRunToViolation(words[2]);
                QVERIFY2(!run.schedule.isEmpty(), qPrintable(words[2] + QStringLiteral(" shows no violation")));
                session.setScenario(run.scenario);
                session.setVariant(run.variant);
                QCOMPARE(session.replaySchedule(run.schedule), QString());
            }
            QVERIFY(session.hasViolation() || scenario == QStringLiteral("vma-overflow"));
        } else {  // "lesson ID prediction|challenge" or "presenter ID"
            initial.insert(QStringLiteral("startWith"), QStringLiteral("lesson"));
            initial.insert(QStringLiteral("startLesson"), words[1]);
            initial.insert(QStringLiteral("startLessonSteps"), 0);
        }

        // As a --screenshot does: motion off from the first step the window plays (a value
        // caught mid-roll overlaps its old self on purpose), and nothing saved.
        initial.insert(QStringLiteral("stillPicture"), true);
        shown->engine.addImportPath(QStringLiteral("qrc:/"));
        shown->engine.setInitialProperties(initial);
        shown->engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
        QCOMPARE(shown->engine.rootObjects().size(), 1);
        QQuickWindow* window = qobject_cast<QQuickWindow*>(shown->engine.rootObjects().first());
        QVERIFY(window);
        QCOMPARE(window->property("startProblem").toString(), QString());
        window->setProperty("reduceMotion", true);  // every row sees a settled layout, not a transition

        QObject* player = window->property("player").value<QObject*>();
        QVERIFY(player);
        if (words[0] == QStringLiteral("presenter")) {
            QVERIFY(toPrediction(player));
            // The presenter flag as F5 sets it, in a window of the row's size rather than full
            // screen (the offscreen screen is not the size under test).
            window->setProperty("presenting", true);
        } else if (words[0] == QStringLiteral("lesson") && words[2] == QStringLiteral("prediction")) {
            QVERIFY2(toPrediction(player), "the lesson asks no prediction");
        } else if (words[0] == QStringLiteral("lesson")) {
            QVERIFY(!player->property("challengeTitles").toStringList().isEmpty());
            QMetaObject::invokeMethod(player, "startChallenge", Q_ARG(int, 0));
            QMetaObject::invokeMethod(player, "showHint");  // a hint shown: the card at its longest
            QCOMPARE(player->property("challenge").toInt(), 0);
        }
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        shown->window = window;
        m_shown = std::move(shown);
    }

    // Lets layouts, views and wrapped texts settle after a resize or a zoom: polishing can
    // change sizes that call for another polish.
    static void settle(QQuickWindow* window) {
        for (int pass = 0; pass < 5; ++pass) {
            QTest::qWait(10);
            if (!QQuickTest::qIsPolishScheduled(window)) break;
            QQuickTest::qWaitForPolish(window, 2000);
        }
    }

private slots:
    void initTestCase() {
        useTestSettings("tst_layout");
    }
    void cleanupTestCase() {
        m_shown.reset();
    }

    // The checker's rules on small scenes whose defects are known: each finds what it should,
    // and what is drawn over content on purpose (a highlight, an overlay, a popup, a list
    // scrolled) is left alone.
    void checkerRules_data() {
        QTest::addColumn<QByteArray>("scene");
        QTest::addColumn<QString>("found");
        QTest::newRow("labels apart") << QByteArray("Column { Label { text: 'one' } Label { text: 'two' } }") << QString();
        QTest::newRow("labels overlap") << QByteArray("Label { text: 'one' } Label { x: 10; text: 'two' }")
                                        << QStringLiteral("1 overlap");
        QTest::newRow("a short text in a wide box") << QByteArray("Label { width: 300; text: 'a' } Label { x: 100; text: 'b' }")
                                                    << QString();
        QTest::newRow("highlight frame over a text")
            << QByteArray("Label { text: 'framed' } Rectangle { width: 80; height: 30; color: 'transparent'; border.width: 2 }")
            << QString();
        QTest::newRow("cards overlap, reported once")
            << QByteArray("Frame { width: 100; height: 40; Label { text: 'first card' } }"
                          "Frame { x: 20; y: 10; width: 100; height: 40; Label { text: 'second card' } }")
            << QStringLiteral("1 overlap");
        QTest::newRow("an overlay") << QByteArray("Label { text: 'under' } Item { objectName: 'arrows'; Label { text: 'over' } }")
                                    << QString();
        QTest::newRow("hidden and transparent")
            << QByteArray("Label { text: 'shown' } Label { visible: false; text: 'hidden' } Label { opacity: 0; text: 'clear' }")
            << QString();
        QTest::newRow("cut by a frame")
            << QByteArray("Rectangle { width: 50; height: 30; clip: true; Label { text: 'a text too long for the frame' } }")
            << QStringLiteral("1 cut off");
        QTest::newRow("cut by the window") << QByteArray("Label { x: 380; text: 'past the edge' }") << QStringLiteral("1 cut off");
        QTest::newRow("a list scrolled")
            << QByteArray("ListView { width: 100; height: 50; clip: true; contentY: 7; model: 10;"
                          " delegate: Label { text: 'row ' + index } }")
            << QString();
        QTest::newRow("beyond what a view scrolls to")
            << QByteArray("Flickable { width: 100; height: 50; clip: true; contentWidth: 100; contentHeight: 50;"
                          " Label { x: 80; text: 'unreachable' } }")
            << QStringLiteral("1 unreachable");
        QTest::newRow("a label squeezed by its layout")
            << QByteArray("RowLayout { width: 200; Label { text: 'a label far too long for its room'; Layout.maximumWidth: 60 }"
                          " Label { text: 'next' } }")
            << QStringLiteral("1 overlap, 1 text overflow");
        QTest::newRow("a label elided") << QByteArray("Label { width: 60; elide: Text.ElideRight; text: 'a long label, elided' }")
                                        << QString();
        QTest::newRow("a label elided away") << QByteArray("Label { width: 12; elide: Text.ElideRight; text: 'a long label' }")
                                             << QStringLiteral("1 elided away");
        QTest::newRow("a button squeezed") << QByteArray("Button { width: 40; text: 'A long button label' }")
                                           << QStringLiteral("1 squeezed");
        QTest::newRow("a card larger than its view")
            << QByteArray("ListView { width: 200; height: 30; clip: true; model: 1;"
                          " delegate: Frame { width: 100; height: 100 } }")
            << QStringLiteral("1 larger than its view");
        QTest::newRow("an open popup over content")
            << QByteArray("Label { text: 'beneath the popup' } Popup { visible: true; Label { text: 'in the popup' } }") << QString();
        QTest::newRow("two open popups overlap")
            << QByteArray("Popup { visible: true; Label { text: 'first' } } Popup { x: 10; y: 10; visible: true; Label { text: 'second' } }")
            << QStringLiteral("1 overlap");
    }
    void checkerRules() {
        QFETCH(QByteArray, scene);
        QFETCH(QString, found);
        QQmlApplicationEngine engine;
        engine.loadData("import QtQuick\nimport QtQuick.Controls\nimport QtQuick.Layouts\n"
                        "Window { width: 400; height: 300; visible: true\n" + scene + "\n}");
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(QTest::qWaitForWindowExposed(window));
        settle(window);
        // Frames are the scenes' cards; "arrows" their overlay.
        const layoutcheck::Report report = layoutcheck::check(window, {{QStringLiteral("Frame")}, {QStringLiteral("arrows")}});
        QVERIFY(report.looked > 0);
        QVERIFY2(layoutcheck::summary(report.problems) == found, qPrintable(layoutcheck::describe(report.problems)));
    }

    // LOCKSTEP_LAYOUT_ZOOMS="1.0" (a comma-separated list) limits the rows to those zooms: ctest
    // runs zoom 1 and zoom 2 as separate entries (see CMakeLists.txt).
    static QList<qreal> zooms() {
        const QString wanted = qEnvironmentVariable("LOCKSTEP_LAYOUT_ZOOMS");
        if (wanted.isEmpty()) return kZooms;
        QList<qreal> chosen;
        for (const QString& z : wanted.split(QLatin1Char(','), Qt::SkipEmptyParts)) chosen << z.toDouble();
        return chosen;
    }

    void noOverlapNoCut_data() {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qreal>("zoom");
        QStringList states = {QStringLiteral("lab vma-overflow"),
                              QStringLiteral("lab vma-detach-lost-wakeup detach-lost-wakeup"),
                              QStringLiteral("lab binder-oom-deadlock binder-oom-deadlock")};
        for (const auto& [id, challenge] : catalogueLessons()) {
            states << QStringLiteral("lesson %1 prediction").arg(id);
            if (challenge) states << QStringLiteral("lesson %1 challenge").arg(id);
        }
        states << QStringLiteral("presenter detach-lost-wakeup");
        for (const QString& state : states)
            for (const qreal zoom : zooms())
                for (const QSize& size : kSizes)
                    QTest::addRow("%s %dx%d zoom %.1f", qPrintable(state), size.width(), size.height(), zoom)
                        << state << size << zoom;
    }
    void noOverlapNoCut() {
        QFETCH(QString, state);
        QFETCH(QSize, size);
        QFETCH(qreal, zoom);
        if (!m_shown || m_shown->state != state) show(state);
        QVERIFY(m_shown && m_shown->state == state);
        QQuickWindow* window = m_shown->window;
        window->setProperty("zoom", zoom);
        window->resize(size);
        // Presenter mode shows its controls while the pointer moves: check them shown, as a
        // teacher who just touched the mouse sees them (hidden, they would hide nothing).
        if (state.startsWith(QStringLiteral("presenter"))) QTest::mouseMove(window, QPoint(size.width() / 2, size.height() / 2));
        settle(window);
        QCOMPARE(window->size(), size);

        if (const QString shots = qEnvironmentVariable("LOCKSTEP_LAYOUT_SHOTS"); !shots.isEmpty()) {
            QDir().mkpath(shots);
            const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'));
            window->grabWindow().save(QDir(shots).filePath(name + QStringLiteral(".png")));
        }

        const layoutcheck::Report report = layoutcheck::check(window, {kBoxes, kOverlays});
        QVERIFY2(report.looked > 20, qPrintable(QStringLiteral("only %1 items on screen").arg(report.looked)));
        // Every problem on a line of its own (a failure message is cut short), then the verdict.
        if (!report.problems.isEmpty()) qWarning().noquote() << layoutcheck::describe(report.problems, 1000);
        QVERIFY2(report.problems.isEmpty(), qPrintable(QStringLiteral("%1 layout problems among %2 items on screen: %3")
                                                           .arg(report.problems.size()).arg(report.looked)
                                                           .arg(layoutcheck::summary(report.problems))));
    }
};

QTEST_MAIN(Layout)
#include "tst_layout.moc"
