#include "TomlText.h"

#include <QRegularExpression>
#include <QString>

namespace gatehouse::TomlText {

namespace {

// A line as it is split from the file, with its end ("\n", "\r\n" or none).
QList<QByteArray> splitLines(const QByteArray &text) {
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype end = text.indexOf('\n', start);
        if (end < 0) {
            lines.append(text.mid(start));
            break;
        }
        lines.append(text.mid(start, end - start + 1));
        start = end + 1;
    }
    return lines;
}

// A table header, [name] or [[name]]: its name with the spaces and quotes
// around the dotted parts taken off; empty for any other line.
QByteArray headerName(const QByteArray &line) {
    static const QRegularExpression header(
        QStringLiteral(R"(^\s*\[\[?\s*([A-Za-z0-9_.\-"' ]+?)\s*\]\]?\s*(#.*)?$)"));
    const auto match = header.match(QString::fromUtf8(line.trimmed()));
    if (!match.hasMatch()) return {};
    QByteArray name = match.captured(1).toUtf8();
    name.replace('"', "").replace('\'', "").replace(' ', "");
    return name;
}

// Which lines lie inside a multi-line string (""" or '''), where a "[" or
// "key =" at the start of a line is text, not TOML.
QList<bool> insideStrings(const QList<QByteArray> &lines) {
    QList<bool> inside;
    QByteArray open;  // the delimiter of the string being read, if any
    for (const QByteArray &line : lines) {
        inside.append(!open.isEmpty());
        qsizetype at = 0;
        while (true) {
            if (open.isEmpty()) {
                const qsizetype d = line.indexOf("\"\"\"", at), s = line.indexOf("'''", at);
                const qsizetype hash = line.indexOf('#', at);
                qsizetype first = d < 0 ? s : (s < 0 ? d : qMin(d, s));
                if (first < 0 || (hash >= 0 && hash < first)) break;
                open = line.mid(first, 3);
                at = first + 3;
            } else {
                const qsizetype close = line.indexOf(open, at);
                if (close < 0) break;
                open.clear();
                at = close + 3;
            }
        }
    }
    return inside;
}

// "key = value" at the start of a line: the key, else empty.
QByteArray keyOf(const QByteArray &line) {
    static const QRegularExpression keyLine(QStringLiteral(R"(^\s*([A-Za-z0-9_\-]+)\s*=)"));
    const auto match = keyLine.match(QString::fromUtf8(line));
    return match.hasMatch() ? match.captured(1).toUtf8() : QByteArray();
}

QByteArray lineEnd(const QList<QByteArray> &lines) {
    for (const QByteArray &line : lines)
        if (line.endsWith("\r\n")) return "\r\n";
    return "\n";
}

}  // namespace

QByteArray setTopLevel(const QByteArray &toml, const QList<QPair<QByteArray, QByteArray>> &keys) {
    QList<QByteArray> lines = splitLines(toml);
    const QList<bool> inside = insideStrings(lines);
    const QByteArray eol = lineEnd(lines);
    qsizetype firstTable = lines.size();
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (!inside[i] && !headerName(lines[i]).isEmpty()) {
            firstTable = i;
            break;
        }
    QList<QPair<QByteArray, QByteArray>> missing;
    for (const auto &[key, value] : keys) {
        bool replaced = false;
        for (qsizetype i = 0; i < firstTable; ++i) {
            if (inside[i] || keyOf(lines[i]) != key) continue;
            const QByteArray end = lines[i].endsWith("\r\n") ? "\r\n"
                                   : lines[i].endsWith('\n') ? "\n"
                                                             : "";
            lines[i] = key + " = " + value + end;
            replaced = true;
            break;
        }
        if (!replaced) missing.append({key, value});
    }
    // At the very top: always outside every table and every multi-line
    // value (after the last top-level key could be inside a multi-line array).
    QList<QByteArray> added;
    for (const auto &[key, value] : missing) added.append(key + " = " + value + eol);
    for (qsizetype i = 0; i < added.size(); ++i) lines.insert(i, added[i]);
    return lines.join();
}

namespace {

// The index of the first table header (the end of the top level).
qsizetype firstTableOf(const QList<QByteArray> &lines, const QList<bool> &inside) {
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (!inside[i] && !headerName(lines[i]).isEmpty()) return i;
    return lines.size();
}

}  // namespace

QByteArray removeTopLevel(const QByteArray &toml, const QByteArray &key) {
    const QList<QByteArray> lines = splitLines(toml);
    const QList<bool> inside = insideStrings(lines);
    const qsizetype firstTable = firstTableOf(lines, inside);
    QByteArray out;
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (i >= firstTable || inside[i] || keyOf(lines[i]) != key) out += lines[i];
    return out;
}

QByteArray rawTopLevelValue(const QByteArray &toml, const QByteArray &key) {
    const QList<QByteArray> lines = splitLines(toml);
    const QList<bool> inside = insideStrings(lines);
    const qsizetype firstTable = firstTableOf(lines, inside);
    for (qsizetype i = 0; i < firstTable; ++i)
        if (!inside[i] && keyOf(lines[i]) == key)
            return lines[i].mid(lines[i].indexOf('=') + 1).trimmed();
    return {};
}

QByteArray removeTable(const QByteArray &toml, const QByteArray &name) {
    const QList<QByteArray> lines = splitLines(toml);
    const QList<bool> inside = insideStrings(lines);
    QByteArray out;
    bool dropping = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray header = inside[i] ? QByteArray() : headerName(lines[i]);
        if (!header.isEmpty()) dropping = header == name || header.startsWith(name + '.');
        if (!dropping) out += lines[i];
    }
    return out;
}

QByteArray value(const QByteArray &toml, const QByteArray &table, const QByteArray &key) {
    const QList<QByteArray> lines = splitLines(toml);
    const QList<bool> inside = insideStrings(lines);
    QByteArray current;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (inside[i]) continue;
        const QByteArray header = headerName(lines[i]);
        if (!header.isEmpty()) {
            current = header;
            continue;
        }
        if (current != table || keyOf(lines[i]) != key) continue;
        QByteArray v = lines[i].mid(lines[i].indexOf('=') + 1).trimmed();
        if (v.startsWith('"')) {
            const qsizetype close = v.indexOf('"', 1);
            return close > 0 ? v.mid(1, close - 1) : v;
        }
        const qsizetype hash = v.indexOf('#');
        return (hash >= 0 ? v.left(hash) : v).trimmed();
    }
    return {};
}

QByteArray quoted(const QString &text) {
    QByteArray escaped = text.toUtf8();
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + escaped + '"';
}

}  // namespace gatehouse::TomlText
