#include "sourcecache.h"

#include <lockstep/config.hpp>

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QVariantMap>

#include <algorithm>
#include <climits>

namespace {

using Condition = SourceCache::Condition;
using Line = SourceCache::Line;

QString tr(const char* text) { return QCoreApplication::translate("SourceCache", text); }

// Walks C++ code characters, skipping comments and string and character literals, which is
// all the brace matching our well-formatted engine sources need. A block comment may span
// lines, so the walker keeps that state from one line to the next.
struct Lexer {
    bool inBlockComment = false;

    // Calls f(character) for each code character of `s` from `from`; f returns false to stop.
    template <class F>
    void run(const QString& s, int from, F&& f) {
        for (int i = from; i < s.size(); ++i) {
            const QChar c = s[i];
            const QChar next = i + 1 < s.size() ? s[i + 1] : QChar();
            if (inBlockComment) {
                if (c == QLatin1Char('*') && next == QLatin1Char('/')) {
                    inBlockComment = false;
                    ++i;
                }
                continue;
            }
            if (c == QLatin1Char('/') && next == QLatin1Char('/')) return;
            if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
                inBlockComment = true;
                ++i;
                continue;
            }
            if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                for (++i; i < s.size() && s[i] != c; ++i)
                    if (s[i] == QLatin1Char('\\')) ++i;
                continue;
            }
            if (!f(c)) return;
        }
    }

    // How much the line changes the depth of braces.
    int braceDelta(const QString& s) {
        int delta = 0;
        run(s, 0, [&](QChar c) {
            if (c == QLatin1Char('{')) ++delta;
            if (c == QLatin1Char('}')) --delta;
            return true;
        });
        return delta;
    }
};

// The line (index) where the statement starting at text[from], column `col`, ends: the first
// `;` outside parentheses, brackets and braces (a lambda's body is inside its call's
// parentheses). A statement we cannot close within a few lines counts as one line.
int statementEnd(const QStringList& text, int from, int col) {
    Lexer lex;
    int nest = 0;
    for (int i = from; i < text.size() && i < from + 40; ++i) {
        bool done = false;
        lex.run(text[i], i == from ? col : 0, [&](QChar c) {
            if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{')) ++nest;
            if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}')) --nest;
            if (c == QLatin1Char(';') && nest <= 0) done = true;
            return !done;
        });
        if (done) return i;
    }
    return from;
}

int leadingSpaces(const QString& s) {
    int n = 0;
    while (n < s.size() && s[n] == QLatin1Char(' ')) ++n;
    return n;
}

// The engine's own instrumentation (labels for lessons, call-stack frames, the checker's
// ghost bookkeeping, the sleep records behind a thread's badge) is not the kernel's code.
// A statement that starts like one of these is left out, however many lines it spans.
const QRegularExpression& instrumentationStart() {
    static const QRegularExpression re(QStringLiteral(
        R"(^\s*(label\s*\(|forget_past\s*\(|describe_next_wait\s*\(|KERNEL_FUNCTION\s*\(\s*\)\s*;|sleeping_for\s*\(|done_sleeping\s*\(\s*\)\s*;|ghost::\w+\s*\(|ghost_(set|get)\s*\(|frame\s+\w+\s*\(\s*"))"));
    return re;
}
// The checker's own helpers live in `namespace ghost { ... }`: the whole block is plumbing.
const QRegularExpression& ghostNamespace() {
    static const QRegularExpression re(QStringLiteral(R"(^\s*namespace\s+ghost\s*\{)"));
    return re;
}

// The accessor the switch tests call (`const switches& sw() { return ...; }`) is plumbing too.
const QRegularExpression& switchAccessor() {
    static const QRegularExpression re(QStringLiteral(R"(^\s*(static\s+)?(const\s+)?[\w:]+\s*&?\s*sw\s*\(\s*\)\s*\{.*\}\s*$)"));
    return re;
}
// `if (cond) ghost::...;`: a test that only feeds the checker is instrumentation as a whole.
const QRegularExpression& guardedInstrumentation() {
    static const QRegularExpression re(QStringLiteral(R"(^\s*if\s*\(.*\)\s*(ghost::\w+|ghost_set|ghost_get)\s*\(.*\)\s*;\s*(//.*)?$)"));
    return re;
}

