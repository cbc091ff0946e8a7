#include "MetricsSampler.h"

#include "GatewayController.h"

#include <QDateTime>
#include <QTimer>

namespace gatehouse {

double latencyQuantileMs(const std::array<quint64, Metrics::kLatencyBuckets.size()> &cumulative,
                         quint64 count, double fraction) {
    if (count == 0) return 0;
    const double wanted = fraction * double(count);
    for (size_t i = 0; i < cumulative.size(); ++i)
        if (double(cumulative[i]) >= wanted) return Metrics::kLatencyBuckets[i] * 1000.0;
    return Metrics::kLatencyBuckets.back() * 1000.0;  // slower than the last bucket
}

MetricsSampler::MetricsSampler(GatewayController *controller, int intervalMs, QObject *parent)
    : QObject(parent), controller_(controller), timer_(new QTimer(this)) {
    connect(timer_, &QTimer::timeout, this, &MetricsSampler::sampleNow);
    // A restart starts the counters from zero again.
    auto reset = [this] {
        last_ = Metrics::Snapshot{};
        lastAtMs_ = QDateTime::currentMSecsSinceEpoch();
    };
    connect(controller_, &GatewayController::started, this, reset);
    connect(controller_, &GatewayController::gatewayChanged, this, reset);
    lastAtMs_ = QDateTime::currentMSecsSinceEpoch();
    last_ = controller_->gateway()->metrics();
    timer_->start(intervalMs);
}

double MetricsSampler::recentQuantileMs(qint64 windowMs, double fraction) const {
    if (samples_.empty()) return 0;
    const qint64 since = samples_.back().atMs - windowMs;
    std::array<quint64, Metrics::kLatencyBuckets.size()> buckets{};
    quint64 count = 0;
    for (auto it = samples_.crbegin(); it != samples_.crend() && it->atMs > since; ++it) {
        for (size_t i = 0; i < buckets.size(); ++i) buckets[i] += it->latencyBuckets[i];
        count += it->latencyCount;
    }
    return latencyQuantileMs(buckets, count, fraction);
}

void MetricsSampler::sampleNow() {
    const Metrics::Snapshot now = controller_->gateway()->metrics();
    const qint64 atMs = QDateTime::currentMSecsSinceEpoch();
    MetricsSample s;
    s.atMs = atMs;
    s.inFlight = now.inFlight;
    const double seconds = std::max<qint64>(1, atMs - lastAtMs_) / 1000.0;
    if (now.requests >= last_.requests) {
        const quint64 requests = now.requests - last_.requests;
        const quint64 errors = now.errors >= last_.errors ? now.errors - last_.errors : 0;
        s.requestsPerSecond = double(requests) / seconds;
        s.errorRate = requests ? double(errors) / double(requests) : 0;
        std::array<quint64, Metrics::kLatencyBuckets.size()> buckets{};
        for (size_t i = 0; i < buckets.size(); ++i)
            buckets[i] =
                now.latencyBuckets[i] - std::min(now.latencyBuckets[i], last_.latencyBuckets[i]);
        const quint64 count = now.latencyCount - std::min(now.latencyCount, last_.latencyCount);
        s.p50Ms = latencyQuantileMs(buckets, count, 0.5);
        s.p99Ms = latencyQuantileMs(buckets, count, 0.99);
        s.latencyBuckets = buckets;
        s.latencyCount = count;
        for (auto it = now.requestsByProvider.cbegin(); it != now.requestsByProvider.cend(); ++it) {
            const quint64 before = last_.requestsByProvider.value(it.key());
            if (it.value() > before) s.requestsByProvider[it.key()] = it.value() - before;
        }
    }
    last_ = now;
    lastAtMs_ = atMs;
    samples_.push_back(s);
    while (samples_.size() > size_t(kCapacity)) samples_.pop_front();
    emit sampled();
}

}  // namespace gatehouse
