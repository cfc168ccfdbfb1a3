#include "lessonplayer.h"

#include "session.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace lockstep;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

// ---- the library --------------------------------------------------------------------------------

LessonListModel::LessonListModel(QObject* parent) : QAbstractListModel(parent) {}

int LessonListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QHash<int, QByteArray> LessonListModel::roleNames() const {
    return {{IdRole, "id"},           {TitleRole, "title"}, {SummaryRole, "summary"},   {LevelRole, "level"},
            {MinutesRole, "minutes"}, {StepsRole, "steps"}, {ProgressRole, "progress"}, {CompletedRole, "completed"}};
}

QVariant LessonListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Entry& e = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case IdRole: return q(e.lesson.id);
    case TitleRole: return q(e.lesson.title);
    case SummaryRole: return q(e.lesson.summary);
    case LevelRole: return q(e.lesson.level);
    case MinutesRole: return e.lesson.minutes;
    case StepsRole: return static_cast<int>(e.lesson.script.size());
    case ProgressRole: return e.reached;
    case CompletedRole: return e.completed;
    }
    return {};
}

void LessonListModel::setEntries(std::vector<Entry> entries) {
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void LessonListModel::progressChanged(int row) {
    emit dataChanged(index(row), index(row), {ProgressRole, CompletedRole});
}

// ---- the player ---------------------------------------------------------------------------------

LessonPlayer::LessonPlayer(QObject* parent) : QObject(parent), m_lessons(new LessonListModel(this)) {
    loadLibrary();
    loadProgress();
    m_timer.setInterval(4000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!next() || atEnd() || !predictQuestion().isEmpty()) setPlaying(false);
    });
}

void LessonPlayer::setPlaying(bool on) {
    if (on == playing()) return;
    if (on && (m_current < 0 || atEnd() || m_exploring || m_challenge >= 0)) return;
    on ? m_timer.start() : m_timer.stop();
    emit playingChanged();
}

void LessonPlayer::setSecondsPerStep(int seconds) {
    seconds = std::clamp(seconds, 1, 60);
    if (seconds * 1000 == m_timer.interval()) return;
    m_timer.setInterval(seconds * 1000);
    emit playingChanged();
}

void LessonPlayer::setSession(Session* session) {
    if (session == m_session) return;
    if (m_session) disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) connect(m_session, &Session::stepChanged, this, &LessonPlayer::checkSolved);
    emit sessionChanged();
}

// The lessons ship inside the app (resources under :/lessons), so it finds them wherever it runs.
void LessonPlayer::loadLibrary() {
    std::vector<LessonListModel::Entry> entries;
    QStringList errors;
    const QDir dir(QStringLiteral(":/lessons"));
    for (const QString& name : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) continue;
        try {
            entries.push_back({parse_lesson(file.readAll().toStdString(), "lessons/" + name.toStdString()), 0, false});
        } catch (const lesson_error& e) {
            errors << q(e.what());  // a broken lesson is reported, the others still load
        }
    }
    m_loadErrors = errors.join(QLatin1Char('\n'));
    m_lessons->setEntries(std::move(entries));
}

QString LessonPlayer::progressPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/progress.json");
}

void LessonPlayer::loadProgress() {
    QFile file(progressPath());
    if (!file.open(QIODevice::ReadOnly)) return;
    const QJsonObject all = QJsonDocument::fromJson(file.readAll()).object();
    for (auto& e : m_lessons->entries()) {
        const QJsonObject p = all.value(q(e.lesson.id)).toObject();
        e.reached = std::clamp(p.value(QStringLiteral("reached")).toInt(), 0, static_cast<int>(e.lesson.script.size()));
        e.completed = p.value(QStringLiteral("completed")).toBool();
    }
}

