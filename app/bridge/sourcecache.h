// The algorithm's own source, compiled into the app as resources, so a lane can show the lines
// around a thread's next operation exactly as the engine runs them, read as the kernel code of
// the run's variant: the engine's instrumentation is left out, and each variant switch test is
// shown as the diff it stands for (the branch this run takes, tagged with its switch; the
// branch it does not take folded into one muted row).
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <map>
#include <string>

class SourceCache {
public:
    // One switch setting a branch of the source needs: `name` on or off.
    struct Condition {
        QString name;
        bool on = true;
        bool operator==(const Condition&) const = default;
    };

    // What a lane makes of one line of an engine source file.
    struct Line {
        enum Kind {
            Code,    // shown
            Hidden,  // instrumentation, or the syntax of a switch test (`if (sw().x) {`, `}`)
            Folded,  // in a branch this run's switches do not take
        };
        Kind kind = Code;
        QString text;   // as shown: a one-line guard's test removed, a taken branch un-indented
        int shift = 0;  // characters removed before the code, to move the operation's column
        // The innermost switch branch around the line (the line number of its test, 0 if none),
        // and the settings that branch needs: the last one names it in the gutter.
        int branch = 0;
        QList<Condition> conditions;
        // Folded lines: the settings their branch needs that this run does not have.
        QList<Condition> missing;
    };

    // "vma/vma_refcount.cpp" for a path the engine was compiled from, "" if not ours.
    static QString relativePath(const char* compiledPath);
    // The key of a script on disk (a litmus test a run interprets), which file() reads from the
    // file system rather than from the engine's sources built into the app.
    static QString scriptPath(const QString& path) { return QStringLiteral("file:") + path; }

    // The resolved switches of the run being shown (a switch the map lacks counts as off).
    void setSwitches(const std::map<std::string, bool>& switches);

    // Rows {number, text, current, opStart, opLength, folded, foldCount, foldCode, tag, tagOn,
    // tagTip, branch} for `context` rows either side of `line`; `column` (1-based) is where the
    // compiler placed the operation's call. A run of folded lines is one row whose text says
    // what they need; `tag` names the switch of a shown line's branch ("" if none), and
    // `branch` tells its rows apart from a neighbouring branch's.
    QVariantList around(const QString& relativePath, int line, int column, int context);

    // The two halves of around(), apart so tests can feed them synthetic source.
    static QList<Line> classify(const QStringList& text, const QHash<QString, bool>& switches);
    static QVariantList rows(const QStringList& text, const QList<Line>& lines, int line, int column, int context);

private:
    struct File {
        QStringList text;
        QList<Line> lines;  // classified for m_switches
    };
    const File& file(const QString& relativePath);

    QHash<QString, File> m_files;
    QHash<QString, bool> m_switches;
};
