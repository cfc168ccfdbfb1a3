// The timeline: one row per event of the whole timeline, those ahead of the current step
// (after going back) included and marked as ahead.
#pragma once

#include <lockstep/snapshot.hpp>

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

class EventModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("EventModel belongs to a Session")
    Q_PROPERTY(int threadCount READ threadCount NOTIFY threadCountChanged)

public:
    enum Roles {
        StepRole = Qt::UserRole + 1,
        ThreadRole,      // index of the thread that performed it
        ThreadNameRole,
        FunctionRole,
        LineRole,
        OpRole,
        TextRole,        // "refcount_dec_and_test  vma.vm_refcnt  OFFSET+3 -> OFFSET+2"
        WokeRole,        // index of the thread it woke, -1 if none
        AheadRole,       // after the current step (reachable with Forward)
        VerdictHereRole, // a violation was found at this step
    };
    Q_ENUM(Roles)

    explicit EventModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int threadCount() const { return m_threadCount; }

    // The timeline's events, the current step, the steps with verdicts, and the layout to
    // name fields and values.
    void setTimeline(const std::vector<lockstep::event>& events, std::uint64_t current,
                     const std::vector<std::uint64_t>& verdictSteps, const lockstep::layout& shape);

signals:
    void threadCountChanged();

private:
    struct Row {
        int step, thread, line, woke;
        QString threadName, function, op, text;
        lockstep::event raw;  // to tell quickly whether a new timeline shares this row
    };
    std::vector<Row> m_rows;
    std::uint64_t m_current = 0;
    std::vector<std::uint64_t> m_verdictSteps;
    int m_threadCount = 0;
};

// "refcount_dec_and_test  vma.vm_refcnt  OFFSET+3 -> OFFSET+2": how an event reads in a list.
QString describeEvent(const lockstep::event& e, const lockstep::layout& shape);
