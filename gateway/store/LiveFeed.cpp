#include "store/LiveFeed.h"

namespace gatehouse {

// Watched from the start, so a panel that attaches a moment after the
// gateway started still finds the first requests.
LiveFeed::LiveFeed(int capacity, qint64 watchedMs)
    : capacity_(capacity), watchedMs_(watchedMs), readAtMs_(0) {
    clock_.start();
}

bool LiveFeed::watched() const {
    return clock_.elapsed() - readAtMs_.load(std::memory_order_relaxed) <= watchedMs_;
}

void LiveFeed::push(Event event) {
    const bool keep = watched();
    QMutexLocker lock(&mutex_);
    event.seq = next_++;
    if (keep) {
        ring_.push_back(std::move(event));
        if (int(ring_.size()) > capacity_) ring_.pop_front();
        return;
    }
    // Numbered all the same: a reader that comes back is told what it missed.
    // The ring freed outside the lock; an empty one is left alone (a
    // std::deque allocates even empty: ~300 instructions a request).
    if (ring_.empty()) return;
    std::deque<Event> dropped;
    ring_.swap(dropped);
    lock.unlock();
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
    readAtMs_.store(clock_.elapsed(), std::memory_order_relaxed);  // a reader starts here
    QMutexLocker lock(&mutex_);
    return next_;
}

LiveFeed::Batch LiveFeed::since(qint64 fromSeq, int max) const {
    readAtMs_.store(clock_.elapsed(), std::memory_order_relaxed);
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
