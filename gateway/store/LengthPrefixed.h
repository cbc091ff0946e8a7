#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

#include <cstring>

// Fields of the store's compressed blocks (BodyBlock, ResponseBlock): a
// little-endian u32 length, then that many bytes.
namespace gatehouse::LengthPrefixed {

inline void putLength(char *at, qsizetype n) {
    const quint32 v = quint32(n);
    at[0] = char(v & 0xff);
    at[1] = char((v >> 8) & 0xff);
    at[2] = char((v >> 16) & 0xff);
    at[3] = char(v >> 24);
}

inline void appendField(QByteArray &out, QByteArrayView bytes) {
    // One resize and copies (QByteArray::append takes insert()'s general
    // path in Qt 6.4, ~200 instructions a call).
    const qsizetype at = out.size();
    out.resize(at + 4 + bytes.size());
    putLength(out.data() + at, bytes.size());
    if (!bytes.isEmpty()) std::memcpy(out.data() + at + 4, bytes.data(), size_t(bytes.size()));
}

// Reads one field at `at` and moves past it; false when the bytes end first.
inline bool readField(QByteArrayView raw, qsizetype &at, QByteArrayView *field) {
    if (raw.size() - at < 4) return false;
    const auto *p = reinterpret_cast<const unsigned char *>(raw.data() + at);
    const quint32 n =
        quint32(p[0]) | quint32(p[1]) << 8 | quint32(p[2]) << 16 | quint32(p[3]) << 24;
    at += 4;
    if (qsizetype(n) > raw.size() - at) return false;
    *field = QByteArrayView(raw.data() + at, qsizetype(n));
    at += qsizetype(n);
    return true;
}

}  // namespace gatehouse::LengthPrefixed
