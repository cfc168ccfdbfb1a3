// Runs the Qt Quick Tests in this folder (tst_*.qml) against the static Lockstep module:
// qmltestrunner cannot load a static module, so the runner is built in.
#include <QCoreApplication>
#include <QStandardPaths>
#include <QtQml/QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(LockstepPlugin)

class Setup : public QObject {
    Q_OBJECT

public slots:
    void applicationAvailable() {
        // Settings go to a throwaway test location, never a teacher's real ones.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LockstepTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui"));
    }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_ui, Setup)
#include "tst_ui.moc"
