#include "lessonplayer.h"

#include "objectreader.h"
#include "session.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextList>
#include <QUrl>

#include <optional>
#include <utility>

using namespace lockstep;

namespace {
const QString foldersKey = QStringLiteral("lessons/folders");
const QString filesKey = QStringLiteral("lessons/files");
const QString examKey = QStringLiteral("lessons/examMode");

// progress.json: {"lessons": {id: LessonProgress}, "open": {"id", "path"} or null}. No "open"
// at all means no lesson was ever opened (or the progress was cleared): a first launch.
const QString lessonsKey = QStringLiteral("lessons");
const QString openKey = QStringLiteral("open");

// Settings a lesson relies on must survive a kill right after they change.
void keepSetting(const QString& key, const QVariant& value) {
    QSettings settings;
    settings.setValue(key, value);
    settings.sync();
}

// "file:line:column: message" followed by the line itself and a caret under the column, as a
// compiler shows it: the teacher sees what is wrong without opening the file at that place.
QString quoteLine(const QString& message, const QString& text, int line, int column) {
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (line < 1 || line > lines.size()) return message;
    QString shown = lines[line - 1];
    if (shown.endsWith(QLatin1Char('\r'))) shown.chop(1);
    QString caret;
    for (int i = 0; i < column - 1 && i < shown.size(); ++i) caret += shown[i] == QLatin1Char('\t') ? QLatin1Char('\t') : QLatin1Char(' ');
    return message + QStringLiteral("\n    ") + shown + QStringLiteral("\n    ") + caret + QLatin1Char('^');
}

// A path typed, given on the command line, or a file: URL from a dialog or a drop.
QString localPath(const QString& file) {
    const QString path = file.startsWith(QStringLiteral("file:")) ? QUrl(file).toLocalFile() : file;
    return path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
}

struct LoadedFile {
    std::optional<lesson> parsed;
    QString text;
    QString error;
};

// Parses and lints a teacher's file. Lint plays the script (each checkpoint must hold, each
// step must run) but does not search the challenges: that can take seconds, and this runs on
// every save in the window's thread.
LoadedFile loadFile(const QString& path) {
    LoadedFile out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("%1: cannot read the file (%2)").arg(path, file.errorString());
        return out;
    }
    out.text = QString::fromUtf8(file.readAll());
    try {
        lesson l = parse_lesson(out.text.toStdString(), path.toStdString());
        lint_options options;
        options.challenges = false;
        const lint_report report = lint_lesson(l, options);
        if (!report.errors.empty()) {
            const lesson_error& e = report.errors.front();
            out.error = quoteLine(q(e.what()), out.text, e.at.line, e.at.column);
            return out;
        }
        out.parsed = std::move(l);
    } catch (const lesson_error& e) {
        out.error = quoteLine(q(e.what()), out.text, e.at.line, e.at.column);
    } catch (const std::exception& e) {
        out.error = QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what()));  // never a crash
    }
    return out;
}

}  // namespace

// ---- progress -----------------------------------------------------------------------------------

LessonProgress LessonProgress::fromJson(const QJsonObject& o, const lesson& l) {
    const int steps = static_cast<int>(l.script.size());
    LessonProgress p;
    p.reached = std::clamp(o.value(QStringLiteral("reached")).toInt(), 0, steps);
    p.completed = o.value(QStringLiteral("completed")).toBool();
    p.at = std::clamp(o.value(QStringLiteral("at")).toInt(), 0, steps);
    p.answered = o.value(QStringLiteral("answered")).toInt(-1);
    if (p.at >= steps || !l.script[static_cast<std::size_t>(p.at)].predict
        || p.answered >= static_cast<int>(l.script[static_cast<std::size_t>(p.at)].predict->choices.size()))
        p.answered = -1;
    p.exploring = o.value(QStringLiteral("exploring")).toBool();
    p.challenge = o.value(QStringLiteral("challenge")).toInt(-1);
    if (p.challenge < -1 || p.challenge >= static_cast<int>(l.challenges.size())) p.challenge = -1;
    p.hints = p.challenge < 0 ? 0 : std::clamp(o.value(QStringLiteral("hints")).toInt(), 0,
                                               static_cast<int>(l.challenges[static_cast<std::size_t>(p.challenge)].hints.size()));
    const QJsonObject run = o.value(QStringLiteral("run")).toObject();
    p.runScenario = run.value(QStringLiteral("scenario")).toString();
    p.runVariant = run.value(QStringLiteral("variant")).toString();
    p.runSchedule = run.value(QStringLiteral("schedule")).toString();
    const QJsonObject predictions = o.value(QStringLiteral("predictions")).toObject();
    for (auto it = predictions.begin(); it != predictions.end(); ++it) {
        bool isNumber = false;
        const int step = it.key().toInt(&isNumber);
        if (isNumber && step >= 0 && step < steps && l.script[static_cast<std::size_t>(step)].predict)
            p.predictions.insert(step, it.value().toBool());
    }
    for (const QJsonValue& title : o.value(QStringLiteral("solved")).toArray()) p.solved.insert(title.toString());
    return p;
}

