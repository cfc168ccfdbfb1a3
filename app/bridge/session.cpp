#include "session.h"

#include "bindermodel.h"
#include "checkrunner.h"
#include "eventmodel.h"
#include "exporter.h"
#include "memorygraph.h"
#include "mmmodel.h"
#include "objectreader.h"
#include "switchmodel.h"
#include "threadmodel.h"
#include "vmamodel.h"
#include "weakmodel.h"

#include <lockstep/schedule.hpp>

#include <QClipboard>
#include <QGuiApplication>

#include <algorithm>

using namespace lockstep;

namespace {
// Replays of this many steps or more go in slices, so the window keeps drawing.
constexpr std::uint64_t replay_slice = 20000;
}  // namespace

Session::Session(QObject* parent)
    : QObject(parent),
      m_threads(new ThreadModel(this)),
      m_vmas(new VmaModel(this)),
      m_mms(new MmModel(this)),
      m_binder(new BinderModel(this)),
      m_events(new EventModel(this)),
      m_switches(new SwitchModel(this)),
      m_weak(new WeakModel(this)),
      m_graph(new MemoryGraph(this)),
      m_checker(new CheckRunner(this)) {
    connect(&m_timer, &QTimer::timeout, this, &Session::playOneStep);
    connect(m_checker, &CheckRunner::finished, this, [this](const QString& schedule) {
        if (!schedule.isEmpty()) replaySchedule(schedule);
    });
    m_timer.setInterval(1000 / m_speed);
    rebuild();
}

Session::~Session() = default;

// ---- what runs -------------------------------------------------------------------------------

QStringList Session::scenarios() const {
    QStringList names;
    for (const auto& s : lockstep::scenarios()) names << q(s.name);
    return names;
}

QStringList Session::variants() const {
    QStringList names;
    for (const variant_info* v : variants_for(m_config.scenario)) names << q(v->name);
    return names;
}

QString Session::scenario() const { return q(m_config.scenario); }
QString Session::variant() const { return q(m_config.variant); }
bool Session::scaled() const { return m_config.scaled.value_or(find_scenario(m_config.scenario)->default_scaled); }

void Session::setScenario(const QString& name) {
    if (name == scenario()) return;
    if (!find_scenario(name.toStdString())) {
        setError(tr("Unknown scenario '%1'.").arg(name));
        return;
    }
    const scenario_info* next = find_scenario(name.toStdString());
    m_config.scenario = next->name;
    m_config.scaled.reset();  // each scenario has its own default counter
    m_config.readers = 0;     // and its own cast
    m_config.memory.reset();  // and its own memory model
    if (!roundsAdjustable()) m_config.rounds = 1;
    // A scenario that does not take the current variant (one of another family, or of another
    // story of the same family) starts from its default.
    const auto takes = variants_for(next->name);
    if (const variant_info* v = find_variant(m_config.variant); !v || std::find(takes.begin(), takes.end(), v) == takes.end()) {
        m_config.variant = next->default_variant;
        m_config.switches.clear();
    }
    rebuild();
}

void Session::setVariant(const QString& name) {
    if (name == variant()) return;
    if (!variants().contains(name)) {
        setError(tr("Unknown variant '%1' for %2 (it takes: %3).").arg(name, scenario(), variants().join(QStringLiteral(", "))));
        return;
    }
    m_config.variant = name.toStdString();
    m_config.switches.clear();  // overrides belong to the variant they modified
    rebuild();
}

void Session::setScaled(bool on) {
    if (on == scaled()) return;
    m_config.scaled = on;
    rebuild();
}

void Session::setRounds(int rounds) {
    rounds = std::clamp(rounds, 1, 100000);
    if (rounds == m_config.rounds || !roundsAdjustable()) return;
    m_config.rounds = rounds;
    rebuild();
}

int Session::readers() const {
    const int own = find_scenario(m_config.scenario)->default_readers;
    return m_config.readers ? m_config.readers : own;
}

void Session::setReaders(int readers) {
    if (!readersAdjustable()) return;
    readers = std::clamp(readers, 1, 16);
    if (readers == this->readers()) return;
    m_config.readers = readers == find_scenario(m_config.scenario)->default_readers ? 0 : readers;
    rebuild();
}

