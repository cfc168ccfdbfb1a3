// Export: what the window's Export menu writes is the run the window shows. The schedule file
// replays to the same run, the JSON and the text trace are what lockstep-cli prints for that
// run, and the picture of the view is a real picture.
#include "picture_check.hpp"
#include "test_settings.hpp"

#include "exporter.h"
#include "runreport.hpp"
#include "session.h"
#include "threadmodel.h"

#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <QJsonDocument>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

namespace {

QString readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return {};
    return QString::fromUtf8(f.readAll());
}

// Steps the threads in turn, `steps` times or until nobody can run: an ordinary run that a
// person could have clicked.
void stepAround(Session& session, int steps) {
    const int threads = session.threads()->rowCount();
    for (int i = 0, t = 0; i < steps && !session.finished(); ++i) {
        int tries = 0;
        while (!session.stepThread(t % threads) && ++tries < threads) ++t;
        session.clearError();
        if (tries == threads) break;
        ++t;
    }
}

}  // namespace

class Export : public QObject {
    Q_OBJECT

    // Each row sets a run up in the window as a person would: scenario, variant, a switch,
    // rounds, some steps, and steps back from the end (export takes the run to where it
    // stands, as the window shows it). `cli` is the same run on lockstep-cli's command line.
    void runs() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("switchName");  // "" none; else turned on
        QTest::addColumn<int>("rounds");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("back");
        QTest::newRow("L1 lost wakeup") << "vma-detach-lost-wakeup" << "L1" << "" << 1 << 200 << 0;
        QTest::newRow("v7 with a switch, rounds 2, stepped back") << "vma-drain" << "v7" << "lock_seq_recheck" << 2 << 40 << 5;
        QTest::newRow("binder deadlock") << "binder-oom-deadlock" << "v4.4" << "" << 1 << 300 << 0;
        QTest::newRow("nothing stepped") << "vma-overflow" << "" << "" << 1 << 0 << 0;
    }

    void setUp(Session& session) {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        QFETCH(QString, switchName);
        QFETCH(int, rounds);
        QFETCH(int, steps);
        QFETCH(int, back);
        session.setScenario(scenario);
        if (!variant.isEmpty()) session.setVariant(variant);
        if (!switchName.isEmpty()) session.setSwitch(switchName, true);
        session.setRounds(rounds);
        stepAround(session, steps);
        for (int i = 0; i < back; ++i) session.back();
        QCOMPARE(session.error(), QString());
    }

    QStringList cliArguments(const Session& session) {
        QFETCH(QString, switchName);
        QFETCH(int, rounds);
        QStringList args{QStringLiteral("run"), session.scenario(), QStringLiteral("--variant"), session.variant()};
        if (!switchName.isEmpty()) args << QStringLiteral("--switch") << switchName + QStringLiteral("=on");
        args << QStringLiteral("--rounds") << QString::number(rounds) << QStringLiteral("--schedule")
             << session.schedule() << QStringLiteral("--stop");
        return args;
    }

    QByteArray runCli(const QStringList& args) {
        QProcess cli;
        cli.start(QStringLiteral(LOCKSTEP_CLI), args);
        if (!cli.waitForFinished(30000)) return {};
        return cli.readAllStandardOutput();
    }