// The variant switch tests, in the forms the engine's algorithm files use.
#define LS_TEST R"(if\s*\(\s*(!?)\s*sw\(\)\s*\.\s*(\w+)\s*\))"
#define LS_TAIL R"(\s*(//.*|/\*.*\*/\s*)?$)"
const QRegularExpression& guardOpen() {  // if (sw().x) {
    static const QRegularExpression re(QStringLiteral(R"(^\s*)" LS_TEST R"(\s*\{)" LS_TAIL));
    return re;
}
const QRegularExpression& guardElseIf() {  // } else if (sw().x) {
    static const QRegularExpression re(QStringLiteral(R"(^\s*\}\s*else\s+)" LS_TEST R"(\s*\{)" LS_TAIL));
    return re;
}
const QRegularExpression& guardElse() {  // } else {
    static const QRegularExpression re(QStringLiteral(R"(^\s*\}\s*else\s*\{)" LS_TAIL));
    return re;
}
const QRegularExpression& blockClose() {  // }
    static const QRegularExpression re(QStringLiteral(R"(^\s*\})" LS_TAIL));
    return re;
}
const QRegularExpression& guardOneLine() {  // if (sw().x) statement;
    static const QRegularExpression re(QStringLiteral(R"(^\s*)" LS_TEST R"(\s*(?=[^\s{]))"));
    return re;
}
#undef LS_TEST
#undef LS_TAIL

bool isBlankOrComment(const QString& s) {
    const QString t = s.trimmed();
    return t.isEmpty() || t.startsWith(QLatin1String("//")) || t.startsWith(QLatin1String("/*")) ||
           t.startsWith(QLatin1Char('*'));
}

// One branch of a switch test: the settings it needs, and whether this run has them all.
struct Branch {
    int id = 0;  // the line number of its test (or of its first line, for a chain's tail)
    QList<Condition> conditions;
    bool taken = true;
    QList<Condition> missing;
};

Branch makeBranch(int id, const QList<Condition>& conditions, const QHash<QString, bool>& switches) {
    Branch b{id, conditions, true, {}};
    for (const Condition& c : conditions)
        if (switches.value(c.name, false) != c.on) b.missing << c;
    b.taken = b.missing.isEmpty();
    return b;
}

QList<Condition> negated(const QList<Condition>& guards) {
    QList<Condition> out;
    for (const Condition& c : guards) out << Condition{c.name, !c.on};
    return out;
}

Condition conditionOf(const QRegularExpressionMatch& m) {
    return {m.captured(2), m.captured(1).isEmpty()};
}

QString settingText(const Condition& c) {
    return c.on ? tr("%1 on").arg(c.name) : tr("%1 off").arg(c.name);
}

}  // namespace

