#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

struct RequestTrace;

// What a provider's prompt cache keys on, for one turn of an agent session,
// as hashes: the model, the tool list, the system prompt and each message
// of the conversation, in the order providers read them (tools, system,
// messages), plus where the request put cache_control breakpoints. Two
// turns' prefixes compared say why a turn missed the cache the one before
// it left (CacheWatch). Hashes ignore cache_control markers themselves: an
// agent moves its last breakpoint forward every turn, which changes no
// token of the prefix; nor does a string content written where the turn
// before wrote the one text block it stands for. Built on the log writer's
// thread from the client's whole body, never on a worker.
struct CachePrefix {
    QString requestId;
    qint64 atMs = 0;
    QString target;  // "provider/model"
    size_t tools = 0;
    QStringList toolNames;  // in order
    QList<size_t> toolHashes;
    size_t system = 0;
    QList<size_t> messages;  // one per message, in order
    QStringList markers;     // "tools[3]", "system[1]", "messages[5]"
    int ttlSeconds = 300;    // the longest breakpoint lifetime ("ttl": "1h")
    // The turn's usage: read from / written to the cache, and all of it.
    std::optional<int> cached;
    int cacheWrite = 0;
    int prompt = 0;
};

// The prefix of a session turn's request (its sessionBody), read in the
// shape of its endpoint (Anthropic Messages, chat completions, Responses,
// Gemini); nullopt when it has none or it is not a JSON object.
std::optional<CachePrefix> cachePrefixOf(const RequestTrace &trace);

}  // namespace gatehouse
