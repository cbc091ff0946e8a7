#pragma once

#include <QTimer>
#include <functional>

namespace gatehouse {

// A single-shot timeout that connections restart on every request and every
// streamed chunk. QTimer::start() and stop() each register or unregister a
// timer with the event dispatcher (an allocation and a sorted insert, about
// 700 instructions per pair); here a restart only moves a deadline, and the
// QTimer underneath is re-armed only when it fires before the deadline or
// must fire sooner than it is set to.
class DeadlineTimer {
public:
    explicit DeadlineTimer(std::function<void()> onExpired);

    void start(int ms);
    void stop() { active_ = false; }
    bool isActive() const { return active_; }
    int interval() const { return interval_; }

private:
    void onFired();

    QTimer timer_;
    std::function<void()> onExpired_;
    qint64 deadline_ = 0;  // ms on the monotonic clock
    qint64 armedFor_ = 0;  // when timer_ fires, while it is active
    int interval_ = 0;
    bool active_ = false;
};

}  // namespace gatehouse