// A scenario with a fixed cast has no repeated role (default_readers 0); only the per-VMA
// lock's threads repeat their work (binder's each make one ioctl).
bool Session::readersAdjustable() const { return find_scenario(m_config.scenario)->default_readers > 0; }
bool Session::roundsAdjustable() const { return find_scenario(m_config.scenario)->family == "vma"; }

QString Session::scenarioTitle() const { return q(find_scenario(m_config.scenario)->title); }
QString Session::scenarioSummary() const { return q(find_scenario(m_config.scenario)->summary); }
QString Session::variantSummary() const { return q(find_variant(m_config.variant)->summary); }
bool Session::variantHasSwitches() const { return !find_variant(m_config.variant)->preset.empty(); }
QString Session::lockOffsetText() const {
    // Only a run with a refcount word has a VMA_LOCK_OFFSET to name.
    const field_info* word = first_field_of_kind(*m_engine->shape(), field_kind::refcnt_word);
    if (!word) return {};
    return word->offset == 8 ? tr("VMA_LOCK_OFFSET = 8 (scaled 5-bit word)") : tr("VMA_LOCK_OFFSET = 0x40000000");
}

void Session::setSwitch(const QString& name, bool on) {
    const std::string key = name.toStdString();
    if (!find_switch(key)) {
        setError(tr("Unknown switch '%1'.").arg(name));
        return;
    }
    run_config next = m_config;
    next.switches[key] = on;
    // Switches that exclude each other: turning one on turns its rivals off.
    if (on)
        for (const auto& group : exclusive_switch_groups())
            if (std::find(group.begin(), group.end(), key) != group.end())
                for (const auto& other : group)
                    if (other != key) next.switches[other] = false;
    // Keep only real overrides of the variant's preset.
    const auto& preset = find_variant(next.variant)->preset;
    for (auto it = next.switches.begin(); it != next.switches.end();) {
        const auto p = preset.find(it->first);
        it = (p != preset.end() && p->second == it->second) ? next.switches.erase(it) : std::next(it);
    }
    try {
        resolve_switches(next);
    } catch (const config_error& e) {
        setError(q(e.what()));
        return;
    }
    m_config = next;
    rebuild();
}

void Session::rebuild() {
    setPlaying(false);
    m_checker->clear();  // a search result belongs to the run it searched
    m_config = with_defaults(m_config);
    m_engine = std::make_unique<engine>(m_config);
    m_timelineEvents.clear();
    m_samplePoints.clear();
    m_nextRoundRobin = 0;
    const auto switches = resolve_switches(m_config);
    m_switches->setSwitches(switches, find_variant(m_config.variant)->preset);
    m_threads->setSwitches(all_switch_values(m_config));
    clearError();
    emit configChanged();
    publish();
}

// ---- the history ------------------------------------------------------------------------------

int Session::step() const { return static_cast<int>(m_engine->step_count()); }
int Session::timelineLength() const { return static_cast<int>(m_engine->timeline().size()); }
bool Session::finished() const { return m_engine->finished(); }
bool Session::canGoBack() const { return m_engine->step_count() > 0; }
bool Session::canGoForward() const { return m_engine->step_count() < m_engine->timeline().size(); }
QString Session::schedule() const { return m_schedule; }
QString Session::lastEventText() const {
    const auto& events = m_engine->events();
    if (events.empty()) return {};
    return q(m_engine->thread_name(events.back().thread)) + QStringLiteral(": ") +
           describeEvent(events.back(), *m_engine->shape());
}

bool Session::stepQuietly(thread_id t, int option) {
    if (!m_engine->can_run(t) || option < 0 || option >= m_engine->options(t)) return false;
    const std::uint64_t at = m_engine->step_count();
    m_engine->step(choice{t, static_cast<std::int16_t>(option), m_engine->option_kind(t)});
    syncTimeline(at);
    return true;
}

bool Session::weakMemory() const { return m_engine->has_weak_memory(); }

