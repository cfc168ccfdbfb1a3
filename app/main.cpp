// lockstep: the desktop lab. Opens the window on a scenario, or with --screenshot renders the
// window after the given steps to a PNG and exits (no display needed).
#include "lessonplayer.h"
#include "session.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <cstdlib>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

namespace {

int fail(const QString& message) {
    std::fprintf(stderr, "lockstep: %s\n", qPrintable(message));
    return 2;
}

}  // namespace

int main(int argc, char* argv[]) {
    // A screenshot needs no display: choose the offscreen platform before Qt starts; --help
    // and --version only print, so they need no display either.
    for (int i = 1; i < argc; ++i) {
        if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) break;
        if (qstrcmp(argv[i], "--screenshot") == 0) qputenv("QT_QPA_PLATFORM", "offscreen");
        for (const char* printOnly : {"--help", "-h", "--help-all", "--version", "-v"})
            if (qstrcmp(argv[i], printOnly) == 0) qputenv("QT_QPA_PLATFORM", "minimal");
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("Lockstep"));
    QGuiApplication::setOrganizationName(QStringLiteral("Lockstep"));
    QGuiApplication::setApplicationVersion(QStringLiteral(LOCKSTEP_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the kernel's lock algorithms step by step."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption scenario(QStringLiteral("scenario"), QStringLiteral("Scenario to open."), QStringLiteral("S"));
    const QCommandLineOption variant(QStringLiteral("variant"), QStringLiteral("Variant to run."), QStringLiteral("V"));
    const QCommandLineOption schedule(QStringLiteral("schedule"), QStringLiteral("Steps to replay, e.g. \"R1*4 W\"."), QStringLiteral("steps"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Render to FILE.png and exit."), QStringLiteral("FILE"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size for --screenshot."), QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    const QCommandLineOption lesson(QStringLiteral("lesson"), QStringLiteral("Lesson to open: its id, its number in the library (0 is the first), or a lesson file (.yaml), which is reloaded when it changes."), QStringLiteral("L"));
    const QCommandLineOption lessonStep(QStringLiteral("lesson-step"), QStringLiteral("Play the lesson's first N steps, or all of them with 'end' (answering its questions rightly), e.g. for a slide."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption compare(QStringLiteral("compare"), QStringLiteral("Open the comparison of two variants of the scenario on the schedule, e.g. L1,final."), QStringLiteral("A,B"));
    const QCommandLineOption compareStep(QStringLiteral("compare-step"), QStringLiteral("With --compare: the step to show (default: where the runs first differ)."), QStringLiteral("N"));
    const QCommandLineOption presenter(QStringLiteral("presenter"), QStringLiteral("With --screenshot: the picture in presenter mode (F5), at the --size given."));
    const QCommandLineOption litmus(QStringLiteral("litmus"), QStringLiteral("A litmus test in the kernel's format to open, run under the kernel's memory model."), QStringLiteral("FILE"));
    parser.addOptions({scenario, variant, schedule, screenshot, size, lesson, lessonStep, compare, compareStep, presenter, litmus});
    if (!parser.parse(QGuiApplication::arguments())) return fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first()));

    QSize windowSize;
    {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        if (wh.size() == 2) windowSize = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
        if (!okW || !okH || windowSize.width() < 320 || windowSize.height() < 240 || windowSize.width() > 8000 || windowSize.height() > 8000)
            return fail(QStringLiteral("--size expects WIDTHxHEIGHT between 320x240 and 8000x8000, got '%1'").arg(parser.value(size)));
    }

    // A number of steps, or "end" (-1 below) for the whole script.
    bool stepsOk = parser.value(lessonStep) == QStringLiteral("end");
    const int lessonSteps = stepsOk ? -1 : parser.value(lessonStep).toInt(&stepsOk);
    if (!stepsOk || lessonSteps < -1)
        return fail(QStringLiteral("--lesson-step expects a number of steps (0 or more) or 'end', got '%1'").arg(parser.value(lessonStep)));
    if (parser.isSet(lessonStep) && !parser.isSet(lesson)) return fail(QStringLiteral("--lesson-step needs --lesson"));
    if (parser.isSet(lesson) && (parser.isSet(scenario) || parser.isSet(variant) || parser.isSet(schedule)))
        return fail(QStringLiteral("--lesson sets up its own run: leave out --scenario, --variant and --schedule"));

    // A lesson file of the teacher's own. A still picture of a broken one is no picture: say
    // where it is broken, as lint does, and fail as lint does. The window instead shows the
    // error and opens the file once it is fixed.
    QString startLesson = parser.value(lesson);
    if (parser.isSet(lesson) && (QFileInfo(startLesson).isFile() || startLesson.endsWith(QStringLiteral(".yaml")) || startLesson.endsWith(QStringLiteral(".yml")))) {
        if (parser.isSet(screenshot)) {
            if (const QString problem = LessonPlayer::checkFile(startLesson); !problem.isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(problem));
                return 2;
            }
        }
        startLesson = QUrl::fromLocalFile(QFileInfo(startLesson).absoluteFilePath()).toString();
    }

    Session session;
    if (parser.isSet(litmus)) {
        if (parser.isSet(scenario) || parser.isSet(variant) || parser.isSet(lesson))
            return fail(QStringLiteral("--litmus opens its own scenario: leave out --scenario, --variant and --lesson"));
        if (const QString problem = session.openLitmusFile(parser.value(litmus)); !problem.isEmpty()) return fail(problem);
    }
    if (parser.isSet(scenario)) {
        if (!session.scenarios().contains(parser.value(scenario)))
            return fail(QStringLiteral("unknown scenario '%1' (known: %2)").arg(parser.value(scenario), session.scenarios().join(QStringLiteral(", "))));
        session.setScenario(parser.value(scenario));
    }
    if (parser.isSet(variant)) {
        if (!session.variants().contains(parser.value(variant)))
            return fail(QStringLiteral("unknown variant '%1' (known: %2)").arg(parser.value(variant), session.variants().join(QStringLiteral(", "))));
        session.setVariant(parser.value(variant));
    }
    if (parser.isSet(schedule)) {
        const QString problem = session.replaySchedule(parser.value(schedule));
        if (!problem.isEmpty()) return fail(QStringLiteral("--schedule: %1").arg(problem));
    }

    // --compare A,B: both variants of the scenario the run uses.
    const QStringList compared = parser.value(compare).split(QLatin1Char(','));
    if (parser.isSet(presenter) && !parser.isSet(screenshot)) return fail(QStringLiteral("--presenter needs --screenshot (in the window, F5 presents)"));
    if (parser.isSet(compare)) {
        if (parser.isSet(lesson)) return fail(QStringLiteral("--compare compares a run: use --scenario and --schedule, not --lesson"));
        if (compared.size() != 2)
            return fail(QStringLiteral("--compare expects two variants, A,B (e.g. L1,final), got '%1'").arg(parser.value(compare)));
        for (const QString& v : compared)
            if (!session.variants().contains(v))
                return fail(QStringLiteral("--compare: unknown variant '%1' for %2 (known: %3)").arg(v, session.scenario(), session.variants().join(QStringLiteral(", "))));
    }
    int compareAt = -1;
    if (parser.isSet(compareStep)) {
        bool ok = false;
        compareAt = parser.value(compareStep).toInt(&ok);
        if (!ok || compareAt < 0) return fail(QStringLiteral("--compare-step expects a step number (0 or more), got '%1'").arg(parser.value(compareStep)));
        if (!parser.isSet(compare)) return fail(QStringLiteral("--compare-step needs --compare"));
    }

    QQmlApplicationEngine engine;
    // Qt 6.4 has no loadFromModule(): the static module lives under qrc:/Lockstep.
    engine.addImportPath(QStringLiteral("qrc:/"));
    // A run named on the command line wins over what was saved; a screenshot of no particular
    // run shows the first lesson, as a first launch would, without saving anything.
    const bool named = parser.isSet(scenario) || parser.isSet(variant) || parser.isSet(schedule) || parser.isSet(compare) || parser.isSet(litmus);
    const QString startWith = named ? QStringLiteral("run")
                              : parser.isSet(screenshot) || parser.isSet(lesson) ? QStringLiteral("lesson")
                                                                                   : QStringLiteral("saved");
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("startWith"), startWith},
                                 {QStringLiteral("startLesson"), startLesson},
                                 {QStringLiteral("startLessonSteps"), lessonSteps},
                                 {QStringLiteral("stillPicture"), parser.isSet(screenshot)},
                                 {QStringLiteral("startCompare"), parser.isSet(compare) ? compared.join(QLatin1Char(',')) : QString()},
                                 {QStringLiteral("startCompareStep"), compareAt}});
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app, [] { QCoreApplication::exit(1); },
                     Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    if (!window) return fail(QStringLiteral("Main.qml did not create a window"));
    if (const QString problem = window->property("startProblem").toString(); !problem.isEmpty())
        return fail(problem);

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // Presenter mode as F5 sets it, but in a window of the size asked for rather than full
        // screen: a slide of what the class sees on a projector of that size.
        if (parser.isSet(presenter)) window->setProperty("presenting", true);
        window->resize(windowSize);
        window->show();
        // Grab once a few frames have been rendered (layouts settle in the first ones).
        auto frames = std::make_shared<int>(0);
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, [window, file, frames] {
            if (++*frames != 3) return;
            QTimer::singleShot(0, window, [window, file] {
                const QImage image = window->grabWindow();
                if (image.isNull() || !image.save(file)) {
                    std::fprintf(stderr, "lockstep: cannot write %s\n", qPrintable(file));
                    QCoreApplication::exit(2);
                    return;
                }
                QCoreApplication::exit(0);
            });
        });
        QTimer::singleShot(10000, &app, [] {
            std::fprintf(stderr, "lockstep: no frame was rendered for --screenshot\n");
            QCoreApplication::exit(1);
        });
    }
    return QGuiApplication::exec();
}
