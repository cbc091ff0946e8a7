#include "LogRows.h"

#include "StoreConnection.h"
#include "json/ByteAppend.h"
#include "json/JsonWriter.h"

#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace LogRows {

namespace {

void addOptional(RowSink &sink, const std::optional<qint64> &v) {
    if (v)
        sink.addInt(*v);
    else
        sink.addNull();
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

QString tableName(LogTable table) {
    switch (table) {
        case LogTable::Requests:
            return QStringLiteral("requests");
        case LogTable::Bodies:
            return QStringLiteral("request_bodies");
        case LogTable::HookCalls:
            return QStringLiteral("hook_calls");
    }
    return {};
}

QStringList columns(LogTable table) {
    switch (table) {
        case LogTable::Requests:
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
                    QStringLiteral("plugins"),
                    QStringLiteral("body_block"),
                    QStringLiteral("cached_tokens"),
                    QStringLiteral("cache_write_tokens"),
                    QStringLiteral("reasoning_tokens"),
                    QStringLiteral("cost_nano_usd"),
                    QStringLiteral("saved_nano_usd"),
                    QStringLiteral("cost_note"),
                    QStringLiteral("agent"),
                    QStringLiteral("session_id"),
                    QStringLiteral("cache_report"),
                    QStringLiteral("prompt_cache_saved_nano_usd"),
                    QStringLiteral("context_warning")};
        case LogTable::Bodies:
            return {QStringLiteral("id"), QStringLiteral("ts"), QStringLiteral("data")};
        case LogTable::HookCalls:
            return {QStringLiteral("ts"),         QStringLiteral("request_id"),
                    QStringLiteral("plugin"),     QStringLiteral("hook"),
                    QStringLiteral("kind"),       QStringLiteral("level"),
                    QStringLiteral("outcome"),    QStringLiteral("message"),
                    QStringLiteral("duration_us")};
    }
    return {};
}

bool writeRequest(RowSink &sink, const RequestTrace &t, const QString &instance,
                  std::optional<qint64> bodyBlock, const QByteArray &cacheReport,
                  const QString &contextWarning, QString *error) {
    sink.addText(t.id);
    sink.addInt(t.startedAtMs);
    sink.addText(instance);
    sink.addText(t.client);
    sink.addText(t.endpoint);
    sink.addText(t.provider);
    sink.addText(t.model);
    sink.addInt(t.attempts);
    sink.addInt(t.fallbackIndex);
    sink.addInt(t.status);
    sink.addText(t.error);
    sink.addInt(t.latencyUs);
    addOptional(sink, t.timeToFirstTokenUs);
    sink.addInt(int(t.stream));
    addOptional(sink, t.promptTokens);
    addOptional(sink, t.completionTokens);
    addOptional(sink, t.totalTokens);
    sink.addInt(int(t.cacheHit));
    sink.addText(t.virtualKey);
    sink.addText(t.pluginList());
    addOptional(sink, bodyBlock);
    addOptional(sink, t.cachedTokens);
    addOptional(sink, t.cacheWriteTokens);
    addOptional(sink, t.reasoningTokens);
    addOptional(sink, t.costNanoUsd);
    addOptional(sink, t.savedNanoUsd);
    sink.addText(t.costNote);
    sink.addText(t.agent);
    sink.addText(t.sessionId);
    sink.addUtf8(cacheReport);  // compact JSON: UTF-8 already, no NUL
    addOptional(sink, t.promptCacheSavedNanoUsd);
    sink.addText(contextWarning);
    return sink.endRow(error);
}

bool hasContent(const RequestTrace &t) {
    return !t.spans.isEmpty() || !t.requestBody.isEmpty() || !t.responseBody.isEmpty();
}

// Written straight to bytes: going through QJsonObject (as traceSpansJson
// does for the live feed) cost more than the rest of a request's write. The
// bytes are the same as toCompactJson(traceSpansJson(spans)): the same
// fields, in the order QJsonObject keeps them (sorted by key).
void appendSpansJson(QByteArray &out, const QVector<TraceSpan> &spans) {
    out.reserve(out.size() + spans.size() * 112 + 2);
    const qsizetype open = out.size();
    out += '[';
    for (const TraceSpan &s : spans) {
        if (out.size() > open + 1) out += ',';
        appendBytes(out, "{\"duration_us\":");
        appendDecimal(out, s.durationUs);
        appendBytes(out, ",\"kind\":\"");
        out += traceSpanKindName(s.kind);  // plain ASCII words
        out += '"';
        if (!s.message.isEmpty()) {
            appendBytes(out, ",\"message\":");
            appendJsonString(out, s.message);
        }
        appendBytes(out, ",\"name\":");
        appendJsonString(out, s.name);
        appendBytes(out, ",\"outcome\":");
        appendJsonString(out, s.outcome);
        appendBytes(out, ",\"start_us\":");
        appendDecimal(out, s.startUs);
        out += '}';
    }
    out += ']';
}

QByteArray spansJson(const QVector<TraceSpan> &spans) {
    QByteArray out;
    appendSpansJson(out, spans);
    return out;
}

bool writeBodyBlock(RowSink &sink, qint64 id, qint64 newestMs, QByteArrayView block,
                    QString *error) {
    sink.addInt(id);
    sink.addInt(newestMs);
    sink.addBlob(block);
    return sink.endRow(error);
}

bool keepsHookRow(const TraceSpan &s) {
    return s.outcome != QLatin1String("continue") || !s.message.isEmpty();
}

const char *hookCallLevel(QStringView outcome) {
    return outcome == QLatin1String("error") ? "error" : "info";
}

bool writeHookCall(RowSink &sink, const RequestTrace &t, const TraceSpan &s, QString *error) {
    sink.addInt(t.startedAtMs + s.startUs / 1000);
    sink.addText(t.id);
    sink.addText(s.name);
    sink.addUtf8(traceSpanKindName(s.kind));
    sink.addUtf8("call");
    sink.addUtf8(hookCallLevel(s.outcome));
    sink.addText(s.outcome);
    sink.addText(s.message);
    sink.addInt(s.durationUs);
    return sink.endRow(error);
}

bool writeLogLine(RowSink &sink, const PluginLogLine &l, QString *error) {
    sink.addInt(l.time.toMSecsSinceEpoch());
    sink.addText(l.requestId);
    sink.addText(l.plugin);
    sink.addText(l.hook);
    sink.addUtf8("log");
    sink.addText(l.level);
    sink.addText(QString());
    sink.addText(l.message);
    sink.addInt(0);
    return sink.endRow(error);
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
        run(c, QStringLiteral("DELETE FROM request_bodies WHERE ts < ?"), cutoff, error) &&
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
