#include "LiveFeed.h"

namespace gatehouse {

LiveFeed::LiveFeed(int capacity) : capacity_(capacity) {}

void LiveFeed::push(Event event) {
    QMutexLocker lock(&mutex_);
    event.seq = next_++;
    ring_.push_back(std::move(event));
    if (int(ring_.size()) > capacity_) ring_.pop_front();
}

void LiveFeed::publish(std::shared_ptr<const RequestTrace> request) {
    Event e;
    e.request = std::move(request);
    push(std::move(e));
}

void LiveFeed::publish(std::shared_ptr<const PluginLogLine> line) {
    Event e;
    e.log = std::move(line);
    push(std::move(e));
}

qint64 LiveFeed::nextSeq() const {
    QMutexLocker lock(&mutex_);
    return next_;
}

LiveFeed::Batch LiveFeed::since(qint64 fromSeq, int max) const {
    QMutexLocker lock(&mutex_);
    Batch batch;
    if (fromSeq < 0) fromSeq = next_;
    const qint64 oldest = ring_.empty() ? next_ : ring_.front().seq;
    if (fromSeq < oldest) {
        batch.missed = oldest - fromSeq;
        fromSeq = oldest;
    }
    auto it = ring_.begin() + qMin<qint64>(fromSeq - oldest, qint64(ring_.size()));
    for (; it != ring_.end() && int(batch.events.size()) < max; ++it) batch.events.push_back(*it);
    batch.nextSeq = batch.events.empty() ? qMin(fromSeq, next_) : batch.events.back().seq + 1;
    return batch;
}

}  // namespace gatehouse
