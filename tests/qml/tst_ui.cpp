// Runs the Qt Quick Tests in this folder (tst_*.qml) against the static Lockstep module:
// qmltestrunner cannot load a static module, so the runner is built in.
#include "lessonplayer.h"
#include "session.h"
#include "test_settings.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

// Lets a test write lesson files, as a teacher's editor does, in a folder removed at the end.
class TestFiles : public QObject {
    Q_OBJECT

public:
    Q_INVOKABLE QString path(const QString& name) const { return m_dir.filePath(name); }
    Q_INVOKABLE bool write(const QString& name, const QString& text) const {
        QFile f(path(name));
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
    }
    // Where a test saves a picture for a person to look at ("" when nobody asked).
    Q_INVOKABLE QString pictureDir() const { return qEnvironmentVariable("LOCKSTEP_TEST_PICTURES"); }

private:
    QTemporaryDir m_dir;
};

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() {
        useTestSettings("tst_ui");
        // Lessons resume where a run left them: each run starts as a first launch instead.
        QFile::remove(LessonPlayer::progressPath());
        QSettings().remove(QStringLiteral("lessons"));
    }
    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));
        engine->rootContext()->setContextProperty(QStringLiteral("testFiles"), &m_files);
    }

private:
    TestFiles m_files;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_ui, Setup)
#include "tst_ui.moc"
