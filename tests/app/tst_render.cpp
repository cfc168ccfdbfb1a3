// The main window renders offscreen at classroom sizes, zoomed, to a picture that is not blank.
#include "picture_check.hpp"
#include "test_settings.hpp"

#include "lessonplayer.h"
#include "session.h"

#include <QProcess>
#include <QQmlApplicationEngine>
#include <QTemporaryDir>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

// The ids of the lessons the app ships, as its library lists them: a new lesson is covered too.
QStringList shippedLessons() {
    LessonPlayer player;
    QStringList ids;
    const auto* list = player.lessons();
    for (int row = 0; row < list->rowCount(); ++row)
        ids << list->data(list->index(row), LessonListModel::IdRole).toString();
    return ids;
}

class Render : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        useTestSettings("tst_render");
    }

    void mainWindowIsNotBlank_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qreal>("zoom");
        QTest::newRow("1280x800") << QSize(1280, 800) << 1.0;
        QTest::newRow("1920x1080 zoom 1.5") << QSize(1920, 1080) << 1.5;
    }
    void mainWindowIsNotBlank() {
        QFETCH(QSize, size);
        QFETCH(qreal, zoom);
        Session session;
        session.setScenario(QStringLiteral("vma-drain"));
        QCOMPARE(session.replaySchedule(QStringLiteral("R1*9 R2*9 W*12")), QString());

        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                     {QStringLiteral("startWith"), QStringLiteral("run")}});
        QStringList warnings;
        connect(&engine, &QQmlEngine::warnings, this, [&](const QList<QQmlError>& list) {
            for (const auto& w : list) warnings << w.toString();
        });
        engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window);
        window->setProperty("zoom", zoom);
        window->setProperty("reduceMotion", true);
        window->resize(size);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTest::qWait(200);

        const QImage image = window->grabWindow();
        QCOMPARE(image.size(), size * window->devicePixelRatio());
        // Not blank: many distinct colours, and no single colour covers nearly everything.
        const QString blank = blankPictureProblem(image);
        QVERIFY2(blank.isEmpty(), qPrintable(blank));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    }

    // Every lesson opens and plays to its end in the full window, as a class would go through
    // it, at the size a projector gives. Opening lesson 7 (two vmas, two mms) once crashed the
    // app in Qt 6.4's layouts.
    void everyLessonOpensAndPlaysToItsEnd_data() {
        QTest::addColumn<QString>("lesson");
        for (const QString& id : shippedLessons()) QTest::newRow(qPrintable(id)) << id;
    }
    void everyLessonOpensAndPlaysToItsEnd() {
        QFETCH(QString, lesson);
        Session session;
        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                     {QStringLiteral("startWith"), QStringLiteral("lesson")},
                                     {QStringLiteral("startLesson"), lesson},
                                     {QStringLiteral("startLessonSteps"), 0},
                                     {QStringLiteral("stillPicture"), true}});
        engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window);
        QCOMPARE(window->property("startProblem").toString(), QString());
        window->resize(1920, 1080);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QObject* player = window->property("player").value<QObject*>();
        QVERIFY(player);
        QCOMPARE(player->property("current").toInt() >= 0, true);
        const int steps = player->property("stepCount").toInt();
        for (int i = 0; i < steps; ++i) {
            bool played = false;
            QMetaObject::invokeMethod(player, "next", Q_RETURN_ARG(bool, played));
            if (!played) {  // a question first: answer it rightly, then play the step
                const int choices = player->property("predictChoices").toStringList().size();
                for (int c = 0; c < choices; ++c) {
                    bool right = false;
                    QMetaObject::invokeMethod(player, "answer", Q_RETURN_ARG(bool, right), Q_ARG(int, c));
                    if (right) break;
                }
                QMetaObject::invokeMethod(player, "next", Q_RETURN_ARG(bool, played));
            }
            QVERIFY2(played, qPrintable(QStringLiteral("step %1 of %2 did not play").arg(i + 1).arg(lesson)));
            QTest::qWait(5);  // let the window lay out each step, as it does for a class
        }
        QVERIFY(player->property("atEnd").toBool());
        QCOMPARE(player->property("failure").toString(), QString());
        QVERIFY(!window->grabWindow().isNull());
    }

    // A slide of each lesson's first and last step, made by the app itself at 1920x1080
    // (`lockstep --screenshot F --lesson L --lesson-step N`). Opening lesson 7 this way
    // crashed the app before the card models stopped resetting.
    void lessonSlidesRender_data() {
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QString>("step");
        for (const QString& id : shippedLessons()) {
            QTest::addRow("%s first", qPrintable(id)) << id << QStringLiteral("0");
            QTest::addRow("%s end", qPrintable(id)) << id << QStringLiteral("end");
        }
    }
    void lessonSlidesRender() {
        QFETCH(QString, lesson);
        QFETCH(QString, step);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("slide.png"));
        QProcess app;
        // Its settings and progress go to the temporary directory, never a real user's.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.path());
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(LOCKSTEP_APP),
                  {QStringLiteral("--screenshot"), file, QStringLiteral("--lesson"), lesson,
                   QStringLiteral("--lesson-step"), step, QStringLiteral("--size"), QStringLiteral("1920x1080")});
        QVERIFY(app.waitForFinished(60000));
        QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
                 qPrintable(QString::fromLocal8Bit(app.readAllStandardError())));
        QCOMPARE(QImage(file).size(), QSize(1920, 1080));
    }

    // --help and --version print and exit with no display at all (no DISPLAY, no platform
    // chosen), as on a server or in a script.
    void helpAndVersionNeedNoDisplay_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("says");
        QTest::newRow("version") << QStringLiteral("--version") << QStringLiteral("Lockstep 0.1.0");
        QTest::newRow("help") << QStringLiteral("--help") << QStringLiteral("--lesson-step");
    }
    void helpAndVersionNeedNoDisplay() {
        QFETCH(QString, option);
        QFETCH(QString, says);
        QTemporaryDir dir;
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path());
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(LOCKSTEP_APP), {option});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(app.readAllStandardOutput());
        QVERIFY2(out.contains(says), qPrintable(out + QString::fromLocal8Bit(app.readAllStandardError())));
    }
};

QTEST_MAIN(Render)
#include "tst_render.moc"
