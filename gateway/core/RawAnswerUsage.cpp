#include "RawAnswerUsage.h"

#include <cstring>

namespace gatehouse {

namespace {

// Where the last `quoted` (a key with its quotes) before `end` begins in
// `text`, or -1. Searched from the end, one quote at a time (memrchr looks
// at many bytes at once): the usage object is at or near an answer's end,
// a few quotes away. QByteArray::lastIndexOf hashed every byte on the way,
// ~900 instructions an answer.
qsizetype lastQuoted(QByteArrayView text, qsizetype end, QByteArrayView quoted) {
    const char *begin = text.data();
    const qsizetype n = quoted.size();
    while (end >= n) {
        const void *found = memrchr(begin, '"', size_t(end));
        if (!found) return -1;
        const qsizetype close = static_cast<const char *>(found) - begin;
        const qsizetype start = close + 1 - n;
        if (start >= 0 && std::memcmp(begin + start, quoted.data(), size_t(n)) == 0) return start;
        end = close;
    }
    return -1;
}

qsizetype skipSpace(const char *text, qsizetype i, qsizetype size) {
    while (i < size && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        ++i;
    return i;
}

// The object that is the value of the last member named by `quoted`: its
// first and last byte, or false. A string with the key's text (a value,
// not followed by ':') is passed over.
bool lastObjectMember(QByteArrayView raw, QByteArrayView quoted, qsizetype *open,
                      qsizetype *close) {
    const char *text = raw.data();
    const qsizetype size = raw.size();
    for (qsizetype end = size;;) {
        const qsizetype key = lastQuoted(raw, end, quoted);
        if (key < 0) return false;
        end = key;
        qsizetype i = skipSpace(text, key + quoted.size(), size);
        if (i == size || text[i] != ':') continue;
        i = skipSpace(text, i + 1, size);
        if (i == size || text[i] != '{') return false;  // null, or not an object
        // Its end: the '}' after which as many braces closed as opened,
        // found a brace at a time (a byte loop cost ~10 instructions a byte).
        int depth = 1;
        for (qsizetype from = i + 1;;) {
            const void *brace = std::memchr(text + from, '}', size_t(size - from));
            if (!brace) return false;
            const qsizetype j = static_cast<const char *>(brace) - text;
            for (const char *o = text + from;
                 (o = static_cast<const char *>(std::memchr(o, '{', size_t(j - (o - text))))); ++o)
                ++depth;
            if (--depth == 0) {
                *open = i;
                *close = j;
                return true;
            }
            from = j + 1;
        }
    }
}

}  // namespace

QByteArray usageJsonInRawAnswer(const QByteArray &raw) {
    qsizetype open = 0, close = 0;
    if (!lastObjectMember(raw, "\"usage\"", &open, &close) &&
        !lastObjectMember(raw, "\"usageMetadata\"", &open, &close))  // Gemini's
        return {};
    // Shares `raw`'s bytes: read at once, while the answer is alive.
    return QByteArray::fromRawData(raw.constData() + open, close - open + 1);
}

}  // namespace gatehouse
