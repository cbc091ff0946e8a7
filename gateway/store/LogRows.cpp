#include "LogRows.h"

#include "StoreConnection.h"
#include "json/JsonWriter.h"
#include "trace/TraceJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace LogRows {

namespace {

QVariant optionalInt(const std::optional<int> &v) {
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<int>());
}

QVariant optionalLong(const std::optional<qint64> &v) {
    return v ? QVariant(*v) : QVariant(QMetaType::fromType<qint64>());
}

QVariant text(const QByteArray &bytes) {
    return bytes.isNull() ? QVariant(QMetaType::fromType<QString>())
                          : QVariant(QString::fromUtf8(bytes));
}

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString nn(const QString &s) {
    return s.isNull() ? QString(QLatin1String("")) : s;
}

bool run(StoreConnection &c, const QString &sql, const QVariantList &values, QString *error,
         qint64 *affected = nullptr) {
    QSqlQuery q(c.db());
    q.prepare(sql);
    for (int i = 0; i < values.size(); ++i) q.bindValue(i, values[i]);
    if (!q.exec()) {
        *error = describeSqlError(QStringLiteral("log maintenance"), q.lastError());
        return false;
    }
    if (affected) *affected = q.numRowsAffected();
    return true;
}

}  // namespace

QStringList requestColumns() {
    return {QStringLiteral("id"),
            QStringLiteral("ts"),
            QStringLiteral("instance"),
            QStringLiteral("client"),
            QStringLiteral("endpoint"),
            QStringLiteral("provider"),
            QStringLiteral("model"),
            QStringLiteral("attempts"),
            QStringLiteral("fallback_index"),
            QStringLiteral("status"),
            QStringLiteral("error"),
            QStringLiteral("latency_us"),
            QStringLiteral("ttft_us"),
            QStringLiteral("stream"),
            QStringLiteral("prompt_tokens"),
            QStringLiteral("completion_tokens"),
            QStringLiteral("total_tokens"),
            QStringLiteral("cache_hit"),
            QStringLiteral("virtual_key"),
            QStringLiteral("plugins")};
}

QVariantList requestRow(const RequestTrace &t, const QString &instance) {
    return {nn(t.id),
            t.startedAtMs,
            nn(instance),
            nn(t.client),
            nn(t.endpoint),
            nn(t.provider),
            nn(t.model),
            t.attempts,
            t.fallbackIndex,
            t.status,
            nn(t.error),
            t.latencyUs,
            optionalLong(t.timeToFirstTokenUs),
            int(t.stream),
            optionalInt(t.promptTokens),
            optionalInt(t.completionTokens),
            optionalInt(t.totalTokens),
            int(t.cacheHit),
            nn(t.virtualKey),
            nn(t.pluginList())};
}

QStringList contentColumns() {
    return {QStringLiteral("request_id"),        QStringLiteral("spans"),
            QStringLiteral("request_body"),      QStringLiteral("response_body"),
            QStringLiteral("request_truncated"), QStringLiteral("response_truncated")};
}

bool hasContent(const RequestTrace &t) {
    return !t.spans.isEmpty() || !t.requestBody.isEmpty() || !t.responseBody.isEmpty();
}

QByteArray spansJson(const QVector<TraceSpan> &spans) {
    return toCompactJson(traceSpansJson(spans));
}

QVariantList contentRow(const RequestTrace &t) {
    return {t.id,
            QString::fromUtf8(spansJson(t.spans)),
            text(t.requestBody),
            text(t.responseBody),
            int(t.requestTruncated),
            int(t.responseTruncated)};
}

QStringList hookColumns() {
    return {QStringLiteral("ts"),      QStringLiteral("request_id"), QStringLiteral("plugin"),
            QStringLiteral("hook"),    QStringLiteral("kind"),       QStringLiteral("level"),
            QStringLiteral("outcome"), QStringLiteral("message"),    QStringLiteral("duration_us")};
}

QVariantList hookCallRow(const RequestTrace &t, const TraceSpan &s) {
    return {t.startedAtMs + s.startUs / 1000,
            nn(t.id),
            nn(s.name),
            QString(QLatin1String(traceSpanKindName(s.kind))),
            QStringLiteral("call"),
            s.outcome == QLatin1String("error") ? QStringLiteral("error") : QStringLiteral("info"),
            nn(s.outcome),
            nn(s.message),
            s.durationUs};
}

QVariantList logLineRow(const PluginLogLine &l) {
    return {l.time.toMSecsSinceEpoch(),
            nn(l.requestId),
            nn(l.plugin),
            nn(l.hook),
            QStringLiteral("log"),
            nn(l.level),
            nn(QString()),
            nn(l.message),
            qint64(0)};
}

bool deleteBefore(StoreConnection &c, qint64 cutoffMs, QString *error, qint64 *deleted) {
    if (!c.db().transaction()) {
        *error = describeSqlError(QStringLiteral("log maintenance"), c.db().lastError());
        return false;
    }
    const QVariantList cutoff{cutoffMs};
    const bool ok =
        run(c,
            QStringLiteral("DELETE FROM request_content WHERE request_id IN (SELECT id FROM "
                           "requests WHERE ts < ?)"),
            cutoff, error) &&
        run(c, QStringLiteral("DELETE FROM requests WHERE ts < ?"), cutoff, error, deleted) &&
        run(c, QStringLiteral("DELETE FROM hook_calls WHERE ts < ?"), cutoff, error);
    if (ok && c.db().commit()) return true;
    if (ok) *error = describeSqlError(QStringLiteral("log maintenance"), c.db().lastError());
    c.db().rollback();
    return false;
}

bool deleteOldestSlice(StoreConnection &c, double fraction, QString *error) {
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM requests")) || !q.next()) {
        *error = describeSqlError(QStringLiteral("log size cap"), q.lastError());
        return false;
    }
    const qint64 count = q.value(0).toLongLong();
    if (count == 0) return false;
    const qint64 slice = qBound<qint64>(1, qint64(double(count) * fraction), count);
    QSqlQuery edge(c.db());
    edge.prepare(QStringLiteral("SELECT ts FROM requests ORDER BY ts LIMIT 1 OFFSET ?"));
    edge.bindValue(0, slice - 1);
    if (!edge.exec() || !edge.next()) {
        *error = describeSqlError(QStringLiteral("log size cap"), edge.lastError());
        return false;
    }
    // Everything up to and including the slice's newest time: at least `slice` rows.
    return deleteBefore(c, edge.value(0).toLongLong() + 1, error);
}

// SQLite only: PostgreSQL keeps a table's size after deletes until VACUUM FULL,
// so its logs are bounded by age (retention days) and by its administrator.
qint64 storeSizeBytes(StoreConnection &c, QString *error) {
    QSqlQuery q(c.db());
    const bool ok =
        q.exec(QStringLiteral("SELECT (SELECT page_count FROM pragma_page_count()) - "
                              "(SELECT freelist_count FROM pragma_freelist_count()), "
                              "(SELECT page_size FROM pragma_page_size())"));
    if (!ok || !q.next()) {
        *error = describeSqlError(QStringLiteral("measuring the log store"), q.lastError());
        return -1;
    }
    return q.value(0).toLongLong() * q.value(1).toLongLong();
}

}  // namespace LogRows

}  // namespace gatehouse
