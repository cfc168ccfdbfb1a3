#include "checkrunner.h"

#include <lockstep/engine.hpp>
#include <lockstep/explorer.hpp>
#include <lockstep/schedule.hpp>

#include <QLocale>
#include <QThread>

CheckRunner::CheckRunner(QObject* parent) : QObject(parent) {
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &CheckRunner::progress);
}

CheckRunner::~CheckRunner() {
    cancel();
    if (m_thread) m_thread->wait();
}

void CheckRunner::start(const lockstep::run_config& cfg) {
    if (m_running) return;
    m_cancel = false;
    m_states = 0;
    m_depth = 0;
    m_memoryBytes = 0;
    m_running = true;
    m_maxStates = static_cast<qint64>(lockstep::check_options{}.max_states);
    m_clock.start();
    emit runningChanged();

    // The search builds its own engines on the worker thread (fibers belong to the thread
    // that made them) and reports back through queued calls.
    m_thread = QThread::create([this, cfg] {
        lockstep::check_options options;  // the defaults: exhaustive, reductions on, all cores
        options.cancel = &m_cancel;
        options.progress = [this](const lockstep::check_progress& p) {
            m_states = static_cast<qint64>(p.states);
            m_depth = static_cast<qint64>(p.depth);
            m_memoryBytes = static_cast<qint64>(p.memory_bytes);
            return true;
        };
        QString text, schedule;
        try {
            const lockstep::check_result r = lockstep::check(cfg, options);
            m_states = static_cast<qint64>(r.states);
            if (r.cancelled) {
                text = tr("Cancelled after %1 states.").arg(QLocale().toString(static_cast<qulonglong>(r.states)));
            } else if (r.violation) {
                lockstep::engine names(cfg);
                schedule = QString::fromStdString(lockstep::format_schedule(*r.violation, names));
                // The depth-first search meets a violation; a breadth-first pass then makes it
                // shortest, and that pass's states are most of the work.
                const QString states = r.shortest_states
                                           ? tr("%1 states, then %2 for the shortest schedule")
                                                 .arg(QLocale().toString(static_cast<qulonglong>(r.states)),
                                                      QLocale().toString(static_cast<qulonglong>(r.shortest_states)))
                                           : QLocale().toString(static_cast<qulonglong>(r.states)) + tr(" states");
                text = tr("Found in %1 (%2 s): %3 steps. %4")
                           .arg(states)
                           .arg(r.seconds, 0, 'f', 2)
                           .arg(r.violation->size())
                           .arg(QString::fromStdString(r.verdicts.front().message));
            } else if (r.complete) {
                text = tr("No violation in any interleaving (%1 states, %2 s%3).")
                           .arg(QLocale().toString(static_cast<qulonglong>(r.states)))
                           .arg(r.seconds, 0, 'f', 2)
                           .arg(r.peak_memory_bytes ? tr(", peak memory %1 MiB").arg(qRound64(r.peak_memory_bytes / 1048576.0))
                                                    : QString());
            } else {
                // Said first: a search that stopped short proves nothing.
                text = tr("Stopped short, nothing proven: no violation in the %1 states searched (%2 s), but the "
                          "search reached its limit (%3) before it had seen every interleaving.")
                           .arg(QLocale().toString(static_cast<qulonglong>(r.states)))
                           .arg(r.seconds, 0, 'f', 1)
                           .arg(r.hit_step_bound ? tr("runs longer than %1 steps").arg(static_cast<qulonglong>(options.max_steps))
                                                 : tr("%1 states").arg(static_cast<qulonglong>(options.max_states)));
            }
        } catch (const std::exception& e) {
            text = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(this, [this, text, schedule] { done(text, schedule); }, Qt::QueuedConnection);
    });
    m_poll.start();
    m_thread->start();
}

void CheckRunner::cancel() { m_cancel = true; }

void CheckRunner::clear() {
    if (m_running || (m_resultText.isEmpty() && m_foundSchedule.isEmpty())) return;
    m_resultText.clear();
    m_foundSchedule.clear();
    emit finished(QString());
}

QString CheckRunner::progressText() const {
    if (!m_running) return {};
    const qint64 states = m_states.load();
    const double seconds = m_clock.elapsed() / 1000.0;
    const double rate = seconds > 0.5 ? states / seconds : 0;
    const QLocale locale;
    // The time so far, in minutes and seconds once it is long ("12 min 05 s").
    const qint64 whole = qint64(seconds);
    const QString elapsed = whole < 90 ? tr("%1 s").arg(whole)
                                        : tr("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
    QString text = tr("%1 of at most %2 states, %3").arg(locale.toString(states), locale.toString(m_maxStates), elapsed);
    if (rate > 0) {
        text += tr(", %1 states/s").arg(locale.toString(qRound64(rate)));
        // The search ends at the latest when it reaches the state limit.
        const double left = (m_maxStates - states) / rate;
        text += left < 90        ? tr(", the limit in at most %1 s").arg(qRound(left))
                : left < 90 * 60 ? tr(", the limit in at most %1 min").arg(qRound(left / 60))
                                 : tr(", the limit in at most %1 h").arg(locale.toString(qRound64(left / 3600)));
    }
    // What it costs so far: how deep the schedules go, and the resident memory (the search's
    // visited set is most of it).
    const qint64 depth = m_depth.load(), memory = m_memoryBytes.load();
    if (depth > 0) text += tr("; depth %1").arg(depth);
    if (memory > 0) text += (depth > 0 ? tr(", %1 MiB") : tr("; %1 MiB")).arg(locale.toString(qRound64(memory / 1048576.0)));
    return text;
}

void CheckRunner::done(const QString& text, const QString& schedule) {
    m_poll.stop();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_resultText = text;
    m_foundSchedule = schedule;
    m_running = false;
    emit progress();
    emit runningChanged();
    emit finished(schedule);
}