QList<Line> SourceCache::classify(const QStringList& text, const QHash<QString, bool>& switches) {
    QList<Line> out(text.size());
    for (int i = 0; i < text.size(); ++i) out[i].text = text[i];

    // An open `if (sw()...) {` chain: the brace depth outside it, the tests so far, and the
    // branch we are in.
    struct Frame {
        int depth;
        QList<Condition> guards;
        Branch branch;
    };
    QList<Frame> frames;
    // Consecutive `if (sw().x) return ...;` lines at one depth: the statement after them runs
    // only when none of their tests holds.
    int chainDepth = -1;
    QList<Condition> chainGuards;
    auto resetChain = [&] {
        chainDepth = -1;
        chainGuards.clear();
    };

    // Decides line i from the open frames (and a one-line branch, `extra`): folded if any
    // branch around it is not taken (the outermost says why), otherwise `kind`; a taken
    // block's body loses one level of indentation so the variant's code reads straight.
    auto assign = [&](int i, Line::Kind kind, const Branch* extra) {
        Line& l = out[i];
        l.kind = kind;
        QList<const Branch*> around;
        for (const Frame& f : frames) around << &f.branch;
        if (extra) around << extra;
        for (const Branch* b : around)
            if (!b->taken && l.kind != Line::Hidden) {
                l.kind = Line::Folded;
                l.missing = b->missing;
                break;
            }
        if (!around.isEmpty()) {
            l.branch = around.last()->id;
            l.conditions = around.last()->conditions;
        }
        if (l.kind != Line::Hidden) {
            const int cut = std::min(leadingSpaces(l.text), 4 * static_cast<int>(frames.size()));
            l.text = l.text.mid(cut);
            l.shift += cut;
        }
    };

    Lexer lex;
    int depth = 0;
    int i = 0;
    // Lines i..last as one statement: each gets `kind`, and the depth follows their braces.
    auto statement = [&](int last, Line::Kind kind, const Branch* extra) {
        for (; i <= last; ++i) {
            assign(i, kind, extra);
            depth += lex.braceDelta(text[i]);
        }
    };

    while (i < text.size()) {
        const QString& s = text[i];
        if (lex.inBlockComment || isBlankOrComment(s)) {
            statement(i, Line::Code, nullptr);
            continue;
        }
        if (instrumentationStart().match(s).hasMatch()) {
            statement(statementEnd(text, i, 0), Line::Hidden, nullptr);
            continue;
        }
        if (ghostNamespace().match(s).hasMatch()) {
            // Up to the brace that closes the namespace.
            Lexer probe;
            int open = 0, last = i;
            for (int k = i; k < text.size(); ++k) {
                open += probe.braceDelta(text[k]);
                last = k;
                if (open <= 0) break;
            }
            statement(last, Line::Hidden, nullptr);
            continue;
        }
        if (guardedInstrumentation().match(s).hasMatch() || switchAccessor().match(s).hasMatch()) {
            statement(i, Line::Hidden, nullptr);
            continue;
        }

        // A closing brace at the depth of the innermost switch test ends or continues it.
        if (!frames.isEmpty() && frames.last().depth == depth - 1 && s.trimmed().startsWith(QLatin1Char('}'))) {
            Frame& f = frames.last();
            resetChain();
            const int delta = lex.braceDelta(s);
            if (const auto m = guardElseIf().match(s); m.hasMatch()) {
                const Condition own = conditionOf(m);
                f.branch = makeBranch(i + 1, negated(f.guards) << own, switches);
                f.guards << own;
                out[i].kind = Line::Hidden;
                ++i;
            } else if (guardElse().match(s).hasMatch()) {
                f.branch = makeBranch(i + 1, negated(f.guards), switches);
                out[i].kind = Line::Hidden;
                ++i;
            } else if (blockClose().match(s).hasMatch()) {
                frames.removeLast();
                out[i].kind = Line::Hidden;
                depth += delta;
                ++i;
            } else {
                // Outside the grammar (`} else if (kernel condition) {`): show it as it is.
                frames.removeLast();
                assign(i, Line::Code, nullptr);
                depth += delta;
                ++i;
            }
            continue;
        }

        if (const auto m = guardOpen().match(s); m.hasMatch()) {
            resetChain();
            const Condition own = conditionOf(m);
            out[i].kind = Line::Hidden;
            depth += lex.braceDelta(s);
            frames.append(Frame{depth - 1, {own}, makeBranch(i + 1, {own}, switches)});
            ++i;
            continue;
        }

        if (const auto m = guardOneLine().match(s); m.hasMatch()) {
            const Condition own = conditionOf(m);
            const Branch b = makeBranch(i + 1, {own}, switches);
            const int indent = leadingSpaces(s);
            const int at = m.capturedEnd(0);
            const bool returns = s.mid(at).startsWith(QLatin1String("return"));
            const int first = i;
            const int last = statementEnd(text, i, at);
            // Only the statement, at the test's indentation; the operation's column moves with it.
            out[first].text = s.left(indent) + s.mid(at);
            out[first].shift = at - indent;
            statement(last, Line::Code, &b);
            if (returns) {
                if (chainDepth != depth) chainGuards.clear();
                chainDepth = depth;
                chainGuards << own;
            } else {
                resetChain();
            }
            continue;
        }

        if (chainDepth == depth && !chainGuards.isEmpty() && !s.trimmed().startsWith(QLatin1Char('}'))) {
            // The statement after a chain of guarded returns: reached only when none returned.
            // (A block opened here is kernel control flow, not the chain's final statement.)
            const int last = statementEnd(text, i, 0);
            Lexer probe;
            int opens = 0;
            for (int k = i; k <= last; ++k) opens += probe.braceDelta(text[k]);
            if (opens == 0) {
                const Branch b = makeBranch(i + 1, negated(chainGuards), switches);
                resetChain();
                statement(last, Line::Code, &b);
                continue;
            }
        }
        resetChain();
        statement(i, Line::Code, nullptr);
    }
    return out;
}

