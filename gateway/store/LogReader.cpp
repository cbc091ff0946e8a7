#include "store/LogReader.h"

#include "BodyBlock.h"
#include "LogReaderSql.h"
#include "LogRows.h"
#include "StoreConnection.h"
#include "trace/CostNote.h"
#include "trace/LogIds.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace gatehouse {

namespace LogReader {

// The helpers LogReaderSql.h declares.

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

bool exec(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error,
          const char *what) {
    bool ok = q.prepare(sql);
    for (int i = 0; ok && i < values.size(); ++i) q.bindValue(i, values[i]);
    ok = ok && q.exec();
    if (!ok) *error = describeSqlError(QLatin1String(what), q.lastError());
    return ok;
}

QString where(const QStringList &clauses) {
    return clauses.isEmpty() ? QString()
                             : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
}

// A request's bodies and spans: from its body block (store/BodyBlock.h),
// or from request_content for what was logged before blocks. None when it
// has no content. A block that cannot be read is reported (as
// `content_error`, by the caller) rather than failing the whole record.
bool readContent(StoreConnection &c, const QString &id, std::optional<BodyBlock::Content> *out,
                 QString *error, QString *damage) {
    RequestScan::Found row;
    if (!RequestScan::find(c, id, &row, error)) return false;
    return readContent(c, id, row, out, error, damage);
}

bool readContent(StoreConnection &c, const QString &id, const RequestScan::Found &row,
                 std::optional<BodyBlock::Content> *out, QString *error, QString *damage) {
    if (row.row >= 0) {
        const QVariant bodyBlock =
            RequestScan::value(*row.reader, RequestBlocks::kBodyBlock, row.row, damage);
        if (!bodyBlock.isNull()) {
            QSqlQuery block(c.db());
            if (!exec(block, QStringLiteral("SELECT data FROM request_bodies WHERE id = ?"),
                      {bodyBlock}, error))
                return false;
            if (block.next()) {
                *out = BodyBlock::find(block.value(0).toByteArray(), id, damage);
                return true;
            }
        }
    }
    QSqlQuery legacy(c.db());
    if (!exec(legacy,
              QStringLiteral("SELECT spans, request_body, response_body, request_truncated, "
                             "response_truncated FROM request_content WHERE request_id = ?"),
              {id}, error))
        return false;
    if (legacy.next()) {
        BodyBlock::Content content;
        content.spansJson = legacy.value(0).toString().toUtf8();
        if (!legacy.value(1).isNull()) content.requestBody = legacy.value(1).toString().toUtf8();
        if (!legacy.value(2).isNull()) content.responseBody = legacy.value(2).toString().toUtf8();
        content.requestTruncated = legacy.value(3).toInt() != 0;
        content.responseTruncated = legacy.value(4).toInt() != 0;
        *out = std::move(content);
    }
    return true;
}

namespace {

QJsonValue usd(const QVariant &nanoUsd) {
    return nanoUsd.isNull() ? QJsonValue() : QJsonValue(nanoUsd.toLongLong() / 1e9);
}

}  // namespace

QJsonObject summaryOf(ColumnBlock::Reader &block, int row) {
    using namespace RequestBlocks;
    QString ignored;  // a damaged column reads as nulls
    auto v = [&](Column c) { return RequestScan::value(block, c, row, &ignored); };
    auto nullableInt = [&](Column c) {
        const QVariant x = v(c);
        return x.isNull() ? QJsonValue() : QJsonValue(x.toLongLong());
    };
    const QStringList plugins = v(kPlugins).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    QJsonObject usage;
    if (!v(kPromptTokens).isNull() || !v(kCompletionTokens).isNull() || !v(kTotalTokens).isNull()) {
        usage = {{QStringLiteral("prompt_tokens"), nullableInt(kPromptTokens)},
                 {QStringLiteral("completion_tokens"), nullableInt(kCompletionTokens)},
                 {QStringLiteral("total_tokens"), nullableInt(kTotalTokens)}};
        // The token kinds a provider reported (absent: it did not say).
        for (const auto &[key, column] : {std::pair{"cached_tokens", kCachedTokens},
                                          {"cache_write_tokens", kCacheWriteTokens},
                                          {"reasoning_tokens", kReasoningTokens}})
            if (!v(column).isNull()) usage.insert(QLatin1String(key), v(column).toLongLong());
    }
    const QString costNote = CostNote::explain(v(kCostNote).toString(), v(kModel).toString());
    const QVariant ttft = v(kTtftUs);
    const QString contextWarning = v(kContextWarning).toString();
    // A session turn's prompt-cache report (trace/CacheWatch.h), if any.
    const QByteArray cacheReport = v(kCacheReport).toString().toUtf8();
    const QJsonValue cache = cacheReport.isEmpty()
                                 ? QJsonValue()
                                 : QJsonValue(QJsonDocument::fromJson(cacheReport).object());
    const qint64 ts = v(kTs).toLongLong();
    return {{QStringLiteral("id"), v(kId).toString()},
            {QStringLiteral("time"), isoTime(ts)},
            {QStringLiteral("time_ms"), ts},
            {QStringLiteral("instance"), v(kInstance).toString()},
            {QStringLiteral("client"), v(kClient).toString()},
            {QStringLiteral("endpoint"), v(kEndpoint).toString()},
            {QStringLiteral("provider"), v(kProvider).toString()},
            {QStringLiteral("model"), v(kModel).toString()},
            {QStringLiteral("attempts"), v(kAttempts).toInt()},
            {QStringLiteral("fallback_index"), v(kFallbackIndex).toInt()},
            {QStringLiteral("status"), v(kStatus).toInt()},
            {QStringLiteral("error"), v(kError).toString()},
            {QStringLiteral("latency_ms"), v(kLatencyUs).toLongLong() / 1000.0},
            {QStringLiteral("ttft_ms"), ttft.isNull() ? QJsonValue() : ttft.toLongLong() / 1000.0},
            {QStringLiteral("stream"), v(kStream).toInt() != 0},
            {QStringLiteral("usage"), usage.isEmpty() ? QJsonValue() : QJsonValue(usage)},
            {QStringLiteral("cache_hit"), v(kCacheHit).toInt() != 0},
            {QStringLiteral("virtual_key"), v(kVirtualKey).toString()},
            {QStringLiteral("plugins"), QJsonArray::fromStringList(plugins)},
            {QStringLiteral("cost_usd"), usd(v(kCostNanoUsd))},
            {QStringLiteral("saved_usd"), usd(v(kSavedNanoUsd))},
            {QStringLiteral("cost_note"), costNote.isEmpty() ? QJsonValue() : costNote},
            {QStringLiteral("agent"), v(kAgent).toString()},
            {QStringLiteral("session_id"), v(kSessionId).toString()},
            {QStringLiteral("prompt_cache"), cache},
            {QStringLiteral("prompt_cache_saved_usd"), usd(v(kPromptCacheSavedNanoUsd))},
            // Why the prompt was likely cut short (trace/ContextGuard.h).
            {QStringLiteral("context_warning"),
             contextWarning.isEmpty() ? QJsonValue() : contextWarning}};
}

namespace {

// A body is shown as JSON when it is JSON, else as the text it was.
QJsonValue bodyValue(const QByteArray &bytes) {
    if (bytes.isNull()) return QJsonValue();
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject()) return doc.object();
    if (doc.isArray()) return doc.array();
    return QString::fromUtf8(bytes);
}

}  // namespace

