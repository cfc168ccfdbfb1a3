// One row per mm_struct: mmap_lock (mode, owner, readers, waiters), mm_lock_seq, the
// vma_writer_wait rcuwait slot and the mm's own lifetime.
#pragma once

#include <lockstep/snapshot.hpp>

#include "rowsmodel.h"
#include <QtQml/qqmlregistration.h>

class MmModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("MmModel belongs to a Session")

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        LifeRole,            // "live", "freed"
        MmapLockModeRole,    // "free", "read", "write"
        MmapLockTextRole,    // "write, held by W", "read by R1, R2", "free"
        MmapLockWaitersRole, // QStringList of threads waiting for it
        MmLockSeqRole,       // number as text
        SeqWriteLockedRole,  // odd: the mmap lock is write-held
        WaitSlotRole,        // the task in vma_writer_wait, "" when NULL
        MmCountRole,
        TreeRole,            // what mm_mt (the tree, reduced to the faulting range) holds: a vma's name or "NULL"
        ChangedRole,         // QStringList of fields changed by the last step
        FieldsRole,          // QStringList of the fields this mm has (a scenario models only some)
    };
    Q_ENUM(Roles)

    explicit MmModel(QObject* parent = nullptr);

    void setSnapshot(const lockstep::snapshot& s);

private:
    std::vector<lockstep::value_t> m_previous;
};