void Session::syncTimeline(std::uint64_t from) {
    // The engine starts a new line when a step differs from the one recorded here.
    if (m_engine->timeline().size() < m_timelineEvents.size()) m_timelineEvents.resize(from);
    const auto& events = m_engine->events();
    for (std::size_t i = m_timelineEvents.size(); i < events.size(); ++i) m_timelineEvents.push_back(events[i]);
}

void Session::loadConfig(const run_config& cfg) {
    m_config = cfg;
    rebuild();
}

QString Session::performLessonStep(const lesson& l, const lesson_step& step) {
    setPlaying(false);
    const std::uint64_t at = m_engine->step_count();
    QString problem;
    try {
        perform(l, step, *m_engine);
    } catch (const lesson_error& e) {
        problem = q(e.what());
    }
    syncTimeline(at);
    publish();
    return problem;
}

bool Session::stepThread(int index) { return stepOption(index, 0); }

bool Session::stepOption(int index, int option) {
    if (index < 0 || index >= static_cast<int>(m_engine->thread_count())) {
        setError(tr("There is no thread %1.").arg(index + 1));
        return false;
    }
    const thread_id t = index;
    if (!m_engine->can_run(t)) {
        setError(tr("%1 cannot run: %2").arg(q(m_engine->thread_name(t)), q(m_engine->why_not(t))));
        return false;
    }
    if (!stepQuietly(t, option)) {
        setError(tr("%1's next step has no outcome %2: it has %3.").arg(q(m_engine->thread_name(t))).arg(option)
                     .arg(m_engine->options(t)));
        return false;
    }
    clearError();
    publish();
    return true;
}

void Session::back() {
    setPlaying(false);  // going back while it plays would be undone by the next tick
    goTo(step() - 1);
}
void Session::forward() { goTo(step() + 1); }
void Session::home() { goTo(0); }
void Session::end() { goTo(timelineLength()); }

void Session::reset() {
    setPlaying(false);
    m_engine->reset();
    m_timelineEvents.clear();
    publish();
}

void Session::goTo(int target) {
    const auto goal = static_cast<std::uint64_t>(std::clamp(target, 0, timelineLength()));
    if (goal == m_engine->step_count()) return;
    if (goal < m_engine->step_count()) m_engine->go_to(0);
    // Long replays go in slices with the event loop running in between.
    const std::uint64_t next = std::min(goal, m_engine->step_count() + replay_slice);
    m_engine->go_to(next);
    if (next < goal) {
        QTimer::singleShot(0, this, [this, target] { goTo(target); });
        return;
    }
    publish();
}

QString Session::replaySchedule(const QString& text) {
    setPlaying(false);
    std::vector<choice> choices;
    try {
        choices = parse_schedule(text.toStdString(), *m_engine);
    } catch (const schedule_error& e) {
        setError(q(e.what()));
        return m_error;
    }
    m_engine->reset();
    m_timelineEvents.clear();
    QString problem;  // the run stays where the schedule stopped, so the person sees why
    try {
        play_schedule(*m_engine, choices);
    } catch (const schedule_error& e) {
        problem = q(e.what());
    }
    syncTimeline(0);
    publish();
    if (problem.isEmpty()) clearError();
    else setError(problem);
    return problem;
}

QString Session::openScheduleFile(const QString& file) {
    QString problem;
    const auto read = Exporter::readScheduleFile(file, &problem);
    if (!read) {
        setError(problem);
        return problem;
    }
    // The schedule is checked against the file's run before the window's run is replaced.
    const auto at = [&](std::size_t column) {
        return QStringLiteral("%1:%2:%3: ").arg(Exporter::localPath(file)).arg(read->scheduleLine)
            .arg(read->scheduleColumn + static_cast<int>(column));
    };
    try {
        parse_schedule(read->schedule.toStdString(), engine(read->config));
    } catch (const schedule_error& e) {
        setError(at(e.column) + q(e.what()));
        return m_error;
    }
    loadConfig(read->config);
    // A step that cannot run stops the replay there, as a pasted schedule does.
    if (!replaySchedule(read->schedule).isEmpty()) setError(at(0) + m_error);
    return m_error;
}

