// Two variants side by side in the window: one schedule played on two runs of the lab's
// scenario (lockstep::compare), the steps of both in one list with each step that differs
// marked, the turning points in words, and both runs' state at the step being looked at, with
// the values that differ marked. QML draws what this says; it compares nothing itself.
#pragma once

#include "rowsmodel.h"

#include <lockstep/compare.hpp>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

class Session;
Q_MOC_INCLUDE("session.h")

// One row per step of the comparison: both runs' step, and what differs.
class CompareRows : public RowsModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("CompareRows belongs to a Comparison")

public:
    enum Roles {
        StepRole = Qt::UserRole + 1,  // 1-based
        ThreadRole,                   // "W"
        PartRole,                     // which part of the schedule (a run of one thread); the tail counts on
        PartStartRole,                // the first row of its part
        ScheduledRole,                // from the schedule; false in the round-robin tail
        DiffersRole,
        KindsRole,                    // "a different operation, other thread states", "" when the same
        LeftKindRole,                 // "took", "cannot" (its thread could not run), "absent" (no such step)
        LeftActionRole,               // "refcount_add vma.vm_refcnt 1 -> OFFSET+1"
        LeftWhereRole,                // "mm/mmap_lock.c: __vma_enter_locked:159"
        LeftMovesRole,                // QStringList: threads the step moved, "W runnable -> sleeping (...)"
        LeftVerdictsRole,             // QStringList: violations the step found, "V7: lost wakeup: ..."
        RightKindRole,
        RightActionRole,
        RightWhereRole,
        RightMovesRole,
        RightVerdictsRole,
    };
    Q_ENUM(Roles)

    explicit CompareRows(QObject* parent = nullptr);
    void setComparison(const lockstep::comparison* c);
};

class Comparison : public QObject {
    Q_OBJECT
    QML_ELEMENT

    // Where the defaults come from: the lab's scenario, variant, switches, cast and schedule.
    Q_PROPERTY(Session* session READ session WRITE setSession NOTIFY sessionChanged)

    // What is compared. Setting any of these compares again.
    Q_PROPERTY(QString scenario READ scenario NOTIFY configChanged)
    Q_PROPERTY(QString scenarioTitle READ scenarioTitle NOTIFY configChanged)
    Q_PROPERTY(QStringList variants READ variants NOTIFY configChanged)
    Q_PROPERTY(QString leftVariant READ leftVariant WRITE setLeftVariant NOTIFY configChanged)
    Q_PROPERTY(QString rightVariant READ rightVariant WRITE setRightVariant NOTIFY configChanged)
    Q_PROPERTY(QString leftSummary READ leftSummary NOTIFY configChanged)
    Q_PROPERTY(QString rightSummary READ rightSummary NOTIFY configChanged)
    // The schedule in the CLI's syntax; "" runs round-robin from the start (with runToEnd).
    Q_PROPERTY(QString schedule READ schedule WRITE setSchedule NOTIFY configChanged)
    // true: lined up by program point, the left plays the schedule and the right follows it to
    // the same points (the same race); false: step N is the schedule's Nth choice in both.
    Q_PROPERTY(bool byPoint READ byPoint WRITE setByPoint NOTIFY configChanged)
    // After the schedule, threads go round-robin until neither run can move.
    Q_PROPERTY(bool runToEnd READ runToEnd WRITE setRunToEnd NOTIFY configChanged)

    // The outcome: "" or why there is none (a bad schedule, an unknown variant).
    Q_PROPERTY(QString error READ error NOTIFY resultChanged)
    Q_PROPERTY(CompareRows* rows READ rows CONSTANT)
    Q_PROPERTY(int count READ count NOTIFY resultChanged)
    Q_PROPERTY(int scheduledCount READ scheduledCount NOTIFY resultChanged)
    Q_PROPERTY(int differenceCount READ differenceCount NOTIFY resultChanged)
    Q_PROPERTY(bool truncated READ truncated NOTIFY resultChanged)
    // How each side is called ("L1", "final"; "(left)"/"(right)" added when both are the same).
    Q_PROPERTY(QString leftName READ leftName NOTIFY resultChanged)
    Q_PROPERTY(QString rightName READ rightName NOTIFY resultChanged)
    // Each run's own choices for the schedule, to replay it alone in the lab.
    Q_PROPERTY(QString leftTaken READ leftTaken NOTIFY resultChanged)
    Q_PROPERTY(QString rightTaken READ rightTaken NOTIFY resultChanged)
    // The first step that differs (1-based, 0 when none), and the turning points in words:
    // {step, title ("First difference"), kinds, text (the whole sentence), left, right (each
    // side's part of it; for the verdicts, what each run found)}, the first difference first,
    // then the first in thread states and the first in verdicts where they come later.
    Q_PROPERTY(int firstDifference READ firstDifference NOTIFY resultChanged)
    Q_PROPERTY(QVariantList turningPoints READ turningPoints NOTIFY resultChanged)
    // How each run ended, at the end of the comparison: its violations and the steps that
    // found them ("V7 at step 42"), or that it had none and whether every thread finished.
    Q_PROPERTY(QString leftOutcome READ leftOutcome NOTIFY resultChanged)
    Q_PROPERTY(QString rightOutcome READ rightOutcome NOTIFY resultChanged)
    Q_PROPERTY(bool leftViolated READ leftViolated NOTIFY resultChanged)
    Q_PROPERTY(bool rightViolated READ rightViolated NOTIFY resultChanged)

