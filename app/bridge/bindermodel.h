// The cards of binder's shared state, one row per card: the globals (binder_main_lock,
// binder_deferred_lock), the OOM killer with the zone, each binder_proc, each thread (its
// binder_thread, its task_struct and its user page together) and each process's mm_struct.
// In a run of binder's allocator (binder_alloc), one card per object of it instead: the
// binder_alloc, the vma with its slab life, the page array, the buffer.
//
// Which fields exist depends on the variant (v4.14 has no binder_main_lock but an inner spinlock,
// the RFC adds threads_lock, the reaper's variants add oom_reaper_*), so a card does not have a
// fixed set of roles: it carries its rows, each a map the QML draws as it is told (a value, a
// lock with its owner and FIFO waiters, a wait queue with exclusive entries marked, a flags word
// as named bits). QML computes nothing: every word it shows is made here.
#pragma once

#include <lockstep/snapshot.hpp>

#include "rowsmodel.h"

#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <set>
#include <string>

class BinderModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("BinderModel belongs to a Session")

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,  // "binder", "oom", "proc P1", "B1" (a thread), "mm P1"
        KindRole,      // "globals", "oom", "proc", "thread", "mm", "object" (binder_alloc's)
        TypeRole,      // what the kernel calls it: "binder globals", "binder_proc", "binder_thread + task_struct"
        // QVariantList of QVariantMap, one per line of the card, in the order drawn:
        //   kind     "value", "lock", "queue", "bits" or "section" (a sub-heading)
        //   label    what the kernel calls the field ("binder_main_lock", "todo")
        //   key      "object.field", what a lesson's highlight names ("binder.binder_main_lock")
        //   value    the text shown ("B7", "free", "3", "BR_OK", "0x12 (ENTERED|WAITING)")
        //   strong   the value is worth the eye (a held lock, a set flag, a non-empty list)
        //   tone     "" or "danger" (TIF_MEMDIE set, a lock on the wait-for cycle)
        //   changed  the last step changed it
        //   waiters  lock and queue: [{name, exclusive}] first waiter first
        //   bits     bits: [{index, name, on, lost}] most significant first ("lost": the
        //            checker's own record has the bit and the word does not, see K3)
        //   inCycle  lock: on the wait-for cycle of the K1 verdict
        //   tip      a sentence for the tooltip, "" for none
        FieldsRole,
        // Checker bookkeeping, not kernel memory: [{label, value, changed}].
        GhostsRole,
        InCycleRole,   // the card holds a node of the wait-for cycle (a thread of it, or a lock)
        ChangedRole,   // QStringList of "object.field" changed by the last step
    };
    Q_ENUM(Roles)

    explicit BinderModel(QObject* parent = nullptr);

    // `cycleKeys`: what the current K1 verdict's cycle passes through, as "object.lock" keys
    // for locks and thread names for threads (empty without such a verdict).
    void setSnapshot(const lockstep::snapshot& s, const std::set<std::string>& cycleKeys);

private:
    void allocCards(const lockstep::snapshot& s, const std::vector<lockstep::value_t>& previous,
                    const std::set<std::string>& cycleKeys, std::vector<Row>& rows) const;
    std::vector<lockstep::value_t> m_previous;
};
