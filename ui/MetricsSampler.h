#pragma once

#include "metrics/Metrics.h"

#include <QHash>
#include <QObject>
#include <deque>

class QTimer;

namespace gatehouse {

class GatewayController;

// What happened between two metrics snapshots.
struct MetricsSample {
    qint64 atMs = 0;  // since the epoch
    double requestsPerSecond = 0;
    double errorRate = 0;  // errors / requests in the interval, 0..1
    int inFlight = 0;
    double p50Ms = 0;  // 0 when no request finished in the interval
    double p99Ms = 0;
    // The interval's latencies (cumulative buckets as in Metrics), so that
    // quantiles over several samples can be computed.
    std::array<quint64, Metrics::kLatencyBuckets.size()> latencyBuckets{};
    quint64 latencyCount = 0;
    QHash<QString, quint64> requestsByProvider;  // in the interval
};

// Reads the gateway's metrics on a timer (never waiting on it) and keeps the
// last few minutes of samples in a ring, for the status bar and dashboard.
// Main thread.
class MetricsSampler : public QObject {
    Q_OBJECT
public:
    static constexpr int kCapacity = 600;  // 5 minutes at 2 samples a second

    explicit MetricsSampler(GatewayController *controller, int intervalMs = 500,
                            QObject *parent = nullptr);

    const std::deque<MetricsSample> &samples() const { return samples_; }
    MetricsSample latest() const { return samples_.empty() ? MetricsSample{} : samples_.back(); }
    // The latency under which `fraction` of the requests of the last
    // `windowMs` finished (ms, bucket upper bound); 0 when there were none.
    double recentQuantileMs(qint64 windowMs, double fraction) const;
    Metrics::Snapshot lastSnapshot() const { return last_; }
    void sampleNow();

signals:
    void sampled();

private:
    GatewayController *controller_;
    QTimer *timer_;
    Metrics::Snapshot last_;
    qint64 lastAtMs_ = 0;
    std::deque<MetricsSample> samples_;
};

// The latency under which `fraction` of the interval's requests finished,
// from cumulative bucket counts (upper bound of the bucket, in ms).
double latencyQuantileMs(const std::array<quint64, Metrics::kLatencyBuckets.size()> &cumulative,
                         quint64 count, double fraction);

}  // namespace gatehouse