QString Session::openLitmusFile(const QString& file) {
    run_config next = m_config;
    next.scenario = "litmus";
    next.variant.clear();
    next.switches.clear();
    next.readers = 0;
    next.rounds = 1;
    next.scaled.reset();
    next.memory.reset();
    next.source = Exporter::localPath(file).toStdString();
    try {
        engine probe(next);  // parses the file: its errors name their line and column
    } catch (const config_error& e) {
        setError(q(e.what()));
        return m_error;
    }
    m_config = next;
    rebuild();
    return {};
}

QString Session::runUntil(const QString& thread, const QString& until) {
    setPlaying(false);
    const std::string name = thread.toStdString();
    const thread_id t = m_engine->thread_by_name(name);
    lesson_step step;
    try {
        step = until_step(m_config, name, until.trimmed().toStdString(),
                          t == no_thread ? std::vector<std::string>{} : samplePoints()[static_cast<std::size_t>(t)]);
    } catch (const lesson_error& e) {
        setError(q(e.message));
        return m_error;
    }
    const std::uint64_t at = m_engine->step_count();
    QString problem;
    try {
        perform(lesson{}, step, *m_engine);  // the lesson is only named in its errors, which say no place
    } catch (const lesson_error& e) {
        problem = q(e.message);
    }
    const std::uint64_t taken = m_engine->step_count() - at;
    syncTimeline(at);
    if (problem.isEmpty()) {
        clearError();
        publish();
        return {};
    }
    // A target that never came: the thread's steps are not what was asked for, so the run goes
    // back; they stay ahead on the timeline for Forward to show how it got stuck.
    if (taken > 0) {
        problem += taken == 1 ? tr(" (after 1 step; the run stays at step %1, Forward shows it)").arg(at)
                              : tr(" (after %1 steps; the run stays at step %2, Forward shows them)").arg(taken).arg(at);
        goTo(static_cast<int>(at));
    } else {
        publish();
    }
    setError(problem);
    return problem;
}

QStringList Session::untilChoices(const QString& thread) const {
    QStringList choices;
    const thread_id t = m_engine->thread_by_name(thread.toStdString());
    if (t != no_thread)
        for (const auto& point : samplePoints()[static_cast<std::size_t>(t)]) choices << q(point);
    for (const char* state : {"runnable", "sleeping", "blocked", "spinning", "done"}) choices << QLatin1String(state);
    return choices;
}

const std::vector<std::vector<std::string>>& Session::samplePoints() const {
    if (!m_samplePoints.empty()) return m_samplePoints;
    // Which points a thread reaches depends on the interleaving, so look at a few: round-robin,
    // then random orders from fixed seeds, each cut short (later rounds repeat the first). A
    // point only a rare interleaving reaches can be missing here; typed, it still works.
    constexpr unsigned runs = 8;
    constexpr std::uint64_t max_steps = 2000;
    const auto& known = lesson_points();
    std::vector<std::vector<std::string>> seen(m_engine->thread_count());
    auto note = [&](thread_id t, const std::string& point) {
        auto& list = seen[static_cast<std::size_t>(t)];
        if (!point.empty() && std::find(known.begin(), known.end(), point) != known.end() &&
            std::find(list.begin(), list.end(), point) == list.end())
            list.push_back(point);
    };
    for (unsigned run = 0; run < runs; ++run) {
        engine e(m_config);
        std::mt19937 random(run);
        const auto n = static_cast<thread_id>(e.thread_count());
        thread_id next = 0;
        for (std::uint64_t k = 0; k < max_steps && !e.finished(); ++k) {
            for (thread_id t = 0; t < n; ++t) {
                note(t, e.next_label(t));
                note(t, e.next_op(t));
            }
            const std::vector<thread_id> runnable = e.runnable();
            if (run == 0) {
                while (!e.can_run(next)) next = (next + 1) % n;
            } else {
                next = runnable[std::uniform_int_distribution<std::size_t>(0, runnable.size() - 1)(random)];
            }
            e.step(next);
            next = (next + 1) % n;
        }
    }
    m_samplePoints = std::move(seen);
    return m_samplePoints;
}

