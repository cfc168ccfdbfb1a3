// The interactive run behind the window: one engine stepped by the person (or by auto-play),
// its history, and the models QML draws. QML sends choices in and renders the models; it never
// computes lock state.
#pragma once

#include <lockstep/engine.hpp>
#include <lockstep/lesson.hpp>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <random>
#include <tuple>
#include <set>

class ThreadModel;
class VmaModel;
class MmModel;
class BinderModel;
class EventModel;
class SwitchModel;
class WeakModel;
class MemoryGraph;
class CheckRunner;
Q_MOC_INCLUDE("threadmodel.h")
Q_MOC_INCLUDE("vmamodel.h")
Q_MOC_INCLUDE("mmmodel.h")
Q_MOC_INCLUDE("bindermodel.h")
Q_MOC_INCLUDE("eventmodel.h")
Q_MOC_INCLUDE("switchmodel.h")
Q_MOC_INCLUDE("checkrunner.h")
Q_MOC_INCLUDE("weakmodel.h")
Q_MOC_INCLUDE("memorygraph.h")

class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT

    // What runs. Changing any of these starts a new run.
    Q_PROPERTY(QStringList scenarios READ scenarios CONSTANT)
    // The variants the scenario's family runs: a new scenario can bring another list.
    Q_PROPERTY(QStringList variants READ variants NOTIFY configChanged)
    Q_PROPERTY(QString scenario READ scenario WRITE setScenario NOTIFY configChanged)
    Q_PROPERTY(QString variant READ variant WRITE setVariant NOTIFY configChanged)
    Q_PROPERTY(bool scaled READ scaled WRITE setScaled NOTIFY configChanged)
    // How many times each thread repeats its work (1: once, as in the catalogue's lessons).
    Q_PROPERTY(int rounds READ rounds WRITE setRounds NOTIFY configChanged)
    // Threads in the scenario's repeated role (readers R1..Rn); 0 keeps the scenario's own.
    Q_PROPERTY(int readers READ readers WRITE setReaders NOTIFY configChanged)
    // Whether this scenario lets the window choose them (a fixed cast does not).
    Q_PROPERTY(bool readersAdjustable READ readersAdjustable NOTIFY configChanged)
    Q_PROPERTY(bool roundsAdjustable READ roundsAdjustable NOTIFY configChanged)
    Q_PROPERTY(QString scenarioTitle READ scenarioTitle NOTIFY configChanged)
    Q_PROPERTY(QString scenarioSummary READ scenarioSummary NOTIFY configChanged)
    Q_PROPERTY(QString variantSummary READ variantSummary NOTIFY configChanged)
    Q_PROPERTY(bool variantHasSwitches READ variantHasSwitches NOTIFY configChanged)
    Q_PROPERTY(QString lockOffsetText READ lockOffsetText NOTIFY configChanged)

    // The models.
    Q_PROPERTY(ThreadModel* threads READ threads CONSTANT)
    Q_PROPERTY(VmaModel* vmas READ vmas CONSTANT)
    Q_PROPERTY(MmModel* mms READ mms CONSTANT)
    Q_PROPERTY(BinderModel* binder READ binder CONSTANT)
    Q_PROPERTY(EventModel* events READ events CONSTANT)
    Q_PROPERTY(SwitchModel* switches READ switches CONSTANT)
    // Under a weak memory model: the store strip and the execution graph (empty otherwise).
    Q_PROPERTY(WeakModel* weak READ weak CONSTANT)
    Q_PROPERTY(MemoryGraph* graph READ graph CONSTANT)
    Q_PROPERTY(bool weakMemory READ weakMemory NOTIFY configChanged)
    Q_PROPERTY(CheckRunner* checker READ checker CONSTANT)

    // Where we are in the history.
    Q_PROPERTY(int step READ step NOTIFY stepChanged)
    Q_PROPERTY(int timelineLength READ timelineLength NOTIFY stepChanged)
    Q_PROPERTY(bool finished READ finished NOTIFY stepChanged)
    Q_PROPERTY(bool canGoBack READ canGoBack NOTIFY stepChanged)
    Q_PROPERTY(bool canGoForward READ canGoForward NOTIFY stepChanged)
    Q_PROPERTY(QString schedule READ schedule NOTIFY stepChanged)
    Q_PROPERTY(QString lastEventText READ lastEventText NOTIFY stepChanged)

    // The first violation up to this step, in plain words.
    Q_PROPERTY(bool hasViolation READ hasViolation NOTIFY verdictChanged)
    Q_PROPERTY(QString verdictInvariant READ verdictInvariant NOTIFY verdictChanged)
    Q_PROPERTY(QString verdictText READ verdictText NOTIFY verdictChanged)
    Q_PROPERTY(int verdictStep READ verdictStep NOTIFY verdictChanged)
    Q_PROPERTY(QString verdictCycle READ verdictCycle NOTIFY verdictChanged)
    // The first verdict's wait-for cycle as a graph, for drawing it (empty without a cycle).
    // Nodes, in the order the cycle passes them, first thread first and not repeated:
    //   {name, kind: "thread" or "lock", detail ("D (uninterruptible sleep)", or the lock's
    //    object "binder"), letter ("D", "" for a lock), key ("B1", "binder.binder_main_lock"),
    //    lane (thread index, -1)}
    // Edges, one per arrow, the last one back to node 0: {from, to, label} (node indices).
    Q_PROPERTY(QVariantList cycleNodes READ cycleNodes NOTIFY verdictChanged)
    Q_PROPERTY(QVariantList cycleEdges READ cycleEdges NOTIFY verdictChanged)
    // The same cycle thread to thread, for arrows between the lanes:
    //   {fromLane, toLane, from, to, label ("binder_main_lock", "waits for the OOM victim to exit")}
    Q_PROPERTY(QVariantList cycleLinks READ cycleLinks NOTIFY verdictChanged)

    // Auto-play: one step every 1000/speed ms, round-robin or seeded random.
    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY playingChanged)
    Q_PROPERTY(int speed READ speed WRITE setSpeed NOTIFY playingChanged)
    Q_PROPERTY(bool randomOrder READ randomOrder WRITE setRandomOrder NOTIFY playingChanged)
    Q_PROPERTY(quint32 seed READ seed WRITE setSeed NOTIFY playingChanged)

    // The last problem with what the person asked for (a bad schedule token), "" when none.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)

