#pragma once

#include "store/LogQuery.h"

#include <QJsonObject>
#include <QVariant>
#include <optional>

namespace gatehouse {

class StoreConnection;

// The queries behind /api/logs and the panel's request views. Each runs on
// the caller's connection (the store's query thread) and never reads bodies
// unless asked for one request.
namespace LogReader {

bool list(StoreConnection &c, const LogFilter &filter, LogPage *page, QString *error);
// One request with its spans, bodies and plugin log lines; nullopt if unknown.
std::optional<QJsonObject> get(StoreConnection &c, const QString &id, QString *error);

struct StatsWindow {
    qint64 sinceMs = 0;
    qint64 untilMs = 0;
    // The latency percentiles sort every request of the window: a month's
    // spend for a dashboard leaves them out.
    bool latency = true;
};
// Per provider and overall: requests, errors, error rate, p50/p90/p99 latency.
bool stats(StoreConnection &c, const StatsWindow &window, QJsonObject *out, QString *error);

struct HookFilter {
    QString plugin;
    QString hook;
    QString level;
    QString requestId;
    QString kind;  // call | log
    std::optional<qint64> sinceMs;
    std::optional<qint64> untilMs;
    int limit = 100;
    int offset = 0;
};
bool hookLines(StoreConnection &c, const HookFilter &filter, QJsonObject *out, QString *error);

// Deletes the requests (and their content and hook lines) before `beforeMs`.
bool removeBefore(StoreConnection &c, qint64 beforeMs, qint64 *deleted, QString *error);

}  // namespace LogReader

}  // namespace gatehouse
