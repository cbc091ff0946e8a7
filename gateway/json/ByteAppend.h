#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <charconv>
#include <cstring>

namespace gatehouse {

// Appends with one capacity check and a memcpy. Qt 6.4's QByteArray::append
// takes insert()'s general path, about 200 instructions a call, and a
// proxied request appends some forty times (measured with callgrind: 8k of
// the request's 67k instructions). When the room is there, the bytes are
// written in place: even resize() is an out-of-line call of ~30
// instructions, and a translated answer is written in some sixty appends.
// (A QByteArray always has room for its terminating NUL one past its
// capacity: resize() writes it there too.)
inline void appendBytes(QByteArray &out, QByteArrayView bytes) {
    const qsizetype n = bytes.size();
    if (n <= 0) return;
    QByteArray::DataPointer &d = out.data_ptr();
    if (!d.needsDetach() && d.freeSpaceAtEnd() >= n) {
        char *end = d.data() + d.size;
        std::memcpy(end, bytes.data(), size_t(n));
        end[n] = '\0';
        d.size += n;
        return;
    }
    const qsizetype old = out.size();
    out.resize(old + n);  // grows the capacity geometrically when it must
    std::memcpy(out.data() + old, bytes.data(), size_t(n));
}

// One byte, in place when there is room (QByteArray::append(char) is an
// out-of-line call of ~55 instructions in Qt 6.4; a request's row in the
// log's blocks appends some forty).
inline void appendByte(QByteArray &out, char byte) {
    QByteArray::DataPointer &d = out.data_ptr();
    if (!d.needsDetach() && d.freeSpaceAtEnd() >= 1) {
        char *end = d.data() + d.size;
        end[0] = byte;
        end[1] = '\0';
        ++d.size;
        return;
    }
    out.append(byte);
}

inline void appendBytes(QByteArray &out, const char *data, qsizetype size) {
    appendBytes(out, QByteArrayView(data, size));
}

// Appends `value` in decimal: no QByteArray made for the number.
inline void appendDecimal(QByteArray &out, qint64 value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
    appendBytes(out, QByteArrayView(digits, end - digits));
}

}  // namespace gatehouse
