#include "memorygraph.h"

#include "objectreader.h"

#include <QVariantMap>

#include <algorithm>
#include <map>
#include <set>

using namespace lockstep;

namespace {

int positionOfStep(const weak_location& l, std::uint64_t step) {
    for (std::size_t p = 0; p < l.stores.size(); ++p)
        if (l.stores[p].step == step) return static_cast<int>(p);
    return -1;
}

QString stepId(std::uint64_t step) { return QStringLiteral("s%1").arg(step); }
QString initId(std::int32_t cell) { return QStringLiteral("i%1").arg(cell); }
const QString nextId = QStringLiteral("next");

}  // namespace

MemoryGraph::MemoryGraph(QObject* parent) : QObject(parent) {}

void MemoryGraph::setRun(const std::vector<lockstep::event>& events, const snapshot& s) {
    // Every step publishes; a run without weak cells has no graph, so nothing is copied for it.
    if (s.weak.empty()) {
        if (m_events.empty() && m_nodes.isEmpty()) return;
        m_events.clear();
        m_snapshot = {};
        m_question = {};
        rebuild();
        return;
    }
    const std::size_t n = std::min<std::size_t>(events.size(), s.step);
    m_events.assign(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(n));
    m_snapshot = s;
    // A question about the last state does not carry over to another one.
    m_question = {};
    rebuild();
}

void MemoryGraph::explain(int thread, int cell, int position) {
    m_question = {thread, cell, position};
    rebuild();
}

void MemoryGraph::clearExplanation() {
    if (m_question.thread < 0) return;
    m_question = {};
    rebuild();
}

QString MemoryGraph::nodeOfStore(std::int32_t cell, int position) const {
    const weak_location* l = weakLocation(m_snapshot.weak, cell);
    if (!l || position < 0 || static_cast<std::size_t>(position) >= l->stores.size()) return {};
    const std::uint64_t step = l->stores[static_cast<std::size_t>(position)].step;
    return step == 0 ? initId(cell) : stepId(step);
}