    // The step looked at: 0 before the first, count after the last.
    Q_PROPERTY(int current READ current WRITE setCurrent NOTIFY currentChanged)
    Q_PROPERTY(bool currentDiffers READ currentDiffers NOTIFY currentChanged)
    Q_PROPERTY(QString currentKinds READ currentKinds NOTIFY currentChanged)
    // Each run at the step looked at: {name, thread, kind ("took", "cannot", "absent", "start"),
    // action, where, moves, verdicts (lists, as in the rows), step (the run's own step count), verdict (the first
    // violation so far, "" none), verdictStep (the comparison's step that found it)}.
    Q_PROPERTY(QVariantMap left READ left NOTIFY currentChanged)
    Q_PROPERTY(QVariantMap right READ right NOTIFY currentChanged)
    // Every kernel field of both runs after the step looked at, lined up by name:
    // {name ("vma.vm_refcnt"), left, right (the kernel's way of writing them, "" where the run
    // has no such field), leftDetail, rightDetail (vm_refcnt: "attached 1 + readers 1 +
    // writer OFFSET"), differs, leftChanged, rightChanged (the step wrote it)}.
    Q_PROPERTY(QVariantList values READ values NOTIFY currentChanged)
    // Every thread of both runs after the step: {name, left, right (state: "sleeping"),
    // leftWaiting, rightWaiting ("asleep, waiting until ..."), differs}.
    Q_PROPERTY(QVariantList threads READ threads NOTIFY currentChanged)

public:
    explicit Comparison(QObject* parent = nullptr);
    ~Comparison() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);

    QString scenario() const;
    QString scenarioTitle() const;
    QStringList variants() const;
    QString leftVariant() const { return m_variant[0]; }
    QString rightVariant() const { return m_variant[1]; }
    void setLeftVariant(const QString& name) { setVariant(0, name); }
    void setRightVariant(const QString& name) { setVariant(1, name); }
    QString leftSummary() const { return summary(0); }
    QString rightSummary() const { return summary(1); }
    QString schedule() const { return m_schedule; }
    void setSchedule(const QString& text);
    bool byPoint() const { return m_byPoint; }
    void setByPoint(bool on);
    bool runToEnd() const { return m_runToEnd; }
    void setRunToEnd(bool on);

    QString error() const { return m_error; }
    CompareRows* rows() const { return m_rows; }
    int count() const;
    int scheduledCount() const;
    int differenceCount() const { return m_differenceCount; }
    bool truncated() const;
    QString leftName() const { return name(0); }
    QString rightName() const { return name(1); }
    QString leftTaken() const { return taken(0); }
    QString rightTaken() const { return taken(1); }
    int firstDifference() const;
    QVariantList turningPoints() const { return m_turningPoints; }
    QString leftOutcome() const { return outcome(0); }
    QString rightOutcome() const { return outcome(1); }
    bool leftViolated() const { return violated(0); }
    bool rightViolated() const { return violated(1); }

    int current() const { return m_current; }
    void setCurrent(int step);
    bool currentDiffers() const;
    QString currentKinds() const;
    QVariantMap left() const { return m_side[0]; }
    QVariantMap right() const { return m_side[1]; }
    QVariantList values() const { return m_values; }
    QVariantList threads() const { return m_threads; }

    // Takes the lab's run as it stands: its scenario, cast and schedule, its variant on the
    // left against the scenario's default on the right (the default against the variant the
    // scenario's lesson breaks when the lab runs the default), then compares.
    Q_INVOKABLE void loadFromSession();
    // Both variants at once (one comparison, not two); false and `error` set for a variant
    // the scenario does not run.
    Q_INVOKABLE bool setVariants(const QString& left, const QString& right);
    Q_INVOKABLE void home() { setCurrent(0); }
    Q_INVOKABLE void back() { setCurrent(m_current - 1); }
    Q_INVOKABLE void forward() { setCurrent(m_current + 1); }
    Q_INVOKABLE void end() { setCurrent(count()); }
    // The next (previous) step that differs after (before) the current one; stays put at the last.
    Q_INVOKABLE void nextDifference();
    Q_INVOKABLE void previousDifference();

signals:
    void sessionChanged();
    void configChanged();
    void resultChanged();
    void currentChanged();

private:
    void setVariant(int side, const QString& name);
    void compare();          // runs the comparison for the current settings
    void publishCurrent();   // both runs' state at m_current
    QString summary(int side) const;
    QString name(int side) const;
    QString taken(int side) const;
    QString outcome(int side) const;
    bool violated(int side) const;
    lockstep::run_config configOf(int side) const;

    QPointer<Session> m_session;
    // The lab's run, without its variant: the scenario, switches (for the lab's own variant),
    // scaled word, readers and rounds both sides use.
    lockstep::run_config m_base;
    QString m_variant[2];
    QString m_schedule;
    bool m_byPoint = true;
    bool m_runToEnd = true;

    std::unique_ptr<lockstep::comparison> m_result;
    QString m_error;
    CompareRows* m_rows;
    int m_differenceCount = 0;
    QVariantList m_turningPoints;

    int m_current = 0;
    QVariantMap m_side[2];
    QVariantList m_values;
    QVariantList m_threads;
};