void Session::copyScheduleToClipboard() const {
    if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(schedule());
}

void Session::findViolation() { m_checker->start(m_config); }

// ---- verdicts --------------------------------------------------------------------------------

bool Session::hasViolation() const { return !m_engine->verdicts().empty(); }
QString Session::verdictInvariant() const { return hasViolation() ? q(m_engine->verdicts().front().invariant) : QString(); }
QString Session::verdictText() const { return hasViolation() ? q(m_engine->verdicts().front().message) : QString(); }
int Session::verdictStep() const { return hasViolation() ? static_cast<int>(m_engine->verdicts().front().step) : -1; }
std::set<std::string> Session::buildCycle(const snapshot& s) {
    m_cycleNodes.clear();
    m_cycleEdges.clear();
    m_cycleLinks.clear();
    std::set<std::string> keys;
    const auto v = std::find_if(s.verdicts.begin(), s.verdicts.end(), [](const verdict& v) { return v.cycle.size() > 1; });
    if (v == s.verdicts.end()) return keys;
    const layout& shape = *s.shape;
    auto threadName = [&](thread_id t) {
        return t >= 0 && static_cast<std::size_t>(t) < shape.thread_names.size() ? shape.thread_names[t] : std::string("?");
    };
    auto addNode = [&](const QVariantMap& node) {
        m_cycleNodes << node;
        return static_cast<int>(m_cycleNodes.size() - 1);
    };
    auto threadNode = [&](thread_id t) {
        const auto i = static_cast<std::size_t>(t);
        return QVariantMap{{"name", q(threadName(t))},
                           {"kind", "thread"},
                           {"detail", i < s.threads.size() ? kernelStateText(s.threads[i].kernel_state) : QString()},
                           {"letter", i < s.threads.size() ? QString(QLatin1Char(s.threads[i].kernel_state)) : QString()},
                           {"key", q(threadName(t))},
                           {"lane", t}};
    };

    const auto& cycle = v->cycle;  // first thread repeated at the end
    const int first = addNode(threadNode(cycle.front()));
    keys.insert(threadName(cycle.front()));
    int from = first;
    for (std::size_t i = 0; i + 1 < cycle.size(); ++i) {
        const thread_id a = cycle[i], b = cycle[i + 1];
        const std::string via = i < v->cycle_via.size() ? v->cycle_via[i] : std::string();
        // An edge through a lock: the lock is a node of its own ("binder_main_lock" in the
        // "binder" card), found by its owner cell.
        const std::int32_t lockCell = i < v->cycle_locks.size() ? v->cycle_locks[i] : -1;
        const field_ref lockField = lockCell >= 0 ? field_at(shape, lockCell) : field_ref{};
        std::string lockName;
        if (lockField && lockField.field->name.ends_with(".owner"))
            lockName = lockField.field->name.substr(0, lockField.field->name.size() - 6);
        const int to = b == cycle.front() ? first : -1;
        QString linkLabel = q(via);
        if (!lockName.empty()) {
            const std::string object = lockField.object->name;
            const std::string key = object + "." + lockName;
            keys.insert(key);
            const int lock = addNode({{"name", q(lockName)}, {"kind", "lock"}, {"detail", q(object)}, {"letter", QString()}, {"key", q(key)}, {"lane", -1}});
            m_cycleEdges << QVariantMap{{"from", from}, {"to", lock}, {"label", tr("waits for")}};
            const int next = to >= 0 ? to : addNode(threadNode(b));
            m_cycleEdges << QVariantMap{{"from", lock}, {"to", next}, {"label", tr("held by")}};
            from = next;
            linkLabel = q(lockName);
        } else {
            const int next = to >= 0 ? to : addNode(threadNode(b));
            m_cycleEdges << QVariantMap{{"from", from}, {"to", next}, {"label", q(via)}};
            from = next;
        }
        keys.insert(threadName(b));
        m_cycleLinks << QVariantMap{{"fromLane", a}, {"toLane", b}, {"from", q(threadName(a))}, {"to", q(threadName(b))}, {"label", linkLabel}};
    }
    return keys;
}

