#include "sourcecache.h"

#include <QFile>
#include <QRegularExpression>
#include <QVariantMap>

namespace {
// The engine's own instrumentation (labels for lessons, call-stack frames, the checker's
// bookkeeping) is not the kernel's code: a lane leaves those lines out, keeping the real
// line numbers.
bool isInstrumentation(const QString& line) {
    static const QRegularExpression re(QStringLiteral(R"(^\s*(label\("[^"]*"\);|KERNEL_FUNCTION\(\);|ghost::\w+\(.*\);|ghost_set\(.*\);)\s*$)"));
    return re.match(line).hasMatch();
}
}  // namespace

QString SourceCache::relativePath(const char* compiledPath) {
    const QString path = QString::fromUtf8(compiledPath);
    const QString marker = QStringLiteral("engine/src/");
    const auto at = path.lastIndexOf(marker);
    return at < 0 ? QString() : path.mid(at + marker.size());
}

const QStringList& SourceCache::lines(const QString& relativePath) {
    auto it = m_files.find(relativePath);
    if (it == m_files.end()) {
        QFile file(QStringLiteral(":/source/") + relativePath);
        QStringList text;
        if (file.open(QIODevice::ReadOnly | QIODevice::Text))
            text = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        it = m_files.insert(relativePath, text);
    }
    return *it;
}

QVariantList SourceCache::around(const QString& relativePath, int line, int column, int context) {
    const QStringList& text = lines(relativePath);
    if (line < 1 || line > text.size()) return {};
    // `context` kernel lines either side of the current one, instrumentation skipped.
    int first = line, last = line;
    for (int shown = 0; first > 1 && shown < context;)
        if (!isInstrumentation(text[--first - 1])) ++shown;
    for (int shown = 0; last < text.size() && shown < context;)
        if (!isInstrumentation(text[++last - 1])) ++shown;
    QVariantList rows;
    for (int n = first; n <= last; ++n) {
        const QString& code = text[n - 1];
        if (n != line && isInstrumentation(code)) continue;
        int start = -1, length = 0;
        if (n == line && column > 0) {
            // GCC puts a call's column at its opening parenthesis: the operation is the name
            // just before it.
            const int paren = std::min<int>(column - 1, code.size());
            start = paren;
            while (start > 0 && (code[start - 1].isLetterOrNumber() || code[start - 1] == QLatin1Char('_'))) --start;
            length = paren - start;
        }
        rows << QVariantMap{{QStringLiteral("number"), n},
                            {QStringLiteral("text"), code},
                            {QStringLiteral("current"), n == line},
                            {QStringLiteral("opStart"), start},
                            {QStringLiteral("opLength"), length}};
    }
    return rows;
}
