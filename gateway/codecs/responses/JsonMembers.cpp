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

bool MemberTree::scan(const QByteArray &text, int depth) {
    text_ = text;
    if (!scanJsonTree(text, &members_, depth)) return false;
    for (const JsonTreeMember &m : std::as_const(members_))
        if (std::memchr(text.constData() + m.span.keyBegin, '\\',
                        size_t(m.span.keyEnd - m.span.keyBegin)))
            return false;
    return true;
}

bool MemberTree::member(int parent, int element, QByteArrayView key, int *index) const {
    *index = -1;
    // The object's first member comes after its parent, in text order
    // (members of earlier elements' objects may come between); from there
    // its members are linked.
    qsizetype first = parent + 1;
    while (first < qsizetype(members_.size()) && (members_[size_t(first)].parent != parent ||
                                                  members_[size_t(first)].element != element)) {
        if (parent >= 0 &&
            members_[size_t(first)].span.keyBegin >= members_[size_t(parent)].span.valueEnd)
            return true;  // past the parent's value: no such object
        ++first;
    }
    for (qsizetype i = first; i >= 0 && i < qsizetype(members_.size());
         i = members_[size_t(i)].next) {
        const JsonMemberSpan &s = members_[size_t(i)].span;
        if (s.keyEnd - s.keyBegin - 2 != key.size() ||
            std::memcmp(text_.constData() + s.keyBegin + 1, key.data(), size_t(key.size())) != 0)
            continue;
        if (*index >= 0) return false;  // repeated
        *index = int(i);
    }
    return true;
}

QByteArrayView MemberTree::value(int index) const {
    if (index < 0) return {};
    const JsonMemberSpan &s = members_[size_t(index)].span;
    return QByteArrayView(text_.constData() + s.valueBegin, s.valueEnd - s.valueBegin);
}

namespace {

// Past the string that starts at `p` (its opening quote).
const char *skipString(const char *p, const char *end) {
    ++p;
    while (p < end) {
        p = json::quoteOrBackslash(p, end);
        if (p >= end) break;
        if (*p == '"') return p + 1;
        p += 2;  // an escape and the character it escapes
    }
    return end;
}

// Past the value that starts at `p` in well-formed JSON; a scalar ends at
// the first delimiter (so a delimiter or a space at `p` is where it ends).
const char *skipValue(const char *p, const char *end) {
    if (p >= end) return end;
    if (*p == '"') return skipString(p, end);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (p < end) {
            const char c = *p;
            if (c == '"') {
                p = skipString(p, end);
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return p + 1;
            }
            ++p;
        }
        return end;
    }
    while (p < end && *p != ',' && *p != '}' && *p != ']' && !isSpace(*p)) ++p;
    return p;
}

const char *skipSpace(const char *p, const char *end) {
    while (p < end && isSpace(*p)) ++p;
    return p;
}

}  // namespace

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

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
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
