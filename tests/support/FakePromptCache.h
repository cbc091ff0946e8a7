#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QSet>

namespace gatehouse::fake {

// Anthropic's prompt cache as the fake upstream plays it, so tests see
// cache reads only when a request repeats what an earlier one marked: a
// Messages request is read as blocks in the order Anthropic caches them
// (tools, system blocks, each message's content blocks); a cache_control
// marker on a block writes the prefix up to it; a request reads the longest
// prefix, at any block boundary, that an earlier request wrote, and writes
// what its last marker covers beyond that. Tokens are the fake's (words).
// Thread-safe.
class FakePromptCache {
public:
    struct Usage {
        int read = 0;
        int written = 0;
    };
    // The request's cache read and write, remembering what it writes.
    Usage apply(const QJsonObject &messagesBody);
    // The same for a Bedrock Converse request: its blocks in the order
    // Bedrock caches them (tools, system, each message's content), a
    // cachePoint marking the block before it.
    Usage applyConverse(const QJsonObject &converseBody, const QByteArray &modelId);

    struct Block;  // one cacheable block of a request (FakePromptCache.cpp)

private:
    Usage applyBlocks(const QByteArray &model, const QList<Block> &blocks);

    QMutex mutex_;
    QSet<QByteArray> written_;  // prefix hashes
};

}  // namespace gatehouse::fake
