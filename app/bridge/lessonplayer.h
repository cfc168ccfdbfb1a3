// Plays a lesson in the app: opens it on the Session, moves through its script (next and
// previous step), asks its predictions, lets the student leave the script to explore and come
// back, tracks its challenges, and keeps progress per lesson in a file written atomically on
// every change, so that a lesson resumes where it was left even after the app was killed.
// Besides the shipped lessons it plays a teacher's own files (opened one by one, or a folder
// added to the library, both kept in the settings) and reloads them when they change on disk.
#pragma once

#include <lockstep/lesson.hpp>

#include <QAbstractListModel>
#include <QFileSystemWatcher>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QObject>
#include <QSet>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

class Session;
Q_MOC_INCLUDE("session.h")

// What a student did in one lesson, kept across launches under the lesson's id: how far they
// got, where they left it (and how: exploring, or in a challenge, with the run they made), the
// first answer to each prediction and the challenges solved.
struct LessonProgress {
    int reached = 0;  // furthest script step played (0: not started)
    bool completed = false;
    int at = 0;         // the step the lesson was left at
    int answered = -1;  // the choice made for the prediction waiting at `at` (-1: none)
    bool exploring = false;
    int challenge = -1;  // the challenge being tried (-1: none) and how many hints it showed
    int hints = 0;
    // The run the student made while exploring or in a challenge: replayed when they come back.
    QString runScenario, runVariant, runSchedule;
    QMap<int, bool> predictions;  // script step that asks -> whether the first answer was right
    QSet<QString> solved;         // titles of the challenges solved

    // Read back with every number checked against the lesson as it is now (a file may have
    // been edited since, or the progress file by hand).
    static LessonProgress fromJson(const QJsonObject& o, const lockstep::lesson& l);
    QJsonObject toJson() const;
};

// The lesson library: every lesson shipped with the app, then the teacher's own files, with the
// student's progress.
class LessonListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LessonListModel belongs to a LessonPlayer")

public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, SummaryRole, LevelRole, MinutesRole, StepsRole, ProgressRole, CompletedRole,
                 PathRole, ErrorRole,
                 AtRole,              // the step the lesson was left at
                 ChallengesRole,      // how many challenges it has, and how many were solved
                 SolvedRole,
                 PredictionsRole,     // how many predictions it asks, were answered, were right first time
                 AnsweredRole,
                 RightRole,
                 RemovableRole };     // a file opened on its own, which the library can forget
    Q_ENUM(Roles)

    explicit LessonListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    struct Entry {
        lockstep::lesson lesson;
        LessonProgress progress;
        QString path;   // the teacher's file, absolute; "" for a shipped lesson
        QString text;   // the text it was parsed from, to quote the line of an error
        QString error;  // why the file's latest version could not be used ("" none); `lesson` is the last good one
        bool single = false;  // a file opened on its own, not from a library folder
    };
    void setEntries(std::vector<Entry> entries);
    std::vector<Entry>& entries() { return m_entries; }
    void progressChanged(int row);
    void entryChanged(int row);
    int append(Entry entry);
    void removeWhere(const std::function<bool(const Entry&)>& drop);

private:
    std::vector<Entry> m_entries;
};

