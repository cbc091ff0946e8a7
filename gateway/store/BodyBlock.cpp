#include "BodyBlock.h"

#include "LengthPrefixed.h"
#include "LogRows.h"
#include "RowSink.h"

#include <zstd.h>

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

struct Builder::Compressor {
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ~Compressor() { ZSTD_freeCCtx(context); }
};

Builder::Builder() : compressor_(std::make_unique<Compressor>()) {
    raw_.append(kVersion);
}

Builder::~Builder() = default;

void Builder::add(const RequestTrace &t) {
    quint8 flags = 0;
    if (!t.requestBody.isNull()) flags |= HasRequest;
    if (!t.responseBody.isNull()) flags |= HasResponse;
    if (t.requestTruncated) flags |= RequestTruncated;
    if (t.responseTruncated) flags |= ResponseTruncated;
    raw_.append(char(flags));
    appendTextField(raw_, t.id);
    // The spans' JSON made in place, its length filled in after.
    const qsizetype at = raw_.size();
    raw_.resize(at + 4);
    LogRows::appendSpansJson(raw_, t.spans);
    putLength(raw_.data() + at, raw_.size() - at - 4);
    appendField(raw_, t.requestBody);
    appendField(raw_, t.responseBody);
    ++count_;
}

QByteArray Builder::finish(QString *error) {
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw_.size()))), Qt::Uninitialized);
    const size_t n = ZSTD_compressCCtx(compressor_->context, out.data(), size_t(out.size()),
                                       raw_.constData(), size_t(raw_.size()), kLevel);
    raw_.resize(1);  // keeps the version byte and the capacity
    count_ = 0;
    if (ZSTD_isError(n)) {
        *error = QStringLiteral("compressing logged bodies: %1")
                     .arg(QString::fromUtf8(ZSTD_getErrorName(n)));
        return QByteArray();
    }
    out.resize(qsizetype(n));
    return out;
}

std::optional<Content> find(const QByteArray &block, QStringView id, QString *error) {
    const unsigned long long size =
        ZSTD_getFrameContentSize(block.constData(), size_t(block.size()));
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size == 0 ||
        size > kMaxDecompressed) {
        *error = QStringLiteral(
            "the stored bodies of this request are damaged (not a block "
            "Gatehouse wrote)");
        return std::nullopt;
    }
    QByteArray raw(qsizetype(size), Qt::Uninitialized);
    const size_t n =
        ZSTD_decompress(raw.data(), size_t(raw.size()), block.constData(), size_t(block.size()));
    if (ZSTD_isError(n) || n != size || raw.at(0) != kVersion) {
        *error = ZSTD_isError(n)
                     ? QStringLiteral("the stored bodies of this request are damaged: %1")
                           .arg(QString::fromUtf8(ZSTD_getErrorName(n)))
                     : QStringLiteral(
                           "the stored bodies of this request are in a format this "
                           "Gatehouse does not know (written by a newer one?)");
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
