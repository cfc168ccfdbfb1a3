// Reads one object of a snapshot by field name: the value, the kernel's way of writing it,
// and whether the last step changed it. Below it, the small helpers the bridge's models share.
#pragma once

#include <lockstep/snapshot.hpp>

#include <QObject>
#include <QString>
#include <QStringList>

// The engine's text as Qt's.
inline QString q(const std::string& s) { return QString::fromStdString(s); }

class ObjectReader {
public:
    ObjectReader(const lockstep::snapshot& s, const lockstep::object_info& object,
                 const std::vector<lockstep::value_t>* previous)
        : m_s(s), m_object(object), m_previous(previous) {}

    bool has(const char* field) const { return find(field) != nullptr; }
    lockstep::value_t value(const char* field) const {
        const auto* f = find(field);
        return f ? m_s.cells[f->cell] : 0;
    }
    QString text(const char* field) const {
        const auto* f = find(field);
        return f ? QString::fromStdString(lockstep::format_value(*m_s.shape, *f, m_s.cells[f->cell])) : QString();
    }
    // The fields whose values differ from the previous snapshot's.
    QStringList changed() const {
        QStringList names;
        if (!m_previous || m_previous->size() != m_s.cells.size()) return names;
        for (const auto& f : m_object.fields)
            if ((*m_previous)[f.cell] != m_s.cells[f.cell]) names << QString::fromStdString(f.name);
        return names;
    }
    // The name of the object a pointer field points at ("" for NULL).
    QString pointee(const char* field) const {
        const lockstep::value_t id = value(field);
        if (id <= 0 || static_cast<std::size_t>(id) > m_s.shape->objects.size()) return {};
        return QString::fromStdString(m_s.shape->objects[id - 1].name);
    }
    std::int32_t cell(const char* field) const {
        const auto* f = find(field);
        return f ? static_cast<std::int32_t>(f->cell) : -1;
    }

    const lockstep::field_info* find(const char* field) const {
        for (const auto& f : m_object.fields)
            if (f.name == field) return &f;
        return nullptr;
    }

private:
    const lockstep::snapshot& m_s;
    const lockstep::object_info& m_object;
    const std::vector<lockstep::value_t>* m_previous;
};

// "attached 1 + readers 2 + writer OFFSET": how a vma's vm_refcnt word is made up, from the
// checker's own bookkeeping (which the V2 invariant compares with the word).
inline QString refcntDecomposition(const ObjectReader& vma) {
    const lockstep::field_info* word = vma.find("vm_refcnt");
    QStringList parts;
    parts << QStringLiteral("attached %1").arg(vma.value("attached"));
    parts << QStringLiteral("readers %1").arg(vma.value("reader refs"));
    if (vma.value("writer ref")) parts << QStringLiteral("writer's ref 1");
    if (vma.value("excluding readers"))
        parts << (word && word->offset == 8 ? QStringLiteral("writer 8 (OFFSET)") : QStringLiteral("writer OFFSET"));
    return parts.join(QStringLiteral(" + "));
}

// Names of the threads whose bits are set in a task mask.
inline QStringList threadNames(const lockstep::snapshot& s, lockstep::value_t mask) {
    QStringList names;
    for (std::size_t t = 0; t < s.shape->thread_names.size(); ++t)
        if ((mask >> t) & 1) names << QString::fromStdString(s.shape->thread_names[t]);
    return names;
}

// A lock's wait list in FIFO order, first waiter first; rw_semaphore waiters for write are
// marked so, since the kernel serves them differently.
inline QStringList queueNames(const lockstep::snapshot& s, lockstep::value_t word) {
    QStringList names;
    for (const auto& q : lockstep::decode_task_queue(word)) {
        const auto t = static_cast<std::size_t>(q.thread);
        const QString name = t < s.shape->thread_names.size() ? QString::fromStdString(s.shape->thread_names[t]) : QStringLiteral("?");
        names << (q.writer ? QObject::tr("%1 (write)").arg(name) : name);
    }
    return names;
}

// A task's state the way ps prints it, with the words for the letter: 'R' covers a task that
// runs, may run, or spins (it never sleeps), 'D' a sleep that only its own wake-up ends (a fatal
// signal does not), 'S' one a signal ends too.
inline QString kernelStateText(char state) {
    switch (state) {
    case 'R': return QObject::tr("R (running)");
    case 'S': return QObject::tr("S (interruptible sleep)");
    case 'D': return QObject::tr("D (uninterruptible sleep)");
    case 'X': return QObject::tr("X (exited)");
    }
    return QString(QLatin1Char(state));
}

// A field by its cell, as the store strip and the execution graph name it: "alloc.pages"; a
// litmus test's variables as the test writes them ("x", not the test's name and "x").
inline QString cellName(const lockstep::layout& shape, std::int32_t cell) {
    const std::string name = lockstep::cell_name(shape, cell);
    return name.empty() ? QStringLiteral("cell %1").arg(cell) : QString::fromStdString(name);
}
// A value of that field as the kernel would write it ("NULL", "pages", "0x7000").
inline QString cellValueText(const lockstep::layout& shape, std::int32_t cell, lockstep::value_t v) {
    const lockstep::field_ref f = lockstep::field_at(shape, cell);
    return f ? QString::fromStdString(lockstep::format_value(shape, *f.field, v)) : QString::number(v);
}
// The weak location of a cell in a snapshot, or null.
inline const lockstep::weak_location* weakLocation(const std::vector<lockstep::weak_location>& in, std::int32_t cell) {
    for (const auto& l : in)
        if (l.cell == cell) return &l;
    return nullptr;
}
