#include "JsonHighlighter.h"

namespace gatehouse {

namespace {
QTextCharFormat colored(const QColor &color, bool bold = false) {
    QTextCharFormat f;
    f.setForeground(color);
    if (bold) f.setFontWeight(QFont::Bold);
    return f;
}
}  // namespace

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {
    // Later rules win: a string that looks like a number stays a string,
    // and a string followed by ':' is a key.
    rules_.append({QRegularExpression(QStringLiteral(R"(-?\b\d+(\.\d+)?([eE][+-]?\d+)?\b)")),
                   colored(QColor(0x2a, 0x8c, 0x8c))});
    rules_.append({QRegularExpression(QStringLiteral(R"(\b(true|false|null)\b)")),
                   colored(QColor(0x9b, 0x59, 0xb6), true)});
    rules_.append({QRegularExpression(QStringLiteral(R"("(?:[^"\\]|\\.)*")")),
                   colored(QColor(0x3d, 0x9a, 0x4b))});
    rules_.append({QRegularExpression(QStringLiteral(R"("(?:[^"\\]|\\.)*"(?=\s*:))")),
                   colored(QColor(0x3b, 0x7d, 0xd8), true)});
}

void JsonHighlighter::highlightBlock(const QString &text) {
    for (const Rule &rule : rules_) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
}

}  // namespace gatehouse
