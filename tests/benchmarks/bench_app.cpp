// The desktop app's figures: time from process start to the first frame, frame times while
// auto-play runs at full speed, and resident memory after 10,000 steps. Run it under Xvfb with
// software rendering, as the README says:
//   QT_QUICK_BACKEND=software xvfb-run -a -s "-screen 0 1600x1000x24" build/tests/benchmarks/bench_app
#include "session.h"

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
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));

    Session session;
    session.setRounds(1000);  // long enough that 10,000 steps never run out of work
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
    clock::time_point last;
    bool measuring = false, first = true;
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&] {
        const auto now = clock::now();
        if (first) {
            first = false;
            std::printf("launch to first frame: %.0f ms (target < 1500 ms)\n", secondsSinceProcessStart() * 1000);
            // Auto-play at full speed: a step every millisecond, round-robin.
            session.setSpeed(1000);
            session.setPlaying(true);
            QTimer::singleShot(1000, &app, [&] { measuring = true; last = clock::now(); });
            return;
        }
        if (measuring) frames.push_back(std::chrono::duration<double, std::milli>(now - last).count());
        last = now;
    });

    QTimer::singleShot(quick ? 3000 : 11000, &app, [&] {
        measuring = false;
        session.setPlaying(false);
        std::sort(frames.begin(), frames.end());
        if (frames.empty()) {
            std::printf("no frames were rendered during auto-play\n");
        } else {
            const auto over = std::count_if(frames.begin(), frames.end(), [](double ms) { return ms > 33.0; });
            std::printf("auto-play frames: %zu, median %.1f ms (target <= 16), max %.1f ms (target <= 33), %ld over 33 ms\n",
                        frames.size(), frames[frames.size() / 2], frames.back(), static_cast<long>(over));
        }
        std::printf("steps played during the measurement: %d\n", session.step());
        // 10,000 steps in all, each published to the models as a person's step is, with the
        // event loop running between batches as it does between a person's key presses.
        const auto start = clock::now();
        int turn = 0;
        while (session.step() < 10000 && !session.finished()) {
            for (int batch = 0; batch < 20; ++batch) session.stepThread(turn++ % 4);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QCoreApplication::processEvents();
        }
        std::printf("stepping to 10,000, every step published: %.2f ms per step\n",
                    std::chrono::duration<double, std::milli>(clock::now() - start).count() / session.step());
        std::printf("resident memory after %d steps: %.1f MiB (target < 250 MiB)\n", session.step(),
                    residentKiB() / 1024.0);
        QCoreApplication::quit();
    });
    return QGuiApplication::exec();
}
