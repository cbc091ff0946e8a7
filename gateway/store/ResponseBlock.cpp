#include "ResponseBlock.h"

#include "BlockBuilder.h"
#include "LengthPrefixed.h"

#include <cstring>

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

Builder::Builder() : block_(std::make_unique<BlockBuilder>(kVersion, kLevel)) {}

Builder::~Builder() = default;

void beginRaw(QByteArray &raw) {
    raw.append(kVersion);
}

void appendEntry(QByteArray &raw, QByteArrayView id, QByteArrayView conversation,
                 QByteArrayView response) {
    // One resize for the three fields (a worker writes this for each
    // response it saves).
    qsizetype at = raw.size();
    raw.resize(at + entrySize(id, conversation, response));
    char *const data = raw.data();
    for (const QByteArrayView field : {id, conversation, response}) {
        LengthPrefixed::putLength(data + at, field.size());
        if (!field.isEmpty()) std::memcpy(data + at + 4, field.data(), size_t(field.size()));
        at += 4 + field.size();
    }
}

bool readEntries(QByteArrayView raw, std::vector<EntryView> *entries) {
    entries->clear();
    qsizetype at = 1;
    while (at < raw.size()) {
        EntryView e;
        if (!LengthPrefixed::readField(raw, at, &e.id) ||
            !LengthPrefixed::readField(raw, at, &e.conversation) ||
            !LengthPrefixed::readField(raw, at, &e.response))
            return false;
        entries->push_back(e);
    }
    return true;
}

void Builder::add(QByteArrayView id, QByteArrayView conversation, QByteArrayView response) {
    appendEntry(block_->raw(), id, conversation, response);
    block_->added();
}

int Builder::count() const {
    return block_->count();
}

bool Builder::full() const {
    return isFull(block_->count(), block_->rawSize());
}

namespace {

// The frame, or null with `error` saying what failed.
QByteArray named(const QByteArray &frame, const QString &why, QString *error) {
    if (frame.isNull()) *error = QStringLiteral("compressing stored responses: %1").arg(why);
    return frame;
}

}  // namespace

QByteArray Builder::finish(QString *error) {
    QString why;
    const QByteArray frame = block_->finish(&why);
    return named(frame, why, error);
}

QByteArray Builder::compress(QByteArrayView raw, QString *error) {
    QString why;
    const QByteArray frame = block_->compress(raw, &why);
    return named(frame, why, error);
}

bool read(const QByteArray &block, QByteArray *raw, std::vector<EntryView> *entries,
          QString *error) {
    entries->clear();
    if (!decompressFrame(block, kMaxDecompressed, raw, error)) return false;
    if (raw->at(0) != kVersion) {
        *error = QStringLiteral("a format this Gatehouse does not know (written by a newer one?)");
        return false;
    }
    if (!readEntries(*raw, entries)) {
        *error = QStringLiteral("it ends inside an entry");
        return false;
    }
    return true;
}

}  // namespace gatehouse::ResponseBlock
