#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <vector>

namespace gatehouse {

class BlockBuilder;

// Stored Responses-API responses, several to a row of response_blocks: one
// zstd frame over their entries laid end to end, found by the creation time
// their ids carry (each block records the range of its ids' times). A share
// of one compressed row per response instead of a row of its own: the save
// was most of what `store` cost a translated Responses request
// (docs/performance.md), and the conversations of one block (the same
// instructions and tool schemas, a session's history turn after turn)
// compress together.
//
// Layout before compression (little-endian): a version byte, then per
// response its id, conversation and response JSON, each a u32 length and
// its bytes.
namespace ResponseBlock {

// Blocks are cut at this many responses or raw bytes (whichever comes
// first), so reading one response decompresses a bounded amount.
constexpr int kMaxEntries = 128;
constexpr qsizetype kMaxRawBytes = 1 << 20;

// A block's content written straight into `raw`, blocks back to back (the
// store's pending saves): its version byte, then each entry.
void beginRaw(QByteArray &raw);
void appendEntry(QByteArray &raw, QByteArrayView id, QByteArrayView conversation,
                 QByteArrayView response);
// The bytes appendEntry() adds.
inline qsizetype entrySize(QByteArrayView id, QByteArrayView conversation,
                           QByteArrayView response) {
    return 12 + id.size() + conversation.size() + response.size();
}
// Whether a block of `count` entries and `rawSize` bytes takes no more.
inline bool isFull(int count, qsizetype rawSize) {
    return count >= kMaxEntries || rawSize >= kMaxRawBytes;
}

class Builder {
public:
    Builder();
    ~Builder();
    Builder(const Builder &) = delete;
    Builder &operator=(const Builder &) = delete;

    void add(QByteArrayView id, QByteArrayView conversation, QByteArrayView response);
    int count() const;
    bool full() const;
    // The compressed block; empties the builder for the next one. Null with
    // `error` set only when the compressor fails (out of memory).
    QByteArray finish(QString *error);
    // The compressed block of `raw`, written with beginRaw()/appendEntry();
    // the builder's own entries stay as they are.
    QByteArray compress(QByteArrayView raw, QString *error);

private:
    std::unique_ptr<BlockBuilder> block_;
};

struct EntryView {
    QByteArrayView id, conversation, response;
};

// The entries of a block's raw content (views into it; its version byte
// not checked: the caller wrote it or checked it); false when it ends
// inside an entry.
bool readEntries(QByteArrayView raw, std::vector<EntryView> *entries);

// Decompresses `block` into `raw` and lists its entries (views into `raw`).
// False, with `error` saying why, when it is not a block Gatehouse wrote.
bool read(const QByteArray &block, QByteArray *raw, std::vector<EntryView> *entries,
          QString *error);

}  // namespace ResponseBlock

}  // namespace gatehouse
