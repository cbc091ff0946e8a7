// Bedrock's binary event stream (providers/bedrock/EventStreamDecoder,
// EventStreamFramer, ConverseStreamToChat): any bytes, split anyway, give
// the same messages or the same failure, and never crash. Random bytes
// rarely pass a CRC, so half the inputs are first cut into frames with right
// checksums (each piece: a header-block length byte, then headers and
// payload), which lets the header parser and the translator see them.
#include "providers/bedrock/ConverseTranslate.h"
#include "providers/bedrock/EventStreamFramer.h"

#include <zlib.h>
#include <QJsonDocument>
#include <QtEndian>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

namespace {

quint32 crcOf(const QByteArray &bytes) {
    return quint32(
        ::crc32(0L, reinterpret_cast<const Bytef *>(bytes.constData()), uInt(bytes.size())));
}

// One frame with right checksums around `headers` and `payload` as given.
QByteArray frame(const QByteArray &headers, const QByteArray &payload) {
    QByteArray out(12, '\0');
    qToBigEndian<quint32>(quint32(16 + headers.size() + payload.size()), out.data());
    qToBigEndian<quint32>(quint32(headers.size()), out.data() + 4);
    qToBigEndian<quint32>(crcOf(out.left(8)), out.data() + 8);
    out += headers + payload;
    char crc[4];
    qToBigEndian<quint32>(crcOf(out), crc);
    out.append(crc, 4);
    return out;
}

// Pieces separated by 0xFF bytes, each framed.
QByteArray framed(const QByteArray &input) {
    QByteArray out;
    for (const QByteArray &piece : input.split('\xff')) {
        if (piece.isEmpty()) continue;
        const qsizetype headers = qMin<qsizetype>(quint8(piece[0]), piece.size() - 1);
        out += frame(piece.mid(1, headers), piece.mid(1 + headers));
    }
    return out;
}

bool sameMessages(const QList<aws::EventStreamMessage> &a,
                  const QList<aws::EventStreamMessage> &b) {
    if (a.size() != b.size()) return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].headers != b[i].headers || a[i].payload != b[i].payload) return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 23;
    const QByteArray raw(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const QByteArray bytes = (data[0] & 0x80) ? framed(raw) : raw;

    aws::EventStreamDecoder whole;
    const QList<aws::EventStreamMessage> once = whole.feed(bytes);
    aws::EventStreamDecoder split;
    QList<aws::EventStreamMessage> pieces;
    for (qsizetype at = 0; at < bytes.size(); at += qsizetype(piece))
        pieces += split.feed(bytes.mid(at, qsizetype(piece)));
    if (whole.failed() != split.failed()) abort();
    if (!sameMessages(once, pieces)) abort();

    // The framer and the translator take whatever the frames carry.
    EventStreamFramer framer;
    bedrock::ConverseStreamToChat translator(QStringLiteral("m"));
    for (const SseEvent &e : framer.feed(bytes))
        translator.onEvent(e.event, QJsonDocument::fromJson(e.data).object());
    return 0;
}
