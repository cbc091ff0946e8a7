#include "metrics/Metrics.h"

#include <QMutexLocker>

namespace gatehouse {

namespace {

// Prometheus label values escape backslash, quote and newline.
QByteArray escapeLabel(const QString &value) {
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

QByteArray labelOrNone(const QString &v) {
    return escapeLabel(v.isEmpty() ? QStringLiteral("none") : v);
}

}  // namespace

void Metrics::requestFinished(const QString &endpoint, const QString &provider, int status,
                              double seconds, const QString &errorType) {
    inFlight_.fetch_sub(1, std::memory_order_relaxed);
    const QString p = provider.isEmpty() ? QStringLiteral("none") : provider;
    QMutexLocker lock(&mutex_);
    ++totalRequests_;
    ++lastRequests_.find(requests_, RequestLabels{endpoint, p, status});
    if (status >= 400) {
        ++totalErrors_;
        ++errors_[LabelPair{p, errorType.isEmpty() ? QStringLiteral("api_error") : errorType}];
    }
    Histogram &h = lastLatency_.find(latency_, p);
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
        if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

void Metrics::spend(const QString &provider, const QString &model, const TokenCounts &tokens,
                    std::optional<qint64> nanoUsd) {
    QMutexLocker lock(&mutex_);
    SpendTotals &t = lastSpend_.find(spend_, LabelPair{provider, model});
    t.prompt += tokens.prompt.value_or(0);
    t.completion += tokens.completion.value_or(0);
    t.cached += tokens.cached.value_or(0);
    t.cacheWrite += tokens.cacheWrite.value_or(0);
    t.reasoning += tokens.reasoning.value_or(0);
    if (nanoUsd) {
        t.nanoUsd += *nanoUsd;
        t.priced = true;
    }
}

void Metrics::upstreamAttempt(const QString &provider, const QString &outcome) {
    QMutexLocker lock(&mutex_);
    ++totalAttempts_;
    ++lastAttempts_.find(attempts_, LabelPair{provider, outcome});
}

void Metrics::upstreamInFlight(const QString &provider, int delta) {
    QMutexLocker lock(&mutex_);
    lastInFlight_.find(upstreamInFlight_, provider) += delta;
}

Metrics::Snapshot Metrics::snapshot() const {
    Snapshot s;
    s.inFlight = inFlight_.load(std::memory_order_relaxed);
    QMutexLocker lock(&mutex_);
    s.requests = totalRequests_;
    s.errors = totalErrors_;
    s.upstreamAttempts = totalAttempts_;
    for (auto it = latency_.cbegin(); it != latency_.cend(); ++it) {
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) s.latencyBuckets[i] += it->buckets[i];
        s.latencyCount += it->count;
        s.requestsByProvider[it.key()] = it->count;
    }
    return s;
}

QByteArray Metrics::prometheusText() const {
    QByteArray out;
    out.reserve(4096);
    QMutexLocker lock(&mutex_);
    out +=
        "# HELP gatehouse_requests_total Requests answered, by endpoint, provider and status.\n"
        "# TYPE gatehouse_requests_total counter\n";
    for (auto it = requests_.cbegin(); it != requests_.cend(); ++it) {
        const RequestLabels &k = it.key();
        out += "gatehouse_requests_total{endpoint=\"" + escapeLabel(k.endpoint) + "\",provider=\"" +
               escapeLabel(k.provider) + "\",status=\"" + QByteArray::number(k.status) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    }
    out +=
        "# HELP gatehouse_errors_total Requests answered with an error, by provider and type.\n"
        "# TYPE gatehouse_errors_total counter\n";
    for (auto it = errors_.cbegin(); it != errors_.cend(); ++it) {
        out += "gatehouse_errors_total{provider=\"" + escapeLabel(it.key().provider) +
               "\",type=\"" + escapeLabel(it.key().what) + "\"} " + QByteArray::number(it.value()) +
               '\n';
    }
    out +=
        "# HELP gatehouse_request_duration_seconds Time from request to the end of the answer.\n"
        "# TYPE gatehouse_request_duration_seconds histogram\n";
    for (auto it = latency_.cbegin(); it != latency_.cend(); ++it) {
        const QByteArray p = labelOrNone(it.key());
        const Histogram &h = it.value();
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i)
            out += "gatehouse_request_duration_seconds_bucket{provider=\"" + p + "\",le=\"" +
                   QByteArray::number(kLatencyBuckets[i]) + "\"} " +
                   QByteArray::number(h.buckets[i]) + '\n';
        out += "gatehouse_request_duration_seconds_bucket{provider=\"" + p + "\",le=\"+Inf\"} " +
               QByteArray::number(h.count) + '\n';
        out += "gatehouse_request_duration_seconds_sum{provider=\"" + p + "\"} " +
               QByteArray::number(h.sum, 'f', 6) + '\n';
        out += "gatehouse_request_duration_seconds_count{provider=\"" + p + "\"} " +
               QByteArray::number(h.count) + '\n';
    }
    out +=
        "# HELP gatehouse_upstream_attempts_total Calls to providers (retries included), by "
        "outcome.\n# TYPE gatehouse_upstream_attempts_total counter\n";
    for (auto it = attempts_.cbegin(); it != attempts_.cend(); ++it) {
        out += "gatehouse_upstream_attempts_total{provider=\"" + escapeLabel(it.key().provider) +
               "\",outcome=\"" + escapeLabel(it.key().what) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    }
    out +=
        "# HELP gatehouse_upstream_in_flight Provider calls in progress.\n"
        "# TYPE gatehouse_upstream_in_flight gauge\n";
    for (auto it = upstreamInFlight_.cbegin(); it != upstreamInFlight_.cend(); ++it)
        out += "gatehouse_upstream_in_flight{provider=\"" + escapeLabel(it.key()) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    out +=
        "# HELP gatehouse_cost_usd_total What answers cost at the model's prices (logged "
        "requests with a known price).\n# TYPE gatehouse_cost_usd_total counter\n";
    for (auto it = spend_.cbegin(); it != spend_.cend(); ++it) {
        if (!it.value().priced) continue;
        out += "gatehouse_cost_usd_total{provider=\"" + escapeLabel(it.key().provider) +
               "\",model=\"" + escapeLabel(it.key().what) + "\"} " +
               QByteArray::number(it.value().nanoUsd / 1e9, 'f', 9) + '\n';
    }
    out +=
        "# HELP gatehouse_tokens_total Tokens of logged answers, by kind (cached and "
        "cache_write are part of prompt, reasoning of completion).\n"
        "# TYPE gatehouse_tokens_total counter\n";
    for (auto it = spend_.cbegin(); it != spend_.cend(); ++it) {
        const QByteArray labels = "provider=\"" + escapeLabel(it.key().provider) + "\",model=\"" +
                                  escapeLabel(it.key().what) + "\",kind=\"";
        const SpendTotals &t = it.value();
        for (const auto &[kind, n] : {std::pair{"prompt", t.prompt},
                                      {"completion", t.completion},
                                      {"cached", t.cached},
                                      {"cache_write", t.cacheWrite},
                                      {"reasoning", t.reasoning}})
            out +=
                "gatehouse_tokens_total{" + labels + kind + "\"} " + QByteArray::number(n) + '\n';
    }
    out +=
        "# HELP gatehouse_in_flight_requests Client requests in progress.\n"
        "# TYPE gatehouse_in_flight_requests gauge\n"
        "gatehouse_in_flight_requests " +
        QByteArray::number(inFlight_.load(std::memory_order_relaxed)) + '\n';
    out +=
        "# HELP gatehouse_build_info Gatehouse version.\n# TYPE gatehouse_build_info gauge\n"
        "gatehouse_build_info{version=\"" GATEHOUSE_VERSION "\"} 1\n";
    return out;
}

}  // namespace gatehouse
