#include "store/LogQuery.h"

#include <QDateTime>
#include <QRegularExpression>

namespace gatehouse {

bool parseTimeParameter(const QString &text, qint64 *ms) {
    bool isNumber = false;
    const qint64 n = text.toLongLong(&isNumber);
    if (isNumber) {
        *ms = n;
        return true;
    }
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) return false;
    *ms = t.toMSecsSinceEpoch();
    return true;
}

namespace {

bool takeInt(const QUrlQuery &q, const char *name, qint64 *out, bool *present, QString *error) {
    const QString key = QLatin1String(name);
    *present = q.hasQueryItem(key);
    if (!*present) return true;
    bool ok = false;
    *out = q.queryItemValue(key).toLongLong(&ok);
    if (!ok || *out < 0) {
        *error = QStringLiteral("%1 must be a non-negative whole number").arg(key);
        return false;
    }
    return true;
}

// A USD amount ("0.25"), kept in billionths as the log stores it.
bool takeUsd(const QUrlQuery &q, const char *name, std::optional<qint64> *out, QString *error) {
    const QString key = QLatin1String(name);
    if (!q.hasQueryItem(key)) return true;
    bool ok = false;
    const double usd = q.queryItemValue(key).toDouble(&ok);
    if (!ok || usd < 0 || usd > 1e9) {
        *error = QStringLiteral("%1 must be an amount in USD, such as 0.25").arg(key);
        return false;
    }
    *out = qRound64(usd * 1e9);
    return true;
}

bool takeTime(const QUrlQuery &q, const char *name, std::optional<qint64> *out, QString *error) {
    const QString key = QLatin1String(name);
    if (!q.hasQueryItem(key)) return true;
    qint64 ms = 0;
    if (!parseTimeParameter(q.queryItemValue(key, QUrl::FullyDecoded), &ms)) {
        *error = QStringLiteral(
                     "%1 must be an ISO 8601 time (2026-11-25T10:00:00Z) or ms since "
                     "the epoch")
                     .arg(key);
        return false;
    }
    *out = ms;
    return true;
}

}  // namespace

bool LogFilter::fromQuery(const QUrlQuery &q, LogFilter *out, QString *error) {
    LogFilter f;
    auto text = [&](const char *name) {
        return q.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    f.provider = text("provider");
    f.model = text("model");
    f.plugin = text("plugin");
    f.endpoint = text("endpoint");
    f.text = text("search");
    if (f.text.isEmpty()) f.text = text("q");
    f.virtualKey = text("virtual_key");
    f.sessionId = text("session_id");
    f.status = text("status").toLower();
    static const QRegularExpression statusPattern(
        QStringLiteral("^([1-5][0-9][0-9]|[1-5]xx|error|ok)$"));
    if (!f.status.isEmpty() && !statusPattern.match(f.status).hasMatch()) {
        *error = QStringLiteral("status must be a code (429), a class (5xx), \"error\" or \"ok\"");
        return false;
    }
    if (!takeTime(q, "since", &f.sinceMs, error) || !takeTime(q, "until", &f.untilMs, error))
        return false;
    if (!takeTime(q, "start_time", &f.sinceMs, error) ||
        !takeTime(q, "end_time", &f.untilMs, error))
        return false;
    qint64 n = 0;
    bool present = false;
    if (!takeInt(q, "min_latency_ms", &n, &present, error)) return false;
    if (present) f.minLatencyUs = n * 1000;
    if (!takeInt(q, "max_latency_ms", &n, &present, error)) return false;
    if (present) f.maxLatencyUs = n * 1000;
    if (!takeUsd(q, "min_cost_usd", &f.minCostNanoUsd, error) ||
        !takeUsd(q, "max_cost_usd", &f.maxCostNanoUsd, error))
        return false;
    if (!takeInt(q, "limit", &n, &present, error)) return false;
    if (present) {
        if (n < 1 || n > 1000) {
            *error = QStringLiteral("limit must be between 1 and 1000");
            return false;
        }
        f.limit = int(n);
    }
    if (!takeInt(q, "offset", &n, &present, error)) return false;
    if (present) f.offset = int(qMin<qint64>(n, 1'000'000'000));
    if (q.hasQueryItem(QStringLiteral("cache_hit"))) {
        const QString v = text("cache_hit");
        if (v != QLatin1String("true") && v != QLatin1String("false")) {
            *error = QStringLiteral("cache_hit must be true or false");
            return false;
        }
        f.cacheHit = v == QLatin1String("true");
    }
    if (q.hasQueryItem(QStringLiteral("sort_by"))) {
        f.sortBy = text("sort_by");
        static const QStringList kSorts = {QStringLiteral("time"),   QStringLiteral("latency"),
                                           QStringLiteral("status"), QStringLiteral("provider"),
                                           QStringLiteral("model"),  QStringLiteral("tokens"),
                                           QStringLiteral("cost")};
        if (!kSorts.contains(f.sortBy)) {
            *error =
                QStringLiteral("sort_by must be one of: %1").arg(kSorts.join(QStringLiteral(", ")));
            return false;
        }
    }
    if (q.hasQueryItem(QStringLiteral("order"))) {
        const QString order = text("order").toLower();
        if (order != QLatin1String("asc") && order != QLatin1String("desc")) {
            *error = QStringLiteral("order must be asc or desc");
            return false;
        }
        f.descending = order == QLatin1String("desc");
    }
    *out = f;
    return true;
}

}  // namespace gatehouse
