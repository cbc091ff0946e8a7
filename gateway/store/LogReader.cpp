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

bool exec(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error) {
    if (!q.prepare(sql)) {
        *error = describeSqlError(QStringLiteral("log query"), q.lastError());
        return false;
    }
    for (int i = 0; i < values.size(); ++i) q.bindValue(i, values[i]);
    if (!q.exec()) {
        *error = describeSqlError(QStringLiteral("log query"), q.lastError());
        return false;
    }
    return true;
}

QString where(const QStringList &clauses) {
    return clauses.isEmpty() ? QString()
                             : QStringLiteral(" WHERE ") + clauses.join(QStringLiteral(" AND "));
}

// The condition finding the request `id` (its values appended to `values`):
// by the time its id carries (LogIds.h) through the time index, then the id
// among that millisecond's few requests. PostgreSQL keeps no index on the id
// (schema 14); an id without a time (one earlier versions wrote) is looked for alone,
// which on PostgreSQL reads the whole table.
QString requestWithId(const QString &id, const QString &table, QVariantList *values) {
    const std::optional<qint64> ms = logIdTime(id);
    if (ms) values->append(*ms);
    values->append(id);
    return (ms ? table + QStringLiteral("ts = ? AND ") : QString()) + table +
           QStringLiteral("id = ?");
}

