// Amounts (requests, tokens) added over time, summed over the last
// `window` milliseconds. Times are passed in, so it is a pure value type
// (tests drive it with made-up clocks). Not locked: its owner locks.
#pragma once

#include <QtGlobal>
#include <deque>
#include <utility>

namespace gatehouse::governance {

class SlidingWindow {
public:
    explicit SlidingWindow(qint64 windowMs) : windowMs_(windowMs) {}

    void add(qint64 nowMs, qint64 amount) {
        prune(nowMs);
        events_.emplace_back(nowMs, amount);
        total_ += amount;
    }

    qint64 total(qint64 nowMs) {
        prune(nowMs);
        return total_;
    }

    // How long until the sum drops below `limit` as old events leave the
    // window; 0 if it already is below.
    qint64 msUntilBelow(qint64 nowMs, qint64 limit) {
        prune(nowMs);
        qint64 remaining = total_;
        for (const auto &[at, amount] : events_) {
            if (remaining < limit) break;
            remaining -= amount;
            if (remaining < limit) return at + windowMs_ - nowMs;
        }
        return 0;
    }

    qint64 windowMs() const { return windowMs_; }

private:
    // An event at time t counts while now < t + window.
    void prune(qint64 nowMs) {
        while (!events_.empty() && events_.front().first + windowMs_ <= nowMs) {
            total_ -= events_.front().second;
            events_.pop_front();
        }
    }

    qint64 windowMs_;
    std::deque<std::pair<qint64, qint64>> events_;  // (time, amount), oldest first
    qint64 total_ = 0;
};

}  // namespace gatehouse::governance
