#include "weakmodel.h"

#include "objectreader.h"

#include <QVariantMap>

using namespace lockstep;

namespace {

QString threadName(const layout& shape, thread_id t) {
    return t >= 0 && static_cast<std::size_t>(t) < shape.thread_names.size() ? q(shape.thread_names[t]) : QString();
}

}  // namespace

WeakModel::WeakModel(QObject* parent)
    : RowsModel({{NameRole, "name"},
                 {CellRole, "cell"},
                 {StoresRole, "stores"},
                 {PendingRole, "pending"},
                 {GlobalRole, "global"},
                 {ChangedRole, "changed"}},
                parent) {}

namespace {

// What raised a view, when it is something that pulls in what other threads' stores carried.
QString pulledBy(view_cause kind) {
    switch (kind) {
    case view_cause::acquire:
    case view_cause::rmw_acquire: return QObject::tr("acquire");
    case view_cause::rmb: return QStringLiteral("smp_rmb");
    case view_cause::mb_loads:
    case view_cause::mb_rmws:
    case view_cause::mb_global: return QStringLiteral("smp_mb");
    case view_cause::lock:
    case view_cause::unlock_lock: return QObject::tr("a lock");
    default: return {};
    }
}

}  // namespace

void WeakModel::setSnapshot(const snapshot& s) {
    const layout& shape = *s.shape;
    auto accessed = [&](const weak_location& l) {
        for (const thread_view& t : s.threads)
            if (t.choice.cell == l.cell) return true;
        return false;
    };
    std::vector<const weak_location*> shown;
    QStringList untouched;
    for (const weak_location& l : s.weak)
        if (accessed(l)) shown.push_back(&l);
    for (const weak_location& l : s.weak)
        if (!accessed(l)) {
            if (l.stores.size() > 1) shown.push_back(&l);
            else untouched << cellName(shape, l.cell);
        }
    std::vector<Row> rows;
    for (const weak_location* at : shown) {
        const weak_location& l = *at;
        const weak_location* before = weakLocation(m_previous, l.cell);
        QVariantList stores;
        for (std::size_t p = 0; p < l.stores.size(); ++p) {
            const weak_store& w = l.stores[p];
            QVariantList carries;
            for (const auto& c : w.carries) {
                const weak_location* other = weakLocation(s.weak, c.cell);
                if (!other || c.position < 0 || static_cast<std::size_t>(c.position) >= other->stores.size()) continue;
                const weak_store& seen = other->stores[static_cast<std::size_t>(c.position)];
                carries << QVariantMap{{"field", cellName(shape, c.cell)},
                                       {"value", cellValueText(shape, c.cell, seen.value)},
                                       {"step", static_cast<qulonglong>(seen.step)}};
            }
            QStringList viewOf, pulledIn;
            for (std::size_t t = 0; t < l.horizon.size(); ++t) {
                if (l.horizon[t] != static_cast<int>(p)) continue;
                viewOf << threadName(shape, static_cast<thread_id>(t));
                // A view this very step pulled forward by what orders reads (acquire, a barrier,
                // a lock), not by the thread's own access here: the strip says by what.
                const bool rose = before && t < before->horizon.size() && before->horizon[t] < l.horizon[t];
                if (const QString by = pulledBy(l.why.at(t).kind); rose && !by.isEmpty() && l.why.at(t).step == s.step)
                    pulledIn << tr("%1 by %2").arg(threadName(shape, static_cast<thread_id>(t)), by);
            }
            stores << QVariantMap{{"value", cellValueText(shape, l.cell, w.value)},
                                  {"writer", threadName(shape, w.writer)},
                                  {"step", static_cast<qulonglong>(w.step)},
                                  {"op", q(w.op)},
                                  {"release", w.release},
                                  {"reserved", w.reserved},
                                  {"carries", carries},
                                  {"viewOf", viewOf},
                                  {"pulledIn", pulledIn}};
        }
        QVariantList pending;
        for (std::size_t t = 0; t < s.threads.size(); ++t) {
            const thread_view& tv = s.threads[t];
            if (tv.choice.cell != l.cell) continue;
            const bool write = tv.choice.kind == 'w';
            QVariantList options;
            const std::size_t places = l.stores.size() + (write ? 1 : 0);
            for (std::size_t p = 0; p < places; ++p) options << -1;
            for (std::size_t o = 0; o < tv.choice.positions.size(); ++o) {
                const int p = tv.choice.positions[o];
                if (p >= 0 && static_cast<std::size_t>(p) < places) options[p] = static_cast<int>(o);
            }
            const view_reason& why = l.why.at(t);
            QString op = q(tv.next_op);
            if (const auto paren = op.indexOf(QLatin1Char('(')); paren > 0) op.truncate(paren);
            pending << QVariantMap{{"thread", q(tv.name)},
                                   {"threadIndex", static_cast<int>(t)},
                                   {"op", op},
                                   {"kind", write ? QStringLiteral("w") : QStringLiteral("r")},
                                   {"options", options},
                                   {"count", static_cast<int>(tv.choice.positions.size())},
                                   {"horizon", l.horizon.at(t)},
                                   {"reason", q(why.text)},
                                   {"reasonStep", static_cast<qulonglong>(why.step)}};
        }
        // What moved since the last step: a new store, or some thread's view.
        const bool changed = before && (before->stores.size() != l.stores.size() || before->horizon != l.horizon ||
                                        before->global != l.global);
        rows.push_back({cellName(shape, l.cell), l.cell, stores, pending, l.global, changed});
    }
    setRows(std::move(rows));
    m_previous = s.weak;
    // Enter's thread: one with a real choice first, else one about to access a weak location
    // at all (the strip's ⏎ button is its newest store either way).
    int chooser = -1;
    for (std::size_t t = 0; t < s.threads.size() && chooser < 0; ++t)
        if (s.threads[t].choice.positions.size() > 1 && s.threads[t].state == thread_state::runnable)
            chooser = static_cast<int>(t);
    for (std::size_t t = 0; t < s.threads.size() && chooser < 0; ++t)
        if (!s.threads[t].choice.positions.empty() && s.threads[t].state == thread_state::runnable)
            chooser = static_cast<int>(t);
    if (chooser != m_chooser || untouched != m_untouched) {
        m_chooser = chooser;
        m_untouched = untouched;
        emit chooserChanged();
    }
}
