#include "mmmodel.h"

#include "objectreader.h"

using namespace lockstep;

namespace {
// The top-level fields ("mmap_lock" for "mmap_lock.owner"), which the card's rows are.
QStringList fieldNames(const object_info& object) {
    QStringList names;
    for (const auto& f : object.fields) {
        const QString name = QString::fromStdString(f.name).section(QLatin1Char('.'), 0, 0);
        if (!names.contains(name)) names << name;
    }
    return names;
}
}  // namespace

MmModel::MmModel(QObject* parent)
    : RowsModel({{NameRole, "name"},
                 {LifeRole, "life"},
                 {MmapLockModeRole, "mmapLockMode"},
                 {MmapLockTextRole, "mmapLockText"},
                 {MmapLockWaitersRole, "mmapLockWaiters"},
                 {MmLockSeqRole, "mmLockSeq"},
                 {SeqWriteLockedRole, "seqWriteLocked"},
                 {WaitSlotRole, "waitSlot"},
                 {MmCountRole, "mmCount"},
                 {TreeRole, "tree"},
                 {ChangedRole, "changed"},
                 {FieldsRole, "fields"}},
                parent) {}

void MmModel::setSnapshot(const snapshot& s) {
    std::vector<Row> rows;
    for (const auto& object : s.shape->objects) {
        // The VMA family's mm_struct; binder's (mmap_sem, mm_users, ...) has a card of its own.
        if (object.type != "mm_struct" || !ObjectReader(s, object, nullptr).has("mmap_lock.owner")) continue;
        const ObjectReader mm(s, object, &m_previous);
        const QString writer = mm.pointee("mmap_lock.owner");
        const QStringList readers = threadNames(s, mm.value("mmap_lock.read holders"));
        QString mode = QStringLiteral("free");
        QString text = QObject::tr("free");
        if (!writer.isEmpty()) {
            mode = QStringLiteral("write");
            text = QObject::tr("write, held by %1").arg(writer);
        } else if (!readers.isEmpty()) {
            mode = QStringLiteral("read");
            text = QObject::tr("read, held by %1").arg(readers.join(QStringLiteral(", ")));
        }
        const QStringList waiters = queueNames(s, mm.value("mmap_lock.wait_list"));

        rows.push_back({QString::fromStdString(object.name),
                        mm.has("slab") ? mm.text("slab") : QStringLiteral("live"),
                        mode,
                        text,
                        waiters,
                        mm.text("mm_lock_seq"),
                        (mm.value("mm_lock_seq") & 1) != 0,
                        mm.pointee("vma_writer_wait.task"),
                        static_cast<int>(mm.value("mm_count")),
                        mm.pointee("mm_mt").isEmpty() ? QStringLiteral("NULL") : mm.pointee("mm_mt"),
                        mm.changed(),
                        fieldNames(object)});
    }
    setRows(std::move(rows));
    m_previous = s.cells;
}
