#include "threadmodel.h"

#include "objectreader.h"
#include "sourcecache.h"

#include <algorithm>

using namespace lockstep;

ThreadModel::ThreadModel(QObject* parent)
    : RowsModel({{NameRole, "name"},
                 {StateRole, "state"},
                 {StateTextRole, "stateText"},
                 {CanRunRole, "canRun"},
                 {InRcuRole, "inRcu"},
                 {StackRole, "stack"},
                 {StackTextRole, "stackText"},
                 {FileRole, "file"},
                 {LineRole, "line"},
                 {NextOpRole, "nextOp"},
                 {LabelRole, "label"},
                 {WaitingForRole, "waitingFor"},
                 {LocksHeldRole, "locksHeld"},
                 {InvolvedRole, "involved"},
                 {SourceLinesRole, "sourceLines"},
                 {TaskFlagsRole, "taskFlags"},
                 {KernelStateRole, "kernelState"},
                 {KernelStateTextRole, "kernelStateText"},
                 {SignalPendingRole, "signalPending"},
                 {MemdieRole, "memdie"},
                 {OutcomesRole, "outcomes"},
                 {OutcomeKindRole, "outcomeKind"}},
                parent, Resize::reset),
      m_sources(std::make_unique<SourceCache>()) {}

ThreadModel::~ThreadModel() = default;

QString ThreadModel::nameAt(int row) const {
    return row >= 0 && row < rowCount() ? data(index(row), NameRole).toString() : QString();
}

void ThreadModel::setSwitches(const std::map<std::string, bool>& switches) { m_sources->setSwitches(switches); }

namespace {

// The badge's words: what the thread is doing, in the terms of the algorithm.
QString stateText(const thread_view& t, bool running) {
    switch (t.state) {
    case thread_state::runnable:
        if (running) return t.in_rcu ? QObject::tr("running, inside an RCU read section") : QObject::tr("running");
        return t.in_rcu ? QObject::tr("runnable, inside an RCU read section") : QObject::tr("runnable");
    case thread_state::sleeping:
        if (std::find(t.stack.begin(), t.stack.end(), "rcuwait_wait_event") != t.stack.end())
            return QObject::tr("sleeping on the writer wait");
        return t.interruptible ? QObject::tr("sleeping (interruptible)") : QObject::tr("sleeping");
    case thread_state::blocked: {
        // "waiting for mmap_lock, held by W" -> "blocked on mmap_lock"
        QString lock = QString::fromStdString(t.waiting_for).section(QLatin1Char(','), 0, 0);
        lock.remove(QStringLiteral("waiting for "));
        return QObject::tr("blocked on %1").arg(lock);
    }
    case thread_state::spinning:
        return QString::fromStdString(t.waiting_for).startsWith(QStringLiteral("spinning on"))
                   ? QString::fromStdString(t.waiting_for).section(QLatin1Char(','), 0, 0)
                   : QObject::tr("retrying, never asleep");
    case thread_state::done:
        return QObject::tr("done");
    case thread_state::killed:
        return QObject::tr("killed");
    }
    return {};
}

QStringList toStringList(const std::vector<std::string>& v) {
    QStringList list;
    for (const auto& s : v) list << QString::fromStdString(s);
    return list;
}

}  // namespace

void ThreadModel::setSnapshot(const snapshot& s, thread_id running, const std::vector<thread_id>& involved) {
    // Rows offered either side of the next operation; SourceView shows as many as the lane fits.
    constexpr int context = 10;
    std::vector<Row> rows;
    for (std::size_t i = 0; i < s.threads.size(); ++i) {
        const thread_view& t = s.threads[i];
        const auto id = static_cast<thread_id>(i);
        const bool live = t.state != thread_state::done && t.state != thread_state::killed;
        const bool isRunning = id == running && t.state == thread_state::runnable;
        // A script's thread (a litmus test's) shows the script; the others the engine's C++.
        const bool scripted = !s.shape->script.empty() && t.script_line > 0;
        const QString file = !live ? QString()
                             : scripted ? SourceCache::scriptPath(QString::fromStdString(s.shape->script))
                                        : SourceCache::relativePath(t.where.file_name());
        const int line = scripted ? t.script_line : static_cast<int>(t.where.line());
        const int column = scripted ? 1 : static_cast<int>(t.where.column());
        const QStringList stack = toStringList(t.stack);
        // The thread's task_struct (named as the thread); the VMA family's has no TIF_MEMDIE.
        const field_info* memdie = find_field(*s.shape, t.name, "TIF_MEMDIE");
        rows.push_back({QString::fromStdString(t.name),
                        isRunning ? QStringLiteral("running") : QString::fromUtf8(to_string(t.state)),
                        stateText(t, isRunning),
                        t.state == thread_state::runnable,
                        t.in_rcu,
                        stack,
                        stack.join(QStringLiteral(" › ")),
                        file,
                        live ? line : 0,
                        QString::fromStdString(t.next_op),
                        QString::fromStdString(t.label),
                        QString::fromStdString(t.waiting_for),
                        toStringList(t.locks_held),
                        std::find(involved.begin(), involved.end(), id) != involved.end(),
                        file.isEmpty() ? QVariantList()
                                       : m_sources->around(file, line, column, context),
                        memdie != nullptr,
                        QString(QLatin1Char(t.kernel_state)),
                        kernelStateText(t.kernel_state),
                        t.signal_pending,
                        memdie != nullptr && s.cells[memdie->cell] != 0,
                        std::max(1, static_cast<int>(t.choice.positions.size())),
                        t.choice.kind ? QString(QLatin1Char(t.choice.kind)) : QString()});
    }
    setRows(std::move(rows));
}
