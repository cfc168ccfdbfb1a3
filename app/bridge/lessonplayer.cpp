#include "lessonplayer.h"

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
#include <QUrl>

#include <optional>
#include <utility>

using namespace lockstep;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

const QString foldersKey = QStringLiteral("lessons/folders");

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

// ---- the library --------------------------------------------------------------------------------

LessonListModel::LessonListModel(QObject* parent) : QAbstractListModel(parent) {}

int LessonListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QHash<int, QByteArray> LessonListModel::roleNames() const {
    return {{IdRole, "id"},           {TitleRole, "title"}, {SummaryRole, "summary"},   {LevelRole, "level"},
            {MinutesRole, "minutes"}, {StepsRole, "steps"}, {ProgressRole, "progress"}, {CompletedRole, "completed"},
            {PathRole, "path"},       {ErrorRole, "error"}};
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
    case PathRole: return e.path;
    case ErrorRole: return e.error;
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
    m_folders = QSettings().value(foldersKey).toStringList();
    for (const QString& folder : std::as_const(m_folders)) scanFolder(folder);
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
            const QByteArray text = file.readAll();
            LessonListModel::Entry e{parse_lesson(text.toStdString(), "lessons/" + name.toStdString()), 0, false, {},
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
}

void LessonPlayer::applyProgress(LessonListModel::Entry& e) const {
    const QJsonObject p = m_progress.value(q(e.lesson.id)).toObject();
    e.reached = std::clamp(p.value(QStringLiteral("reached")).toInt(), 0, static_cast<int>(e.lesson.script.size()));
    e.completed = p.value(QStringLiteral("completed")).toBool();
}

// Written to a temporary file and renamed over the old one: a crash or a kill in the middle
// leaves the previous progress whole.
void LessonPlayer::saveProgress() const {
    QJsonObject& all = m_progress;
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
    setFileError(m_lessons->entries()[static_cast<std::size_t>(index)].error);
    emit lessonChanged();
    emit stepChanged();
}

void LessonPlayer::close() {
    endChallenge();
    m_current = -1;
    m_step = 0;
    setFileError({});
    emit lessonChanged();
    emit stepChanged();
}

bool LessonPlayer::next() {
    const lesson_step* step = nextStep();
    if (!step || m_exploring || m_challenge >= 0 || !m_session) return false;
    if (step->predict && m_answered < 0) return false;  // think first
    m_failure = withLine(m_session->performLessonStep(*lesson(), *step));
    m_boundaries.push_back(static_cast<int>(m_session->run().step_count()));
    ++m_step;
    m_answered = -1;

    // The step's checkpoints, as the student sees them confirmed.
    const snapshot s = m_session->run().take_snapshot();
    QStringList lines;
    for (const checkpoint& c : step->expect) {
        const std::string problem = check_checkpoint(c, s);
        const QString what = q(checkpoint_text(c));
        lines << (problem.empty() ? what + QStringLiteral(" ✓")
                                : what + QStringLiteral(" ✗ ") + q(problem) + QStringLiteral(" (%1:%2:%3)").arg(q(lesson()->file)).arg(c.at.line).arg(c.at.column));
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
        LessonListModel::Entry e{std::move(*loaded.parsed), 0, false, path, loaded.text, {}};
        applyProgress(e);
        row = m_lessons->append(std::move(e));
    }
    open(row);
    return row;
}

bool LessonPlayer::addFolder(const QString& folder) {
    const QString path = localPath(folder);
    if (path.isEmpty() || !QFileInfo(path).isDir()) return false;
    if (!m_folders.contains(path)) {
        m_folders << path;
        QSettings().setValue(foldersKey, m_folders);
        emit foldersChanged();
    }
    scanFolder(path);
    return true;
}

void LessonPlayer::removeFolder(const QString& folder) {
    const QString path = localPath(folder);
    if (!m_folders.removeOne(path)) return;
    QSettings().setValue(foldersKey, m_folders);
    const auto inFolder = [&path](const QString& file) { return !file.isEmpty() && QFileInfo(file).absolutePath() == path; };
    if (m_current >= 0 && inFolder(m_lessons->entries()[static_cast<std::size_t>(m_current)].path)) close();
    const QString open = m_current >= 0 ? m_lessons->entries()[static_cast<std::size_t>(m_current)].path : QString();
    const int before = m_current;
    m_lessons->removeWhere([&](const LessonListModel::Entry& e) { return inFolder(e.path); });
    // The open lesson may have moved up.
    if (before >= 0 && !open.isEmpty()) m_current = rowOfPath(open);
    for (auto it = m_folderErrors.begin(); it != m_folderErrors.end();)
        it = inFolder(it.key()) ? m_folderErrors.erase(it) : std::next(it);
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
    for (const QString& name : dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name)) {
        const QString path = dir.absoluteFilePath(name);
        if (rowOfPath(path) >= 0) continue;
        LoadedFile loaded = loadFile(path);
        watch(path);
        if (!loaded.parsed) {
            errorsChanged = errorsChanged || m_folderErrors.value(path) != loaded.error;
            m_folderErrors.insert(path, loaded.error);
            continue;
        }
        errorsChanged = errorsChanged || m_folderErrors.remove(path) > 0;
        LessonListModel::Entry e{std::move(*loaded.parsed), 0, false, path, loaded.text, {}};
        applyProgress(e);
        m_lessons->append(std::move(e));
    }
    if (errorsChanged) emit loadErrorsChanged();
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
    entry.reached = std::min(entry.reached, static_cast<int>(entry.lesson.script.size()));
    m_lessons->entryChanged(row);
    if (row == m_current && m_session) {
        setPlaying(false);
        endChallenge();
        const int keep = std::min(m_step, stepCount());
        m_exploring = false;
        m_answered = -1;
        m_checkpoints.clear();
        replayTo(keep);
        m_step = keep;
        setFileError({});
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
            m_folderErrors.remove(path);  // tried again by the scan
            scanFolder(QFileInfo(path).absolutePath());
            emit loadErrorsChanged();
        } else {
            reloadPath(path);
        }
    }
}
