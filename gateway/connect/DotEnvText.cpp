#include "DotEnvText.h"

namespace gatehouse::DotEnvText {

namespace {

// The key a line sets, else empty.
QByteArray keyOf(const QByteArray &line) {
    QByteArray t = line.trimmed();
    if (t.startsWith("export ")) t = t.mid(7).trimmed();
    const qsizetype eq = t.indexOf('=');
    if (eq <= 0 || t.startsWith('#')) return {};
    return t.left(eq).trimmed();
}

}  // namespace

QByteArray set(const QByteArray &text, const QList<QPair<QByteArray, QByteArray>> &values) {
    QList<QByteArray> lines = text.split('\n');
    const bool endedWithNewline = text.isEmpty() || text.endsWith('\n');
    if (endedWithNewline) lines.removeLast();
    for (const auto &[key, value] : values) {
        bool replaced = false;
        for (QByteArray &line : lines) {
            if (keyOf(line) != key) continue;
            line = key + '=' + value + (line.endsWith('\r') ? "\r" : "");
            replaced = true;
        }
        if (!replaced) lines.append(key + '=' + value);
    }
    return lines.join('\n') + '\n';
}

QByteArray remove(const QByteArray &text, const QByteArray &key) {
    QByteArray out;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        end = end < 0 ? text.size() : end + 1;
        const QByteArray line = text.mid(start, end - start);
        if (keyOf(line) != key) out += line;
        start = end;
    }
    return out;
}

QByteArray rawValue(const QByteArray &text, const QByteArray &key) {
    QByteArray found;
    for (const QByteArray &line : text.split('\n'))
        if (keyOf(line) == key) found = line.mid(line.indexOf('=') + 1).trimmed();
    return found;
}

QByteArray value(const QByteArray &text, const QByteArray &key) {
    QByteArray found;
    for (const QByteArray &line : text.split('\n')) {
        if (keyOf(line) != key) continue;
        QByteArray v = line.mid(line.indexOf('=') + 1).trimmed();
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.mid(1, v.size() - 2);
        found = v;  // dotenv: the last line wins
    }
    return found;
}

}  // namespace gatehouse::DotEnvText
