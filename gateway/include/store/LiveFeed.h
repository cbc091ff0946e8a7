#pragma once

#include "trace/PluginLogLine.h"
#include "trace/RequestTrace.h"

#include <QElapsedTimer>
#include <QMutex>
#include <atomic>
#include <deque>
#include <memory>
#include <vector>

namespace gatehouse {

// The newest requests and plugin log lines, in memory, numbered in arrival
// order: what the panel and GET /api/logs/live tail. Readers ask "what came
// after number N" and never wait for writers beyond a short lock; the ring
// is capped, so a reader that falls behind skips ahead (and is told how many
// it missed) instead of holding memory. Thread-safe.
//
// Events are kept only while someone reads the feed (a read in the last
// kWatchedMs, and at first): a headless gateway nobody tails keeps no requests alive
// beyond their trip to the store. Holding the last 5,000 requests (and
// their bodies) anyway cost the HTTP workers more than the log writer
// spent writing them (memory freed thousands of requests later, on
// whichever thread pushed it out, makes every allocation slower).
class LiveFeed {
public:
    struct Event {
        qint64 seq = 0;
        std::shared_ptr<const RequestTrace> request;  // either a request ...
        std::shared_ptr<const PluginLogLine> log;     // ... or a plugin log line
    };
    struct Batch {
        std::vector<Event> events;
        qint64 nextSeq = 0;  // ask with this next time
        qint64 missed = 0;   // events that fell out of the ring before being read
    };

    static constexpr qint64 kWatchedMs = 10'000;

    explicit LiveFeed(int capacity = 5000, qint64 watchedMs = kWatchedMs);

    void publish(std::shared_ptr<const RequestTrace> request);
    void publish(std::shared_ptr<const PluginLogLine> line);
    // Events with seq >= fromSeq, at most `max`. fromSeq < 0: only what comes next.
    // Both mark the feed as read, so it keeps what comes next.
    Batch since(qint64 fromSeq, int max = 1000) const;
    qint64 nextSeq() const;

private:
    void push(Event event);

    bool watched() const;

    const int capacity_;
    const qint64 watchedMs_;
    mutable QMutex mutex_;
    std::deque<Event> ring_;
    qint64 next_ = 1;
    QElapsedTimer clock_;                   // started at construction
    mutable std::atomic<qint64> readAtMs_;  // clock_ time of the last since()
};

}  // namespace gatehouse
