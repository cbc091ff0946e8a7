#include "store/SessionReader.h"

#include "RequestScan.h"
#include "StoreConnection.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QVariantList>
#include <algorithm>

namespace gatehouse::SessionReader {

namespace {

QString isoTime(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

}  // namespace

namespace {

// One session's sums over its turns in the window.
struct Session {
    QString agent;  // the greatest agent name among its turns (as SQL's max())
    qint64 turns = 0, started = 0, last = 0, latestStart = 0, errors = 0, unpriced = 0;
    std::optional<qint64> prompt, cached, cacheWrite, completion, cost;
    QSet<QString> models;
};

void addTo(std::optional<qint64> &sum, const ColumnBlock::Value &v) {
    if (v.tag == ColumnBlock::kInt) sum = sum.value_or(0) + v.integer;
}

}  // namespace

bool sessions(StoreConnection &c, const Filter &f, QJsonArray *out, QString *error) {
    using namespace RequestBlocks;
    QStringList clauses;
    QVariantList values;
    RequestScan::windowConditions(f.sinceMs, f.untilMs, &clauses, &values);
    if (!f.agent.isEmpty()) clauses << keyCondition(Key::Agent, f.agent, &values);
    if (!f.sessionId.isEmpty()) {
        clauses << keyCondition(Key::Session, f.sessionId, &values);
    } else {
        clauses << QStringLiteral("keys LIKE ?");  // any session at all
        values << QStringLiteral("%\ns%");
    }
    const QByteArray agentWanted = f.agent.toUtf8(), sessionWanted = f.sessionId.toUtf8();
    QHash<QString, Session> found;
    QString damage;
    const int columns[] = {kTs,
                           kSessionId,
                           kAgent,
                           kModel,
                           kStatus,
                           kLatencyUs,
                           kPromptTokens,
                           kCachedTokens,
                           kCacheWriteTokens,
                           kCompletionTokens,
                           kCostNanoUsd};
    const bool ran = RequestScan::forEachBlock(
        c, clauses, values, QString(),
        [&](RequestScan::BlockRef &b) {
            ColumnBlock::Reader &r = *b.reader;
            const ColumnBlock::Value *v[std::size(columns)];
            for (size_t i = 0; i < std::size(columns); ++i)
                if (!(v[i] = r.column(columns[i], &damage))) return true;  // skipped
            const auto &[ts, session, agent, model, status, latency, prompt, cached, cacheWrite,
                         completion, cost] = v;
            for (int row = 0; row < r.rows(); ++row) {
                const QByteArrayView id = r.text(kSessionId, session[row]);
                if (session[row].tag != ColumnBlock::kText || id.isEmpty()) continue;
                if (ts[row].integer < f.sinceMs || ts[row].integer >= f.untilMs) continue;
                const QByteArrayView agentName = r.text(kAgent, agent[row]);
                if (!agentWanted.isEmpty() && agentName != QByteArrayView(agentWanted)) continue;
                if (!sessionWanted.isEmpty() && id != QByteArrayView(sessionWanted)) continue;
                Session &s = found[QString::fromUtf8(id)];
                const qint64 end = ts[row].integer + latency[row].integer / 1000;
                if (s.turns == 0 || ts[row].integer < s.started) s.started = ts[row].integer;
                if (s.turns == 0 || end > s.last) s.last = end;
                s.latestStart = qMax(s.latestStart, ts[row].integer);
                ++s.turns;
                const QString a = QString::fromUtf8(agentName);
                if (a > s.agent) s.agent = a;
                if (status[row].integer >= 400) ++s.errors;
                addTo(s.prompt, prompt[row]);
                // Cached tokens count only with the prompt they are part of.
                if (prompt[row].tag == ColumnBlock::kInt) {
                    if (!s.cached) s.cached = 0;
                    addTo(s.cached, cached[row]);
                }
                addTo(s.cacheWrite, cacheWrite[row]);
                addTo(s.completion, completion[row]);
                addTo(s.cost, cost[row]);
                if (cost[row].isNull() && status[row].integer < 400) ++s.unpriced;
                const QByteArrayView m = r.text(kModel, model[row]);
                if (model[row].tag == ColumnBlock::kText && !m.isEmpty())
                    s.models.insert(QString::fromUtf8(m));
            }
            return true;
        },
        error);
    if (!ran) return false;
    // The session whose latest turn started last first.
    QList<std::pair<QString, Session>> ordered;
    for (auto it = found.constBegin(); it != found.constEnd(); ++it)
        ordered.append({it.key(), it.value()});
    std::sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) {
        return a.second.latestStart != b.second.latestStart
                   ? a.second.latestStart > b.second.latestStart
                   : a.first < b.first;
    });
    ordered = ordered.mid(0, qBound(1, f.limit, 1000));
    QJsonArray rows;
    for (const auto &[id, s] : std::as_const(ordered)) {
        const qint64 prompt = s.prompt.value_or(0);
        const qint64 cached = s.cached.value_or(0);
        const qint64 cacheWrite = s.cacheWrite.value_or(0);
        QJsonObject tokens{
            {QStringLiteral("prompt"), prompt},
            {QStringLiteral("cached"), cached},
            {QStringLiteral("cache_write"), cacheWrite},
            // Read neither from nor into the cache: what a better prefix saves.
            {QStringLiteral("uncached"), qMax<qint64>(0, prompt - cached - cacheWrite)},
            {QStringLiteral("completion"), s.completion.value_or(0)}};
        QStringList modelList = s.models.values();
        modelList.sort();
        rows.append(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("agent"), s.agent},
            {QStringLiteral("turns"), s.turns},
            {QStringLiteral("errors"), s.errors},
            {QStringLiteral("models"), QJsonArray::fromStringList(modelList)},
            {QStringLiteral("started"), isoTime(s.started)},
            {QStringLiteral("started_ms"), s.started},
            {QStringLiteral("last_activity"), isoTime(s.last)},
            {QStringLiteral("last_activity_ms"), s.last},
            {QStringLiteral("duration_ms"), s.last - s.started},
            {QStringLiteral("tokens"), tokens},
            {QStringLiteral("cache_hit_ratio"),
             s.prompt && prompt > 0 ? QJsonValue(double(cached) / double(prompt)) : QJsonValue()},
            {QStringLiteral("cost_usd"), s.cost ? QJsonValue(*s.cost / 1e9) : QJsonValue()},
            {QStringLiteral("unpriced_turns"), s.unpriced}});
    }
    *out = rows;
    return true;
}

}  // namespace gatehouse::SessionReader
