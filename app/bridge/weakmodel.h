// The store strip: one row per weak location (under --memory lkmm) that has been stored to or is
// about to be accessed, its stores in coherence order, each thread's view of it, and for every
// thread whose next operation accesses it which stores that operation may read (or where a store
// may land) and why the others are out of reach. Locations some thread is about to access come
// first: that is where the next choice is.
#pragma once

#include <lockstep/snapshot.hpp>

#include "rowsmodel.h"
#include <QtQml/qqmlregistration.h>

class WeakModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("WeakModel belongs to a Session")
    // The thread Enter steps to the newest store: the first whose next operation has more than
    // one outcome, else the first about to access a weak location (-1 when none is).
    Q_PROPERTY(int chooser READ chooser NOTIFY chooserChanged)
    // The weak locations nothing has stored to and no thread is about to access: named in one
    // line rather than drawn (a scenario makes weak every field any of its variants uses).
    Q_PROPERTY(QStringList untouched READ untouched NOTIFY chooserChanged)

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,  // "alloc.pages"
        CellRole,
        // QVariantList, oldest first, of maps: value, writer ("" for the initial value), step,
        // op, release (a release store or RMW), reserved, carries (QVariantList of
        // {field, value, step}: what a reader that synchronises with it learns), viewOf
        // (QStringList: the threads whose view of this location starts here), pulledIn
        // (QStringList, "S by acquire": those of them the last step's acquire, barrier or lock
        // moved here).
        StoresRole,
        // QVariantList of the threads whose next operation accesses this location, each a map:
        // thread (name), threadIndex, op ("smp_load_acquire"), kind ("r" or "w"), options
        // (by store position: the option that reads it, -1 when it is out of reach; for "w" by
        // gap position 0..stores: the option that lands there), count (how many options),
        // horizon (position of the oldest store it may read), reason (why nothing older, in
        // words), reasonStep.
        PendingRole,
        GlobalRole,   // the position smp_mb has published (the global board)
        ChangedRole,  // a store was added or a view moved in the last step
    };
    Q_ENUM(Roles)

    explicit WeakModel(QObject* parent = nullptr);

    void setSnapshot(const lockstep::snapshot& s);
    int chooser() const { return m_chooser; }
    QStringList untouched() const { return m_untouched; }

signals:
    void chooserChanged();

private:
    int m_chooser = -1;
    QStringList m_untouched;
    std::vector<lockstep::weak_location> m_previous;
};