QJsonObject LessonProgress::toJson() const {
    QJsonObject o{{QStringLiteral("reached"), reached},     {QStringLiteral("completed"), completed},
                  {QStringLiteral("at"), at},               {QStringLiteral("answered"), answered},
                  {QStringLiteral("exploring"), exploring}, {QStringLiteral("challenge"), challenge},
                  {QStringLiteral("hints"), hints}};
    if (!runSchedule.isEmpty())
        o.insert(QStringLiteral("run"), QJsonObject{{QStringLiteral("scenario"), runScenario},
                                                    {QStringLiteral("variant"), runVariant},
                                                    {QStringLiteral("schedule"), runSchedule}});
    QJsonObject first;
    for (auto it = predictions.begin(); it != predictions.end(); ++it) first.insert(QString::number(it.key()), it.value());
    o.insert(QStringLiteral("predictions"), first);
    QStringList titles(solved.begin(), solved.end());
    titles.sort();
    o.insert(QStringLiteral("solved"), QJsonArray::fromStringList(titles));
    return o;
}

// ---- the library --------------------------------------------------------------------------------

LessonListModel::LessonListModel(QObject* parent) : QAbstractListModel(parent) {}

int LessonListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QHash<int, QByteArray> LessonListModel::roleNames() const {
    return {{IdRole, "id"},           {TitleRole, "title"}, {SummaryRole, "summary"},   {LevelRole, "level"},
            {MinutesRole, "minutes"}, {StepsRole, "steps"}, {ProgressRole, "progress"}, {CompletedRole, "completed"},
            {PathRole, "path"},       {ErrorRole, "error"}, {AtRole, "at"}, {ChallengesRole, "challenges"},
            {SolvedRole, "solvedCount"}, {PredictionsRole, "predictions"}, {AnsweredRole, "answeredCount"},
            {RightRole, "rightCount"},     {RemovableRole, "removable"}};
}

QVariant LessonListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Entry& e = m_entries[static_cast<std::size_t>(index.row())];
    const auto count = [](const auto& items, const auto& counted) {
        return static_cast<int>(std::count_if(items.begin(), items.end(), counted));
    };
    switch (role) {
    case IdRole: return q(e.lesson.id);
    case TitleRole: return q(e.lesson.title);
    case SummaryRole: return q(e.lesson.summary);
    case LevelRole: return q(e.lesson.level);
    case MinutesRole: return e.lesson.minutes;
    case StepsRole: return static_cast<int>(e.lesson.script.size());
    case ProgressRole: return e.progress.reached;
    case CompletedRole: return e.progress.completed;
    case PathRole: return e.path;
    case ErrorRole: return e.error;
    case AtRole: return e.progress.at;
    case ChallengesRole: return static_cast<int>(e.lesson.challenges.size());
    case SolvedRole: return count(e.lesson.challenges, [&](const lockstep::challenge& c) { return e.progress.solved.contains(q(c.title)); });
    case PredictionsRole: return count(e.lesson.script, [](const lesson_step& s) { return s.predict.has_value(); });
    case AnsweredRole: return static_cast<int>(e.progress.predictions.size());
    case RightRole: return count(e.progress.predictions, [](bool right) { return right; });
    case RemovableRole: return e.single;
    }
    return {};
}

void LessonListModel::setEntries(std::vector<Entry> entries) {
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void LessonListModel::progressChanged(int row) {
    emit dataChanged(index(row), index(row),
                     {ProgressRole, CompletedRole, AtRole, SolvedRole, AnsweredRole, RightRole});
}

void LessonListModel::entryChanged(int row) { emit dataChanged(index(row), index(row)); }

int LessonListModel::append(Entry entry) {
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(entry));
    endInsertRows();
    return row;
}

void LessonListModel::removeWhere(const std::function<bool(const Entry&)>& drop) {
    for (int row = rowCount() - 1; row >= 0; --row) {
        if (!drop(m_entries[static_cast<std::size_t>(row)])) continue;
        beginRemoveRows({}, row, row);
        m_entries.erase(m_entries.begin() + row);
        endRemoveRows();
    }
}