// A request's bodies and spans: from its block (store/BodyBlock.h), or from
// request_content for what was logged before blocks. None when it has no
// content. A block that cannot be read is reported (as `content_error`, by
// the caller) rather than failing the whole record.
bool readContent(StoreConnection &c, const QString &id, std::optional<BodyBlock::Content> *out,
                 QString *error, QString *damage) {
    QSqlQuery block(c.db());
    QVariantList values;
    const QString where = requestWithId(id, QStringLiteral("r."), &values);
    if (!exec(block,
              QStringLiteral("SELECT b.data FROM requests r JOIN request_bodies b ON b.id = "
                             "r.body_block WHERE ") +
                  where,
              values, error))
        return false;
    if (block.next()) {
        *out = BodyBlock::find(block.value(0).toByteArray(), id, damage);
        return true;
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

const char *const kSummaryColumns =
    "id, ts, instance, client, endpoint, provider, model, attempts, fallback_index, status, "
    "error, latency_us, ttft_us, stream, prompt_tokens, completion_tokens, total_tokens, "
    "cache_hit, virtual_key, plugins, cached_tokens, cache_write_tokens, reasoning_tokens, "
    "cost_nano_usd, saved_nano_usd, cost_note, agent, session_id, cache_report, "
    "prompt_cache_saved_nano_usd, context_warning";

QJsonValue nullableInt(const QVariant &v) {
    return v.isNull() ? QJsonValue() : QJsonValue(v.toLongLong());
}

QJsonValue usd(const QVariant &nanoUsd) {
    return nanoUsd.isNull() ? QJsonValue() : QJsonValue(nanoUsd.toLongLong() / 1e9);
}

QJsonObject summaryFrom(const QSqlQuery &q) {
    const QStringList plugins = q.value(19).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    QJsonObject usage;
    if (!q.value(14).isNull() || !q.value(15).isNull() || !q.value(16).isNull()) {
        usage = {{QStringLiteral("prompt_tokens"), nullableInt(q.value(14))},
                 {QStringLiteral("completion_tokens"), nullableInt(q.value(15))},
                 {QStringLiteral("total_tokens"), nullableInt(q.value(16))}};
        // The token kinds a provider reported (absent: it did not say).
        for (const auto &[key, column] :
             {std::pair{"cached_tokens", 20}, {"cache_write_tokens", 21}, {"reasoning_tokens", 22}})
            if (!q.value(column).isNull())
                usage.insert(QLatin1String(key), q.value(column).toLongLong());
    }
    const QString costNote = CostNote::explain(q.value(25).toString(), q.value(6).toString());
    const QVariant ttft = q.value(12);
    const QString contextWarning = q.value(30).toString();
    // A session turn's prompt-cache report (trace/CacheWatch.h), if any.
    const QByteArray cacheReport = q.value(28).toByteArray();
    const QJsonValue cache = cacheReport.isEmpty()
                                 ? QJsonValue()
                                 : QJsonValue(QJsonDocument::fromJson(cacheReport).object());
    return {{QStringLiteral("id"), q.value(0).toString()},
            {QStringLiteral("time"), isoTime(q.value(1).toLongLong())},
            {QStringLiteral("time_ms"), q.value(1).toLongLong()},
            {QStringLiteral("instance"), q.value(2).toString()},
            {QStringLiteral("client"), q.value(3).toString()},
            {QStringLiteral("endpoint"), q.value(4).toString()},
            {QStringLiteral("provider"), q.value(5).toString()},
            {QStringLiteral("model"), q.value(6).toString()},
            {QStringLiteral("attempts"), q.value(7).toInt()},
            {QStringLiteral("fallback_index"), q.value(8).toInt()},
            {QStringLiteral("status"), q.value(9).toInt()},
            {QStringLiteral("error"), q.value(10).toString()},
            {QStringLiteral("latency_ms"), q.value(11).toLongLong() / 1000.0},
            {QStringLiteral("ttft_ms"), ttft.isNull() ? QJsonValue() : ttft.toLongLong() / 1000.0},
            {QStringLiteral("stream"), q.value(13).toInt() != 0},
            {QStringLiteral("usage"), usage.isEmpty() ? QJsonValue() : QJsonValue(usage)},
            {QStringLiteral("cache_hit"), q.value(17).toInt() != 0},
            {QStringLiteral("virtual_key"), q.value(18).toString()},
            {QStringLiteral("plugins"), QJsonArray::fromStringList(plugins)},
            {QStringLiteral("cost_usd"), usd(q.value(23))},
            {QStringLiteral("saved_usd"), usd(q.value(24))},
            {QStringLiteral("cost_note"), costNote.isEmpty() ? QJsonValue() : costNote},
            {QStringLiteral("agent"), q.value(26).toString()},
            {QStringLiteral("session_id"), q.value(27).toString()},
            {QStringLiteral("prompt_cache"), cache},
            {QStringLiteral("prompt_cache_saved_usd"), usd(q.value(29))},
            // Why the prompt was likely cut short (trace/ContextGuard.h).
            {QStringLiteral("context_warning"),
             contextWarning.isEmpty() ? QJsonValue() : contextWarning}};
}

// WHERE clause and its values for a filter. Only indexed columns lead; the
// rest narrow what the index found.
void whereFor(const LogFilter &f, bool postgres, QStringList *clauses, QVariantList *values) {
    auto add = [&](const QString &clause, const QVariant &value) {
        *clauses << clause;
        *values << value;
    };
    if (!f.provider.isEmpty()) add(QStringLiteral("provider = ?"), f.provider);
    if (!f.model.isEmpty()) add(QStringLiteral("model = ?"), f.model);
    if (!f.endpoint.isEmpty()) add(QStringLiteral("endpoint = ?"), f.endpoint);
    if (!f.status.isEmpty()) {
        // The status indexes hold errors only (StoreSchema, version 13): a
        // planner uses them when the query says so in a literal.
        const QString errorsOnly = QStringLiteral("status >= 400");
        if (f.status == QLatin1String("error")) {
            *clauses << errorsOnly;
        } else if (f.status == QLatin1String("ok")) {
            *clauses << QStringLiteral("status < 400");
        } else if (f.status.endsWith(QLatin1String("xx"))) {
            const int base = f.status.left(1).toInt() * 100;
            if (base >= 400) *clauses << errorsOnly;
            add(QStringLiteral("status >= ?"), base);
            add(QStringLiteral("status < ?"), base + 100);
        } else {
            const int code = f.status.toInt();
            if (code >= 400) *clauses << errorsOnly;
            add(QStringLiteral("status = ?"), code);
        }
    }
    if (f.sinceMs) add(QStringLiteral("ts >= ?"), *f.sinceMs);
    if (f.untilMs) add(QStringLiteral("ts < ?"), *f.untilMs);
    if (f.minLatencyUs) add(QStringLiteral("latency_us >= ?"), *f.minLatencyUs);
    if (f.maxLatencyUs) add(QStringLiteral("latency_us <= ?"), *f.maxLatencyUs);
    if (f.minCostNanoUsd) add(QStringLiteral("cost_nano_usd >= ?"), *f.minCostNanoUsd);
    if (f.maxCostNanoUsd) add(QStringLiteral("cost_nano_usd <= ?"), *f.maxCostNanoUsd);
    if (f.cacheHit) add(QStringLiteral("cache_hit = ?"), int(*f.cacheHit));
    if (!f.virtualKey.isEmpty()) add(QStringLiteral("virtual_key = ?"), f.virtualKey);
    if (!f.sessionId.isEmpty()) {
        *clauses << QStringLiteral("session_id <> ''");  // the session index's own condition
        add(QStringLiteral("session_id = ?"), f.sessionId);
    }
    if (!f.plugin.isEmpty())
        add(QStringLiteral("plugins LIKE ?"),
            QStringLiteral("%,") + f.plugin + QStringLiteral(",%"));
    if (!f.text.isEmpty()) {
        // Case-insensitive substring; the pattern's own % and _ are literal.
        QString t = f.text;
        t.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        const QString like = postgres ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
        QStringList any;
        for (const char *column : {"id", "model", "error", "client", "endpoint", "virtual_key"})
            any << QStringLiteral("%1 %2 ? ESCAPE '\\'").arg(QLatin1String(column), like);
        *clauses << QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
        for (int i = 0; i < any.size(); ++i) *values << QLatin1Char('%') + t + QLatin1Char('%');
    }
}

QString orderFor(const LogFilter &f) {
    const QString dir = f.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    // seq breaks ties so paging is stable.
    if (f.sortBy == QLatin1String("latency"))
        return QStringLiteral("latency_us") + dir + QStringLiteral(", seq") + dir;
    if (f.sortBy == QLatin1String("status"))
        return QStringLiteral("status") + dir + QStringLiteral(", seq") + dir;
    if (f.sortBy == QLatin1String("provider"))
        return QStringLiteral("provider") + dir + QStringLiteral(", seq") + dir;
    if (f.sortBy == QLatin1String("model"))
        return QStringLiteral("model") + dir + QStringLiteral(", seq") + dir;
    if (f.sortBy == QLatin1String("tokens"))
        return QStringLiteral("total_tokens") + dir + QStringLiteral(", seq") + dir;
    // Unknown costs (null) last either way.
    if (f.sortBy == QLatin1String("cost"))
        return QStringLiteral("cost_nano_usd IS NULL, cost_nano_usd") + dir +
               QStringLiteral(", seq") + dir;
    return QStringLiteral("ts") + dir + QStringLiteral(", seq") + dir;
}

// A page of the requests matching `clauses`, in the filter's order; its
// values are the clauses' then the limit and offset.
QString pageSql(const LogFilter &f, const QStringList &clauses) {
    return QStringLiteral("SELECT %1 FROM requests%2 ORDER BY %3 LIMIT ? OFFSET ?")
        .arg(QLatin1String(kSummaryColumns), where(clauses), orderFor(f));
}

}  // namespace

QString pageQuery(const LogFilter &f, bool postgres, QVariantList *values) {
    QStringList clauses;
    whereFor(f, postgres, &clauses, values);
    *values << f.limit << f.offset;
    return pageSql(f, clauses);
}

bool list(StoreConnection &c, const LogFilter &f, LogPage *page, QString *error) {
    QStringList clauses;
    QVariantList values;
    whereFor(f, c.isPostgres(), &clauses, &values);
    QSqlQuery rows(c.db());
    rows.setForwardOnly(true);
    QVariantList rowValues = values;
    rowValues << f.limit << f.offset;
    if (!exec(rows, pageSql(f, clauses), rowValues, error)) return false;
    page->rows = QJsonArray();
    while (rows.next()) page->rows.append(summaryFrom(rows));
    QSqlQuery count(c.db());
    const qint64 cap = qint64(f.offset) + f.countCap;
    QVariantList countValues = values;
    countValues << cap + 1;
    if (!exec(count,
              QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM requests%1 LIMIT ?) AS matching")
                  .arg(where(clauses)),
              countValues, error) ||
        !count.next())
        return false;
    page->total = qMin(count.value(0).toLongLong(), cap);
    page->totalIsExact = count.value(0).toLongLong() <= cap;
    page->limit = f.limit;
    page->offset = f.offset;
    return true;
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
    QSqlQuery q(c.db());
    QVariantList values;
    const QString where = requestWithId(id, QString(), &values);
    if (!exec(q,
              QStringLiteral("SELECT %1 FROM requests WHERE %2")
                  .arg(QLatin1String(kSummaryColumns), where),
              values, error) ||
        !q.next())
        return std::nullopt;
    QJsonObject out = summaryFrom(q);
    std::optional<BodyBlock::Content> content;
    QString damage;
    if (!readContent(c, id, &content, error, &damage)) return std::nullopt;
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

namespace {
// The latency at quantile p of one provider's (or all) requests in the window.
qint64 percentile(StoreConnection &c, const QString &providerClause, const QVariantList &base,
                  qint64 count, double p, QString *error) {
    if (count == 0) return 0;
    QSqlQuery q(c.db());
    QVariantList values = base;
    values << qMin(count - 1, qint64(double(count - 1) * p + 0.5));
    if (!exec(q,
              QStringLiteral("SELECT latency_us FROM requests WHERE ts >= ? AND ts < ?%1 ORDER BY "
                             "latency_us LIMIT 1 OFFSET ?")
                  .arg(providerClause),
              values, error) ||
        !q.next())
        return 0;
    return q.value(0).toLongLong();
}
}  // namespace

namespace {

// The money and token sums of a group of requests, first in a stats row.
const char *const kSpendColumns =
    "count(*), sum(COALESCE(cost_nano_usd, 0)), sum(COALESCE(saved_nano_usd, 0)), "
    "sum(CASE WHEN cost_nano_usd IS NULL AND status < 400 THEN 1 ELSE 0 END), "
    "sum(COALESCE(prompt_tokens, 0)), sum(COALESCE(completion_tokens, 0)), "
    "sum(COALESCE(cached_tokens, 0)), sum(COALESCE(cache_write_tokens, 0)), "
    "sum(COALESCE(reasoning_tokens, 0)), sum(COALESCE(prompt_cache_saved_nano_usd, 0))";

struct Spend {
    qint64 requests = 0, nanoUsd = 0, savedNanoUsd = 0, unpriced = 0;
    qint64 prompt = 0, completion = 0, cached = 0, cacheWrite = 0, reasoning = 0;
    qint64 promptCacheSavedNanoUsd = 0;

    static Spend at(const QSqlQuery &q, int first) {
        auto v = [&](int i) { return q.value(first + i).toLongLong(); };
        return {v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7), v(8), v(9)};
    }
    void add(const Spend &o) {
        requests += o.requests;
        nanoUsd += o.nanoUsd;
        savedNanoUsd += o.savedNanoUsd;
        unpriced += o.unpriced;
        prompt += o.prompt;
        completion += o.completion;
        cached += o.cached;
        cacheWrite += o.cacheWrite;
        reasoning += o.reasoning;
        promptCacheSavedNanoUsd += o.promptCacheSavedNanoUsd;
    }
    void into(QJsonObject *o) const {
        o->insert(QStringLiteral("cost_usd"), nanoUsd / 1e9);
        o->insert(QStringLiteral("saved_usd"), savedNanoUsd / 1e9);
        // What providers' prompt caches saved (cache writes' premium deducted).
        o->insert(QStringLiteral("prompt_cache_saved_usd"), promptCacheSavedNanoUsd / 1e9);
        // Answered requests whose cost is unknown (a model without a price).
        o->insert(QStringLiteral("unpriced_requests"), unpriced);
        o->insert(QStringLiteral("tokens"), QJsonObject{{QStringLiteral("prompt"), prompt},
                                                        {QStringLiteral("completion"), completion},
                                                        {QStringLiteral("cached"), cached},
                                                        {QStringLiteral("cache_write"), cacheWrite},
                                                        {QStringLiteral("reasoning"), reasoning}});
    }
};

// Spend grouped by `key` (an SQL expression), most expensive first or in
// the key's order.
bool spendBy(StoreConnection &c, const QString &key, const StatsWindow &w, int limit, bool byKey,
             QJsonArray *out, QString *error) {
    QSqlQuery q(c.db());
    if (!exec(q,
              QStringLiteral("SELECT %1, %2 FROM requests WHERE ts >= ? AND ts < ? GROUP BY 1 "
                             "ORDER BY %3 LIMIT ?")
                  .arg(key, QLatin1String(kSpendColumns),
                       byKey ? QStringLiteral("1") : QStringLiteral("3 DESC, 2 DESC")),
              {w.sinceMs, w.untilMs, limit}, error))
        return false;
    while (q.next()) {
        QJsonObject o{{QStringLiteral("key"), q.value(0).toJsonValue()},
                      {QStringLiteral("requests"), q.value(1).toLongLong()}};
        Spend::at(q, 1).into(&o);
        out->append(o);
    }
    return true;
}

}  // namespace

