#pragma once

#include "trace/TokenCounts.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>
#include <array>
#include <atomic>
#include <optional>

namespace gatehouse {

// Gateway-wide counters, exported in Prometheus text format at /metrics and
// read by the control panel. Updated once per request from any worker thread.
// Labels never carry secrets: only endpoint, provider, model-free status codes.
class Metrics {
public:
    static constexpr std::array<double, 14> kLatencyBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    struct Snapshot {
        quint64 requests = 0;
        quint64 errors = 0;
        int inFlight = 0;
        quint64 upstreamAttempts = 0;
        // Every request's latency, all providers together: latencyBuckets[i]
        // counts requests that took at most kLatencyBuckets[i] seconds
        // (cumulative, like Prometheus); latencyCount counts all of them.
        std::array<quint64, kLatencyBuckets.size()> latencyBuckets{};
        quint64 latencyCount = 0;
        QHash<QString, quint64> requestsByProvider;  // "none": never reached one
    };

    void requestStarted() { inFlight_.fetch_add(1, std::memory_order_relaxed); }
    // `provider` may be empty when the request never reached one (bad input).
    void requestFinished(const QString &endpoint, const QString &provider, int status,
                         double seconds, const QString &errorType);
    void upstreamAttempt(const QString &provider, const QString &outcome);
    // What one logged answer used and cost (USD billionths; none: unknown).
    void spend(const QString &provider, const QString &model, const TokenCounts &tokens,
               std::optional<qint64> nanoUsd);
    void upstreamInFlight(const QString &provider, int delta);

    Snapshot snapshot() const;
    QByteArray prometheusText() const;

private:
    struct Histogram {
        std::array<quint64, kLatencyBuckets.size()> buckets{};
        quint64 count = 0;
        double sum = 0;
    };
    // Label sets as keys made of the strings the caller already has: no
    // string is built per request to count it.
    struct RequestLabels {
        QString endpoint;
        QString provider;
        int status = 0;
        bool operator==(const RequestLabels &o) const {
            return status == o.status && provider == o.provider && endpoint == o.endpoint;
        }
    };
    struct LabelPair {  // provider and an error type or an attempt's outcome
        QString provider;
        QString what;
        bool operator==(const LabelPair &o) const {
            return provider == o.provider && what == o.what;
        }
    };
    friend size_t qHash(const RequestLabels &k, size_t seed) {
        return qHashMulti(seed, k.endpoint, k.provider, k.status);
    }
    friend size_t qHash(const LabelPair &k, size_t seed) {
        return qHashMulti(seed, k.provider, k.what);
    }

    // The entry a table's last look-up found, found again without building
    // and hashing a key when the next look-up names the same one (most
    // requests name the endpoint and provider the previous one did: a look-
    // up per table per request cost ~150 instructions each). A table gets
    // new keys only through its LastEntry, which then points at the new
    // entry, so the pointer never outlives a rehash.
    template <typename Key, typename Value>
    struct LastEntry {
        Key key;
        Value *value = nullptr;
        Value &find(QHash<Key, Value> &table, const Key &wanted) {
            if (!value || !(key == wanted)) {
                key = wanted;
                value = &table[wanted];
            }
            return *value;
        }
    };

    mutable QMutex mutex_;
    QHash<RequestLabels, quint64> requests_;
    QHash<LabelPair, quint64> errors_;    // provider, type
    QHash<QString, Histogram> latency_;   // provider
    QHash<LabelPair, quint64> attempts_;  // provider, outcome
    QHash<QString, qint64> upstreamInFlight_;
    struct SpendTotals {
        qint64 prompt = 0, completion = 0, cached = 0, cacheWrite = 0, reasoning = 0;
        qint64 nanoUsd = 0;
        bool priced = false;  // at least one answer had a known cost
    };
    QHash<LabelPair, SpendTotals> spend_;  // provider, model
    LastEntry<RequestLabels, quint64> lastRequests_;
    LastEntry<QString, Histogram> lastLatency_;
    LastEntry<LabelPair, quint64> lastAttempts_;
    LastEntry<QString, qint64> lastInFlight_;
    LastEntry<LabelPair, SpendTotals> lastSpend_;
    quint64 totalRequests_ = 0;
    quint64 totalErrors_ = 0;
    quint64 totalAttempts_ = 0;
    std::atomic<int> inFlight_{0};
};

}  // namespace gatehouse
