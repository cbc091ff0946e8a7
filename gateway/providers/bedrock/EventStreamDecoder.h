#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace gatehouse::aws {

// One message of an application/vnd.amazon.eventstream body. String and
// byte-array header values are kept as they are; the other types as text
// (numbers in decimal, booleans as "true"/"false", a UUID in hex).
struct EventStreamMessage {
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray payload;
    QByteArray header(QByteArrayView name) const;
};

// Incremental decoder of AWS's binary event stream framing: each message is
// total length (u32 BE), headers length (u32 BE), a CRC32 of those 8 bytes,
// the headers, the payload, and a CRC32 of everything before it. Input may
// be split anywhere. A bad checksum, an impossible length or a malformed
// header is a failure (the stream cannot be resynchronised after one); after
// it the decoder consumes nothing.
class EventStreamDecoder {
public:
    // AWS's own limits: 16 MiB a message, 128 KiB of headers.
    static constexpr quint32 kMaxMessageBytes = 16 * 1024 * 1024;
    static constexpr quint32 kMaxHeaderBytes = 128 * 1024;

    QList<EventStreamMessage> feed(const QByteArray &bytes);
    bool failed() const { return !error_.isEmpty(); }
    QString errorMessage() const { return error_; }

private:
    bool decodeOne(QByteArrayView frame, EventStreamMessage *out);
    bool fail(const QString &why);

    QByteArray buffer_;
    QString error_;
};

// Writes one message in the same framing (string-valued headers): what a
// fake Bedrock upstream and the tests send.
QByteArray encodeEventStreamMessage(const QList<QPair<QByteArray, QByteArray>> &headers,
                                    const QByteArray &payload);

}  // namespace gatehouse::aws
