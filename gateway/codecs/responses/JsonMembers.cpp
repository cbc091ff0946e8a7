#include "JsonMembers.h"

#include "json/StringScan.h"

#include <cstring>

namespace gatehouse::responses {

bool Members::scan(const QByteArray &text) {
    text_ = text;
    if (!scanJsonObject(text, &spans_)) return false;
    for (const JsonMemberSpan &m : std::as_const(spans_))
        for (qsizetype i = m.keyBegin + 1; i + 1 < m.keyEnd; ++i)
            if (text.at(i) == '\\') return false;
    return true;
}

bool Members::scanTrusted(const QByteArray &text) {
    text_ = text;
    spans_.clear();
    spans_.reserve(16);
    const char *const begin = text.constData(), *const end = begin + text.size();
    const char *p = skipSpace(begin, end);
    if (p >= end || *p != '{') return false;
    p = skipSpace(p + 1, end);
    if (p < end && *p == '}') return true;
    while (p < end) {
        p = skipSpace(p, end);
        if (p >= end || *p != '"') return false;
        JsonMemberSpan s;
        s.keyBegin = p - begin;
        p = skipString(p, end);
        s.keyEnd = p - begin;
        // A key written with an escape is left to Qt's parser, as scan() does.
        if (std::memchr(begin + s.keyBegin, '\\', size_t(s.keyEnd - s.keyBegin))) return false;
        p = skipSpace(p, end);
        if (p >= end || *p != ':') return false;
        p = skipSpace(p + 1, end);
        s.valueBegin = p - begin;
        p = skipValue(p, end);
        s.valueEnd = p - begin;
        spans_.append(s);
        p = skipSpace(p, end);
        if (p >= end) return false;
        if (*p == '}') return true;
        if (*p != ',') return false;
        ++p;
    }
    return false;
}

qsizetype valueEnd(QByteArrayView text, qsizetype at) {
    if (at >= text.size()) return text.size();
    const char *begin = text.data();
    return skipValue(begin + at, begin + text.size()) - begin;
}

bool Members::value(QByteArrayView key, QByteArrayView *out) const {
    *out = {};
    bool found = false;
    for (const JsonMemberSpan &m : spans_) {
        if (keyOf(m) != key) continue;
        if (found) return false;
        found = true;
        *out = valueOf(m);
    }
    return true;
}

namespace {

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

// QJsonValue::toString() of a value's text: a string's decoded text, else
// empty. False for a lone surrogate escape (left to Qt's parser).
bool stringOf(QByteArrayView value, QString *out) {
    out->clear();
    if (value.size() < 2 || value.front() != '"') return true;
    const QByteArrayView inner = value.sliced(1, value.size() - 2);
    qsizetype escape = inner.indexOf('\\');
    if (escape < 0) {
        *out = QString::fromUtf8(inner);
        return true;
    }
    qsizetype from = 0;
    while (escape >= 0) {
        out->append(QString::fromUtf8(inner.sliced(from, escape - from)));
        const char c = inner.at(escape + 1);
        qsizetype next = escape + 2;
        switch (c) {
            case 'b':
                out->append(QChar(u'\b'));
                break;
            case 'f':
                out->append(QChar(u'\f'));
                break;
            case 'n':
                out->append(QChar(u'\n'));
                break;
            case 'r':
                out->append(QChar(u'\r'));
                break;
            case 't':
                out->append(QChar(u'\t'));
                break;
            case 'u': {
                // Well-formed JSON: four hex digits follow.
                char16_t unit = 0;
                for (qsizetype i = 0; i < 4; ++i)
                    unit = char16_t(unit * 16 + hexDigit(inner.at(escape + 2 + i)));
                next = escape + 6;
                if (QChar::isLowSurrogate(unit)) return false;
                if (QChar::isHighSurrogate(unit)) {
                    if (next + 6 > inner.size() || inner.at(next) != '\\' ||
                        inner.at(next + 1) != 'u')
                        return false;
                    char16_t low = 0;
                    for (qsizetype i = 0; i < 4; ++i)
                        low = char16_t(low * 16 + hexDigit(inner.at(next + 2 + i)));
                    if (!QChar::isLowSurrogate(low)) return false;
                    out->append(QChar(unit));
                    unit = low;
                    next += 6;
                }
                out->append(QChar(unit));
                break;
            }
            default:
                out->append(QLatin1Char(c));
                break;  // " \ /
        }
        from = next;
        escape = inner.indexOf('\\', from);
    }
    out->append(QString::fromUtf8(inner.sliced(from)));
    return true;
}

// An object value's own text, without the whitespace JSON allows around it.
QByteArrayView trimmed(QByteArrayView v) {
    while (!v.isEmpty() && isSpace(v.front())) v = v.sliced(1);
    while (!v.isEmpty() && isSpace(v.back())) v.chop(1);
    return v;
}

}  // namespace gatehouse::responses
