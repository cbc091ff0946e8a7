#include "EventStreamDecoder.h"

#include <zlib.h>
#include <QtEndian>

namespace gatehouse::aws {

namespace {

constexpr qsizetype kPreludeBytes = 12;  // two lengths and the prelude's CRC
constexpr qsizetype kTrailerBytes = 4;   // the message CRC

quint32 crc32Of(QByteArrayView bytes) {
    return quint32(::crc32(0L, reinterpret_cast<const Bytef *>(bytes.data()), uInt(bytes.size())));
}

quint32 readU32(const char *p) {
    return qFromBigEndian<quint32>(p);
}

// Header value types of the framing, by their type byte.
enum ValueType : quint8 {
    BoolTrue = 0,
    BoolFalse = 1,
    Byte = 2,
    Short = 3,
    Integer = 4,
    Long = 5,
    ByteArray = 6,
    String = 7,
    Timestamp = 8,
    Uuid = 9,
};

}  // namespace

QByteArray EventStreamMessage::header(QByteArrayView name) const {
    for (const auto &h : headers)
        if (QByteArrayView(h.first) == name) return h.second;
    return {};
}

bool EventStreamDecoder::fail(const QString &why) {
    error_ = QStringLiteral("Malformed event stream: %1").arg(why);
    buffer_.clear();
    return false;
}

QList<EventStreamMessage> EventStreamDecoder::feed(const QByteArray &bytes) {
    QList<EventStreamMessage> out;
    if (failed()) return out;
    buffer_ += bytes;
    qsizetype offset = 0;
    while (buffer_.size() - offset >= kPreludeBytes) {
        const char *p = buffer_.constData() + offset;
        const quint32 total = readU32(p);
        const quint32 headersLength = readU32(p + 4);
        // The prelude is checked before its lengths are believed.
        if (crc32Of(QByteArrayView(p, 8)) != readU32(p + 8)) {
            fail(QStringLiteral("prelude checksum mismatch"));
            return out;
        }
        if (total > kMaxMessageBytes || headersLength > kMaxHeaderBytes ||
            total < quint32(kPreludeBytes + kTrailerBytes) ||
            headersLength > total - kPreludeBytes - kTrailerBytes) {
            fail(QStringLiteral("message length %1 with %2 bytes of headers is not possible")
                     .arg(total)
                     .arg(headersLength));
            return out;
        }
        if (buffer_.size() - offset < qsizetype(total)) break;
        EventStreamMessage message;
        if (!decodeOne(QByteArrayView(p, total), &message)) return out;
        out.append(std::move(message));
        offset += total;
    }
    buffer_.remove(0, offset);
    return out;
}

bool EventStreamDecoder::decodeOne(QByteArrayView frame, EventStreamMessage *out) {
    const qsizetype total = frame.size();
    if (crc32Of(frame.first(total - kTrailerBytes)) != readU32(frame.data() + total - 4))
        return fail(QStringLiteral("message checksum mismatch"));
    const qsizetype headersEnd = kPreludeBytes + readU32(frame.data() + 4);
    qsizetype at = kPreludeBytes;
    const char *p = frame.data();
    // Every read is checked against the end of the header block first.
    const auto need = [&](qsizetype n) { return n >= 0 && at + n <= headersEnd; };
    while (at < headersEnd) {
        const qsizetype nameLength = quint8(p[at]);
        ++at;
        if (nameLength == 0 || !need(nameLength + 1))
            return fail(QStringLiteral("bad header name"));
        QByteArray name(p + at, nameLength);
        at += nameLength;
        const quint8 type = quint8(p[at]);
        ++at;
        QByteArray value;
        qsizetype size = 0;
        switch (type) {
            case BoolTrue:
            case BoolFalse:
                value = type == BoolTrue ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
                break;
            case Byte:
                size = 1;
                if (need(size)) value = QByteArray::number(qint8(p[at]));
                break;
            case Short:
                size = 2;
                if (need(size)) value = QByteArray::number(qFromBigEndian<qint16>(p + at));
                break;
            case Integer:
                size = 4;
                if (need(size)) value = QByteArray::number(qFromBigEndian<qint32>(p + at));
                break;
            case Long:
            case Timestamp:
                size = 8;
                if (need(size)) value = QByteArray::number(qFromBigEndian<qint64>(p + at));
                break;
            case ByteArray:
            case String:
                if (!need(2))
                    return fail(
                        QStringLiteral("truncated header '%1'").arg(QString::fromLatin1(name)));
                size = qFromBigEndian<quint16>(p + at);
                at += 2;
                if (need(size)) value = QByteArray(p + at, size);
                break;
            case Uuid:
                size = 16;
                if (need(size)) value = QByteArray(p + at, size).toHex();
                break;
            default:
                return fail(QStringLiteral("header '%1' has unknown value type %2")
                                .arg(QString::fromLatin1(name))
                                .arg(type));
        }
        if (!need(size))
            return fail(QStringLiteral("truncated header '%1'").arg(QString::fromLatin1(name)));
        at += size;
        out->headers.append({std::move(name), std::move(value)});
    }
    out->payload = frame.sliced(headersEnd, total - headersEnd - kTrailerBytes).toByteArray();
    return true;
}

QByteArray encodeEventStreamMessage(const QList<QPair<QByteArray, QByteArray>> &headers,
                                    const QByteArray &payload) {
    QByteArray block;
    for (const auto &h : headers) {
        block += char(quint8(h.first.size()));
        block += h.first;
        block += char(String);
        char length[2];
        qToBigEndian<quint16>(quint16(h.second.size()), length);
        block.append(length, 2);
        block += h.second;
    }
    const quint32 total = quint32(kPreludeBytes + block.size() + payload.size() + kTrailerBytes);
    QByteArray out(kPreludeBytes, '\0');
    qToBigEndian<quint32>(total, out.data());
    qToBigEndian<quint32>(quint32(block.size()), out.data() + 4);
    qToBigEndian<quint32>(crc32Of(QByteArrayView(out.constData(), 8)), out.data() + 8);
    out += block;
    out += payload;
    char crc[4];
    qToBigEndian<quint32>(crc32Of(out), crc);
    out.append(crc, 4);
    return out;
}

}  // namespace gatehouse::aws
