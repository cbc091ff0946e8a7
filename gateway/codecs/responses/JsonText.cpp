#include "JsonText.h"

#include <algorithm>
#include <cstring>

namespace gatehouse::responses {

QByteArray rawBytes(QByteArrayView v) {
    return QByteArray::fromRawData(v.data(), v.size());
}

bool elementsOf(QByteArrayView array, QList<QByteArrayView> *out) {
    out->clear();
    if (array.size() < 2 || array.front() != '[') return false;
    const QByteArrayView inner = array.sliced(1, array.size() - 2);
    qsizetype i = 0;
    while (true) {
        while (i < inner.size() && (isSpace(inner.at(i)) || inner.at(i) == ',')) ++i;
        if (i >= inner.size()) return true;
        const qsizetype end = valueEnd(inner, i);
        out->append(inner.sliced(i, end - i));
        i = end;
    }
}

bool isString(QByteArrayView v) {
    return !v.isEmpty() && v.front() == '"';
}

bool isNull(QByteArrayView v) {
    return v == "null";
}

bool isPlainNumber(QByteArrayView v) {
    if (v.isEmpty() || v.size() > 15) return false;
    for (const char c : v)
        if (!((c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
    return true;
}

bool textOf(QByteArrayView v, QString *out) {
    return isString(v) && stringOf(v, out);
}

namespace {

// The code unit of a "\uXXXX" escape at `at` (which holds the backslash); -1 if none.
int escapedUnit(QByteArrayView v, qsizetype at) {
    if (at + 5 >= v.size() || v.at(at) != '\\' || v.at(at + 1) != 'u') return -1;
    bool ok = false;
    const int unit = v.sliced(at + 2, 4).toInt(&ok, 16);
    return ok ? unit : -1;
}

}  // namespace

bool isPlainString(QByteArrayView v) {
    if (!isString(v)) return false;
    // The usual string has no escape at all: one memchr says so.
    if (!std::memchr(v.data(), '\\', size_t(v.size()))) return true;
    // Escapes other than \uXXXX are two characters; a surrogate escape is
    // plain only as a high one followed by a low one.
    for (qsizetype i = v.indexOf('\\'); i >= 0; i = v.indexOf('\\', i)) {
        const int unit = escapedUnit(v, i);
        if (unit < 0xD800 || unit > 0xDFFF) {
            i += unit < 0 ? 2 : 6;
            continue;
        }
        const int low = escapedUnit(v, i + 6);
        if (unit > 0xDBFF || low < 0xDC00 || low > 0xDFFF) return false;
        i += 12;
    }
    return true;
}

bool nonEmptyText(QByteArrayView v) {
    return isPlainString(v) && v.size() > 2;  // "" is the one empty string
}

bool hasSurrogateEscape(QByteArrayView v) {
    for (qsizetype i = v.indexOf('\\'); i >= 0 && i + 5 < v.size(); i = v.indexOf('\\', i + 2)) {
        if (v.at(i + 1) != 'u') continue;
        const char a = v.at(i + 2), b = v.at(i + 3);
        if ((a == 'd' || a == 'D') &&
            ((b >= '8' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')))
            return true;
    }
    return false;
}

bool onlyKeys(const Members &m, std::initializer_list<const char *> keys) {
    for (const JsonMemberSpan &s : m.spans()) {
        const QByteArrayView key = m.keyOf(s);
        bool known = false;
        for (const char *k : keys) known = known || key == k;
        if (!known) return false;
    }
    return true;
}

bool UnreadMembers::add(QByteArrayView key, QByteArrayView value) {
    if (keys_.contains(key)) return false;
    keys_.append(key);
    if (!isNull(value)) notes_.append(QString::fromUtf8(key));
    return true;
}

QStringList UnreadMembers::notes() const {
    QStringList sorted = notes_;
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

}  // namespace gatehouse::responses