void MemoryGraph::rebuild() {
    m_columns.clear();
    m_nodes.clear();
    m_edges.clear();
    m_ranks = 0;
    m_explanation.clear();
    const snapshot& s = m_snapshot;
    if (s.weak.empty() || !s.shape) {
        emit changed();
        return;
    }
    const layout& shape = *s.shape;
    m_columns << tr("initial");
    for (const auto& name : shape.thread_names) m_columns << q(name);

    std::set<std::int32_t> weakCells;
    for (const auto& l : s.weak) weakCells.insert(l.cell);

    std::set<QString> onCycle;  // node ids
    std::set<std::pair<QString, QString>> cycleEdges;
    auto addNode = [&](const QString& id, int column, int rank, const QString& kind, const QString& text,
                       const QString& detail, bool hypothetical = false) {
        m_nodes << QVariantMap{{"id", id},         {"column", column},  {"rank", rank},
                               {"kind", kind},     {"text", text},      {"detail", detail},
                               {"cycle", false},   {"hypothetical", hypothetical}};
        m_ranks = std::max(m_ranks, rank + 1);
    };
    auto addEdge = [&](const QString& from, const QString& to, const QString& kind, const QString& label = {},
                       bool hypothetical = false) {
        if (from.isEmpty() || to.isEmpty() || from == to) return;
        m_edges << QVariantMap{{"from", from}, {"to", to}, {"kind", kind}, {"label", label},
                               {"cycle", false}, {"hypothetical", hypothetical}};
    };

    // The initial values, one per location the run has touched (or is asked about), down the
    // first column: a scenario makes weak every field any of its variants uses.
    std::set<std::int32_t> touched;
    for (const lockstep::event& e : m_events)
        if (e.cell >= 0 && weakCells.count(e.cell)) touched.insert(e.cell);
    if (m_question.cell >= 0) touched.insert(m_question.cell);
    int initRank = 0;
    for (const auto& l : s.weak)
        if (touched.count(l.cell))
            addNode(initId(l.cell), 0, initRank++, QStringLiteral("init"),
                    cellName(shape, l.cell) + QStringLiteral(" = ") + cellValueText(shape, l.cell, l.stores.front().value),
                    tr("initial value"));

    // The question (below) may pass through a lock, or a barrier that came with an access to a
    // cell that is not weak (set_current_state()'s smp_store_mb), which are drawn only then.
    const Question& qn = m_question;
    const weak_location* l = weakLocation(s.weak, qn.cell);
    const bool asked = l && qn.thread >= 0 && static_cast<std::size_t>(qn.thread) < s.threads.size() &&
                       s.threads[static_cast<std::size_t>(qn.thread)].choice.cell == qn.cell && qn.position >= 0 &&
                       static_cast<std::size_t>(qn.position) <= l->stores.size();
    std::uint64_t causeStep = 0;
    bool causeIsLock = false;
    if (asked) {
        const view_reason& why = l->why.at(static_cast<std::size_t>(qn.thread));
        using vc = view_cause;
        causeIsLock = why.kind == vc::lock || why.kind == vc::unlock_lock;
        if (causeIsLock || why.kind == vc::rmb || why.kind == vc::mb_loads || why.kind == vc::mb_rmws || why.kind == vc::mb_global)
            causeStep = why.step;
    }

    // The accesses and barriers, ranked in the order they ran.
    std::map<thread_id, QString> lastOf;
    int rank = 0;
    for (const lockstep::event& e : m_events) {
        const bool access = e.cell >= 0 && weakCells.count(e.cell);
        const bool cause = causeStep != 0 && e.step == causeStep;
        const bool barrier = (e.cell < 0 && e.ordering && *e.ordering) || (cause && !causeIsLock && !access);
        const bool lock = cause && causeIsLock;
        if (!access && !barrier && !lock) continue;
        const QString id = stepId(e.step);
        const QString detail = tr("%1, step %2").arg(QString::fromUtf8(e.op)).arg(e.step);
        if (barrier || lock) {
            addNode(id, e.thread + 1, rank++, lock ? QStringLiteral("lock") : QStringLiteral("F"), QString::fromUtf8(e.op), detail);
        } else {
            const weak_location& l = *weakLocation(s.weak, e.cell);
            const bool stored = positionOfStep(l, e.step) >= 0;
            const bool read = e.read_from >= 0;
            const QString name = cellName(shape, e.cell);
            QString text;
            if (read && stored)
                text = QStringLiteral("RMW %1 = %2 → %3").arg(name, cellValueText(shape, e.cell, e.old_value),
                                                            cellValueText(shape, e.cell, e.new_value));
            else if (stored)
                text = QStringLiteral("W %1 = %2").arg(name, cellValueText(shape, e.cell, e.new_value));
            else
                text = QStringLiteral("R %1 = %2").arg(name, cellValueText(shape, e.cell, e.new_value));
            addNode(id, e.thread + 1, rank++, read && stored ? QStringLiteral("RMW") : stored ? QStringLiteral("W") : QStringLiteral("R"),
                    text, detail);
            if (read) {
                const int from = positionOfStep(l, static_cast<std::uint64_t>(e.read_from));
                addEdge(nodeOfStore(e.cell, from), id, QStringLiteral("rf"));
                // fr: to the store right after the one it read in coherence order (not its own).
                if (from >= 0 && static_cast<std::size_t>(from + 1) < l.stores.size()) {
                    const QString later = nodeOfStore(e.cell, from + 1);
                    if (later != id) addEdge(id, later, QStringLiteral("fr"));
                }
            }
        }
        if (const auto last = lastOf.find(e.thread); last != lastOf.end()) addEdge(last->second, id, QStringLiteral("po"));
        lastOf[e.thread] = id;
    }
    // Coherence order, store to store.
    for (const auto& l : s.weak)
        for (std::size_t p = 1; p < l.stores.size(); ++p)
            addEdge(nodeOfStore(l.cell, static_cast<int>(p) - 1), nodeOfStore(l.cell, static_cast<int>(p)), QStringLiteral("co"));

    // The question: the access as it would be, and the cycle it would close.
    if (asked) {
        const thread_view& tv = s.threads[static_cast<std::size_t>(qn.thread)];
        const bool write = tv.choice.kind == 'w';
        const QString name = cellName(shape, qn.cell);
        const QString who = q(tv.name);
        const int horizon = l->horizon.at(static_cast<std::size_t>(qn.thread));
        const view_reason& why = l->why.at(static_cast<std::size_t>(qn.thread));
        QString op = q(tv.next_op);
        if (const auto paren = op.indexOf(QLatin1Char('(')); paren > 0) op.truncate(paren);
        addNode(nextId, qn.thread + 1, rank, write ? QStringLiteral("W") : QStringLiteral("R"),
                (write ? QStringLiteral("W ") : QStringLiteral("R ")) + name + QStringLiteral(" ?"),
                tr("%1, its next step").arg(op), true);
        if (const auto last = lastOf.find(qn.thread); last != lastOf.end()) addEdge(last->second, nextId, QStringLiteral("po"), {}, true);
        const QString bound = nodeOfStore(qn.cell, horizon);
        const weak_store& boundStore = l->stores.at(static_cast<std::size_t>(horizon));
        const QString boundText = boundStore.step ? tr("the store of step %1").arg(boundStore.step) : tr("the initial value");
        QStringList words;
        if (write) {
            // Landing in the gap at `position` puts it before the store now there.
            addEdge(nextId, bound, QStringLiteral("co"), tr("lands before"), true);
            words << tr("If %1 stored to %2 before %3 in coherence order (co),").arg(who, name, boundText);
        } else {
            addEdge(nodeOfStore(qn.cell, qn.position), nextId, QStringLiteral("rf"), tr("reads?"), true);
            const weak_store& asked = l->stores.at(std::min(static_cast<std::size_t>(qn.position), l->stores.size() - 1));
            addEdge(nextId, bound, QStringLiteral("fr"), {}, true);
            words << tr("If %1 read %2 = %3 (%4), it would read before %5 in coherence order (fr),")
                         .arg(who, name, cellValueText(shape, qn.cell, asked.value),
                              asked.step ? tr("step %1").arg(asked.step) : tr("the initial value"), boundText);
        }
        onCycle.insert(nextId);
        onCycle.insert(bound);
        cycleEdges.insert({nextId, bound});
        auto chain = [&](const QString& from, const QString& to, const QString& kind, const QString& label) {
            // An edge already drawn between the two joins the cycle (the store a release carried
            // is often its own writer's, po before it); otherwise the argument is drawn as `kind`.
            bool found = false;
            for (auto& v : m_edges) {
                QVariantMap e = v.toMap();
                if (e["from"] == from && e["to"] == to) found = true;
            }
            if (!found) addEdge(from, to, kind, label, to == nextId || from == nextId);
            cycleEdges.insert({from, to});
            onCycle.insert(from);
            onCycle.insert(to);
        };
        const QString at = stepId(why.step);
        const QString via = why.via >= 0 ? cellName(shape, why.via) : QString();
        using vc = view_cause;
        switch (why.kind) {
        case vc::own_read:
        case vc::rmw_read:
            chain(bound, at, QStringLiteral("rf"), {});
            words << tr("which %1 itself read at step %2 (rf), earlier in its program (po):").arg(who).arg(why.step);
            break;
        case vc::own_store:
        case vc::rmw_store:
            chain(bound, nextId, QStringLiteral("po"), {});
            words << tr("which %1 itself stored at step %2, earlier in its program (po):").arg(who).arg(why.step);
            break;
        case vc::acquire:
        case vc::rmw_acquire: {
            const weak_location* vl = weakLocation(s.weak, why.via);
            const int carrier = vl ? positionOfStep(*vl, why.carried) : -1;
            const QString m = nodeOfStore(why.via, carrier);
            chain(bound, m, QStringLiteral("carried"), tr("carried by"));
            chain(m, at, QStringLiteral("rf"), {});
            words << tr("which the store to %1 of step %2 carried (its writer had seen it before releasing), and %3 read "
                        "that store with acquire at step %4 (rf), before this access in its program (po):")
                         .arg(via).arg(why.carried).arg(who).arg(why.step);
            break;
        }
        case vc::mb_loads:
        case vc::mb_rmws:
        case vc::rmb: {
            const QString barrier = why.kind == vc::rmb ? QStringLiteral("smp_rmb") : QStringLiteral("smp_mb");
            const weak_location* vl = why.read_at ? weakLocation(s.weak, why.via) : nullptr;
            if (!vl) {  // the view came in with a lock, not a read the graph can point at
                chain(bound, at, QStringLiteral("carried"), tr("read in, ordered by"));
                words << tr("which an earlier read of %1 carried in and its %2 at step %3 ordered before this access:")
                             .arg(who, barrier).arg(why.step);
                break;
            }
            // The store the earlier read read carried the bound; the barrier orders that read
            // before this access.
            const QString m = nodeOfStore(why.via, positionOfStep(*vl, why.carried));
            const QString read = stepId(why.read_at);
            chain(bound, m, QStringLiteral("carried"), tr("carried by"));
            chain(m, read, QStringLiteral("rf"), {});
            chain(read, at, QStringLiteral("po"), {});
            words << tr("which the store to %1 of %2 carried, and %3 read that store at step %4 (rf), and its %5 at step %6 "
                        "orders that read before this access (po):")
                         .arg(via, why.carried ? tr("step %1").arg(why.carried) : tr("the initial value"), who)
                         .arg(why.read_at)
                         .arg(barrier)
                         .arg(why.step);
            break;
        }
        case vc::mb_global:
            chain(bound, at, QStringLiteral("carried"), tr("published by smp_mb"));
            words << tr("which an earlier smp_mb had published, and %1's smp_mb at step %2 took in:").arg(who).arg(why.step);
            break;
        case vc::lock:
        case vc::unlock_lock:
            chain(bound, at, QStringLiteral("carried"), tr("seen before the unlock"));
            words << tr("which the lock's last holder had seen before it let go, and %1 took the lock at step %2:")
                         .arg(who).arg(why.step);
            break;
        case vc::none:
            words << tr("but nothing bounds %1's view of %2 there: the store is out of reach through an address "
                        "dependency or an RMW that claimed it.").arg(who, name);
            break;
        }
        // Whatever raised the view did so at a step of this thread, before this access.
        const bool ownStore = why.kind == vc::own_store || why.kind == vc::rmw_store;
        if (why.kind != vc::none && !ownStore) chain(at, nextId, QStringLiteral("po"), {});
        if (why.kind != vc::none) words << tr("a cycle, which the kernel's memory model forbids.");
        m_explanation = words.join(QLatin1Char(' '));
        // Mark what lies on the cycle.
        for (auto& v : m_nodes) {
            QVariantMap n = v.toMap();
            if (onCycle.count(n["id"].toString())) {
                n["cycle"] = true;
                v = n;
            }
        }
        for (auto& v : m_edges) {
            QVariantMap e = v.toMap();
            if (cycleEdges.count({e["from"].toString(), e["to"].toString()})) {
                e["cycle"] = true;
                v = e;
            }
        }
    }
    emit changed();
}
