// Runs the Qt Quick Tests in this folder (tst_*.qml) against the static Lockstep module:
// qmltestrunner cannot load a static module, so the runner is built in.
#include "test_settings.hpp"

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
        useTestSettings("tst_ui");
    }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_ui, Setup)
#include "tst_ui.moc"
