#include "eventmodel.h"

#include <algorithm>

using namespace lockstep;

QString describeEvent(const event& e, const layout& shape) {
    return QString::fromStdString(describe_event(e, shape)).replace(QStringLiteral(" -> "), QStringLiteral(" → "));
}

EventModel::EventModel(QObject* parent) : QAbstractListModel(parent) {}

int EventModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QHash<int, QByteArray> EventModel::roleNames() const {
    return {{StepRole, "step"},         {ThreadRole, "thread"}, {ThreadNameRole, "threadName"},
            {FunctionRole, "function"}, {LineRole, "line"},     {OpRole, "op"},
            {TextRole, "text"},         {WokeRole, "woke"},     {AheadRole, "ahead"},
            {VerdictHereRole, "verdictHere"}};
}

QVariant EventModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case StepRole: return r.step;
    case ThreadRole: return r.thread;
    case ThreadNameRole: return r.threadName;
    case FunctionRole: return r.function;
    case LineRole: return r.line;
    case OpRole: return r.op;
    case TextRole: return r.text;
    case WokeRole: return r.woke;
    case AheadRole: return static_cast<std::uint64_t>(r.step) > m_current;
    case VerdictHereRole:
        return std::find(m_verdictSteps.begin(), m_verdictSteps.end(), static_cast<std::uint64_t>(r.step)) !=
               m_verdictSteps.end();
    }
    return {};
}

void EventModel::setTimeline(const std::vector<lockstep::event>& events, std::uint64_t current,
                             const std::vector<std::uint64_t>& verdictSteps, const layout& shape) {
    const int threads = static_cast<int>(shape.thread_names.size());
    if (threads != m_threadCount) {
        m_threadCount = threads;
        emit threadCountChanged();
    }
    // Keep the rows both timelines share; replace what follows (a new line after going back).
    std::size_t same = 0;
    while (same < m_rows.size() && same < events.size()) {
        const lockstep::event& r = m_rows[same].raw;
        const lockstep::event& e = events[same];
        if (r.step != e.step || r.thread != e.thread || r.op != e.op || r.cell != e.cell ||
            r.old_value != e.old_value || r.new_value != e.new_value || r.failed != e.failed || r.woke != e.woke)
            break;
        ++same;
    }
    if (same < m_rows.size()) {
        beginRemoveRows({}, static_cast<int>(same), static_cast<int>(m_rows.size()) - 1);
        m_rows.resize(same);
        endRemoveRows();
    }
    if (same < events.size()) {
        beginInsertRows({}, static_cast<int>(same), static_cast<int>(events.size()) - 1);
        for (std::size_t i = same; i < events.size(); ++i) {
            const lockstep::event& e = events[i];
            m_rows.push_back({static_cast<int>(e.step), e.thread, static_cast<int>(e.where.line()),
                              e.woke == no_thread ? -1 : e.woke, QString::fromStdString(shape.thread_names[e.thread]),
                              QString::fromUtf8(e.function), QString::fromUtf8(e.op), describeEvent(e, shape), e});
        }
        endInsertRows();
    }
    // Only the rows between the old and the new current step change sides.
    const std::uint64_t lo = std::min(current, m_current), hi = std::max(current, m_current);
    const bool verdictsMoved = verdictSteps != m_verdictSteps;
    m_current = current;
    m_verdictSteps = verdictSteps;
    if (m_rows.empty()) return;
    if (verdictsMoved) {
        emit dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1), {AheadRole, VerdictHereRole});
    } else if (hi > lo) {
        const int first = static_cast<int>(std::min<std::uint64_t>(lo, m_rows.size() - 1));
        const int last = static_cast<int>(std::min<std::uint64_t>(hi, m_rows.size()) - 1);
        if (last >= first) emit dataChanged(index(first), index(last), {AheadRole});
    }
}
