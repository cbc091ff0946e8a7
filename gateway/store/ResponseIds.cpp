#include "ResponseIds.h"

#include "json/ByteAppend.h"

#include <algorithm>

namespace gatehouse::ResponseBlock {

qint64 idTimeMs(QByteArrayView id) {
    constexpr qsizetype kPrefix = 5, kDigits = 12;
    if (id.size() < kPrefix + kDigits || !id.startsWith("resp_")) return -1;
    qint64 ms = 0;
    for (qsizetype i = kPrefix; i < kPrefix + kDigits; ++i) {
        const char c = id[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return -1;
        ms = ms * 16 + digit;
    }
    return ms;
}

Ids idsOf(const std::vector<EntryView> &entries) {
    Ids ids;
    for (const EntryView &e : entries) {
        const qint64 ms = idTimeMs(e.id);
        if (ms < 0) {
            ids.untimed.push_back(&e);
            continue;
        }
        ids.firstMs = ids.firstMs < 0 ? ms : std::min(ids.firstMs, ms);
        ids.lastMs = std::max(ids.lastMs, ms);
    }
    return ids;
}

void appendIdJson(QByteArray &out, QByteArrayView id) {
    appendBytes(out, "\"");
    for (const char c : id) {
        if (c == '"' || c == '\\') {
            const char escaped[2] = {'\\', c};
            appendBytes(out, escaped, 2);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            const char escaped[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
            appendBytes(out, escaped, 6);
        } else {
            appendBytes(out, &c, 1);
        }
    }
    appendBytes(out, "\"");
}

}  // namespace gatehouse::ResponseBlock
