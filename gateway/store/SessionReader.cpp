#include "store/SessionReader.h"

#include "StoreConnection.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace gatehouse::SessionReader {

namespace {

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

}  // namespace

bool sessions(StoreConnection &c, const Filter &f, QJsonArray *out, QString *error) {
    QString where = QStringLiteral("session_id <> '' AND ts >= ? AND ts < ?");
    QVariantList values{f.sinceMs, f.untilMs};
    if (!f.agent.isEmpty()) {
        where += QStringLiteral(" AND agent = ?");
        values << f.agent;
    }
    if (!f.sessionId.isEmpty()) {
        where += QStringLiteral(" AND session_id = ?");
        values << f.sessionId;
    }
    values << qBound(1, f.limit, 1000);
    // The distinct models of a session, comma-joined, in each dialect.
    const QString models = c.isPostgres() ? QStringLiteral("string_agg(DISTINCT model, ',')")
                                          : QStringLiteral("group_concat(DISTINCT model)");
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    const QString sql =
        QStringLiteral(
            "SELECT session_id, max(agent), count(*), min(ts), max(ts + latency_us / 1000),"
            " sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END),"
            " sum(prompt_tokens), sum(CASE WHEN prompt_tokens IS NULL THEN NULL"
            "   ELSE coalesce(cached_tokens, 0) END),"
            " sum(cache_write_tokens), sum(completion_tokens),"
            " sum(cost_nano_usd),"
            " sum(CASE WHEN cost_nano_usd IS NULL AND status < 400 THEN 1 ELSE 0 END), %1"
            " FROM requests WHERE %2 GROUP BY session_id ORDER BY max(ts) DESC LIMIT ?")
            .arg(models, where);
    if (!q.prepare(sql)) {
        *error = describeSqlError(QStringLiteral("listing agent sessions"), q.lastError());
        return false;
    }
    for (int i = 0; i < values.size(); ++i) q.bindValue(i, values.at(i));
    if (!q.exec()) {
        *error = describeSqlError(QStringLiteral("listing agent sessions"), q.lastError());
        return false;
    }
    QJsonArray rows;
    while (q.next()) {
        const qint64 started = q.value(3).toLongLong();
        const qint64 last = q.value(4).toLongLong();
        const bool reported = !q.value(6).isNull();
        const qint64 prompt = q.value(6).toLongLong();
        const qint64 cached = q.value(7).toLongLong();
        const qint64 cacheWrite = q.value(8).toLongLong();
        QJsonObject tokens{
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("cached"), cached},
            {QStringLiteral("cache_write"), cacheWrite},
            // Read neither from nor into the cache: what a better prefix saves.
            {QStringLiteral("uncached"), qMax<qint64>(0, prompt - cached - cacheWrite)},
            {QStringLiteral("completion"), q.value(9).toLongLong()}};
        QStringList modelList = q.value(12).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        modelList.sort();
        rows.append(QJsonObject{
            {QStringLiteral("id"), q.value(0).toString()},
            {QStringLiteral("agent"), q.value(1).toString()},
            {QStringLiteral("turns"), q.value(2).toLongLong()},
            {QStringLiteral("errors"), q.value(5).toLongLong()},
            {QStringLiteral("models"), QJsonArray::fromStringList(modelList)},
            {QStringLiteral("started"), isoTime(started)},
            {QStringLiteral("started_ms"), started},
            {QStringLiteral("last_activity"), isoTime(last)},
            {QStringLiteral("last_activity_ms"), last},
            {QStringLiteral("duration_ms"), last - started},
            {QStringLiteral("tokens"), tokens},
            {QStringLiteral("cache_hit_ratio"),
             reported && prompt > 0 ? QJsonValue(double(cached) / double(prompt)) : QJsonValue()},
            {QStringLiteral("cost_usd"),
             q.value(10).isNull() ? QJsonValue() : QJsonValue(q.value(10).toLongLong() / 1e9)},
            {QStringLiteral("unpriced_turns"), q.value(11).toLongLong()}});
    }
    *out = rows;
    return true;
}

}  // namespace gatehouse::SessionReader
