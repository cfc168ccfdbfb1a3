#include "vmamodel.h"

#include "objectreader.h"

using namespace lockstep;

VmaModel::VmaModel(QObject* parent)
    : RowsModel({{NameRole, "name"},
                 {LifeRole, "life"},
                 {OwnerRole, "owner"},
                 {RefcntRole, "refcnt"},
                 {RefcntTextRole, "refcntText"},
                 {BitsRole, "bits"},
                 {WriterBitIndexRole, "writerBitIndex"},
                 {WriterBitRole, "writerBit"},
                 {CountRole, "count"},
                 {SaturatedRole, "saturated"},
                 {AttachedRole, "attached"},
                 {ReaderRefsRole, "readerRefs"},
                 {ReadersInsideRole, "readersInside"},
                 {WriterInsideRole, "writerInside"},
                 {ExcludingRole, "excluding"},
                 {DecompositionRole, "decomposition"},
                 {VmLockSeqRole, "vmLockSeq"},
                 {MmLockSeqRole, "mmLockSeq"},
                 {WriteLockedRole, "writeLocked"},
                 {RwsemEraRole, "rwsemEra"},
                 {VmLockTextRole, "vmLockText"},
                 {VmLockWaitersRole, "vmLockWaiters"},
                 {DetachedRole, "detached"},
                 {ChangedRole, "changed"}},
                parent) {}

namespace {

QString rwsemText(const snapshot& s, const ObjectReader& vma) {
    QString text = QObject::tr("free");
    const QString writer = vma.pointee("vm_lock.owner");
    const QStringList readers = threadNames(s, vma.value("vm_lock.read holders"));
    if (!writer.isEmpty())
        text = QObject::tr("write, held by %1").arg(writer);
    else if (!readers.isEmpty())
        text = QObject::tr("read, held by %1").arg(readers.join(QStringLiteral(", ")));
    return text;
}

}  // namespace

void VmaModel::setSnapshot(const snapshot& s) {
    std::vector<Row> rows;
    for (const auto& object : s.shape->objects) {
        if (object.type != "vm_area_struct") continue;
        const ObjectReader vma(s, object, &m_previous);
        // A vma another family names but does not model the lock of (binder_alloc's): no card.
        if (!vma.has("vm_refcnt") && !vma.has("vm_lock.owner")) continue;
        const bool rwsem = !vma.has("vm_refcnt");
        const field_info* refcnt = vma.find("vm_refcnt");
        const value_t O = refcnt ? refcnt->offset : 0;
        const int bits = refcnt ? refcnt->bits : 0;
        const value_t word = vma.value("vm_refcnt");
        const refcnt_parts parts = decode_refcnt(word, O);

        QVariantList bitList;  // most significant first
        int writerIndex = -1;
        for (int b = bits - 1; b >= 0; --b) {
            if ((value_t{1} << b) == O) writerIndex = static_cast<int>(bitList.size());
            bitList << QVariant(((static_cast<std::uint64_t>(word) >> b) & 1) != 0);
        }

        // The owner mm's sequence: the vma is write-locked while the two are equal.
        QString mmSeq;
        bool writeLocked = false;
        const value_t owner = vma.value("vm_mm");
        if (owner > 0) {
            const ObjectReader mm(s, s.shape->objects[owner - 1], nullptr);
            mmSeq = mm.text("mm_lock_seq");
            writeLocked = mm.value("mm_lock_seq") == vma.value("vm_lock_seq");
        }
        const QString excluding = vma.pointee("excluding readers");

        rows.push_back({QString::fromStdString(object.name),
                        vma.text("slab"),
                        vma.pointee("vm_mm"),
                        QVariant::fromValue<qint64>(word),
                        rwsem ? QString() : vma.text("vm_refcnt"),
                        bitList,
                        writerIndex,
                        !rwsem && parts.writer,
                        QVariant::fromValue<qint64>(parts.count),
                        !rwsem && parts.saturated,
                        vma.value("attached") != 0,
                        static_cast<int>(vma.value("reader refs")),
                        threadNames(s, vma.value("readers inside")),
                        vma.pointee("writer inside"),
                        excluding,
                        rwsem ? QString() : refcntDecomposition(vma),
                        vma.text("vm_lock_seq"),
                        mmSeq,
                        writeLocked,
                        rwsem,
                        rwsem ? rwsemText(s, vma) : QString(),
                        rwsem ? queueNames(s, vma.value("vm_lock.wait_list")) : QStringList(),
                        rwsem && vma.value("detached") != 0,
                        vma.changed()});
    }
    setRows(std::move(rows));
    m_previous = s.cells;
}
