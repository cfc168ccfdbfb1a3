#include "sourcecache.h"

#include <QFile>
#include <QVariantMap>

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
    QVariantList rows;
    for (int n = std::max(1, line - context); n <= std::min<int>(text.size(), line + context); ++n) {
        const QString& code = text[n - 1];
        int start = -1, length = 0;
        if (n == line && column > 0) {
            // The operation is the call starting at `column`: its name up to the parenthesis.
            start = std::min<int>(column - 1, code.size());
            while (start + length < code.size() &&
                   (code[start + length].isLetterOrNumber() || code[start + length] == QLatin1Char('_')))
                ++length;
        }
        rows << QVariantMap{{QStringLiteral("number"), n},
                            {QStringLiteral("text"), code},
                            {QStringLiteral("current"), n == line},
                            {QStringLiteral("opStart"), start},
                            {QStringLiteral("opLength"), length}};
    }
    return rows;
}