class LessonPlayer : public QObject {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(Session* session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(LessonListModel* lessons READ lessons CONSTANT)
    Q_PROPERTY(QString loadErrors READ loadErrors NOTIFY loadErrorsChanged)  // lessons that failed to load, with their places
    // The teacher's lesson file that could not be used, as "file:line:column: message" and the
    // line itself: a file that failed to open, or the open lesson whose latest edit is broken
    // (the last good version keeps playing). "" when there is none.
    Q_PROPERTY(QString fileError READ fileError NOTIFY fileErrorChanged)
    Q_PROPERTY(QStringList folders READ folders NOTIFY foldersChanged)  // lesson folders added to the library
    // Whether progress and the place in the open lesson are written to disk (a still picture
    // for --screenshot writes nothing); what was saved is read either way.
    Q_PROPERTY(bool persistent READ persistent WRITE setPersistent NOTIFY persistentChanged)
    // A teacher's exam: no challenge shows hints or lets the lab search for a violation,
    // whatever its lesson allows. Kept in the settings.
    Q_PROPERTY(bool examMode READ examMode WRITE setExamMode NOTIFY examModeChanged)
    Q_PROPERTY(int current READ current NOTIFY lessonChanged)  // -1: no lesson open
    Q_PROPERTY(QString title READ title NOTIFY lessonChanged)
    Q_PROPERTY(int stepCount READ stepCount NOTIFY lessonChanged)
    Q_PROPERTY(int stepIndex READ stepIndex NOTIFY stepChanged)   // steps of the script done, 0..stepCount
    Q_PROPERTY(QString narration READ narration NOTIFY stepChanged)   // Markdown of the step just done (or the next one at 0)
    Q_PROPERTY(QStringList highlight READ highlight NOTIFY stepChanged)
    Q_PROPERTY(QString checkpointText READ checkpointText NOTIFY stepChanged)  // "vma.vm_refcnt = 2 ✓"
    Q_PROPERTY(QString failure READ failure NOTIFY stepChanged)   // a step that could not be played, "" if none
    Q_PROPERTY(bool atEnd READ atEnd NOTIFY stepChanged)
    // The lesson after this one in the library ("" after the last), which the end offers.
    Q_PROPERTY(QString nextTitle READ nextTitle NOTIFY lessonChanged)
    Q_PROPERTY(bool exploring READ exploring NOTIFY stepChanged)  // the student left the script
    // Auto-play of the script: a step every `secondsPerStep`; it stops at a prediction (the
    // class answers first), at the end, or when the student explores.
    Q_PROPERTY(bool playing READ playing WRITE setPlaying NOTIFY playingChanged)
    Q_PROPERTY(int secondsPerStep READ secondsPerStep WRITE setSecondsPerStep NOTIFY playingChanged)
    // The prediction the next step asks before it runs.
    Q_PROPERTY(QString predictQuestion READ predictQuestion NOTIFY stepChanged)
    Q_PROPERTY(QStringList predictChoices READ predictChoices NOTIFY stepChanged)
    Q_PROPERTY(int predictAnswered READ predictAnswered NOTIFY stepChanged)  // the choice made, -1 none
    Q_PROPERTY(bool predictCorrect READ predictCorrect NOTIFY stepChanged)
    Q_PROPERTY(QString predictExplain READ predictExplain NOTIFY stepChanged)
    // Challenges of the open lesson.
    Q_PROPERTY(QStringList challengeTitles READ challengeTitles NOTIFY lessonChanged)
    Q_PROPERTY(int challenge READ challenge NOTIFY challengeChanged)  // the one being tried, -1 none
    Q_PROPERTY(QString challengeText READ challengeText NOTIFY challengeChanged)
    Q_PROPERTY(QStringList hintsShown READ hintsShown NOTIFY challengeChanged)
    Q_PROPERTY(bool hasMoreHints READ hasMoreHints NOTIFY challengeChanged)
    Q_PROPERTY(bool solved READ solved NOTIFY challengeChanged)
    Q_PROPERTY(QString solvedText READ solvedText NOTIFY challengeChanged)
    // What the challenge being tried lets the student use (its lesson's `allow`, and the exam
    // mode); both true outside a challenge. helpNote says why something is off ("" if nothing is).
    Q_PROPERTY(bool hintsAllowed READ hintsAllowed NOTIFY challengeChanged)
    Q_PROPERTY(bool searchAllowed READ searchAllowed NOTIFY challengeChanged)
    Q_PROPERTY(QString helpNote READ helpNote NOTIFY challengeChanged)

public:
    explicit LessonPlayer(QObject* parent = nullptr);
    ~LessonPlayer() override;

    Session* session() const { return m_session; }
    void setSession(Session* session);
    LessonListModel* lessons() const { return m_lessons; }
    QString loadErrors() const;
    QString fileError() const { return m_fileError; }
    QStringList folders() const { return m_folders; }
    bool persistent() const { return m_persistent; }
    void setPersistent(bool on);
    bool examMode() const { return m_examMode; }
    void setExamMode(bool on);

    int current() const { return m_current; }
    QString title() const;
    QString nextTitle() const;
    int stepCount() const;
    int stepIndex() const { return m_step; }
    QString narration() const;
    QStringList highlight() const;
    QString checkpointText() const { return m_checkpoints; }
    QString failure() const { return m_failure; }
    bool atEnd() const { return m_current >= 0 && m_step >= stepCount(); }
    bool exploring() const { return m_exploring; }
    bool playing() const { return m_timer.isActive(); }
    void setPlaying(bool on);
    int secondsPerStep() const { return m_timer.interval() / 1000; }
    void setSecondsPerStep(int seconds);
    QString predictQuestion() const;
    QStringList predictChoices() const;
    int predictAnswered() const { return m_answered; }
    bool predictCorrect() const;
    QString predictExplain() const;
    QStringList challengeTitles() const;
    int challenge() const { return m_challenge; }
    QString challengeText() const;
    QStringList hintsShown() const;
    bool hasMoreHints() const;
    bool solved() const { return m_solved; }
    QString solvedText() const;
    bool hintsAllowed() const;
    bool searchAllowed() const;
    QString helpNote() const;

    // Where progress is kept (a JSON file, replaced atomically on every change).
    static QString progressPath();
    // Reads, parses and lints (the script only; challenges are not searched) a lesson file:
    // "" if it is good, else its first problem with the offending line (see fileError).
    static QString checkFile(const QString& path);
    // A lesson's Markdown (narration, hints, explanations) as the rich text a Text item shows:
    // paragraphs apart, and inline code in the monospace family at the size of the text
    // around it, so that it grows with the zoom (Text.MarkdownText fixes code at the system's
    // small monospace size and runs paragraphs together).
    Q_INVOKABLE static QString richText(const QString& markdown, int pixelSize);

    // A lesson file (a path or a file: URL) added to the library, watched, remembered for the
    // next launches, and opened. Returns its row, or -1 when it cannot be used: fileError says
    // why, and the file is watched so that it opens as soon as the teacher fixes it.
    Q_INVOKABLE int openFile(const QString& file);
    // A file opened on its own leaves the library (the file stays on disk).
    Q_INVOKABLE void removeFile(const QString& file);
    // A folder whose lessons join the library, kept across launches. False if it is no folder.
    Q_INVOKABLE bool addFolder(const QString& folder);
    Q_INVOKABLE void removeFolder(const QString& folder);

    // Opens a lesson where the student left it (exploring, or in a challenge, as they were),
    // or at its first step.
    Q_INVOKABLE void open(int index, bool fromStart = false);
    // What was open when the app last stopped, however it stopped, where it was left; on a
    // first launch (no progress yet, or cleared) the first lesson. False when nothing opened.
    Q_INVOKABLE bool reopen();
    Q_INVOKABLE void openNext();  // the lesson after this one, if there is one
    Q_INVOKABLE void close();
    // Forgets every lesson's progress and place (a teacher resetting a classroom machine);
    // the open lesson starts again.
    Q_INVOKABLE void clearProgress();
    Q_INVOKABLE bool next();      // plays the next step; false at the end or when a prediction is unanswered
    Q_INVOKABLE void previous();  // back to the state before the last step
    Q_INVOKABLE void restart();   // back to the first step
    Q_INVOKABLE bool answer(int choice);  // true if right; the step can then be played
    Q_INVOKABLE void explore();   // leave the script: the student steps freely
    Q_INVOKABLE void resume();    // back to the script where it was left
    Q_INVOKABLE void startChallenge(int index);
    Q_INVOKABLE void showHint();
    Q_INVOKABLE void stopChallenge();

signals:
    void sessionChanged();
    void lessonChanged();
    void stepChanged();
    void challengeChanged();
    void playingChanged();
    void loadErrorsChanged();
    void fileErrorChanged();
    void foldersChanged();
    void persistentChanged();
    void examModeChanged();
    // A teacher's file was read again after it changed on disk; `ok` false when the new
    // version is broken (its lesson stays as it was).
    void fileReloaded(const QString& path, bool ok);

private:
    void loadLibrary();
    void loadProgress();
    void applyProgress(LessonListModel::Entry& e) const;
    LessonProgress* progress();  // the open lesson's
    void savePlace();  // the open lesson's place into its progress, then saveProgress()
    void restoreRun(const LessonProgress& p);
    void showCheckpoints();  // those of the step just played
    void setFileError(const QString& error);
    int rowOfPath(const QString& path) const;
    void watch(const QString& path);
    void scanFolder(const QString& folder);
    // Reads a file into the library (once); a broken one is listed in loadErrors and watched.
    // True when it changed the errors listed.
    bool addToLibrary(const QString& path, bool single);
    void rememberFiles();
    void reload(int row);
    void processChanges();
    QString withLine(const QString& message) const;
    void saveProgress() const;
    const lockstep::lesson* lesson() const;
    const lockstep::lesson_step* nextStep() const;
    void replayTo(int step);  // the script's first `step` steps from a fresh run
    void checkSolved();
    void endChallenge();  // forget the challenge without touching the run

    QPointer<Session> m_session;
    LessonListModel* m_lessons;
    QString m_loadErrors;  // shipped lessons that failed
    QMap<QString, QString> m_folderErrors;  // file in a folder (or remembered) -> why it is not in the library
    QString m_fileError;
    QStringList m_folders;
    QStringList m_files;  // lesson files opened on their own, kept across launches
    QString m_waitingFile;  // a file that failed to open, opened once it is fixed
    // Every lesson's progress by id, also of lessons not in the library now, and which lesson
    // was open (see progressPath()).
    mutable QJsonObject m_progress;
    bool m_persistent = true;
    bool m_examMode = false;
    QTimer m_runSaveTimer;  // the explored run is saved a moment after the student's steps
    QFileSystemWatcher m_watcher;
    QSet<QString> m_changed;  // paths reported changed, handled together once the editor is done
    QTimer m_changeTimer;
    int m_current = -1;
    int m_step = 0;
    std::vector<int> m_boundaries;  // engine step after each script step
    QString m_checkpoints;
    QString m_failure;
    bool m_exploring = false;
    int m_answered = -1;
    int m_challenge = -1;
    int m_hints = 0;
    bool m_solved = false;
    QTimer m_timer;
};