QVariantList SourceCache::rows(const QStringList& text, const QList<Line>& lines, int line, int column, int context) {
    if (line < 1 || line > text.size() || lines.size() != text.size()) return {};

    // What a lane can show, in order: single lines, and runs of folded lines (instrumentation
    // inside a run does not break it). The current line is always shown, whatever it is.
    struct Item {
        int first;  // 0-based
        int last;
        int count;  // folded lines in a run
    };
    const auto kindOf = [&](int i) { return i == line - 1 ? Line::Code : lines[i].kind; };
    QList<Item> items;
    int currentItem = -1;
    for (int i = 0; i < lines.size(); ++i) {
        const auto kind = kindOf(i);
        if (kind == Line::Hidden) continue;
        if (kind == Line::Folded) {
            if (!items.isEmpty() && items.last().count > 0) {
                bool joined = true;
                for (int k = items.last().last + 1; k < i; ++k)
                    if (kindOf(k) != Line::Hidden) joined = false;
                if (joined) {
                    items.last().last = i;
                    ++items.last().count;
                    continue;
                }
            }
            items.append({i, i, 1});
            continue;
        }
        if (i == line - 1) currentItem = items.size();
        items.append({i, i, 0});
    }
    const int from = std::max(0, currentItem - context);
    const int to = std::min<int>(items.size() - 1, currentItem + context);

    QVariantList out;
    for (int k = from; k <= to; ++k) {
        const Item& item = items[k];
        const Line& l = lines[item.first];
        QVariantMap row{{QStringLiteral("number"), item.first + 1},
                        {QStringLiteral("current"), item.first == line - 1},
                        {QStringLiteral("opStart"), -1},
                        {QStringLiteral("opLength"), 0},
                        {QStringLiteral("folded"), item.count > 0},
                        {QStringLiteral("foldCount"), item.count},
                        {QStringLiteral("tag"), QString()},
                        {QStringLiteral("tagOn"), false},
                        {QStringLiteral("branch"), 0},
                        {QStringLiteral("tagTip"), QString()}};
        if (item.count > 0) {
            // One muted row for the run, saying which settings its lines need; the code
            // itself stays available for a tooltip.
            QStringList why, code;
            int indent = INT_MAX;
            for (int i = item.first; i <= item.last; ++i) {
                if (lines[i].kind != Line::Folded) continue;
                QStringList needs;
                for (const Condition& c : lines[i].missing) needs << settingText(c);
                const QString need = needs.join(tr(" and "));
                if (!need.isEmpty() && !why.contains(need)) why << need;
                code << lines[i].text;
                if (!lines[i].text.trimmed().isEmpty()) indent = std::min(indent, leadingSpaces(lines[i].text));
            }
            for (QString& c : code) c = c.mid(std::min<int>(indent, leadingSpaces(c)));
            QString needs = why.value(0);
            if (why.size() > 1) needs = why.mid(0, why.size() - 1).join(QStringLiteral(", ")) + tr(" or ") + why.last();
            row[QStringLiteral("text")] = item.count == 1 ? tr("\u22EF 1 line for %1").arg(needs)
                                                          : tr("\u22EF %1 lines for %2").arg(item.count).arg(needs);
            row[QStringLiteral("foldCode")] = code.join(QLatin1Char('\n'));
            out << row;
            continue;
        }
        const bool current = item.first == line - 1;
        row[QStringLiteral("text")] = current && l.kind == Line::Hidden ? text[item.first] : l.text;
        if (current && column > 0) {
            // GCC puts a call's column at its opening parenthesis: the operation is the name
            // just before it (found in the file's line, then moved as the shown text moved).
            const QString& code = text[item.first];
            const int paren = std::min<int>(column - 1, code.size());
            int start = paren;
            while (start > 0 && (code[start - 1].isLetterOrNumber() || code[start - 1] == QLatin1Char('_'))) --start;
            const int shift = l.kind == Line::Hidden ? 0 : l.shift;
            row[QStringLiteral("opStart")] = std::max(0, start - shift);
            row[QStringLiteral("opLength")] = paren - start;
        }
        if (!l.conditions.isEmpty()) {
            // The gutter names the branch's own test (for an else, the last test it is the
            // else of); the tooltip gives every setting it needs and what each switch means.
            const Condition& c = l.conditions.last();
            QStringList settings, meanings;
            for (const Condition& need : l.conditions) {
                settings << settingText(need);
                if (const auto* info = lockstep::find_switch(need.name.toStdString()))
                    meanings << tr("%1: %2").arg(need.name, QString::fromStdString(info->summary));
            }
            const QString tip = tr("These lines run because this run has %1.").arg(settings.join(QStringLiteral(", ")));
            row[QStringLiteral("tag")] = c.name;
            row[QStringLiteral("tagOn")] = c.on;
            row[QStringLiteral("branch")] = l.branch;
            row[QStringLiteral("tagTip")] = meanings.isEmpty() ? tip : tip + QLatin1Char('\n') + meanings.join(QLatin1Char('\n'));
        }
        out << row;
    }
    return out;
}

