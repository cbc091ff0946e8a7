#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

struct ZSTD_CCtx_s;

namespace gatehouse {

// zstd for the store's blocks (BodyBlock, ResponseBlock): one context and
// one output buffer kept from block to block. ZSTD_compress() makes and
// frees a context per call, and a new buffer of the bound's size each time
// was a fresh large allocation whose pages were faulted in anew (perf).
class BlockCompressor {
public:
    explicit BlockCompressor(int level);
    ~BlockCompressor();
    BlockCompressor(const BlockCompressor &) = delete;
    BlockCompressor &operator=(const BlockCompressor &) = delete;

    // One zstd frame of `raw`; null with `error` set when zstd fails (out of memory).
    QByteArray compress(QByteArrayView raw, QString *error);

private:
    ZSTD_CCtx_s *context_;
    int level_;
    QByteArray out_;
};

// The content of one zstd frame, refused (false, `error` says why) when it
// is not one, claims more than `maxSize` bytes or is cut short.
bool decompressFrame(QByteArrayView frame, unsigned long long maxSize, QByteArray *raw,
                     QString *error);

}  // namespace gatehouse
