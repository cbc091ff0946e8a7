#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <vector>

namespace gatehouse {

class BlockBuilder;

// Stored Responses-API responses, several to a row of response_blocks: one
// zstd frame over their entries laid end to end, found by id through
// stored_response_ids. One small index row and a share of one compressed
// row per response instead of a row of its own: the save was most of what
// `store` cost a translated Responses request (docs/performance.md), and
// the conversations of one block (the same instructions and tool schemas,
// a session's history turn after turn) compress together.
//
// Layout before compression (little-endian): a version byte, then per
// response its id, conversation and response JSON, each a u32 length and
// its bytes.
namespace ResponseBlock {

// Blocks are cut at this many responses or raw bytes (whichever comes
// first), so reading one response decompresses a bounded amount.
constexpr int kMaxEntries = 128;
constexpr qsizetype kMaxRawBytes = 1 << 20;

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

private:
    std::unique_ptr<BlockBuilder> block_;
};

struct EntryView {
    QByteArrayView id, conversation, response;
};

// Decompresses `block` into `raw` and lists its entries (views into `raw`).
// False, with `error` saying why, when it is not a block Gatehouse wrote.
bool read(const QByteArray &block, QByteArray *raw, std::vector<EntryView> *entries,
          QString *error);

}  // namespace ResponseBlock

}  // namespace gatehouse
