#pragma once

#include <QObject>
#include <atomic>
#include <memory>

namespace gatehouse {

class HttpExchange;
class LogStore;

// /api/logs: the request log and the hook-call log.
//   GET    /api/logs            ?provider&model&status&plugin&endpoint&search&since&until
//                               &min_latency_ms&max_latency_ms&cache_hit&virtual_key
//                               &limit&offset&sort_by&order    -> {data, total, limit, offset}
//   GET    /api/logs/{id}       one request: summary, spans, bodies, plugin log lines
//   GET    /api/logs/stats      ?since&until (default: the last 15 minutes) per provider:
//                               requests, errors, error rate, p50/p90/p99; queue counters
//   GET    /api/logs/hooks      ?plugin&hook&level&kind&request_id&since&until&limit&offset
//   GET    /api/logs/live       SSE tail of new requests and plugin log lines, with the same
//                               filters as the list (provider, model, status, plugin) and
//                               ?events=requests|logs|all
//   DELETE /api/logs?before=T   deletes what is older than T (required)
// Queries run on the log store's query thread; the answer comes back to the
// worker that owns the connection, which never waits for the database.
class LogsApi {
public:
    LogsApi(LogStore *logs, QObject *worker, const std::atomic<bool> *stopping)
        : logs_(logs), worker_(worker), stopping_(stopping) {}
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    void list(const std::shared_ptr<HttpExchange> &exchange);
    void one(const std::shared_ptr<HttpExchange> &exchange, const QString &id);
    void stats(const std::shared_ptr<HttpExchange> &exchange);
    void hooks(const std::shared_ptr<HttpExchange> &exchange);
    void remove(const std::shared_ptr<HttpExchange> &exchange);
    void live(const std::shared_ptr<HttpExchange> &exchange);

    LogStore *logs_;
    QObject *worker_;
    const std::atomic<bool> *stopping_;
};

}  // namespace gatehouse
