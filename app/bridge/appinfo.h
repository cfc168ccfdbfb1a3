// What the About box says about the build: the project's version (CMake's project(VERSION))
// and the Qt it runs on.
#pragma once

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class AppInfo : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(QString qtVersion READ qtVersion CONSTANT)

public:
    using QObject::QObject;
    static QString version() { return QStringLiteral(LOCKSTEP_VERSION); }
    static QString qtVersion() { return QString::fromLatin1(qVersion()); }
};
