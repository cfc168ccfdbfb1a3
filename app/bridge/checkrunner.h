// Runs the exhaustive check in a worker thread (its own engines, its own fibers), with
// progress and cancel; the GUI thread never waits for it. The search runs with the engine's
// defaults: exhaustive, every reduction on, one worker per core.
#pragma once

#include <lockstep/config.hpp>

#include <QObject>
#include <QString>
#include <QElapsedTimer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <atomic>
#include <memory>

class QThread;

class CheckRunner : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("CheckRunner belongs to a Session")
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(qint64 states READ states NOTIFY progress)
    // While it runs: "123,456 of at most 3,000,000 states, 12 s, 10,300 states/s, the limit
    // in at most 4 min; depth 57, 312 MiB" - how far it is, how fast, the most it can still
    // take, and what it costs.
    Q_PROPERTY(QString progressText READ progressText NOTIFY progress)
    Q_PROPERTY(QString resultText READ resultText NOTIFY finished)
    Q_PROPERTY(QString foundSchedule READ foundSchedule NOTIFY finished)

public:
    explicit CheckRunner(QObject* parent = nullptr);
    ~CheckRunner() override;

    bool running() const { return m_running; }
    qint64 states() const { return m_states.load(); }
    QString resultText() const { return m_resultText; }
    QString progressText() const;
    QString foundSchedule() const { return m_foundSchedule; }

    void start(const lockstep::run_config& cfg);
    Q_INVOKABLE void cancel();
    // Forgets the last result (the run it was about has changed).
    void clear();

signals:
    void runningChanged();
    void progress();
    // The check ended; `schedule` is the shortest violating schedule or "".
    void finished(const QString& schedule);

private:
    void done(const QString& text, const QString& schedule);

    bool m_running = false;
    // Written by the search's threads (check_progress), read by progressText().
    std::atomic<qint64> m_states{0};
    std::atomic<qint64> m_depth{0};
    std::atomic<qint64> m_memoryBytes{0};
    std::atomic<bool> m_cancel{false};
    QString m_resultText;
    QString m_foundSchedule;
    QThread* m_thread = nullptr;
    QTimer m_poll;  // reports progress to QML while the worker runs
    QElapsedTimer m_clock;
    qint64 m_maxStates = 0;
};