private slots:
    void initTestCase() { useTestSettings("tst_export"); }

    void scheduleFileReplaysTheRun_data() { runs(); }
    void scheduleFileReplaysTheRun() {
        Session session;
        setUp(session);
        Exporter exporter;
        exporter.setSession(&session);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.schedule"));
        QCOMPARE(exporter.saveSchedule(QUrl::fromLocalFile(file).toString()), QString());

        QString error;
        const auto read = Exporter::readScheduleFile(file, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->schedule, session.schedule());
        lockstep::engine replay(read->config);
        lockstep::play_schedule(replay, lockstep::parse_schedule(read->schedule.toStdString(), replay));
        QCOMPARE(replay.step_count(), session.run().step_count());
        QCOMPARE(lockstep::report::run_text(replay), lockstep::report::run_text(session.run()));
        QCOMPARE(lockstep::report::run_json(replay), lockstep::report::run_json(session.run()));

        // And the window replays it: the same schedule from step 0 gives the same run.
        Session again;
        again.setScenario(QString::fromStdString(read->config.scenario));
        again.setVariant(QString::fromStdString(read->config.variant));
        for (const auto& [name, on] : read->config.switches) again.setSwitch(QString::fromStdString(name), on);
        again.setRounds(read->config.rounds);
        QCOMPARE(again.replaySchedule(read->schedule), QString());
        QCOMPARE(lockstep::report::run_text(again.run()), lockstep::report::run_text(session.run()));
    }

    void scheduleFileErrorsAreReported() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.schedule"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("scenario vma-drain\nswitch reader_limit maybe\n");
        f.close();
        QString error;
        QVERIFY(!Exporter::readScheduleFile(file, &error));
        QVERIFY2(error.contains(QStringLiteral(":2:")), qPrintable(error));
        QVERIFY(!Exporter::readScheduleFile(dir.filePath(QStringLiteral("missing")), &error));
    }

    void jsonIsWhatTheCliPrints_data() { runs(); }
    void jsonIsWhatTheCliPrints() {
        Session session;
        setUp(session);
        Exporter exporter;
        exporter.setSession(&session);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.json"));
        QCOMPARE(exporter.saveJson(file), QString());

        QJsonParseError problem;
        const QJsonDocument exported = QJsonDocument::fromJson(readAll(file).toUtf8(), &problem);
        QVERIFY2(!exported.isNull(), qPrintable(problem.errorString()));
        const QJsonDocument printed = QJsonDocument::fromJson(runCli(cliArguments(session) << QStringLiteral("--json")), &problem);
        QVERIFY2(!printed.isNull(), qPrintable(problem.errorString()));
        QCOMPARE(exported.object().value(QStringLiteral("events")).toArray().size(),
                 static_cast<qsizetype>(session.step()));
        QCOMPARE(exported, printed);
    }

    void traceIsOneLinePerEvent_data() { runs(); }
    void traceIsOneLinePerEvent() {
        Session session;
        setUp(session);
        Exporter exporter;
        exporter.setSession(&session);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run.txt"));
        QCOMPARE(exporter.saveTrace(file), QString());
        const QString trace = readAll(file);

        // Event lines start with the step number, right-aligned; they count 1, 2, 3, ...
        static const QRegularExpression eventLine(QStringLiteral("^ *(\\d+)  "));
        int events = 0;
        for (const QString& line : trace.split(QLatin1Char('\n'))) {
            const auto m = eventLine.match(line);
            if (!m.hasMatch()) continue;
            ++events;
            QCOMPARE(m.captured(1).toInt(), events);
        }
        QCOMPARE(events, session.step());
        QVERIFY(trace.contains(QStringLiteral("schedule: ") + session.schedule() + QLatin1Char('\n')));
        // Line for line what lockstep-cli run prints for the same run.
        QCOMPARE(trace, QString::fromUtf8(runCli(cliArguments(session))));
    }

    void writeErrorsAreReported() {
        Session session;
        Exporter exporter;
        exporter.setSession(&session);
        const QString error = exporter.saveJson(QStringLiteral("/nonexistent-dir/run.json"));
        QVERIFY2(error.contains(QStringLiteral("/nonexistent-dir/run.json")), qPrintable(error));
        Exporter none;
        QVERIFY(!none.saveTrace(QStringLiteral("/tmp/none.txt")).isEmpty());
    }

    // The view as the window draws it: the lab with its lanes, written as a PNG that is not
    // blank and has the view's size.
    void pictureOfTheView() {
        Session session;
        session.setScenario(QStringLiteral("vma-detach-lost-wakeup"));
        stepAround(session, 20);
        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                     {QStringLiteral("startWith"), QStringLiteral("run")}});
        engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
        QVERIFY(window);
        window->setProperty("reduceMotion", true);
        window->resize(1280, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto* view = window->findChild<QQuickItem*>(QStringLiteral("lab"));
        QVERIFY(view);

        Exporter exporter;
        exporter.setSession(&session);
        QSignalSpy saved(&exporter, &Exporter::imageSaved);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("view.png"));
        QVERIFY(exporter.saveImage(view, QUrl::fromLocalFile(file).toString()));
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.first().at(0).toString(), file);
        QCOMPARE(saved.first().at(1).toString(), QString());

        QImage image;
        QVERIFY(image.load(file, "PNG"));
        QCOMPARE(image.size(), (view->size() * window->devicePixelRatio()).toSize());
        const QString blank = blankPictureProblem(image);
        QVERIFY2(blank.isEmpty(), qPrintable(blank));

        QVERIFY(!exporter.saveImage(nullptr, file));
    }
};

QTEST_MAIN(Export)
#include "tst_export.moc"