// Written to a temporary file and renamed over the old one: a crash or a kill in the middle
// leaves the previous progress whole.
void LessonPlayer::saveProgress() const {
    QJsonObject all;
    for (const auto& e : m_lessons->entries())
        all.insert(q(e.lesson.id), QJsonObject{{QStringLiteral("reached"), e.reached}, {QStringLiteral("completed"), e.completed}});
    QDir().mkpath(QFileInfo(progressPath()).absolutePath());
    QSaveFile file(progressPath());
    if (!file.open(QIODevice::WriteOnly)) return;
    file.write(QJsonDocument(all).toJson());
    file.commit();
}

const lesson* LessonPlayer::lesson() const {
    if (m_current < 0 || m_current >= m_lessons->rowCount()) return nullptr;
    return &m_lessons->entries()[static_cast<std::size_t>(m_current)].lesson;
}

const lesson_step* LessonPlayer::nextStep() const {
    const auto* l = lesson();
    if (!l || m_step >= static_cast<int>(l->script.size())) return nullptr;
    return &l->script[static_cast<std::size_t>(m_step)];
}

QString LessonPlayer::title() const { return lesson() ? q(lesson()->title) : QString(); }
int LessonPlayer::stepCount() const { return lesson() ? static_cast<int>(lesson()->script.size()) : 0; }

// The narration of the step just played, which describes what it did; before the first step,
// the lesson's summary.
QString LessonPlayer::narration() const {
    const auto* l = lesson();
    if (!l) return {};
    if (m_step == 0) return q(l->summary);
    return q(l->script[static_cast<std::size_t>(m_step - 1)].say);
}

QStringList LessonPlayer::highlight() const {
    const auto* l = lesson();
    QStringList out;
    if (l && m_step > 0)
        for (const auto& h : l->script[static_cast<std::size_t>(m_step - 1)].highlight) out << q(h);
    return out;
}

QString LessonPlayer::predictQuestion() const {
    const auto* s = nextStep();
    return s && s->predict ? q(s->predict->question) : QString();
}
QStringList LessonPlayer::predictChoices() const {
    QStringList out;
    if (const auto* s = nextStep(); s && s->predict)
        for (const auto& c : s->predict->choices) out << q(c);
    return out;
}
bool LessonPlayer::predictCorrect() const {
    const auto* s = nextStep();
    return s && s->predict && m_answered == static_cast<int>(s->predict->answer);
}
QString LessonPlayer::predictExplain() const {
    const auto* s = nextStep();
    return s && s->predict && m_answered >= 0 ? q(s->predict->explain) : QString();
}

void LessonPlayer::open(int index) {
    if (index < 0 || index >= m_lessons->rowCount() || !m_session) return;
    setPlaying(false);
    endChallenge();
    m_current = index;
    m_step = 0;
    m_boundaries = {0};
    m_exploring = false;
    m_answered = -1;
    m_checkpoints.clear();
    m_failure.clear();
    m_session->loadConfig(lesson()->config);
    emit lessonChanged();
    emit stepChanged();
}

void LessonPlayer::close() {
    endChallenge();
    m_current = -1;
    m_step = 0;
    emit lessonChanged();
    emit stepChanged();
}

bool LessonPlayer::next() {
    const lesson_step* step = nextStep();
    if (!step || m_exploring || m_challenge >= 0 || !m_session) return false;
    if (step->predict && m_answered < 0) return false;  // think first
    m_failure = m_session->performLessonStep(*lesson(), *step);
    m_boundaries.push_back(static_cast<int>(m_session->run().step_count()));
    ++m_step;
    m_answered = -1;

    // The step's checkpoints, as the student sees them confirmed.
    const snapshot s = m_session->run().take_snapshot();
    QStringList lines;
    for (const checkpoint& c : step->expect) {
        const std::string problem = check_checkpoint(c, s);
        const QString what = q(checkpoint_text(c));
        lines << (problem.empty() ? what + QStringLiteral(" ✓") : what + QStringLiteral(" ✗ ") + q(problem));
    }
    m_checkpoints = lines.join(QLatin1Char('\n'));

    auto& entry = m_lessons->entries()[static_cast<std::size_t>(m_current)];
    entry.reached = std::max(entry.reached, m_step);
    entry.completed = entry.completed || m_step == stepCount();
    m_lessons->progressChanged(m_current);
    saveProgress();
    emit stepChanged();
    return m_failure.isEmpty();
}

