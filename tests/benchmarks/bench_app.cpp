// The desktop app's figures: time from process start to the first frame, frame times while
// auto-play runs at full speed, and resident memory after 10,000 steps. Run it under Xvfb with
// software rendering, as the README says:
//   QT_QUICK_BACKEND=software xvfb-run -a -s "-screen 0 1600x1000x24" build/tests/benchmarks/bench_app
// By default it runs vma-overflow at its defaults, seven readers and W: eight lanes on screen,
// the most a per-VMA run shows. --scenario S measures another one (vma-drain: four lanes).
// Each frame over 33 ms is listed with the GUI thread's CPU in it and the step it ended on, to
// tell the app's own slow steps from a machine that kept it waiting.
#include "session.h"
#include "threadmodel.h"

#include <QCommandLineParser>
#include <QFile>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTimer>
#include <QtQml/QQmlExtensionPlugin>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>
#include <vector>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

namespace {

// Seconds since this process started, from the kernel's own accounting.
double secondsSinceProcessStart() {
    QFile stat(QStringLiteral("/proc/self/stat")), uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly)) return -1;
    const QByteArray s = stat.readAll();
    const QList<QByteArray> fields = s.mid(s.lastIndexOf(')') + 2).split(' ');  // after "(comm)"
    const double started = fields.value(19).toDouble() / static_cast<double>(sysconf(_SC_CLK_TCK));
    return uptime.readAll().split(' ').value(0).toDouble() - started;
}

