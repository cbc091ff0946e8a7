// LogReader::stats: requests, errors, latency percentiles and spend over a
// window, per provider and overall, and where the money went (by model,
// virtual key, agent and UTC day), summed over the rows of the request
// log's blocks (RequestBlocks.h) in one pass.
#include "store/LogReader.h"

#include "LogReaderSql.h"
#include "RequestScan.h"

#include <QDateTime>
#include <algorithm>
#include <unordered_map>

namespace gatehouse::LogReader {

namespace {

using namespace RequestBlocks;

// The money and token sums of a group of requests.
struct Spend {
    qint64 requests = 0, nanoUsd = 0, savedNanoUsd = 0, unpriced = 0;
    qint64 prompt = 0, completion = 0, cached = 0, cacheWrite = 0, reasoning = 0;
    qint64 promptCacheSavedNanoUsd = 0;

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

struct ProviderStats {
    Spend spend;
    qint64 errors = 0, cacheHits = 0, tokens = 0;
    std::vector<qint64> latencies;  // only when asked for percentiles
};

// One row's values the sums need, decoded column by column for a block.
struct Columns {
    const ColumnBlock::Value *ts, *provider, *model, *status, *latency, *cacheHit, *totalTokens,
        *virtualKey, *agent, *cost, *saved, *prompt, *completion, *cached, *cacheWrite, *reasoning,
        *promptCacheSaved;