QString Session::verdictCycle() const {
    if (!hasViolation()) return {};
    QStringList names;
    for (thread_id t : m_engine->verdicts().front().cycle) names << q(m_engine->thread_name(t));
    return names.join(QStringLiteral(" → "));
}

// ---- auto-play -------------------------------------------------------------------------------

void Session::setPlaying(bool on) {
    if (on == playing()) return;
    if (on) {
        if (m_engine->finished()) return;
        m_random.seed(m_seed);
        m_timer.start();
    } else {
        m_timer.stop();
    }
    emit playingChanged();
}

void Session::setSpeed(int stepsPerSecond) {
    stepsPerSecond = std::clamp(stepsPerSecond, 1, 1000);
    if (stepsPerSecond == m_speed) return;
    m_speed = stepsPerSecond;
    m_timer.setInterval(1000 / m_speed);
    emit playingChanged();
}

void Session::setRandomOrder(bool on) {
    if (on == m_randomOrder) return;
    m_randomOrder = on;
    emit playingChanged();
}

void Session::setSeed(quint32 seed) {
    if (seed == m_seed) return;
    m_seed = seed;
    m_random.seed(m_seed);
    emit playingChanged();
}

void Session::playOneStep() {
    const std::vector<thread_id> runnable = m_engine->runnable();
    if (runnable.empty()) {
        setPlaying(false);
        return;
    }
    thread_id t;
    if (m_randomOrder) {
        t = runnable[std::uniform_int_distribution<std::size_t>(0, runnable.size() - 1)(m_random)];
    } else {
        // The next runnable thread after the one that went last.
        const auto n = static_cast<thread_id>(m_engine->thread_count());
        t = m_nextRoundRobin % n;
        while (!m_engine->can_run(t)) t = (t + 1) % n;
        m_nextRoundRobin = (t + 1) % n;
    }
    stepQuietly(t);
    publish();
    if (m_engine->finished()) setPlaying(false);
}

// ---- models ----------------------------------------------------------------------------------

void Session::publish() {
    const snapshot s = m_engine->take_snapshot();
    const thread_id running = s.last_event ? s.last_event->thread : no_thread;
    std::vector<thread_id> involved;
    std::vector<std::uint64_t> verdictSteps;
    for (const auto& v : s.verdicts) verdictSteps.push_back(v.step);
    if (!s.verdicts.empty()) involved = s.verdicts.front().threads;
    m_threads->setSnapshot(s, running, involved);
    m_vmas->setSnapshot(s);
    m_mms->setSnapshot(s);
    m_binder->setSnapshot(s, buildCycle(s));
    m_events->setTimeline(m_timelineEvents, s.step, verdictSteps, *s.shape);
    m_weak->setSnapshot(s);
    m_graph->setRun(m_timelineEvents, s);
    m_schedule = q(format_schedule(m_engine->choices(), *m_engine));
    emit stepChanged();
    // Only a verdict that came or went (or its cycle's picture) is news: the banner, the cycle
    // and the arrows over the lanes bind to these, and a step that changes none of them must
    // not rebuild them.
    const auto verdictNow = std::tuple(verdictKey(s), m_cycleNodes, m_cycleEdges, m_cycleLinks);
    if (verdictNow != m_publishedVerdict) {
        m_publishedVerdict = verdictNow;
        emit verdictChanged();
    }
}

// The verdicts as the properties show them: invariant, words, step and cycle of each.
QString Session::verdictKey(const snapshot& s) {
    QString key;
    for (const verdict& v : s.verdicts) {
        key += q(v.invariant) + QLatin1Char('\n') + q(v.message) + QLatin1Char('\n') + QString::number(v.step);
        for (thread_id t : v.cycle) key += QLatin1Char(' ') + QString::number(t);
        key += QLatin1Char('\n');
    }
    return key;
}

void Session::setError(const QString& message) {
    if (message == m_error) return;
    m_error = message;
    emit errorChanged();
}

void Session::clearError() { setError({}); }
