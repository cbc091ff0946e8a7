#pragma once

#include "trace/RequestTrace.h"

#include <QByteArray>
#include <QString>
#include <memory>
#include <optional>

namespace gatehouse {

class BlockBuilder;

// The bodies and spans of several logged requests, stored as one row of
// request_bodies: a zstd frame over the requests' content laid end to end.
// One row per block instead of one per request, and one compression over
// requests that resemble each other (the same JSON keys, system prompts,
// tool schemas again and again) make the log's biggest part ~10x smaller
// and cost the writer a fraction of a row per request.
//
// Layout before compression (little-endian): a version byte, then per
// request: flags (u8: request/response body present, truncated), then
// id, spans JSON, request body, response body, each a u32 length and its
// bytes.
namespace BodyBlock {

// Blocks are cut at this many requests or raw bytes (whichever comes
// first), so reading one request's bodies decompresses a bounded amount.
constexpr int kMaxRequests = 128;
constexpr qsizetype kMaxRawBytes = 1 << 20;

// Accumulates requests and compresses them into one block.
class Builder {
public:
    Builder();
    ~Builder();
    Builder(const Builder &) = delete;
    Builder &operator=(const Builder &) = delete;

    void add(const RequestTrace &trace);
    int count() const;
    qsizetype rawSize() const;
    bool full() const { return count() >= kMaxRequests || rawSize() >= kMaxRawBytes; }
    // The compressed block; empties the builder for the next one. Null with
    // `error` set only when the compressor fails (out of memory).
    QByteArray finish(QString *error);

private:
    std::unique_ptr<BlockBuilder> block_;
};

struct Content {
    QByteArray spansJson;
    QByteArray requestBody;  // null: not logged
    QByteArray responseBody;
    bool requestTruncated = false;
    bool responseTruncated = false;
};

// The content of request `id` in a stored block; nullopt when the block
// does not hold it, and also (with `error` set) when it cannot be read.
std::optional<Content> find(const QByteArray &block, QStringView id, QString *error);

}  // namespace BodyBlock

}  // namespace gatehouse
