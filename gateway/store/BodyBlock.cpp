#include "BodyBlock.h"

#include "BlockBuilder.h"
#include "LengthPrefixed.h"
#include "LogRows.h"
#include "RowSink.h"

namespace gatehouse {

namespace BodyBlock {

using LengthPrefixed::appendField;
using LengthPrefixed::putLength;
using LengthPrefixed::readField;

namespace {

constexpr char kVersion = 1;
// zstd's fastest regular level: the log's JSON compresses ~10x at it, and
// the writer's time is what the request log must save.
constexpr int kLevel = 1;
// A block never decompresses beyond this (a damaged frame that claims more
// is refused rather than allocated).
constexpr unsigned long long kMaxDecompressed = 64ull << 20;

enum Flag : quint8 {
    HasRequest = 1,
    HasResponse = 2,
    RequestTruncated = 4,
    ResponseTruncated = 8,
};

// The id as UTF-8, converted in place (no temporary).
void appendTextField(QByteArray &out, QStringView text) {
    const qsizetype at = out.size();
    out.resize(at + 4);
    appendUtf8(out, text);
    putLength(out.data() + at, out.size() - at - 4);
}

}  // namespace

Builder::Builder() : block_(std::make_unique<BlockBuilder>(kVersion, kLevel)) {}

Builder::~Builder() = default;

int Builder::count() const {
    return block_->count();
}

qsizetype Builder::rawSize() const {
    return block_->rawSize();
}

void Builder::add(const RequestTrace &t) {
    quint8 flags = 0;
    if (!t.requestBody.isNull()) flags |= HasRequest;
    if (!t.responseBody.isNull()) flags |= HasResponse;
    if (t.requestTruncated) flags |= RequestTruncated;
    if (t.responseTruncated) flags |= ResponseTruncated;
    QByteArray &raw = block_->raw();
    raw.append(char(flags));
    appendTextField(raw, t.id);
    // The spans' JSON made in place, its length filled in after.
    const qsizetype at = raw.size();
    raw.resize(at + 4);
    LogRows::appendSpansJson(raw, t.spans);
    putLength(raw.data() + at, raw.size() - at - 4);
    appendField(raw, t.requestBody);
    appendField(raw, t.responseBody);
    block_->added();
}

QByteArray Builder::finish(QString *error) {
    QString why;
    const QByteArray frame = block_->finish(&why);
    if (frame.isNull()) *error = QStringLiteral("compressing logged bodies: %1").arg(why);
    return frame;
}

std::optional<Content> find(const QByteArray &block, QStringView id, QString *error) {
    QByteArray raw;
    QString why;
    if (!decompressFrame(block, kMaxDecompressed, &raw, &why)) {
        *error = QStringLiteral("the stored bodies of this request are damaged (%1)").arg(why);
        return std::nullopt;
    }
    if (raw.at(0) != kVersion) {
        *error = QStringLiteral(
            "the stored bodies of this request are in a format this Gatehouse does not know "
            "(written by a newer one?)");
        return std::nullopt;
    }
    const QByteArray wanted = id.toUtf8();
    qsizetype at = 1;
    while (at < raw.size()) {
        const quint8 flags = quint8(raw.at(at++));
        QByteArrayView entryId, spans, request, response;
        if (!readField(raw, at, &entryId) || !readField(raw, at, &spans) ||
            !readField(raw, at, &request) || !readField(raw, at, &response)) {
            *error = QStringLiteral(
                "the stored bodies of this request are damaged (a block "
                "ends inside an entry)");
            return std::nullopt;
        }
        if (entryId != wanted) continue;
        Content c;
        c.spansJson = spans.toByteArray();
        if (flags & HasRequest)
            c.requestBody = request.isEmpty() ? QByteArray("") : request.toByteArray();
        if (flags & HasResponse)
            c.responseBody = response.isEmpty() ? QByteArray("") : response.toByteArray();
        c.requestTruncated = flags & RequestTruncated;
        c.responseTruncated = flags & ResponseTruncated;
        return c;
    }
    return std::nullopt;
}

}  // namespace BodyBlock

}  // namespace gatehouse
