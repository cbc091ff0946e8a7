#include "ResponseBlock.h"

#include "BlockCompressor.h"
#include "LengthPrefixed.h"

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

Builder::Builder() : compressor_(std::make_unique<BlockCompressor>(kLevel)) {
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
    QString why;
    const QByteArray block = compressor_->compress(raw_, &why);
    // Keeps the version byte, and the capacity unless one response was huge.
    if (raw_.size() > 4 * kMaxRawBytes) raw_ = QByteArray();
    raw_.resize(1);
    raw_[0] = kVersion;
    count_ = 0;
    if (block.isNull()) *error = QStringLiteral("compressing stored responses: %1").arg(why);
    return block;
}

bool read(const QByteArray &block, QByteArray *raw, std::vector<EntryView> *entries,
          QString *error) {
    entries->clear();
    if (!decompressFrame(block, kMaxDecompressed, raw, error)) return false;
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