void LessonPlayer::previous() {
    if (m_step == 0 || m_exploring || m_challenge >= 0 || !m_session) return;
    --m_step;
    m_boundaries.pop_back();
    m_session->goTo(m_boundaries.back());
    m_answered = -1;
    m_checkpoints.clear();
    m_failure.clear();
    emit stepChanged();
}

void LessonPlayer::restart() { open(m_current); }

bool LessonPlayer::answer(int choice) {
    const lesson_step* step = nextStep();
    if (!step || !step->predict || choice < 0 || choice >= static_cast<int>(step->predict->choices.size())) return false;
    m_answered = choice;
    emit stepChanged();
    return predictCorrect();
}

void LessonPlayer::explore() {
    if (m_current < 0 || m_exploring) return;
    setPlaying(false);
    m_exploring = true;
    emit stepChanged();
}

void LessonPlayer::resume() {
    if (m_current < 0) return;
    endChallenge();
    m_exploring = false;
    replayTo(m_step);
    emit stepChanged();
}

// The lesson's run from its start through its first `step` steps: exploring may have moved
// the run anywhere, so the script is played again rather than trusted.
void LessonPlayer::replayTo(int step) {
    m_session->loadConfig(lesson()->config);
    m_boundaries = {0};
    m_failure.clear();
    for (int i = 0; i < step && m_failure.isEmpty(); ++i) {
        m_failure = m_session->performLessonStep(*lesson(), lesson()->script[static_cast<std::size_t>(i)]);
        m_boundaries.push_back(static_cast<int>(m_session->run().step_count()));
    }
}

QStringList LessonPlayer::challengeTitles() const {
    QStringList out;
    if (const auto* l = lesson())
        for (const auto& c : l->challenges) out << q(c.title);
    return out;
}

QString LessonPlayer::challengeText() const {
    return m_challenge >= 0 ? q(lesson()->challenges[static_cast<std::size_t>(m_challenge)].say) : QString();
}

QStringList LessonPlayer::hintsShown() const {
    QStringList out;
    if (m_challenge >= 0) {
        const auto& hints = lesson()->challenges[static_cast<std::size_t>(m_challenge)].hints;
        for (int i = 0; i < m_hints && i < static_cast<int>(hints.size()); ++i) out << q(hints[static_cast<std::size_t>(i)]);
    }
    return out;
}

bool LessonPlayer::hasMoreHints() const {
    return m_challenge >= 0 && m_hints < static_cast<int>(lesson()->challenges[static_cast<std::size_t>(m_challenge)].hints.size());
}

QString LessonPlayer::solvedText() const {
    return m_challenge >= 0 && m_solved ? q(lesson()->challenges[static_cast<std::size_t>(m_challenge)].solved) : QString();
}

void LessonPlayer::startChallenge(int index) {
    const auto* l = lesson();
    if (!l || index < 0 || index >= static_cast<int>(l->challenges.size()) || !m_session) return;
    setPlaying(false);
    m_challenge = index;
    m_hints = 0;
    m_solved = false;
    m_session->loadConfig(l->challenges[static_cast<std::size_t>(index)].config);
    emit challengeChanged();
}

void LessonPlayer::showHint() {
    if (!hasMoreHints()) return;
    ++m_hints;
    emit challengeChanged();
}

void LessonPlayer::endChallenge() {
    if (m_challenge < 0) return;
    m_challenge = -1;
    m_solved = false;
    emit challengeChanged();
}

void LessonPlayer::stopChallenge() {
    if (m_challenge < 0) return;
    endChallenge();
    replayTo(m_step);  // back to the lesson where the student left it
    emit stepChanged();
}

// The "solved" moment: the student's own steps reached the goal.
void LessonPlayer::checkSolved() {
    if (m_challenge < 0 || m_solved || !m_session) return;
    if (!reached(lesson()->challenges[static_cast<std::size_t>(m_challenge)].goal, m_session->run())) return;
    m_solved = true;
    emit challengeChanged();
}