public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;

    QStringList scenarios() const;
    QStringList variants() const;
    QString scenario() const;
    QString variant() const;
    bool scaled() const;
    void setScenario(const QString& name);
    void setVariant(const QString& name);
    void setScaled(bool on);
    int rounds() const { return m_config.rounds; }
    void setRounds(int rounds);
    int readers() const;
    void setReaders(int readers);
    bool readersAdjustable() const;
    bool roundsAdjustable() const;
    QString scenarioTitle() const;
    QString scenarioSummary() const;
    QString variantSummary() const;
    bool variantHasSwitches() const;
    QString lockOffsetText() const;

    ThreadModel* threads() const { return m_threads; }
    VmaModel* vmas() const { return m_vmas; }
    MmModel* mms() const { return m_mms; }
    BinderModel* binder() const { return m_binder; }
    EventModel* events() const { return m_events; }
    SwitchModel* switches() const { return m_switches; }
    WeakModel* weak() const { return m_weak; }
    MemoryGraph* graph() const { return m_graph; }
    bool weakMemory() const;
    CheckRunner* checker() const { return m_checker; }

    int step() const;
    int timelineLength() const;
    bool finished() const;
    bool canGoBack() const;
    bool canGoForward() const;
    QString schedule() const;
    QString lastEventText() const;

    bool hasViolation() const;
    QString verdictInvariant() const;
    QString verdictText() const;
    int verdictStep() const;
    QString verdictCycle() const;
    QVariantList cycleNodes() const { return m_cycleNodes; }
    QVariantList cycleEdges() const { return m_cycleEdges; }
    QVariantList cycleLinks() const { return m_cycleLinks; }

    bool playing() const { return m_timer.isActive(); }
    void setPlaying(bool on);
    int speed() const { return m_speed; }
    void setSpeed(int stepsPerSecond);
    bool randomOrder() const { return m_randomOrder; }
    void setRandomOrder(bool on);
    quint32 seed() const { return m_seed; }
    void setSeed(quint32 seed);

    QString error() const { return m_error; }

    // For the lesson player: start a new run of `cfg`; perform one lesson step on the run
    // ("" or the problem, with its place in the lesson file); read the run.
    void loadConfig(const lockstep::run_config& cfg);
    QString performLessonStep(const lockstep::lesson& l, const lockstep::lesson_step& step);
    const lockstep::engine& run() const { return *m_engine; }

    // Advance thread `index` by one operation; false (and error set) if it cannot run.
    Q_INVOKABLE bool stepThread(int index);
    // The same taking one of the next operation's outcomes under a weak memory model (option 0:
    // the newest store, or the end of coherence order), as a click on the store strip does.
    Q_INVOKABLE bool stepOption(int index, int option);
    Q_INVOKABLE void back();
    Q_INVOKABLE void forward();
    Q_INVOKABLE void home();  // step 0, keeping the timeline
    Q_INVOKABLE void end();   // the last step of the timeline
    Q_INVOKABLE void reset(); // step 0, forgetting the timeline
    Q_INVOKABLE void goTo(int step);
    // Replays a schedule in the CLI's syntax from step 0; returns "" or the error (also in `error`).
    Q_INVOKABLE QString replaySchedule(const QString& text);
    // Opens a schedule file as Export > Schedule file writes it: its run, then its schedule from
    // step 0. Returns "" or the problem as "file:line:column: what" (also in `error`); a file
    // that cannot be used leaves the current run alone.
    Q_INVOKABLE QString openScheduleFile(const QString& file);
    // Opens a litmus test in the kernel's format as the `litmus` scenario, under the kernel's
    // memory model. Returns "" or the problem ("file:line:column: what", also in `error`); a file
    // that cannot be read or parsed leaves the current run alone.
    Q_INVOKABLE QString openLitmusFile(const QString& file);
    // "Run until": advances `thread` (by name) until `until` comes, read exactly as a lesson
    // step's `until`: a point its next operation is at ("start_read.increment"), a thread state
    // ("blocked"), or a condition ("vma.vm_refcnt == OFFSET+1"). The steps it takes are
    // ordinary steps, which Back undoes one at a time. Returns "" or the problem (also in
    // `error`); when the thread cannot get there, the run goes back to where it was and the
    // problem says after how many steps it stopped and why (Forward shows those steps).
    Q_INVOKABLE QString runUntil(const QString& thread, const QString& until);
    // What "Run until" offers for `thread`: the points it passes in a few runs of this
    // configuration, in the order it meets them, then the thread states.
    Q_INVOKABLE QStringList untilChoices(const QString& thread) const;
    Q_INVOKABLE void copyScheduleToClipboard() const;
    Q_INVOKABLE void setSwitch(const QString& name, bool on);
    // Runs the exhaustive check of the current configuration in a worker thread.
    Q_INVOKABLE void findViolation();
    Q_INVOKABLE void clearError();

