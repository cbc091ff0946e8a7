#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrlQuery>
#include <optional>

namespace gatehouse {

// A filtered, sorted, paged request-log query: what GET /api/logs and the
// panel's request list ask. Every field is optional; an empty filter lists
// the newest requests.
struct LogFilter {
    QString provider;
    QString model;
    QString plugin;  // requests that passed through this plugin
    QString status;  // "200", "4xx", "5xx", "error" (>= 400) or "ok" (< 400)
    QString text;    // in id, model, error, client, endpoint, virtual key
    QString endpoint;
    std::optional<qint64> sinceMs;  // inclusive
    std::optional<qint64> untilMs;  // exclusive
    std::optional<qint64> minLatencyUs;
    std::optional<qint64> maxLatencyUs;
    std::optional<qint64> minCostNanoUsd;  // USD in billionths, as stored
    std::optional<qint64> maxCostNanoUsd;
    std::optional<bool> cacheHit;
    QString virtualKey;
    QString sessionId;  // the turns of one agent session (session_id=)
    int limit = 50;     // 1..1000
    int offset = 0;
    // time | latency | status | provider | model | tokens | cost
    QString sortBy = QStringLiteral("time");
    bool descending = true;
    qint64 countCap = 100000;  // see LogPage::total

    // From the query string of GET /api/logs; false with a message naming
    // the bad parameter. Times are ISO 8601 or ms since the epoch; latencies
    // in ms (min_latency_ms, max_latency_ms); costs in USD (min_cost_usd,
    // max_cost_usd).
    static bool fromQuery(const QUrlQuery &query, LogFilter *out, QString *error);
};

struct LogPage {
    QJsonArray rows;  // request summaries (no bodies, no spans)
    // Matching requests, counted up to offset + LogFilter::countCap: a count
    // over a million rows costs more than the page itself, and nobody pages
    // that far by number.
    qint64 total = 0;
    bool totalIsExact = true;  // false: there are more than `total`
    int limit = 0;
    int offset = 0;
};

// Parses "2026-11-25T10:00:00Z" or "1764064800000"; false if neither.
bool parseTimeParameter(const QString &text, qint64 *ms);

}  // namespace gatehouse
