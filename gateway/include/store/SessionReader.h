#pragma once

#include <QJsonArray>
#include <QString>

namespace gatehouse {

class StoreConnection;

// Agent sessions from the request log: the turns a coding agent sent under
// one session id (trace/AgentSession.h) summed up, for GET /api/sessions and
// the panel's Sessions page. A turn's own numbers are its log row
// (GET /api/logs?session_id=...).
namespace SessionReader {

struct Filter {
    qint64 sinceMs = 0;  // sessions with a turn in [sinceMs, untilMs)
    qint64 untilMs = 0;
    QString agent;      // "claude-code", ...; empty: every agent
    QString sessionId;  // one session; empty: all
    int limit = 50;     // newest activity first
};

// Each session: {"id", "agent", "turns", "errors", "models", "started",
// "last_activity" (ISO 8601 UTC, with *_ms), "duration_ms", "tokens":
// {"prompt", "cached", "cache_write", "uncached", "completion"},
// "cache_hit_ratio" (cached / prompt over the turns that reported tokens;
// null: none did), "cost_usd" (null when no turn had a price),
// "unpriced_turns"}.
bool sessions(StoreConnection &c, const Filter &filter, QJsonArray *out, QString *error);

}  // namespace SessionReader
}  // namespace gatehouse
