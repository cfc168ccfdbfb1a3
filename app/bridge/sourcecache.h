// The algorithm's own source, compiled into the app as resources, so a lane can show the lines
// around a thread's next operation exactly as the engine runs them.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantList>

class SourceCache {
public:
    // "vma/vma_refcount.cpp" for a path the engine was compiled from, "" if not ours.
    static QString relativePath(const char* compiledPath);
    // Rows {number, text, current, opStart, opLength} for `context` lines either side of
    // `line`; `column` (1-based) is where the compiler placed the operation's call.
    QVariantList around(const QString& relativePath, int line, int column, int context);

private:
    const QStringList& lines(const QString& relativePath);
    QHash<QString, QStringList> m_files;
};
