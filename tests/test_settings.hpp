// Tests that touch settings or saved progress use Qt's throwaway test locations, never the
// real ones a teacher or student has.
#pragma once

#include <QCoreApplication>
#include <QStandardPaths>
#include <QTemporaryDir>

inline void useTestSettings(const char* testName) {
    // Test mode puts those locations under ~/.qttest, which every run on the machine shares:
    // two test runs at once (a developer's and a clean clone's CI) saw each other's saved
    // lesson progress. Each test process gets a home of its own, removed when it ends.
    static QTemporaryDir home;
    if (home.isValid()) qputenv("HOME", home.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LockstepTests"));
    QCoreApplication::setApplicationName(QString::fromUtf8(testName));
}
