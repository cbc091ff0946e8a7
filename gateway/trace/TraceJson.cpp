#include "trace/TraceJson.h"

#include "ContextGuard.h"
#include "CostNote.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>

namespace gatehouse {

namespace {
QJsonValue optional(const std::optional<int> &v) {
    return v ? QJsonValue(*v) : QJsonValue();
}
}  // namespace

QJsonArray traceSpansJson(const QVector<TraceSpan> &spans) {
    QJsonArray array;
    for (const TraceSpan &s : spans) {
        QJsonObject o{{QStringLiteral("kind"), QLatin1String(traceSpanKindName(s.kind))},
                      {QStringLiteral("name"), s.name},
                      {QStringLiteral("start_us"), s.startUs},
                      {QStringLiteral("duration_us"), s.durationUs},
                      {QStringLiteral("outcome"), s.outcome}};
        if (!s.message.isEmpty()) o.insert(QStringLiteral("message"), s.message);
        array.append(o);
    }
    return array;
}

QJsonObject traceSummaryJson(const RequestTrace &t) {
    // The window sign only: the session sign needs the log writer's turns,
    // and the row read back from the store carries both.
    const QString contextWarning = ContextGuard::atLimit(t);
    const QJsonArray spans = traceSpansJson(t.spans);
    QJsonObject usage;
    if (t.promptTokens || t.completionTokens || t.totalTokens) {
        usage = {{QStringLiteral("prompt_tokens"), optional(t.promptTokens)},
                 {QStringLiteral("completion_tokens"), optional(t.completionTokens)},
                 {QStringLiteral("total_tokens"), optional(t.totalTokens)}};
        // As the store lists them: only the kinds the provider reported.
        if (t.cachedTokens) usage.insert(QStringLiteral("cached_tokens"), *t.cachedTokens);
        if (t.cacheWriteTokens)
            usage.insert(QStringLiteral("cache_write_tokens"), *t.cacheWriteTokens);
        if (t.reasoningTokens) usage.insert(QStringLiteral("reasoning_tokens"), *t.reasoningTokens);
    }
    auto usd = [](const std::optional<qint64> &nano) {
        return nano ? QJsonValue(*nano / 1e9) : QJsonValue();
    };
    return {{QStringLiteral("id"), t.id},
            {QStringLiteral("time"),
             QDateTime::fromMSecsSinceEpoch(t.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("time_ms"), t.startedAtMs},
            {QStringLiteral("client"), t.client},
            {QStringLiteral("endpoint"), t.endpoint},
            {QStringLiteral("provider"), t.provider},
            {QStringLiteral("model"), t.model},
            {QStringLiteral("attempts"), t.attempts},
            {QStringLiteral("fallback_index"), t.fallbackIndex},
            {QStringLiteral("status"), t.status},
            {QStringLiteral("error"), t.error},
            {QStringLiteral("latency_ms"), t.latencyUs / 1000.0},
            {QStringLiteral("ttft_ms"),
             t.timeToFirstTokenUs ? QJsonValue(*t.timeToFirstTokenUs / 1000.0) : QJsonValue()},
            {QStringLiteral("stream"), t.stream},
            {QStringLiteral("usage"), usage.isEmpty() ? QJsonValue() : QJsonValue(usage)},
            {QStringLiteral("cache_hit"), t.cacheHit},
            {QStringLiteral("virtual_key"), t.virtualKey},
            {QStringLiteral("agent"), t.agent},
            {QStringLiteral("session_id"), t.sessionId},
            {QStringLiteral("plugins"), QJsonArray::fromStringList(t.pluginList().split(
                                            QLatin1Char(','), Qt::SkipEmptyParts))},
            {QStringLiteral("cost_usd"), usd(t.costNanoUsd)},
            {QStringLiteral("saved_usd"), usd(t.savedNanoUsd)},
            {QStringLiteral("cost_note"),
             t.costNote.isEmpty() ? QJsonValue() : CostNote::explain(t.costNote, t.model)},
            {QStringLiteral("context_warning"),
             contextWarning.isEmpty() ? QJsonValue() : contextWarning},
            {QStringLiteral("spans"), spans}};
}

QJsonObject pluginLogLineJson(const PluginLogLine &l) {
    return {{QStringLiteral("time"), l.time.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("plugin"), l.plugin},
            {QStringLiteral("level"), l.level},
            {QStringLiteral("hook"), l.hook},
            {QStringLiteral("request_id"), l.requestId},
            {QStringLiteral("message"), l.message}};
}

}  // namespace gatehouse
