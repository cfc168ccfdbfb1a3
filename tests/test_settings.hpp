// Tests that touch settings or saved progress use Qt's throwaway test locations, never the
// real ones a teacher or student has.
#pragma once

#include <QCoreApplication>
#include <QStandardPaths>

inline void useTestSettings(const char* testName) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LockstepTests"));
    QCoreApplication::setApplicationName(QString::fromUtf8(testName));
}
