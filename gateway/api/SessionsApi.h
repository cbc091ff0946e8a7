#pragma once

#include <QByteArray>
#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class LogStore;

// /api/sessions: coding-agent sessions from the request log.
//   GET /api/sessions        {"data": [session, ...]} newest activity first;
//                            since/until (ISO 8601 or ms; default the last
//                            7 days), agent, limit (1..1000, default 50)
//   GET /api/sessions/{id}   {"session": {...}, "turns": [request summary,
//                            ...]} oldest turn first (at most 1,000), each
//                            with its usage (cached and cache-write tokens)
// Sessions are described in store/SessionReader.h.
class SessionsApi {
public:
    SessionsApi(LogStore *logs, QObject *worker) : logs_(logs), worker_(worker) {}
    static bool handles(const QByteArray &path) {
        return path == "/api/sessions" || path.startsWith("/api/sessions/");
    }
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    void one(const std::shared_ptr<HttpExchange> &exchange, const QString &id);

    LogStore *logs_;  // null: logging is off
    QObject *worker_;
};

}  // namespace gatehouse