// ---- the player ---------------------------------------------------------------------------------

LessonPlayer::LessonPlayer(QObject* parent) : QObject(parent), m_lessons(new LessonListModel(this)) {
    loadProgress();
    loadLibrary();
    m_timer.setInterval(4000);
    // Editors save in several writes (or write a new file and rename it over the old one):
    // changes are gathered for a moment and handled once.
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(150);
    connect(&m_changeTimer, &QTimer::timeout, this, &LessonPlayer::processChanges);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString& path) {
        m_changed.insert(path);
        m_changeTimer.start();
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString& path) {
        m_changed.insert(path);
        m_changeTimer.start();
    });
    const QSettings settings;
    m_folders = settings.value(foldersKey).toStringList();
    for (const QString& folder : std::as_const(m_folders)) scanFolder(folder);
    // A remembered file that is gone today (a drive not plugged in) stays remembered.
    m_files = settings.value(filesKey).toStringList();
    for (const QString& file : std::as_const(m_files))
        if (QFileInfo::exists(file)) addToLibrary(file, true);
    m_examMode = settings.value(examKey, false).toBool();
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!next() || atEnd() || !predictQuestion().isEmpty()) setPlaying(false);
    });
    // The student's own steps (exploring, or in a challenge) change the run many times a
    // second when the lab plays: it is saved once they pause.
    m_runSaveTimer.setSingleShot(true);
    m_runSaveTimer.setInterval(300);
    connect(&m_runSaveTimer, &QTimer::timeout, this, &LessonPlayer::savePlace);
}

LessonPlayer::~LessonPlayer() {
    if (m_runSaveTimer.isActive()) savePlace();
}

void LessonPlayer::setPersistent(bool on) {
    if (on == m_persistent) return;
    m_persistent = on;
    emit persistentChanged();
}

