// One row per vm_area_struct: the vm_refcnt word decomposed (writer bit, attached, readers),
// vm_lock_seq against its mm's mm_lock_seq, and the object's life in the slab.
#pragma once

#include <lockstep/snapshot.hpp>

#include "rowsmodel.h"
#include <QStringList>
#include <QtQml/qqmlregistration.h>

class VmaModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("VmaModel belongs to a Session")

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        LifeRole,          // "live", "freed", "unused"
        OwnerRole,         // the mm it belongs to ("mm", "mm B"), "" when NULL
        RefcntRole,        // the raw word
        RefcntTextRole,    // "OFFSET+3", "REFCOUNT_SATURATED (-8)"
        BitsRole,          // QVariantList of bool, most significant first
        WriterBitIndexRole,  // index into Bits of VMA_LOCK_OFFSET
        WriterBitRole,     // VMA_LOCK_OFFSET is set
        CountRole,         // the low bits: attached + readers (+ the writer's own ref in v7)
        SaturatedRole,
        AttachedRole,      // attached to the tree (checker bookkeeping)
        ReaderRefsRole,    // references readers hold, transient ones included
        ReadersInsideRole, // QStringList of thread names inside the vma
        WriterInsideRole,  // the writer between its target and mm_lock_seq++, "" if none
        ExcludingRole,     // the writer that has VMA_LOCK_OFFSET added, "" if none
        DecompositionRole, // "attached 1 + readers 2 + writer O"
        VmLockSeqRole,     // "UINT_MAX", "3"
        MmLockSeqRole,     // the owner mm's mm_lock_seq
        WriteLockedRole,   // vm_lock_seq == mm_lock_seq
        RwsemEraRole,      // the rw_semaphore lock: no vm_refcnt, a vm_lock and a detached flag
        VmLockTextRole,    // rw_semaphore era: "free", "read, held by R1", "write, held by W"
        VmLockWaitersRole, // rw_semaphore era: vm_lock.wait_list, first waiter first
        DetachedRole,      // rw_semaphore era flag
        ChangedRole,       // QStringList of fields changed by the last step
    };
    Q_ENUM(Roles)

    explicit VmaModel(QObject* parent = nullptr);

    void setSnapshot(const lockstep::snapshot& s);

private:
    std::vector<lockstep::value_t> m_previous;  // cells of the last snapshot, to tell what changed
};
