// One row per simulated thread: its state badge, call stack, the algorithm's source around its
// next operation, and why it cannot run.
#pragma once

#include <lockstep/snapshot.hpp>

#include "rowsmodel.h"

#include <map>
#include <memory>
#include <string>
#include <QtQml/qqmlregistration.h>

class SourceCache;

class ThreadModel : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ThreadModel belongs to a Session")

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        StateRole,         // "runnable", "running", "sleeping", "blocked", "done", "killed"
        StateTextRole,     // "sleeping on the writer wait", "blocked on mmap_lock", ...
        CanRunRole,
        InRcuRole,
        StackRole,         // QStringList, outermost first
        StackTextRole,     // "lock_vma_under_rcu › vma_start_read"
        FileRole,          // "vma/vma_refcount.cpp"
        LineRole,
        NextOpRole,        // "refcount_dec_and_test(vma.vm_refcnt)"
        LabelRole,         // "put.decrement"
        WaitingForRole,    // "asleep, waiting until vm_refcnt == OFFSET+1"
        LocksHeldRole,     // QStringList
        InvolvedRole,      // named by the current verdict
        SourceLinesRole,   // QVariantList of rows, see SourceCache::around()
        // The task as the kernel sees it, for runs whose tasks carry the OOM story's flags
        // (TaskFlagsRole true): ps's letter, its words, a pending SIGKILL, TIF_MEMDIE.
        TaskFlagsRole,
        KernelStateRole,      // "R", "S", "D", "X"
        KernelStateTextRole,  // "D (uninterruptible sleep)"
        SignalPendingRole,
        MemdieRole,
        // Under a weak memory model, how many outcomes the next operation has (stores it may
        // read, places it may land) and whether it reads ("r") or stores ("w"); 1 and "" else.
        OutcomesRole,
        OutcomeKindRole,
    };
    Q_ENUM(Roles)

    explicit ThreadModel(QObject* parent = nullptr);
    ~ThreadModel() override;

    // Takes a whole snapshot; `running` is the thread that made the last step (or no_thread).
    void setSnapshot(const lockstep::snapshot& s, lockstep::thread_id running,
                     const std::vector<lockstep::thread_id>& involved);
    // The run's resolved switches, so the source reads as the variant's code; takes effect
    // at the next setSnapshot().
    void setSwitches(const std::map<std::string, bool>& switches);
    // The thread in lane `row` ("R1"), "" if there is none.
    Q_INVOKABLE QString nameAt(int row) const;

private:
    std::unique_ptr<SourceCache> m_sources;
};