void LessonPlayer::setExamMode(bool on) {
    if (on == m_examMode) return;
    m_examMode = on;
    keepSetting(examKey, on);
    emit examModeChanged();
    emit challengeChanged();
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
    if (m_session) {
        connect(m_session, &Session::stepChanged, this, &LessonPlayer::checkSolved);
        connect(m_session, &Session::stepChanged, this, [this] {
            if (m_current >= 0 && (m_exploring || m_challenge >= 0)) m_runSaveTimer.start();
        });
    }
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
            const QByteArray text = file.readAll();
            LessonListModel::Entry e{parse_lesson(text.toStdString(), "lessons/" + name.toStdString()), {}, {},
                                     QString::fromUtf8(text), {}};
            applyProgress(e);
            entries.push_back(std::move(e));
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

// Kept whole: lessons that are not in the library this time (a file opened last week) keep
// their progress when the others' is saved.
void LessonPlayer::loadProgress() {
    QFile file(progressPath());
    if (!file.open(QIODevice::ReadOnly)) return;
    m_progress = QJsonDocument::fromJson(file.readAll()).object();
    // The first version kept each lesson's progress at the top level and no place.
    if (!m_progress.isEmpty() && !m_progress.contains(lessonsKey)) m_progress = {{lessonsKey, m_progress}};
}

void LessonPlayer::applyProgress(LessonListModel::Entry& e) const {
    e.progress = LessonProgress::fromJson(m_progress.value(lessonsKey).toObject().value(q(e.lesson.id)).toObject(), e.lesson);
}

LessonProgress* LessonPlayer::progress() {
    return m_current >= 0 ? &m_lessons->entries()[static_cast<std::size_t>(m_current)].progress : nullptr;
}

// Where the student is in the open lesson, noted after every change of it and saved at once:
// what a kill leaves on disk is the place of the last thing they did.
void LessonPlayer::savePlace() {
    m_runSaveTimer.stop();
    LessonProgress* p = progress();
    if (!p) return;
    p->at = m_step;
    p->answered = m_answered;
    p->exploring = m_exploring;
    p->challenge = m_challenge;
    p->hints = m_challenge >= 0 ? m_hints : 0;
    const bool ownRun = (m_exploring || m_challenge >= 0) && m_session;
    p->runScenario = ownRun ? m_session->scenario() : QString();
    p->runVariant = ownRun ? m_session->variant() : QString();
    p->runSchedule = ownRun ? m_session->schedule() : QString();
    const auto& e = m_lessons->entries()[static_cast<std::size_t>(m_current)];
    m_progress.insert(openKey, QJsonObject{{QStringLiteral("id"), q(e.lesson.id)}, {QStringLiteral("path"), e.path}});
    m_lessons->progressChanged(m_current);
    saveProgress();
}

// Written to a temporary file and renamed over the old one: a crash or a kill in the middle
// leaves the previous progress whole.
void LessonPlayer::saveProgress() const {
    QJsonObject lessons = m_progress.value(lessonsKey).toObject();
    for (const auto& e : m_lessons->entries()) lessons.insert(q(e.lesson.id), e.progress.toJson());
    m_progress.insert(lessonsKey, lessons);
    if (!m_persistent) return;
    QDir().mkpath(QFileInfo(progressPath()).absolutePath());
    QSaveFile file(progressPath());
    if (!file.open(QIODevice::WriteOnly)) return;
    file.write(QJsonDocument(m_progress).toJson());
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
QString LessonPlayer::nextTitle() const {
    const int next = m_current + 1;
    if (m_current < 0 || next >= m_lessons->rowCount()) return {};
    return m_lessons->data(m_lessons->index(next), LessonListModel::TitleRole).toString();
}
void LessonPlayer::openNext() {
    if (!nextTitle().isEmpty()) open(m_current + 1);
}
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

void LessonPlayer::open(int index, bool fromStart) {
    if (index < 0 || index >= m_lessons->rowCount() || !m_session) return;
    setPlaying(false);
    endChallenge();
    m_current = index;
    auto& entry = m_lessons->entries()[static_cast<std::size_t>(index)];
    if (fromStart) {
        const LessonProgress kept = entry.progress;
        entry.progress = {};
        entry.progress.reached = kept.reached;
        entry.progress.completed = kept.completed;
        entry.progress.predictions = kept.predictions;
        entry.progress.solved = kept.solved;
    }
    const LessonProgress place = entry.progress;
    m_exploring = false;
    m_step = std::clamp(place.at, 0, stepCount());
    replayTo(m_step);
    showCheckpoints();
    m_answered = place.answered;
    setFileError(entry.error);
    restoreRun(place);
    emit lessonChanged();
    emit stepChanged();
    savePlace();
}

// How the student had left the script: exploring, or trying a challenge (with the hints they
// had seen), and the run they had made. A run that no longer replays (the lesson changed)
// leaves them at the lesson's own place.
void LessonPlayer::restoreRun(const LessonProgress& p) {
    const auto* l = lesson();
    if (p.challenge >= 0 && p.challenge < static_cast<int>(l->challenges.size())) {
        m_challenge = p.challenge;
        m_hints = p.hints;
        m_solved = false;
        m_session->loadConfig(l->challenges[static_cast<std::size_t>(p.challenge)].config);
    } else if (p.exploring) {
        m_exploring = true;
    } else {
        return;
    }
    if (!p.runSchedule.isEmpty() && p.runScenario == m_session->scenario()) {
        if (p.runVariant != m_session->variant() && m_session->variants().contains(p.runVariant)) m_session->setVariant(p.runVariant);
        if (!m_session->replaySchedule(p.runSchedule).isEmpty()) {
            m_session->clearError();
            if (m_challenge >= 0) m_session->loadConfig(l->challenges[static_cast<std::size_t>(m_challenge)].config);
            else replayTo(m_step);
        }
    }
    if (m_challenge >= 0) {
        emit challengeChanged();
        checkSolved();
    }
}

bool LessonPlayer::reopen() {
    if (!m_progress.contains(openKey)) {  // a first launch
        if (m_lessons->rowCount() == 0) return false;
        open(0);
        return true;
    }
    const QJsonObject last = m_progress.value(openKey).toObject();
    if (last.isEmpty()) return false;  // closed when the app last stopped
    const QString path = last.value(QStringLiteral("path")).toString();
    int row = -1;
    if (path.isEmpty()) {
        const QString id = last.value(QStringLiteral("id")).toString();
        const auto& entries = m_lessons->entries();
        for (std::size_t i = 0; i < entries.size() && row < 0; ++i)
            if (entries[i].path.isEmpty() && q(entries[i].lesson.id) == id) row = static_cast<int>(i);
    } else {
        row = rowOfPath(path);
    }
    if (row < 0) return false;
    open(row);
    return true;
}

void LessonPlayer::close() {
    endChallenge();
    m_current = -1;
    m_step = 0;
    m_exploring = false;
    setFileError({});
    m_progress.insert(openKey, QJsonValue::Null);
    saveProgress();
    emit lessonChanged();
    emit stepChanged();
}

void LessonPlayer::clearProgress() {
    m_progress = {};
    for (auto& e : m_lessons->entries()) e.progress = {};
    for (int row = 0; row < m_lessons->rowCount(); ++row) m_lessons->progressChanged(row);
    if (m_current >= 0) open(m_current, true);
    else saveProgress();
}

// The checkpoints of the step just played, as the student sees them confirmed.
void LessonPlayer::showCheckpoints() {
    m_checkpoints.clear();
    if (m_step == 0 || !m_session) return;
    const lesson_step& step = lesson()->script[static_cast<std::size_t>(m_step - 1)];
    const snapshot s = m_session->run().take_snapshot();
    QStringList lines;
    for (const checkpoint& c : step.expect) {
        const std::string problem = check_checkpoint(c, s);
        const QString what = q(checkpoint_text(c));
        lines << (problem.empty() ? what + QStringLiteral(" ✓")
                                : what + QStringLiteral(" ✗ ") + q(problem) + QStringLiteral(" (%1:%2:%3)").arg(q(lesson()->file)).arg(c.at.line).arg(c.at.column));
    }
    m_checkpoints = lines.join(QLatin1Char('\n'));
}

bool LessonPlayer::next() {
    const lesson_step* step = nextStep();
    if (!step || m_exploring || m_challenge >= 0 || !m_session) return false;
    if (step->predict && m_answered < 0) return false;  // think first
    m_failure = withLine(m_session->performLessonStep(*lesson(), *step));
    m_boundaries.push_back(static_cast<int>(m_session->run().step_count()));
    ++m_step;
    m_answered = -1;
    showCheckpoints();

    LessonProgress* p = progress();
    p->reached = std::max(p->reached, m_step);
    p->completed = p->completed || m_step == stepCount();
    savePlace();
    emit stepChanged();
    return m_failure.isEmpty();
}

void LessonPlayer::previous() {
    if (m_step == 0 || m_exploring || m_challenge >= 0 || !m_session) return;
    --m_step;
    m_boundaries.pop_back();
    m_session->goTo(m_boundaries.back());
    m_answered = -1;
    showCheckpoints();
    m_failure.clear();
    savePlace();
    emit stepChanged();
}

void LessonPlayer::restart() { open(m_current, true); }

// The first answer to a prediction is the one the library counts: answering again after going
// back shows the explanation again but does not change the score.
bool LessonPlayer::answer(int choice) {
    const lesson_step* step = nextStep();
    if (!step || !step->predict || choice < 0 || choice >= static_cast<int>(step->predict->choices.size())) return false;
    m_answered = choice;
    if (LessonProgress* p = progress(); !p->predictions.contains(m_step)) p->predictions.insert(m_step, predictCorrect());
    savePlace();
    emit stepChanged();
    return predictCorrect();
}

void LessonPlayer::explore() {
    if (m_current < 0 || m_exploring) return;
    setPlaying(false);
    m_exploring = true;
    savePlace();
    emit stepChanged();
}

void LessonPlayer::resume() {
    if (m_current < 0) return;
    endChallenge();
    m_exploring = false;
    replayTo(m_step);
    showCheckpoints();
    savePlace();
    emit stepChanged();
}

// The lesson's run from its start through its first `step` steps: exploring may have moved
// the run anywhere, so the script is played again rather than trusted.
void LessonPlayer::replayTo(int step) {
    m_session->loadConfig(lesson()->config);
    m_boundaries = {0};
    m_failure.clear();
    for (int i = 0; i < step && m_failure.isEmpty(); ++i) {
        m_failure = withLine(m_session->performLessonStep(*lesson(), lesson()->script[static_cast<std::size_t>(i)]));
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
    if (m_challenge >= 0 && hintsAllowed()) {
        const auto& hints = lesson()->challenges[static_cast<std::size_t>(m_challenge)].hints;
        for (int i = 0; i < m_hints && i < static_cast<int>(hints.size()); ++i) out << q(hints[static_cast<std::size_t>(i)]);
    }
    return out;
}

bool LessonPlayer::hasMoreHints() const {
    return m_challenge >= 0 && hintsAllowed()
           && m_hints < static_cast<int>(lesson()->challenges[static_cast<std::size_t>(m_challenge)].hints.size());
}

QString LessonPlayer::solvedText() const {
    return m_challenge >= 0 && m_solved ? q(lesson()->challenges[static_cast<std::size_t>(m_challenge)].solved) : QString();
}

bool LessonPlayer::hintsAllowed() const {
    return m_challenge < 0 || (!m_examMode && lesson()->challenges[static_cast<std::size_t>(m_challenge)].allow_hints);
}

bool LessonPlayer::searchAllowed() const {
    return m_challenge < 0 || (!m_examMode && lesson()->challenges[static_cast<std::size_t>(m_challenge)].allow_search);
}

QString LessonPlayer::helpNote() const {
    if (m_challenge < 0) return {};
    if (m_examMode) return tr("Exam mode: no hints and no \"Find a violation\" in challenges (Lessons menu).");
    const bool hints = hintsAllowed() && !lesson()->challenges[static_cast<std::size_t>(m_challenge)].hints.empty();
    const bool search = searchAllowed();
    if (!hintsAllowed() && !search) return tr("This challenge is solved without hints and without \"Find a violation\".");
    if (!hintsAllowed()) return tr("This challenge is solved without hints.");
    if (!search) return hints ? tr("This challenge is solved without \"Find a violation\"; the hints are yours to ask.")
                              : tr("This challenge is solved without \"Find a violation\".");
    return {};
}

void LessonPlayer::startChallenge(int index) {
    const auto* l = lesson();
    if (!l || index < 0 || index >= static_cast<int>(l->challenges.size()) || !m_session) return;
    setPlaying(false);
    m_challenge = index;
    m_hints = 0;
    m_solved = false;
    m_session->loadConfig(l->challenges[static_cast<std::size_t>(index)].config);
    savePlace();
    emit challengeChanged();
}

void LessonPlayer::showHint() {
    if (!hasMoreHints()) return;
    ++m_hints;
    savePlace();
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
    showCheckpoints();
    savePlace();
    emit stepChanged();
}

// The "solved" moment: the student's own steps reached the goal. The library keeps it.
void LessonPlayer::checkSolved() {
    if (m_challenge < 0 || m_solved || !m_session) return;
    const lockstep::challenge& c = lesson()->challenges[static_cast<std::size_t>(m_challenge)];
    if (!reached(c.goal, m_session->run())) return;
    m_solved = true;
    progress()->solved.insert(q(c.title));
    savePlace();
    emit challengeChanged();
}

// Markdown through Qt's own reader (md4c), then two corrections before it becomes HTML.
QString LessonPlayer::richText(const QString& markdown, int pixelSize) {
    if (markdown.isEmpty()) return {};
    pixelSize = std::max(1, pixelSize);
    QTextDocument doc;
    QFont font = doc.defaultFont();
    font.setPixelSize(pixelSize);
    doc.setDefaultFont(font);
    doc.setMarkdown(markdown);

    // Gathered first: changing a format splits and merges the fragments being walked.
    struct Span {
        int at, length;
        QTextCharFormat format;
    };
    std::vector<Span> code;
    std::vector<std::pair<int, bool>> gaps;  // block position, within a list
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        for (auto it = b.begin(); !it.atEnd(); ++it)
            if (const QTextFragment f = it.fragment(); f.charFormat().fontFixedPitch())
                code.push_back({f.position(), f.length(), f.charFormat()});
        if (b != doc.begin()) gaps.emplace_back(b.position(), b.textList() && b.textList() == b.previous().textList());
    }
    QTextCursor cursor(&doc);
    for (Span& span : code) {
        cursor.setPosition(span.at);
        cursor.setPosition(span.at + span.length, QTextCursor::KeepAnchor);
        // The size of the text around it, not the system's fixed font size.
        span.format.clearProperty(QTextFormat::FontPointSize);
        span.format.clearProperty(QTextFormat::FontPixelSize);
        cursor.setCharFormat(span.format);
    }
    // Paragraphs apart by most of a line, the items of a list by a little.
    for (const auto& [at, inList] : gaps) {
        cursor.setPosition(at);
        QTextBlockFormat format = cursor.blockFormat();
        format.setTopMargin(qRound(inList ? pixelSize * 0.25 : pixelSize * 0.6));
        cursor.setBlockFormat(format);
    }
    return doc.toHtml();
}

// ---- the teacher's own files -------------------------------------------------------------------

QString LessonPlayer::checkFile(const QString& path) { return loadFile(localPath(path)).error; }

QString LessonPlayer::loadErrors() const {
    QStringList all;
    if (!m_loadErrors.isEmpty()) all << m_loadErrors;
    for (const QString& e : m_folderErrors) all << e;
    return all.join(QLatin1Char('\n'));
}

void LessonPlayer::setFileError(const QString& error) {
    if (error == m_fileError) return;
    m_fileError = error;
    emit fileErrorChanged();
}

int LessonPlayer::rowOfPath(const QString& path) const {
    const auto& entries = m_lessons->entries();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (!path.isEmpty() && entries[i].path == path) return static_cast<int>(i);
    return -1;
}

// The file and its folder: an editor that saves by writing a new file and renaming it over the
// old one leaves the watcher on a file that is gone, and only the folder hears of the new one.
void LessonPlayer::watch(const QString& path) {
    if (!m_watcher.files().contains(path) && QFileInfo::exists(path)) m_watcher.addPath(path);
    const QString dir = QFileInfo(path).absolutePath();
    if (!m_watcher.directories().contains(dir)) m_watcher.addPath(dir);
}

// A step that could not be played names its place in the lesson; the line is quoted from the
// text the lesson was parsed from.
QString LessonPlayer::withLine(const QString& message) const {
    static const QRegularExpression place(QStringLiteral("^(.*):(\\d+):(\\d+): "));
    const auto* l = lesson();
    const QRegularExpressionMatch m = place.match(message);
    if (!l || !m.hasMatch() || m.captured(1) != q(l->file)) return message;
    return quoteLine(message, m_lessons->entries()[static_cast<std::size_t>(m_current)].text, m.captured(2).toInt(),
                     m.captured(3).toInt());
}

int LessonPlayer::openFile(const QString& file) {
    const QString path = localPath(file);
    if (path.isEmpty()) return -1;
    int row = rowOfPath(path);
    if (row >= 0) {
        reload(row);  // the teacher asks for it again: show what is on disk now
    } else {
        LoadedFile loaded = loadFile(path);
        watch(path);
        if (!loaded.parsed) {
            m_waitingFile = path;
            setFileError(loaded.error);
            return -1;
        }
        if (m_waitingFile == path) m_waitingFile.clear();
        // Opened on its own (not from a folder of the library): remembered on its own.
        const bool single = !m_folders.contains(QFileInfo(path).absolutePath());
        LessonListModel::Entry e{std::move(*loaded.parsed), {}, path, loaded.text, {}, single};
        applyProgress(e);
        row = m_lessons->append(std::move(e));
        if (single && !m_files.contains(path)) {
            m_files << path;
            keepSetting(filesKey, m_files);
        }
    }
    open(row);
    return row;
}

void LessonPlayer::removeFile(const QString& file) {
    const QString path = localPath(file);
    if (!m_files.removeOne(path)) return;
    keepSetting(filesKey, m_files);
    if (const int row = rowOfPath(path); row >= 0 && m_lessons->entries()[static_cast<std::size_t>(row)].single) {
        if (row == m_current) close();
        const int before = m_current;
        m_lessons->removeWhere([&](const LessonListModel::Entry& e) { return e.path == path; });
        if (before > row) {  // the open lesson moved up
            m_current = before - 1;
            emit lessonChanged();
        }
    }
    if (m_folderErrors.remove(path) > 0) emit loadErrorsChanged();
    if (!m_folders.contains(QFileInfo(path).absolutePath())) m_watcher.removePath(path);
}

bool LessonPlayer::addFolder(const QString& folder) {
    const QString path = localPath(folder);
    if (path.isEmpty() || !QFileInfo(path).isDir()) return false;
    if (!m_folders.contains(path)) {
        m_folders << path;
        keepSetting(foldersKey, m_folders);
        emit foldersChanged();
    }
    scanFolder(path);
    return true;
}

void LessonPlayer::removeFolder(const QString& folder) {
    const QString path = localPath(folder);
    if (!m_folders.removeOne(path)) return;
    keepSetting(foldersKey, m_folders);
    const auto inFolder = [&path](const QString& file) { return !file.isEmpty() && QFileInfo(file).absolutePath() == path; };
    const auto leaves = [&](const LessonListModel::Entry& e) { return inFolder(e.path) && !e.single; };
    if (m_current >= 0 && leaves(m_lessons->entries()[static_cast<std::size_t>(m_current)])) close();
    const QString open = m_current >= 0 ? m_lessons->entries()[static_cast<std::size_t>(m_current)].path : QString();
    const int before = m_current;
    m_lessons->removeWhere(leaves);
    // The open lesson may have moved up.
    if (before >= 0 && !open.isEmpty()) m_current = rowOfPath(open);
    for (auto it = m_folderErrors.begin(); it != m_folderErrors.end();)
        it = inFolder(it.key()) && !m_files.contains(it.key()) ? m_folderErrors.erase(it) : std::next(it);
    m_watcher.removePath(path);
    emit foldersChanged();
    emit loadErrorsChanged();
}

// Every lesson file in the folder joins the library once; one that is broken is listed in
// loadErrors and watched, so that it joins as soon as it is fixed.
void LessonPlayer::scanFolder(const QString& folder) {
    const QDir dir(folder);
    if (!dir.exists()) return;  // a folder on a drive that is not there today stays in the settings
    if (!m_watcher.directories().contains(folder)) m_watcher.addPath(folder);
    bool errorsChanged = false;
    for (const QString& name : dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name))
        errorsChanged = addToLibrary(dir.absoluteFilePath(name), false) || errorsChanged;
    if (errorsChanged) emit loadErrorsChanged();
}

bool LessonPlayer::addToLibrary(const QString& path, bool single) {
    if (rowOfPath(path) >= 0) return false;
    LoadedFile loaded = loadFile(path);
    watch(path);
    if (!loaded.parsed) {
        const bool changed = m_folderErrors.value(path) != loaded.error;
        m_folderErrors.insert(path, loaded.error);
        return changed;
    }
    const bool changed = m_folderErrors.remove(path) > 0;
    LessonListModel::Entry e{std::move(*loaded.parsed), {}, path, loaded.text, {}, single};
    applyProgress(e);
    m_lessons->append(std::move(e));
    return changed;
}

// A file of the library read again. A broken version keeps the last good lesson and says what
// is wrong; a good one replaces it, and if it is the lesson being played, the student stays at
// the step they were at (or the new last one, if the script got shorter).
void LessonPlayer::reload(int row) {
    auto& entry = m_lessons->entries()[static_cast<std::size_t>(row)];
    const QString path = entry.path;
    LoadedFile loaded = loadFile(path);
    watch(path);
    if (!loaded.parsed) {
        entry.error = loaded.error;
        if (!loaded.text.isEmpty()) entry.text = loaded.text;
        m_lessons->entryChanged(row);
        if (row == m_current) setFileError(loaded.error);
        emit fileReloaded(path, false);
        return;
    }
    const bool unchanged = loaded.text == entry.text && entry.error.isEmpty();
    entry.error.clear();
    if (unchanged) return;  // touched, not edited: leave the student where they are
    entry.text = loaded.text;
    entry.lesson = std::move(*loaded.parsed);
    // The progress as it fits the new version (a shorter script, a renamed challenge).
    entry.progress = LessonProgress::fromJson(entry.progress.toJson(), entry.lesson);
    m_lessons->entryChanged(row);
    if (row == m_current && m_session) {
        setPlaying(false);
        endChallenge();
        const int keep = std::min(m_step, stepCount());
        m_exploring = false;
        m_answered = -1;
        replayTo(keep);
        m_step = keep;
        showCheckpoints();
        setFileError({});
        savePlace();
        emit lessonChanged();
        emit stepChanged();
    }
    emit fileReloaded(path, true);
}

void LessonPlayer::processChanges() {
    const QSet<QString> changed = std::exchange(m_changed, {});
    QSet<QString> reloaded;
    const auto reloadPath = [&](const QString& path) {
        if (reloaded.contains(path)) return;
        reloaded.insert(path);
        if (const int row = rowOfPath(path); row >= 0) {
            if (QFileInfo::exists(path)) reload(row);
        } else if (path == m_waitingFile && QFileInfo::exists(path)) {
            if (openFile(path) >= 0) emit fileReloaded(path, true);  // fixed: it opens now
        }
    };
    for (const QString& path : changed) {
        if (QFileInfo(path).isDir()) {
            // A file replaced by a rename: watch it again and read it; a new file in a library
            // folder joins the library.
            for (const auto& e : m_lessons->entries())
                if (!e.path.isEmpty() && QFileInfo(e.path).absolutePath() == path && !m_watcher.files().contains(e.path)
                    && QFileInfo::exists(e.path))
                    reloadPath(e.path);
            if (!m_waitingFile.isEmpty() && QFileInfo(m_waitingFile).absolutePath() == path && !m_watcher.files().contains(m_waitingFile))
                reloadPath(m_waitingFile);
            if (m_folders.contains(path)) scanFolder(path);
        } else if (m_folderErrors.contains(path) && rowOfPath(path) < 0) {
            // Tried again: with its folder's other files, or on its own when it was opened so.
            const QString folder = QFileInfo(path).absolutePath();
            m_folderErrors.remove(path);
            if (m_folders.contains(folder)) scanFolder(folder);
            if (m_files.contains(path)) addToLibrary(path, true);
            emit loadErrorsChanged();
        } else {
            reloadPath(path);
        }
    }
}
