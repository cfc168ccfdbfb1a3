// Export ("take it home"): the run the window shows written to files a person can keep or
// share: the schedule (replayable in the window or with lockstep-cli), the CLI's JSON, the
// CLI's text trace, and a picture of the view. Each save is callable from C++ with a path, so
// tests write the same files the Export menu does.
#pragma once

#include <lockstep/config.hpp>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <optional>

class QQuickItem;
class Session;
Q_MOC_INCLUDE("session.h")
Q_MOC_INCLUDE(<QQuickItem>)

class Exporter : public QObject {
    Q_OBJECT
    QML_ELEMENT

    Q_PROPERTY(Session* session READ session WRITE setSession NOTIFY sessionChanged)

public:
    using QObject::QObject;

    Session* session() const { return m_session; }
    void setSession(Session* session);

    // Each writes the session's run up to its current step to `file` (a path or a file: URL)
    // and returns "" or the problem in words.
    Q_INVOKABLE QString saveSchedule(const QString& file) const;
    Q_INVOKABLE QString saveJson(const QString& file) const;
    Q_INVOKABLE QString saveTrace(const QString& file) const;
    // Renders `item` (the view, without menus or dialogs over it) to a PNG. The grab finishes
    // later: imageSaved tells where and how it went. Returns false if it could not start.
    Q_INVOKABLE bool saveImage(QQuickItem* item, const QString& file);

    // The file contents, as the saves write them.
    QString scheduleText() const;
    QString jsonText() const;
    QString traceText() const;

    // A schedule file read back: the run it names and its schedule, or nullopt with `error`
    // ("file:line:column: what", the names checked against the engine).
    struct schedule_file {
        lockstep::run_config config;
        QString schedule;
        int scheduleLine = 0;    // where the schedule's text starts in the file (1-based),
        int scheduleColumn = 0;  // for placing a problem with it
    };
    static std::optional<schedule_file> readScheduleFile(const QString& file, QString* error = nullptr);

    // A path from what a FileDialog gives (a file: URL) or a plain path.
    static QString localPath(const QString& file);

signals:
    void sessionChanged();
    // After saveImage: `error` is "" when `file` was written.
    void imageSaved(const QString& file, const QString& error);

private:
    QString write(const QString& file, const QString& text) const;

    QPointer<Session> m_session;
};
