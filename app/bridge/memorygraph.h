// The execution graph of a run under the weak memory model, as herd7 draws one: the accesses to
// weak locations (and the barriers) of each thread in program order (po), which store each read
// read from (rf), the coherence order of each location's stores (co) and, from each read, the
// next store in coherence order it came before (fr).
//
// Asked to explain why a thread's next access cannot take some store (a greyed store in the
// strip), it adds that access as it would be and the cycle it would close: the access would come
// before the store that bounds the thread's view (fr, or co for a store), and that store reaches
// the access through what raised the view (its own read or store, a release carried to an
// acquire, a barrier, a lock), which the engine records as facts for each view.
#pragma once

#include <lockstep/snapshot.hpp>

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class MemoryGraph : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MemoryGraph belongs to a Session")

    // Column titles: the threads, after a first column for the initial values.
    Q_PROPERTY(QStringList columns READ columns NOTIFY changed)
    // Each a map: id, column (0 for initial values, thread + 1), rank (top to bottom, in the
    // order the steps ran), kind ("W", "R", "RMW", "F", "init", "lock"), text ("W alloc.vma = vma"),
    // detail (the operation and step), cycle (on the highlighted cycle), hypothetical.
    Q_PROPERTY(QVariantList nodes READ nodes NOTIFY changed)
    // Each a map: from, to (node ids), kind ("po", "rf", "co", "fr", "carried"), label, cycle,
    // hypothetical.
    Q_PROPERTY(QVariantList edges READ edges NOTIFY changed)
    Q_PROPERTY(int ranks READ ranks NOTIFY changed)
    // The highlighted cycle in words; "" when nothing is being explained.
    Q_PROPERTY(QString explanation READ explanation NOTIFY changed)
    Q_PROPERTY(bool explaining READ explaining NOTIFY changed)

public:
    explicit MemoryGraph(QObject* parent = nullptr);

    // The run so far: its events (the first s.step of them count) and where it stands.
    void setRun(const std::vector<lockstep::event>& events, const lockstep::snapshot& s);

    // Why `thread`'s next access of `cell` cannot take coherence position `position` (a store to
    // read, or for a store the gap to land in): draws it and the cycle it would close.
    Q_INVOKABLE void explain(int thread, int cell, int position);
    Q_INVOKABLE void clearExplanation();

    QStringList columns() const { return m_columns; }
    QVariantList nodes() const { return m_nodes; }
    QVariantList edges() const { return m_edges; }
    int ranks() const { return m_ranks; }
    QString explanation() const { return m_explanation; }
    bool explaining() const { return !m_explanation.isEmpty(); }

signals:
    void changed();

private:
    void rebuild();
    QString nodeOfStore(std::int32_t cell, int position) const;

    std::vector<lockstep::event> m_events;
    lockstep::snapshot m_snapshot;
    struct Question {
        int thread = -1;
        std::int32_t cell = -1;
        int position = -1;
    } m_question;

    QStringList m_columns;
    QVariantList m_nodes;
    QVariantList m_edges;
    int m_ranks = 0;
    QString m_explanation;
};