    bool read(ColumnBlock::Reader &r, QString *error) {
        const ColumnBlock::Value **targets[] = {
            &ts,          &provider,   &model,      &status,    &latency,         &cacheHit,
            &totalTokens, &virtualKey, &agent,      &cost,      &saved,           &prompt,
            &completion,  &cached,     &cacheWrite, &reasoning, &promptCacheSaved};
        const int columns[] = {kTs,
                               kProvider,
                               kModel,
                               kStatus,
                               kLatencyUs,
                               kCacheHit,
                               kTotalTokens,
                               kVirtualKey,
                               kAgent,
                               kCostNanoUsd,
                               kSavedNanoUsd,
                               kPromptTokens,
                               kCompletionTokens,
                               kCachedTokens,
                               kCacheWriteTokens,
                               kReasoningTokens,
                               kPromptCacheSavedNanoUsd};
        for (size_t i = 0; i < std::size(columns); ++i)
            if (!(*targets[i] = r.column(columns[i], error))) return false;
        return true;
    }
};

qint64 orZero(const ColumnBlock::Value &v) {
    return v.tag == ColumnBlock::kInt ? v.integer : 0;
}

void add(Spend &s, const Columns &c, int row) {
    ++s.requests;
    s.nanoUsd += orZero(c.cost[row]);
    s.savedNanoUsd += orZero(c.saved[row]);
    if (c.cost[row].isNull() && orZero(c.status[row]) < 400) ++s.unpriced;
    s.prompt += orZero(c.prompt[row]);
    s.completion += orZero(c.completion[row]);
    s.cached += orZero(c.cached[row]);
    s.cacheWrite += orZero(c.cacheWrite[row]);
    s.reasoning += orZero(c.reasoning[row]);
    s.promptCacheSavedNanoUsd += orZero(c.promptCacheSaved[row]);
}

// Groups most expensive first (then by count), at most `limit`; or in the
// key's order.
QJsonArray spendRows(const std::unordered_map<QString, Spend> &groups, int limit, bool byKey,
                     bool skipEmpty) {
    QList<std::pair<QString, Spend>> rows;
    for (const auto &[key, spend] : groups)
        if (!skipEmpty || !key.isEmpty()) rows.append({key, spend});
    std::sort(rows.begin(), rows.end(), [&](const auto &a, const auto &b) {
        if (byKey) return a.first < b.first;
        if (a.second.nanoUsd != b.second.nanoUsd) return a.second.nanoUsd > b.second.nanoUsd;
        if (a.second.requests != b.second.requests) return a.second.requests > b.second.requests;
        return a.first < b.first;
    });
    QJsonArray out;
    for (const auto &[key, spend] : rows.mid(0, limit)) {
        QJsonObject o{{QStringLiteral("key"), key}, {QStringLiteral("requests"), spend.requests}};
        spend.into(&o);
        out.append(o);
    }
    return out;
}

// A text value's place in its block: equal texts of a column mostly share
// it (ColumnBlock refers back to them), so a row's group is looked up only
// when its text differs from the row before's.
qint64 placeOf(const ColumnBlock::Value &v) {
    return v.tag == ColumnBlock::kText ? (qint64(v.at) << 32) | quint32(v.size) : -1;
}

// The group a row's key belongs to, remembered for the next row.
template <typename T>
struct Memo {
    qint64 first = -2, second = -2;
    T *group = nullptr;
};

// The latency at quantile p, as the sorted list's element nearest to it.
double percentileMs(std::vector<qint64> &latencies, double p) {
    if (latencies.empty()) return 0;
    const size_t at = size_t(double(latencies.size() - 1) * p + 0.5);
    std::nth_element(latencies.begin(), latencies.begin() + qsizetype(at), latencies.end());
    return double(latencies[at]) / 1000.0;
}

}  // namespace

bool stats(StoreConnection &c, const StatsWindow &w, QJsonObject *out, QString *error) {
    QStringList clauses;
    QVariantList values;
    RequestScan::windowConditions(w.sinceMs, w.untilMs, &clauses, &values);
    // std::unordered_map: a group's address stays while others are added.
    std::unordered_map<QString, ProviderStats> providers;
    std::unordered_map<QString, Spend> models, keys, agents, days;
    QString damage;
    const bool ran = RequestScan::forEachBlock(
        c, clauses, values, QString(),
        [&](RequestScan::BlockRef &b) {
            ColumnBlock::Reader &r = *b.reader;
            Columns col;
            if (!col.read(r, &damage)) return true;  // a damaged block: skipped
            auto text = [&](int column, const ColumnBlock::Value &v) {
                return v.tag == ColumnBlock::kInt ? QString()
                                                  : QString::fromUtf8(r.text(column, v));
            };
            Memo<ProviderStats> provider;
            Memo<Spend> model, key, agent, day;
            for (int row = 0; row < r.rows(); ++row) {
                const qint64 ts = orZero(col.ts[row]);
                if (ts < w.sinceMs || ts >= w.untilMs) continue;
                const qint64 p1 = placeOf(col.provider[row]), m1 = placeOf(col.model[row]);
                if (provider.first != p1) {
                    provider = {p1, 0, &providers[text(kProvider, col.provider[row])]};
                    model.first = -2;
                }
                if (model.first != p1 || model.second != m1)
                    model = {p1, m1,
                             &models[text(kProvider, col.provider[row]) + QLatin1Char('/') +
                                     text(kModel, col.model[row])]};
                const qint64 k1 = placeOf(col.virtualKey[row]);
                if (key.first != k1) key = {k1, 0, &keys[text(kVirtualKey, col.virtualKey[row])]};
                const qint64 a1 = placeOf(col.agent[row]);
                if (agent.first != a1) agent = {a1, 0, &agents[text(kAgent, col.agent[row])]};
                const qint64 d1 = ts / 86'400'000;
                if (day.first != d1)
                    day = {d1, 0,
                           &days[QDateTime::fromMSecsSinceEpoch(d1 * 86'400'000, Qt::UTC)
                                     .date()
                                     .toString(Qt::ISODate)]};
                ProviderStats &p = *provider.group;
                add(p.spend, col, row);
                if (orZero(col.status[row]) >= 400) ++p.errors;
                if (orZero(col.cacheHit[row]) != 0) ++p.cacheHits;
                p.tokens += orZero(col.totalTokens[row]);
                if (w.latency) p.latencies.push_back(orZero(col.latency[row]));
                add(*model.group, col, row);
                add(*key.group, col, row);
                add(*agent.group, col, row);
                add(*day.group, col, row);
            }
            return true;
        },
        error);
    if (!ran) return false;

    auto entry = [&](ProviderStats &p) {
        const qint64 count = p.spend.requests;
        QJsonObject o{{QStringLiteral("requests"), count},
                      {QStringLiteral("errors"), p.errors},
                      {QStringLiteral("error_rate"), count ? double(p.errors) / count : 0.0},
                      {QStringLiteral("cache_hits"), p.cacheHits},
                      {QStringLiteral("total_tokens"), p.tokens}};
        p.spend.into(&o);
        if (w.latency)
            for (const auto &[name, q] :
                 {std::pair{"p50_ms", 0.5}, {"p90_ms", 0.9}, {"p99_ms", 0.99}})
                o.insert(QLatin1String(name), percentileMs(p.latencies, q));
        return o;
    };
    QStringList names;
    for (const auto &kv : providers) names << kv.first;
    names.sort();
    QJsonObject byProvider;
    ProviderStats all;
    for (const QString &name : std::as_const(names)) {
        ProviderStats &p = providers[name];
        Spend &s = all.spend;
        s.requests += p.spend.requests;
        s.nanoUsd += p.spend.nanoUsd;
        s.savedNanoUsd += p.spend.savedNanoUsd;
        s.unpriced += p.spend.unpriced;
        s.prompt += p.spend.prompt;
        s.completion += p.spend.completion;
        s.cached += p.spend.cached;
        s.cacheWrite += p.spend.cacheWrite;
        s.reasoning += p.spend.reasoning;
        s.promptCacheSavedNanoUsd += p.spend.promptCacheSavedNanoUsd;
        all.errors += p.errors;
        all.cacheHits += p.cacheHits;
        all.tokens += p.tokens;
        all.latencies.insert(all.latencies.end(), p.latencies.begin(), p.latencies.end());
        byProvider.insert(name.isEmpty() ? QStringLiteral("(none)") : name, entry(p));
    }
    *out = {{QStringLiteral("since"), isoTime(w.sinceMs)},
            {QStringLiteral("until"), isoTime(w.untilMs)},
            {QStringLiteral("total"), entry(all)},
            {QStringLiteral("providers"), byProvider},
            // Where the money went: by model (as provider/model), by virtual
            // key, by coding agent (trace/AgentSession.h), and per UTC day.
            {QStringLiteral("models"), spendRows(models, 100, false, false)},
            {QStringLiteral("virtual_keys"), spendRows(keys, 100, false, true)},
            {QStringLiteral("agents"), spendRows(agents, 100, false, true)},
            {QStringLiteral("days"), spendRows(days, 400, true, false)}};
    return true;
}

}  // namespace gatehouse::LogReader
