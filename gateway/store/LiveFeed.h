#pragma once

#include "plugins/PluginLog.h"
#include "trace/RequestTrace.h"

#include <QMutex>
#include <deque>
#include <memory>
#include <vector>

namespace gatehouse {

// The newest requests and plugin log lines, in memory, numbered in arrival
// order: what the panel and GET /api/logs/live tail. Readers ask "what came
// after number N" and never wait for writers beyond a short lock; the ring
// is capped, so a reader that falls behind skips ahead (and is told how many
// it missed) instead of holding memory. Thread-safe.
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

    explicit LiveFeed(int capacity = 5000);

    void publish(std::shared_ptr<const RequestTrace> request);
    void publish(std::shared_ptr<const PluginLogLine> line);
    // Events with seq >= fromSeq, at most `max`. fromSeq < 0: only what comes next.
    Batch since(qint64 fromSeq, int max = 1000) const;
    qint64 nextSeq() const;

private:
    void push(Event event);

    const int capacity_;
    mutable QMutex mutex_;
    std::deque<Event> ring_;
    qint64 next_ = 1;
};

}  // namespace gatehouse
