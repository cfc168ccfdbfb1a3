// Plays a lesson in the app: opens it on the Session, moves through its script (next and
// previous step), asks its predictions, lets the student leave the script to explore and come
// back, tracks its challenges, and keeps progress per lesson in a file written atomically.
// Besides the shipped lessons it plays a teacher's own files (opened one by one, or a folder
// added to the library and kept in the settings) and reloads them when they change on disk.
#pragma once

#include <lockstep/lesson.hpp>

#include <QAbstractListModel>
#include <QFileSystemWatcher>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <functional>

class Session;
Q_MOC_INCLUDE("session.h")

// The lesson library: every lesson shipped with the app, then the teacher's own files, with the
// student's progress.
class LessonListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("LessonListModel belongs to a LessonPlayer")

public:
    enum Roles { IdRole = Qt::UserRole + 1, TitleRole, SummaryRole, LevelRole, MinutesRole, StepsRole, ProgressRole, CompletedRole,
                 PathRole, ErrorRole };
    Q_ENUM(Roles)

    explicit LessonListModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    struct Entry {
        lockstep::lesson lesson;
        int reached = 0;  // furthest script step reached (0: not started)
        bool completed = false;
        QString path;   // the teacher's file, absolute; "" for a shipped lesson
        QString text;   // the text it was parsed from, to quote the line of an error
        QString error;  // why the file's latest version could not be used ("" none); `lesson` is the last good one
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

public:
    explicit LessonPlayer(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    void setSession(Session* session);
    LessonListModel* lessons() const { return m_lessons; }
    QString loadErrors() const;
    QString fileError() const { return m_fileError; }
    QStringList folders() const { return m_folders; }

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

    // Where progress is kept (a JSON file, replaced atomically on every change).
    static QString progressPath();
    // Reads, parses and lints (the script only; challenges are not searched) a lesson file:
    // "" if it is good, else its first problem with the offending line (see fileError).
    static QString checkFile(const QString& path);

    // A lesson file (a path or a file: URL) added to the library, watched, and opened. Returns
    // its row, or -1 when it cannot be used: fileError says why, and the file is watched so that
    // it opens as soon as the teacher fixes it.
    Q_INVOKABLE int openFile(const QString& file);
    // A folder whose lessons join the library, kept across launches. False if it is no folder.
    Q_INVOKABLE bool addFolder(const QString& folder);
    Q_INVOKABLE void removeFolder(const QString& folder);

    Q_INVOKABLE void open(int index);
    Q_INVOKABLE void openNext();  // the lesson after this one, if there is one
    Q_INVOKABLE void close();
    Q_INVOKABLE bool next();      // plays the next step; false at the end or when a prediction is unanswered
    Q_INVOKABLE void previous();  // back to the state before the last step
    Q_INVOKABLE void restart();
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
    // A teacher's file was read again after it changed on disk; `ok` false when the new
    // version is broken (its lesson stays as it was).
    void fileReloaded(const QString& path, bool ok);

private:
    void loadLibrary();
    void loadProgress();
    void applyProgress(LessonListModel::Entry& e) const;
    void setFileError(const QString& error);
    int rowOfPath(const QString& path) const;
    void watch(const QString& path);
    void scanFolder(const QString& folder);
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
    QMap<QString, QString> m_folderErrors;  // file in a folder -> why it is not in the library
    QString m_fileError;
    QStringList m_folders;
    QString m_waitingFile;  // a file that failed to open, opened once it is fixed
    mutable QJsonObject m_progress;  // every lesson's progress by id, also of lessons not in the library now
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