std::optional<QJsonObject> get(StoreConnection &c, const QString &id, QString *error) {
    RequestScan::Found row;
    if (!RequestScan::find(c, id, &row, error) || row.row < 0) return std::nullopt;
    QJsonObject out = summaryOf(*row.reader, row.row);
    std::optional<BodyBlock::Content> content;
    QString damage;
    if (!readContent(c, id, row, &content, error, &damage)) return std::nullopt;
    if (!damage.isEmpty()) out.insert(QStringLiteral("content_error"), damage);
    QJsonArray spans;
    QJsonValue requestBody, responseBody;
    bool requestTruncated = false, responseTruncated = false;
    if (content) {
        spans = QJsonDocument::fromJson(content->spansJson).array();
        requestBody = bodyValue(content->requestBody);
        responseBody = bodyValue(content->responseBody);
        requestTruncated = content->requestTruncated;
        responseTruncated = content->responseTruncated;
    }
    out.insert(QStringLiteral("spans"), spans);
    out.insert(QStringLiteral("request_body"), requestBody);
    out.insert(QStringLiteral("response_body"), responseBody);
    out.insert(QStringLiteral("request_truncated"), requestTruncated);
    out.insert(QStringLiteral("response_truncated"), responseTruncated);
    HookFilter hf;
    hf.requestId = id;
    hf.kind = QStringLiteral("log");
    hf.limit = 1000;
    QJsonObject lines;
    if (hookLines(c, hf, &lines, error))
        out.insert(QStringLiteral("plugin_logs"), lines.value(QStringLiteral("data")));
    return out;
}

bool removeBefore(StoreConnection &c, qint64 beforeMs, qint64 *deleted, QString *error) {
    return LogRows::deleteBefore(c, beforeMs, error, deleted);
}

}  // namespace LogReader

}  // namespace gatehouse
