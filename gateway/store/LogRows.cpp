#include "LogRows.h"

#include "ColumnBlock.h"
#include "LogReaderSql.h"
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

constexpr const char *kMaintenance = "log maintenance";

bool run(StoreConnection &c, const QString &sql, const QVariantList &values, QString *error,
         qint64 *affected = nullptr) {
    QSqlQuery q(c.db());
    if (!LogReader::exec(q, sql, values, error, kMaintenance)) return false;
    if (affected) *affected = q.numRowsAffected();
    return true;
}

}  // namespace

QString tableName(LogTable table) {
    switch (table) {
        case LogTable::RequestBlocks:
            return QStringLiteral("request_blocks");
        case LogTable::RequestBlockData:
            return QStringLiteral("request_block_data");
        case LogTable::Bodies:
            return QStringLiteral("request_bodies");
        case LogTable::HookCalls:
            return QStringLiteral("hook_calls");
    }
    return {};
}

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
}

QStringList columns(LogTable table) {
    switch (table) {
        case LogTable::RequestBlocks:
            return {QStringLiteral("id"),      QStringLiteral("first_ts"),
                    QStringLiteral("last_ts"), QStringLiteral("rows"),
                    QStringLiteral("errors"),  QStringLiteral("max_latency_us"),
                    QStringLiteral("keys")};
        case LogTable::RequestBlockData:
            return {QStringLiteral("id"), QStringLiteral("data")};
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
                  const QString &contextWarning, const QString &plugins, QString *error) {
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
    sink.addText(plugins);
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

bool writeRequestBlock(RowSink &summary, RowSink &values, qint64 id, const RequestBlocks::Block &b,
                       QString *error) {
    summary.addInt(id);
    summary.addInt(b.firstMs);
    summary.addInt(b.lastMs);
    summary.addInt(b.rows);
    summary.addInt(b.errors);
    summary.addInt(b.maxLatencyUs);
    summary.addUtf8(b.keys);
    if (!summary.endRow(error)) return false;
    values.addInt(id);
    values.addBlob(b.data);
    return values.endRow(error);
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

namespace {

// Of the blocks holding requests from before `cutoffMs` and after it, keeps
// the later requests (each block rewritten in place); counts the others.
// Collects the request ids that go, for request_content (stores from
// before body blocks), when `ids` is given.
bool trimStraddling(StoreConnection &c, qint64 cutoffMs, qint64 *deleted, QStringList *ids,
                    QString *error) {
    QSqlQuery q(c.db());
    if (!LogReader::exec(
            q,
            QStringLiteral("SELECT b.id, d.data FROM request_blocks b JOIN request_block_data d "
                           "ON d.id = b.id WHERE b.first_ts < ? AND b.last_ts >= ?"),
            {cutoffMs, cutoffMs}, error, kMaintenance))
        return false;
    std::vector<std::pair<qint64, QByteArray>> blocks;
    while (q.next()) blocks.emplace_back(q.value(0).toLongLong(), q.value(1).toByteArray());
    RequestBlocks::Builder kept;
    for (const auto &[id, data] : blocks) {
        ColumnBlock::Reader r;
        QString damage;
        const ColumnBlock::Value *ts =
            r.open(data, &damage) ? r.column(RequestBlocks::kTs, &damage) : nullptr;
        const ColumnBlock::Value *rid = ts ? r.column(RequestBlocks::kId, &damage) : nullptr;
        if (!rid) continue;  // unreadable: left for the block's own time to come
        for (int row = 0; row < r.rows(); ++row) {
            if (ts[row].integer >= cutoffMs) {
                if (!kept.copy(r, row, &damage)) return false;
            } else {
                ++*deleted;
                if (ids) *ids << QString::fromUtf8(r.text(RequestBlocks::kId, rid[row]));
            }
        }
        const RequestBlocks::Block b = kept.finish();
        if (!run(c,
                 QStringLiteral("UPDATE request_blocks SET first_ts = ?, last_ts = ?, rows = ?, "
                                "errors = ?, max_latency_us = ?, keys = ? WHERE id = ?"),
                 {b.firstMs, b.lastMs, b.rows, b.errors, b.maxLatencyUs, QString::fromUtf8(b.keys),
                  id},
                 error) ||
            !run(c, QStringLiteral("UPDATE request_block_data SET data = ? WHERE id = ?"),
                 {b.data, id}, error))
            return false;
    }
    return true;
}

// The ids of the requests in the blocks wholly before `cutoffMs`.
bool idsBefore(StoreConnection &c, qint64 cutoffMs, QStringList *ids, QString *error) {
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    if (!LogReader::exec(q,
                         QStringLiteral("SELECT d.data FROM request_blocks b JOIN "
                                        "request_block_data d ON d.id = b.id WHERE b.last_ts < ?"),
                         {cutoffMs}, error, kMaintenance))
        return false;
    while (q.next()) {
        const QByteArray data = q.value(0).toByteArray();
        ColumnBlock::Reader r;
        QString damage;
        const ColumnBlock::Value *rid =
            r.open(data, &damage) ? r.column(RequestBlocks::kId, &damage) : nullptr;
        for (int row = 0; rid && row < r.rows(); ++row)
            *ids << QString::fromUtf8(r.text(RequestBlocks::kId, rid[row]));
    }
    return true;
}

}  // namespace

bool deleteBefore(StoreConnection &c, qint64 cutoffMs, QString *error, qint64 *deleted) {
    if (!c.db().transaction()) {
        *error = describeSqlError(QStringLiteral("log maintenance"), c.db().lastError());
        return false;
    }
    const QVariantList cutoff{cutoffMs};
    // request_content: bodies of requests logged before body blocks; most
    // stores have none.
    QSqlQuery legacy(c.db());
    const bool hasLegacy =
        legacy.exec(QStringLiteral("SELECT 1 FROM request_content LIMIT 1")) && legacy.next();
    QStringList ids;
    qint64 gone = 0;
    QSqlQuery counted(c.db());
    bool ok = LogReader::exec(counted,
                              QStringLiteral("SELECT coalesce(sum(rows), 0) FROM request_blocks "
                                             "WHERE last_ts < ?"),
                              cutoff, error, kMaintenance) &&
              counted.next();
    if (ok) gone = counted.value(0).toLongLong();
    ok = ok && (!hasLegacy || idsBefore(c, cutoffMs, &ids, error)) &&
         trimStraddling(c, cutoffMs, &gone, hasLegacy ? &ids : nullptr, error);
    for (qsizetype at = 0; ok && at < ids.size(); at += 500) {
        const QStringList slice = ids.mid(at, 500);
        QVariantList values;
        for (const QString &id : slice) values << id;
        QStringList marks;
        for (qsizetype i = 0; i < slice.size(); ++i) marks << QStringLiteral("?");
        ok = run(c,
                 QStringLiteral("DELETE FROM request_content WHERE request_id IN (%1)")
                     .arg(marks.join(QLatin1Char(','))),
                 values, error);
    }
    ok = ok && run(c, QStringLiteral("DELETE FROM request_bodies WHERE ts < ?"), cutoff, error) &&
         run(c,
             QStringLiteral("DELETE FROM request_block_data WHERE id IN (SELECT id FROM "
                            "request_blocks WHERE last_ts < ?)"),
             cutoff, error) &&
         run(c, QStringLiteral("DELETE FROM request_blocks WHERE last_ts < ?"), cutoff, error) &&
         run(c, QStringLiteral("DELETE FROM hook_calls WHERE ts < ?"), cutoff, error);
    if (ok && deleted) *deleted = gone;
    if (ok && c.db().commit()) return true;
    if (ok) *error = describeSqlError(QStringLiteral("log maintenance"), c.db().lastError());
    c.db().rollback();
    return false;
}

bool deleteOldestSlice(StoreConnection &c, double fraction, QString *error) {
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT coalesce(sum(rows), 0) FROM request_blocks")) || !q.next()) {
        *error = describeSqlError(QStringLiteral("log size cap"), q.lastError());
        return false;
    }
    const qint64 count = q.value(0).toLongLong();
    if (count == 0) return false;
    const qint64 slice = qBound<qint64>(1, qint64(double(count) * fraction), count);
    // The oldest blocks until they hold the slice; everything up to the
    // last one's newest request goes.
    QSqlQuery edge(c.db());
    edge.setForwardOnly(true);
    if (!edge.exec(QStringLiteral("SELECT rows, last_ts FROM request_blocks ORDER BY last_ts"))) {
        *error = describeSqlError(QStringLiteral("log size cap"), edge.lastError());
        return false;
    }
    qint64 seen = 0, last = 0;
    while (seen < slice && edge.next()) {
        seen += edge.value(0).toLongLong();
        last = edge.value(1).toLongLong();
    }
    edge.finish();
    return deleteBefore(c, last + 1, error);
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