signals:
    void configChanged();
    void stepChanged();
    void verdictChanged();
    void playingChanged();
    void errorChanged();

private:
    void rebuild();       // a new engine for the current config
    void publish();       // hand the current snapshot to every model
    void setError(const QString& message);
    void playOneStep();
    bool stepQuietly(lockstep::thread_id t, int option = 0);
    void syncTimeline(std::uint64_t from);  // after the engine stepped from step `from`
    // Builds the cycle graph of the snapshot's first verdict with a cycle; returns the keys of
    // what it passes through (thread names, "object.lock") for the cards to mark.
    std::set<std::string> buildCycle(const lockstep::snapshot& s);
    // The points each thread passes in sample runs of the configuration (see untilChoices),
    // made when first asked for and forgotten with the run.
    const std::vector<std::vector<std::string>>& samplePoints() const;

    lockstep::run_config m_config;
    std::unique_ptr<lockstep::engine> m_engine;
    std::vector<lockstep::event> m_timelineEvents;  // events of the whole timeline, ahead included
    QString m_schedule;  // the choices up to this step as text, made once per publish()
    ThreadModel* m_threads;
    VmaModel* m_vmas;
    MmModel* m_mms;
    BinderModel* m_binder;
    EventModel* m_events;
    SwitchModel* m_switches;
    WeakModel* m_weak;
    MemoryGraph* m_graph;
    CheckRunner* m_checker;
    QTimer m_timer;
    int m_speed = 4;
    bool m_randomOrder = false;
    quint32 m_seed = 1;
    std::mt19937 m_random;
    lockstep::thread_id m_nextRoundRobin = 0;
    QString m_error;
    QVariantList m_cycleNodes;
    QVariantList m_cycleEdges;
    QVariantList m_cycleLinks;
    // What publish() last announced with verdictChanged: verdictKey() and the cycle's lists.
    std::tuple<QString, QVariantList, QVariantList, QVariantList> m_publishedVerdict;
    static QString verdictKey(const lockstep::snapshot& s);
    mutable std::vector<std::vector<std::string>> m_samplePoints;
};