// CPU time this process used, all its threads: on a shared machine the wall-clock figures
// include the time others had the cores; this one does not.
double cpuMs(clockid_t which = CLOCK_PROCESS_CPUTIME_ID) {
    timespec t{};
    clock_gettime(which, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
// The GUI thread's alone: with the software backend it also renders, so its time splits into
// making frames and everything between them.
double guiCpuMs() { return cpuMs(CLOCK_THREAD_CPUTIME_ID); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

long residentKiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

}  // namespace

int main(int argc, char* argv[]) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
    QGuiApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LockstepBench"));
    QCommandLineParser parser;
    const QCommandLineOption quickOption(QStringLiteral("quick"), QStringLiteral("A short smoke run."));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"), QStringLiteral("Scenario to run."),
                                            QStringLiteral("S"), QStringLiteral("vma-overflow"));
    const QCommandLineOption stepsOption(QStringLiteral("steps"), QStringLiteral("Steps to take before measuring memory."),
                                         QStringLiteral("N"), QStringLiteral("10000"));
    parser.addOptions({quickOption, scenarioOption, stepsOption});
    parser.addHelpOption();
    parser.process(app);
    const bool quick = parser.isSet(quickOption);
    const int totalSteps = parser.value(stepsOption).toInt();

    Session session;
    if (!session.scenarios().contains(parser.value(scenarioOption))) {
        std::fprintf(stderr, "bench_app: unknown scenario '%s'\n", qPrintable(parser.value(scenarioOption)));
        return 2;
    }
    session.setScenario(parser.value(scenarioOption));
    session.setRounds(1000);  // long enough that 10,000 steps never run out of work
    const int threads = session.threads()->rowCount();
    std::printf("scenario: %s --variant %s --rounds %d, %d threads on screen, window 1600x1000\n",
                qPrintable(session.scenario()), qPrintable(session.variant()), session.rounds(), threads);
    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    // Its own long run, not the first lesson a first launch would open.
    engine.setInitialProperties({{QStringLiteral("session"), QVariant::fromValue(&session)},
                                 {QStringLiteral("startWith"), QStringLiteral("run")}});
    engine.load(QUrl(QStringLiteral("qrc:/Lockstep/Main.qml")));
    if (engine.rootObjects().isEmpty()) return 1;
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().first());
    window->resize(1600, 1000);
    window->show();

    using clock = std::chrono::steady_clock;
    std::vector<double> frames;  // ms between consecutive frames during auto-play
    clock::time_point last, measureStart;
    double measureCpu = 0;
    bool measuring = false, first = true;
    // The GUI thread's CPU per frame: from afterAnimating (the frame begins: polish, sync,
    // paint, flush to the screen) to frameSwapped, and from there to the next frame (timers,
    // steps, models, bindings).
    std::vector<double> frameCpu, betweenCpu;
    double frameBegan = -1, lastSwapped = -1;
    // Frames over the 33 ms target, with the GUI thread's CPU in the same interval: a slow frame
    // whose thread was mostly idle was kept waiting by the machine, not by the app's work.
    struct slow_frame { double ms, cpu, making; int steps, at; QString event; double when; };
    int stepAtSwap = 0;
    std::vector<slow_frame> slow;
    QObject::connect(window, &QQuickWindow::afterAnimating, &app, [&] {
        frameBegan = guiCpuMs();
        if (measuring && lastSwapped >= 0) betweenCpu.push_back(frameBegan - lastSwapped);
    }, Qt::DirectConnection);
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&] {
        const auto now = clock::now();
        if (first) {
            first = false;
            std::printf("launch to first frame: %.0f ms (target < 1500 ms)\n", secondsSinceProcessStart() * 1000);
            // Auto-play at full speed: a step every millisecond, round-robin.
            session.setSpeed(1000);
            session.setPlaying(true);
            QTimer::singleShot(1000, &app, [&] {
                measuring = true;
                last = measureStart = clock::now();
                measureCpu = cpuMs();
            });
            return;
        }
        const double swappedCpu = guiCpuMs();
        if (measuring) {
            const double ms = std::chrono::duration<double, std::milli>(now - last).count();
            frames.push_back(ms);
            if (ms > 33.0 && lastSwapped >= 0)
                slow.push_back({ms, swappedCpu - lastSwapped, frameBegan >= 0 ? swappedCpu - frameBegan : 0,
                                session.step() - stepAtSwap, session.step(), session.lastEventText(),
                                std::chrono::duration<double>(now.time_since_epoch()).count()});
        }
        last = now;
        lastSwapped = swappedCpu;
        stepAtSwap = session.step();
        if (measuring && frameBegan >= 0) frameCpu.push_back(lastSwapped - frameBegan);
    });

    QTimer::singleShot(quick ? 3000 : 11000, &app, [&] {
        measuring = false;
        session.setPlaying(false);
        const double wallMs = std::chrono::duration<double, std::milli>(clock::now() - measureStart).count();
        const double playCpu = cpuMs() - measureCpu;
        std::sort(frames.begin(), frames.end());
        if (frames.empty()) {
            std::printf("no frames were rendered during auto-play\n");
        } else {
            const auto over = std::count_if(frames.begin(), frames.end(), [](double ms) { return ms > 33.0; });
            std::printf("auto-play frames: %zu, median %.1f ms (target <= 16), max %.1f ms (target <= 33), %ld over 33 ms\n",
                        frames.size(), frames[frames.size() / 2], frames.back(), static_cast<long>(over));
            for (const auto& f : slow)
                std::printf("  slow frame: %.1f ms, of which the GUI thread ran %.1f ms (%.1f ms making the frame), %d steps, up to step %d: %s [at %.3f s]\n",
                            f.ms, f.cpu, f.making, f.steps, f.at, qPrintable(f.event), f.when);
        }
        std::printf("steps played during the measurement: %d\n", session.step());
        if (!frames.empty()) {
            std::printf("auto-play CPU: %.1f ms per frame, all threads (CPU time = %.0f%% of the wall-clock time)\n",
                        playCpu / static_cast<double>(frames.size()), 100 * playCpu / wallMs);
            std::printf("GUI thread CPU per frame, median: %.1f ms making the frame, %.1f ms between frames\n",
                        median(frameCpu), median(betweenCpu));
        }
        // 10,000 steps in all (--steps), each published to the models as a person's step is, with the
        // event loop running between batches as it does between a person's key presses.
        const auto start = clock::now();
        const double startCpu = cpuMs();
        const int startStep = session.step();
        int turn = 0;
        while (session.step() < totalSteps && !session.finished()) {
            for (int batch = 0; batch < 20; ++batch) session.stepThread(turn++ % threads);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents();
        }
        const int stepped = std::max(1, session.step() - startStep);
        std::printf("stepping to %d, every step published: %.2f ms per step (%.2f ms of CPU)\n", totalSteps,
                    std::chrono::duration<double, std::milli>(clock::now() - start).count() / stepped,
                    (cpuMs() - startCpu) / stepped);
        std::printf("resident memory after %d steps: %.1f MiB (target < 250 MiB)\n", session.step(),
                    residentKiB() / 1024.0);
        QCoreApplication::quit();
    });
    return QGuiApplication::exec();
}
