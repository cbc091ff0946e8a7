#pragma once

#include "CachePrefix.h"

#include <QHash>
#include <QJsonObject>
#include <deque>

namespace gatehouse {

// Watches the prompt cache of agent sessions, turn by turn: each turn is
// compared with the earlier turn of its session whose prefix it shares most
// (the same model, tools and system first: a Claude Code session mixes its
// main conversation, sub-agents and small-model calls, each with a cache of
// its own). When the turn read much less from the cache than that turn left
// in it, the report says why, from the difference of the two prefixes:
// model, tools (changed or only reordered), system prompt, conversation
// history, cache_control markers, the time since (a cache's lifetime), or
// none of them (the provider evicted it). Lives on the log writer's thread.
class CacheWatch {
public:
    // The report for `turn` ({"missed", "compared_to", "expected_cached",
    // "cached", "reasons"}), empty when there is nothing to compare with,
    // the turn compared with left less than a cacheable prefix, or `turn`
    // reported no cache usage; remembers the turn.
    QJsonObject observe(const CachePrefix &turn, const QString &sessionId);

    // The report for `turn` against `earlier` (the comparison itself).
    static QJsonObject compare(const CachePrefix &earlier, const CachePrefix &turn);

    static constexpr int kTurnsKept = 8;       // per session
    static constexpr int kSessionsKept = 256;  // the least recently active go first

private:
    QHash<QString, std::deque<CachePrefix>> sessions_;
    std::deque<QString> recent_;  // session ids, least recently active first
};

}  // namespace gatehouse
