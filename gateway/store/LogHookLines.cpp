#include "LogReaderSql.h"
#include "LogRows.h"
#include "StoreConnection.h"
#include "store/LogReader.h"
#include "trace/LogIds.h"
#include "trace/RequestTrace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <algorithm>

namespace gatehouse {

namespace LogReader {

namespace {

// A line of the hook log and what it sorts by: its time, then calls before
// the log lines of the same millisecond, then the order it was found in.
struct Line {
    qint64 ms = 0;
    int rank = 0;
    QJsonObject json;
};

struct LineFields {
    qint64 ms = 0;
    QString requestId, plugin, hook, kind, level, outcome, message;
    qint64 durationUs = 0;
};

Line lineOf(const LineFields &f) {
    return {f.ms, f.kind == QLatin1String("call") ? 0 : 1,
            QJsonObject{{QStringLiteral("time"), isoTime(f.ms)},
                        {QStringLiteral("request_id"), f.requestId},
                        {QStringLiteral("plugin"), f.plugin},
                        {QStringLiteral("hook"), f.hook},
                        {QStringLiteral("kind"), f.kind},
                        {QStringLiteral("level"), f.level},
                        {QStringLiteral("outcome"), f.outcome},
                        {QStringLiteral("message"), f.message},
                        {QStringLiteral("duration_us"), f.durationUs}}};
}

// The rows of hook_calls that match `f`: the page it asks for, newest first,
// or, for one request's lines, the first `limit` in the order they happened.
bool storedLines(StoreConnection &c, const HookFilter &f, std::vector<Line> *out, QString *error) {
    QStringList clauses;
    QVariantList values;
    auto add = [&](const QString &clause, const QVariant &v) {
        clauses << clause;
        values << v;
    };
    if (!f.plugin.isEmpty()) add(QStringLiteral("plugin = ?"), f.plugin);
    if (!f.hook.isEmpty()) add(QStringLiteral("hook = ?"), f.hook);
    if (!f.level.isEmpty()) add(QStringLiteral("level = ?"), f.level);
    if (!f.requestId.isEmpty()) add(QStringLiteral("request_id = ?"), f.requestId);
    if (!f.kind.isEmpty()) add(QStringLiteral("kind = ?"), f.kind);
    if (f.sinceMs) add(QStringLiteral("ts >= ?"), *f.sinceMs);
    if (f.untilMs) add(QStringLiteral("ts < ?"), *f.untilMs);
    QSqlQuery q(c.db());
    values << f.limit << f.offset;
    const QString order =
        f.requestId.isEmpty() ? QStringLiteral("ts DESC, seq DESC") : QStringLiteral("seq ASC");
    if (!exec(q,
              QStringLiteral("SELECT ts, request_id, plugin, hook, kind, level, outcome, message, "
                             "duration_us FROM hook_calls%1 ORDER BY %2 LIMIT ? OFFSET ?")
                  .arg(where(clauses), order),
              values, error))
        return false;
    while (q.next())
        out->push_back(
            lineOf({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toString(), q.value(7).toString(), q.value(8).toLongLong()}));
    return true;
}

bool matches(const HookFilter &f, const LineFields &l) {
    return (f.plugin.isEmpty() || l.plugin == f.plugin) && (f.hook.isEmpty() || l.hook == f.hook) &&
           (f.level.isEmpty() || l.level == f.level) && (!f.sinceMs || l.ms >= *f.sinceMs) &&
           (!f.untilMs || l.ms < *f.untilMs);
}

bool isHookSpanKind(const QString &kind) {
    for (const auto k :
         {TraceSpan::Kind::Interceptor, TraceSpan::Kind::PreHook, TraceSpan::Kind::PostHook})
        if (kind == QLatin1String(traceSpanKindName(k))) return true;
    return false;
}

// Every hook call of request `f.requestId` that matches `f`, from the spans
// of its trace; `found` false when its spans cannot be read (no such
// request, or a damaged block), and the hook_calls rows are all there is.
bool callsFromSpans(StoreConnection &c, const HookFilter &f, std::vector<Line> *out, bool *found,
                    QString *error) {
    *found = false;
    RequestScan::Found row;
    if (!RequestScan::find(c, f.requestId, &row, error)) return false;
    if (row.row < 0) return true;
    QString damage;
    const std::optional<qint64> startMs =
        RequestScan::value(*row.reader, RequestBlocks::kTs, row.row, &damage).toLongLong();
    std::optional<BodyBlock::Content> content;
    if (!readContent(c, f.requestId, row, &content, error, &damage)) return false;
    if (!content || !damage.isEmpty()) return true;
    *found = true;
    const QJsonArray spans = QJsonDocument::fromJson(content->spansJson).array();
    for (const QJsonValue &v : spans) {
        const QJsonObject s = v.toObject();
        const QString kind = s.value(QLatin1String("kind")).toString();
        if (!isHookSpanKind(kind)) continue;
        LineFields l;
        l.ms = *startMs + qint64(s.value(QLatin1String("start_us")).toDouble()) / 1000;
        l.requestId = f.requestId;
        l.plugin = s.value(QLatin1String("name")).toString();
        l.hook = kind;
        l.kind = QStringLiteral("call");
        l.outcome = s.value(QLatin1String("outcome")).toString();
        l.level = QLatin1String(LogRows::hookCallLevel(l.outcome));
        l.message = s.value(QLatin1String("message")).toString();
        l.durationUs = qint64(s.value(QLatin1String("duration_us")).toDouble());
        if (matches(f, l)) out->push_back(lineOf(l));
    }
    return true;
}

}  // namespace

// A hook call that continued without a message is kept in its request's
// spans only (LogRows::keepsHookRow): one request's lines are its spans'
// calls with its log lines from hook_calls, while the lists across requests
// show the rows, the calls that did something else and the log lines.
bool hookLines(StoreConnection &c, const HookFilter &f, QJsonObject *out, QString *error) {
    std::vector<Line> lines;
    if (f.requestId.isEmpty() || f.kind == QLatin1String("log")) {
        if (!storedLines(c, f, &lines, error)) return false;
    } else {
        bool fromSpans = false;
        if (!callsFromSpans(c, f, &lines, &fromSpans, error)) return false;
        HookFilter rest = f;
        rest.offset = 0;
        rest.limit = f.offset + f.limit;                   // enough for the page, merged
        if (fromSpans) rest.kind = QStringLiteral("log");  // the spans have every call
        if (!(fromSpans && f.kind == QLatin1String("call")) && !storedLines(c, rest, &lines, error))
            return false;
        std::stable_sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) {
            return a.ms != b.ms ? a.ms < b.ms : a.rank < b.rank;
        });
        const size_t from = std::min(lines.size(), size_t(qMax(0, f.offset)));
        const size_t to = std::min(lines.size(), from + size_t(qMax(0, f.limit)));
        lines = std::vector<Line>(lines.begin() + qsizetype(from), lines.begin() + qsizetype(to));
    }
    QJsonArray data;
    for (Line &l : lines) data.append(std::move(l.json));
    *out = {{QStringLiteral("data"), data},
            {QStringLiteral("limit"), f.limit},
            {QStringLiteral("offset"), f.offset}};
    return true;
}

}  // namespace LogReader

}  // namespace gatehouse