bool stats(StoreConnection &c, const StatsWindow &w, QJsonObject *out, QString *error) {
    QSqlQuery q(c.db());
    if (!exec(q,
              QStringLiteral("SELECT provider, sum(CASE WHEN status >= 400 THEN 1 ELSE 0 "
                             "END), sum(CASE WHEN cache_hit <> 0 THEN 1 ELSE 0 END), "
                             "sum(COALESCE(total_tokens, 0)), %1 FROM requests WHERE ts >= ? AND "
                             "ts < ? GROUP BY provider ORDER BY provider")
                  .arg(QLatin1String(kSpendColumns)),
              {w.sinceMs, w.untilMs}, error))
        return false;
    struct Row {
        QString provider;
        qint64 errors, cacheHits, tokens;
        Spend spend;
    };
    QList<Row> rows;
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                     q.value(3).toLongLong(), Spend::at(q, 4)});
    auto entry = [&](const QString &providerClause, const QVariantList &base, const Row &r) {
        const qint64 count = r.spend.requests;
        QJsonObject o{{QStringLiteral("requests"), count},
                      {QStringLiteral("errors"), r.errors},
                      {QStringLiteral("error_rate"), count ? double(r.errors) / count : 0.0},
                      {QStringLiteral("cache_hits"), r.cacheHits},
                      {QStringLiteral("total_tokens"), r.tokens}};
        r.spend.into(&o);
        if (w.latency)
            for (const auto &[name, p] :
                 {std::pair{"p50_ms", 0.5}, {"p90_ms", 0.9}, {"p99_ms", 0.99}})
                o.insert(QLatin1String(name),
                         percentile(c, providerClause, base, count, p, error) / 1000.0);
        return o;
    };
    QJsonObject providers;
    Row all{QString(), 0, 0, 0, Spend()};
    for (const Row &r : rows) {
        providers.insert(
            r.provider.isEmpty() ? QStringLiteral("(none)") : r.provider,
            entry(QStringLiteral(" AND provider = ?"), {w.sinceMs, w.untilMs, r.provider}, r));
        all.errors += r.errors;
        all.cacheHits += r.cacheHits;
        all.tokens += r.tokens;
        all.spend.add(r.spend);
    }
    // Where the money went: by model (as provider/model), by virtual key,
    // and per UTC day for a chart.
    QJsonArray models, keys, days, agents;
    if (!spendBy(c, QStringLiteral("provider || '/' || model"), w, 100, false, &models, error) ||
        !spendBy(c, QStringLiteral("virtual_key"), w, 100, false, &keys, error) ||
        !spendBy(c, QStringLiteral("agent"), w, 100, false, &agents, error) ||
        !spendBy(c, QStringLiteral("ts / 86400000"), w, 400, true, &days, error))
        return false;
    QJsonArray byDay;
    for (const QJsonValue &d : std::as_const(days)) {
        QJsonObject o = d.toObject();
        const qint64 day = o.value(QLatin1String("key")).toVariant().toLongLong();
        o.insert(
            QStringLiteral("key"),
            QDateTime::fromMSecsSinceEpoch(day * 86'400'000, Qt::UTC).date().toString(Qt::ISODate));
        byDay.append(o);
    }
    QJsonArray keyRows;
    for (const QJsonValue &k : std::as_const(keys))
        if (!k.toObject().value(QLatin1String("key")).toString().isEmpty()) keyRows.append(k);
    QJsonArray agentRows;  // coding agents' requests (trace/AgentSession.h)
    for (const QJsonValue &a : std::as_const(agents))
        if (!a.toObject().value(QLatin1String("key")).toString().isEmpty()) agentRows.append(a);
    *out = {{QStringLiteral("since"), isoTime(w.sinceMs)},
            {QStringLiteral("until"), isoTime(w.untilMs)},
            {QStringLiteral("total"), entry(QString(), {w.sinceMs, w.untilMs}, all)},
            {QStringLiteral("providers"), providers},
            {QStringLiteral("models"), models},
            {QStringLiteral("virtual_keys"), keyRows},
            {QStringLiteral("agents"), agentRows},
            {QStringLiteral("days"), byDay}};
    return true;
}

bool removeBefore(StoreConnection &c, qint64 beforeMs, qint64 *deleted, QString *error) {
    return LogRows::deleteBefore(c, beforeMs, error, deleted);
}

}  // namespace LogReader

}  // namespace gatehouse
