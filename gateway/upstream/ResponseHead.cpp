#include "ResponseHead.h"

#include <array>
#include <cstring>

namespace gatehouse {

namespace {

// http_parser refuses heads over this (HPE_HEADER_OVERFLOW); such heads go
// to it so that it can.
constexpr qsizetype kMaxHeadBytes = 80 * 1024;

// Byte classes, built at compile time (no guard on each use): RFC 9110
// token characters (what a header name may hold), and the bytes a field
// value or reason phrase may hold (anything but control characters; tab is
// allowed).
enum : unsigned char { kToken = 1, kValue = 2 };
constexpr std::array<unsigned char, 256> kByteClass = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 256; ++c)
        if ((c >= 0x20 && c != 0x7f) || c == '\t') t[size_t(c)] = kValue;
    const char *extra = "!#$%&'*+-.^_`|~";
    for (int c = 0; c < 256; ++c) {
        bool token = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        for (const char *p = extra; *p; ++p) token = token || c == *p;
        if (token) t[size_t(c)] |= kToken;
    }
    return t;
}();

bool isTokenChar(char c) {
    return kByteClass[static_cast<unsigned char>(c)] & kToken;
}

// False when [from, to) holds a control character.
bool allValueBytes(const char *from, const char *to) {
    for (; from < to; ++from)
        if (!(kByteClass[static_cast<unsigned char>(*from)] & kValue)) return false;
    return true;
}

// `lower` is a lowercase name; `a` holds token characters only, so setting
// the 0x20 bit folds exactly the letters (no other token character maps
// onto a letter or onto '-').
bool isName(QByteArrayView a, QByteArrayView lower) {
    if (a.size() != lower.size()) return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != lower[i]) return false;
    return true;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView lower) {
    return a.compare(lower, Qt::CaseInsensitive) == 0;
}

QByteArrayView trimmed(QByteArrayView v) {
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t')) v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t')) v.chop(1);
    return v;
}

}  // namespace

ResponseHeadParse parseResponseHead(const char *data, qsizetype size, ResponseHead *head) {
    using R = ResponseHeadParse;
    const char *end = data + size;
    // Status line: "HTTP/1.x NNN reason\r\n" (the reason may be empty).
    if (size < 12) return size < kMaxHeadBytes ? R::Incomplete : R::Unusual;
    if (std::memcmp(data, "HTTP/1.", 7) != 0 || (data[7] != '0' && data[7] != '1') ||
        data[8] != ' ')
        return R::Unusual;
    for (int i = 9; i < 12; ++i)
        if (data[i] < '0' || data[i] > '9') return R::Unusual;
    head->httpMinor = data[7] - '0';
    head->status = (data[9] - '0') * 100 + (data[10] - '0') * 10 + (data[11] - '0');
    // 1xx announce another head; 204 and 304 have no body whatever they say.
    if (head->status < 200 || head->status == 204 || head->status == 304) return R::Unusual;
    const char *line = data + 12;
    const char *eol = static_cast<const char *>(std::memchr(line, '\r', size_t(end - line)));
    if (!eol || eol + 1 >= end) return size < kMaxHeadBytes ? R::Incomplete : R::Unusual;
    if (eol[1] != '\n' || (line < eol && *line != ' ')) return R::Unusual;
    if (!allValueBytes(line, eol)) return R::Unusual;

    bool sawLength = false, closeConnection = false, keepAliveConnection = false;
    head->headers.clear();
    for (line = eol + 2;; line = eol + 2) {
        if (line - data > kMaxHeadBytes) return R::Unusual;
        if (end - line < 2) return R::Incomplete;
        if (line[0] == '\r') {
            if (line[1] != '\n') return R::Unusual;
            head->length = line + 2 - data;
            break;
        }
        eol = static_cast<const char *>(std::memchr(line, '\r', size_t(end - line)));
        if (!eol || eol + 1 >= end) return line - data < kMaxHeadBytes ? R::Incomplete : R::Unusual;
        if (eol[1] != '\n') return R::Unusual;
        // name ":" value; a line starting with a space or tab (a folded
        // continuation) is not a name and ends here as Unusual.
        const char *p = line;
        while (p < eol && isTokenChar(*p)) ++p;
        if (p == line || p == eol || *p != ':') return R::Unusual;
        const QByteArrayView name(line, p - line);
        if (!allValueBytes(p + 1, eol)) return R::Unusual;
        const QByteArrayView value = trimmed(QByteArrayView(p + 1, eol - p - 1));
        if (isName(name, "content-length")) {
            // Digits, then only spaces: http_parser's own rule (a tab after
            // the number is an error to it).
            const char *d = p + 1;
            while (d < eol && (*d == ' ' || *d == '\t')) ++d;
            const char *digits = d;
            qint64 n = 0;
            for (; d < eol && *d >= '0' && *d <= '9'; ++d) {
                if (d - digits >= 15) return R::Unusual;
                n = n * 10 + (*d - '0');
            }
            if (d == digits || sawLength) return R::Unusual;
            for (; d < eol; ++d)
                if (*d != ' ') return R::Unusual;
            head->contentLength = n;
            sawLength = true;
        } else if (isName(name.first(qMin<qsizetype>(name.size(), 17)), "transfer-encoding") ||
                   isName(name, "upgrade")) {
            // http_parser 2.9 takes any name that starts with
            // "transfer-encoding" for one; such heads are its to judge.
            return R::Unusual;
        } else if (isName(name, "connection") || isName(name, "proxy-connection")) {
            // http_parser reads Proxy-Connection as Connection. Tabs around
            // the token are its to judge (it does not take "close\t" as close).
            if (QByteArrayView(p + 1, eol - p - 1).contains('\t')) return R::Unusual;
            if (equalsIgnoringCase(value, "close"))
                closeConnection = true;
            else if (equalsIgnoringCase(value, "keep-alive"))
                keepAliveConnection = true;
            else
                return R::Unusual;  // token lists, "upgrade": http_parser's rules
        }
        head->headers.append({name, value});
    }
    if (!sawLength) return R::Unusual;  // chunked or until close: http_parser
    if (closeConnection && keepAliveConnection) return R::Unusual;
    head->keepAlive = head->httpMinor == 1 ? !closeConnection : keepAliveConnection;
    return R::Complete;
}

}  // namespace gatehouse
