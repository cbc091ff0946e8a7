#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct ZSTD_CCtx_s;

namespace gatehouse {

// The content of one of the store's compressed blocks (BodyBlock,
// ResponseBlock) while it is built: a version byte, then the entries the
// block's format appends; finish() compresses it into one zstd frame and
// starts the next block. The zstd context and the output buffer are kept
// from block to block: ZSTD_compress() makes and frees a context per call,
// and a new buffer of the bound's size each time was a fresh large
// allocation whose pages were faulted in anew (perf).
class BlockBuilder {
public:
    BlockBuilder(char version, int level);
    ~BlockBuilder();
    BlockBuilder(const BlockBuilder &) = delete;
    BlockBuilder &operator=(const BlockBuilder &) = delete;

    // Where an entry's bytes are appended; added() counts it.
    QByteArray &raw() { return raw_; }
    void added() { ++count_; }
    int count() const { return count_; }
    qsizetype rawSize() const { return raw_.size(); }
    // The frame; empties the builder. Null with `error` set (zstd's reason)
    // only when the compressor fails (out of memory).
    QByteArray finish(QString *error);
    // The frame of `raw`, a block's content written elsewhere (its version
    // byte first), with this builder's context and buffer.
    QByteArray compress(QByteArrayView raw, QString *error);

private:
    ZSTD_CCtx_s *context_;
    int level_;
    char version_;
    int count_ = 0;
    QByteArray raw_;
    QByteArray out_;
};

// The content of one zstd frame, refused (false, `error` says why) when it
// is not one, claims more than `maxSize` bytes or is cut short.
bool decompressFrame(QByteArrayView frame, unsigned long long maxSize, QByteArray *raw,
                     QString *error);

}  // namespace gatehouse
