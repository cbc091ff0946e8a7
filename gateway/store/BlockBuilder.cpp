#include "BlockBuilder.h"

#include <zstd.h>

namespace gatehouse {

namespace {

// The buffers are given back after a block larger than this (one huge
// entry) rather than kept.
constexpr qsizetype kKept = 4 << 20;

}  // namespace

BlockBuilder::BlockBuilder(char version, int level)
    : context_(ZSTD_createCCtx()), level_(level), version_(version) {
    raw_.append(version_);
}

BlockBuilder::~BlockBuilder() {
    ZSTD_freeCCtx(context_);
}

QByteArray BlockBuilder::finish(QString *error) {
    const QByteArray frame = compress(raw_, error);
    if (raw_.size() > kKept) raw_ = QByteArray();
    raw_.resize(1);  // the version byte, and the capacity
    raw_[0] = version_;
    count_ = 0;
    return frame;
}

QByteArray BlockBuilder::compress(QByteArrayView raw, QString *error) {
    const qsizetype bound = qsizetype(ZSTD_compressBound(size_t(raw.size())));
    if (out_.size() < bound) out_.resize(bound);
    const size_t n = ZSTD_compressCCtx(context_, out_.data(), size_t(out_.size()), raw.data(),
                                       size_t(raw.size()), level_);
    if (ZSTD_isError(n)) {
        *error = QString::fromUtf8(ZSTD_getErrorName(n));
        return QByteArray();
    }
    QByteArray frame(out_.constData(), qsizetype(n));
    if (out_.size() > kKept) out_ = QByteArray();
    return frame;
}

bool decompressFrame(QByteArrayView frame, unsigned long long maxSize, QByteArray *raw,
                     QString *error) {
    const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), size_t(frame.size()));
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size == 0 ||
        size > maxSize) {
        *error = QStringLiteral("not a block Gatehouse wrote");
        return false;
    }
    raw->resize(qsizetype(size));
    const size_t n =
        ZSTD_decompress(raw->data(), size_t(raw->size()), frame.data(), size_t(frame.size()));
    if (ZSTD_isError(n) || n != size) {
        *error = ZSTD_isError(n) ? QString::fromUtf8(ZSTD_getErrorName(n))
                                 : QStringLiteral("shorter than its header says");
        return false;
    }
    return true;
}

}  // namespace gatehouse
