#include "ResponseBlock.h"

#include "LengthPrefixed.h"

#include <zstd.h>

namespace gatehouse::ResponseBlock {

namespace {

constexpr char kVersion = 1;
// zstd's fastest regular level, as for the log's bodies: the save is on
// the store thread, and JSON this alike compresses well at any level.
constexpr int kLevel = 1;
// A damaged frame that claims more is refused rather than allocated. A
// block holds at most kMaxRawBytes, or one response larger than that.
constexpr unsigned long long kMaxDecompressed = 512ull << 20;

}  // namespace

struct Builder::Compressor {
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ~Compressor() { ZSTD_freeCCtx(context); }
};

Builder::Builder() : compressor_(std::make_unique<Compressor>()) {
    raw_.append(kVersion);
}

Builder::~Builder() = default;

void Builder::add(QByteArrayView id, QByteArrayView conversation, QByteArrayView response) {
    LengthPrefixed::appendField(raw_, id);
    LengthPrefixed::appendField(raw_, conversation);
    LengthPrefixed::appendField(raw_, response);
    ++count_;
}

QByteArray Builder::finish(QString *error) {
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw_.size()))), Qt::Uninitialized);
    const size_t n = ZSTD_compressCCtx(compressor_->context, out.data(), size_t(out.size()),
                                       raw_.constData(), size_t(raw_.size()), kLevel);
    // Keeps the version byte, and the capacity unless one response was huge.
    if (raw_.size() > 4 * kMaxRawBytes) raw_ = QByteArray();
    raw_.resize(1);
    raw_[0] = kVersion;
    count_ = 0;
    if (ZSTD_isError(n)) {
        *error = QStringLiteral("compressing stored responses: %1")
                     .arg(QString::fromUtf8(ZSTD_getErrorName(n)));
        return QByteArray();
    }
    out.resize(qsizetype(n));
    return out;
}

bool read(const QByteArray &block, QByteArray *raw, std::vector<EntryView> *entries,
          QString *error) {
    entries->clear();
    const unsigned long long size =
        ZSTD_getFrameContentSize(block.constData(), size_t(block.size()));
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size == 0 ||
        size > kMaxDecompressed) {
        *error = QStringLiteral("not a block Gatehouse wrote");
        return false;
    }
    raw->resize(qsizetype(size));
    const size_t n =
        ZSTD_decompress(raw->data(), size_t(raw->size()), block.constData(), size_t(block.size()));
    if (ZSTD_isError(n) || n != size) {
        *error = ZSTD_isError(n) ? QString::fromUtf8(ZSTD_getErrorName(n))
                                 : QStringLiteral("shorter than its header says");
        return false;
    }
    if (raw->at(0) != kVersion) {
        *error = QStringLiteral("a format this Gatehouse does not know (written by a newer one?)");
        return false;
    }
    qsizetype at = 1;
    while (at < raw->size()) {
        EntryView e;
        if (!LengthPrefixed::readField(*raw, at, &e.id) ||
            !LengthPrefixed::readField(*raw, at, &e.conversation) ||
            !LengthPrefixed::readField(*raw, at, &e.response)) {
            *error = QStringLiteral("it ends inside an entry");
            return false;
        }
        entries->push_back(e);
    }
    return true;
}

}  // namespace gatehouse::ResponseBlock