QString SourceCache::relativePath(const char* compiledPath) {
    const QString path = QString::fromUtf8(compiledPath);
    const QString marker = QStringLiteral("engine/src/");
    const auto at = path.lastIndexOf(marker);
    return at < 0 ? QString() : path.mid(at + marker.size());
}

void SourceCache::setSwitches(const std::map<std::string, bool>& switches) {
    QHash<QString, bool> on;
    for (const auto& [name, value] : switches) on.insert(QString::fromStdString(name), value);
    if (on == m_switches) return;
    m_switches = on;
    for (File& f : m_files) f.lines = classify(f.text, m_switches);
}

const SourceCache::File& SourceCache::file(const QString& relativePath) {
    auto it = m_files.find(relativePath);
    if (it == m_files.end()) {
        const bool onDisk = relativePath.startsWith(QStringLiteral("file:"));
        QFile source(onDisk ? relativePath.mid(5) : QStringLiteral(":/source/") + relativePath);
        File f;
        if (source.open(QIODevice::ReadOnly | QIODevice::Text))
            f.text = QString::fromUtf8(source.readAll()).split(QLatin1Char('\n'));
        f.lines = classify(f.text, m_switches);
        it = m_files.insert(relativePath, f);
    }
    return *it;
}

QVariantList SourceCache::around(const QString& relativePath, int line, int column, int context) {
    const File& f = file(relativePath);
    return rows(f.text, f.lines, line, column, context);
}
