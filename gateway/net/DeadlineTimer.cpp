#include "DeadlineTimer.h"

#include <QDeadlineTimer>

namespace gatehouse {

namespace {
qint64 nowMs() {
    return QDeadlineTimer::current().deadline();  // the monotonic clock, in ms
}
}  // namespace

DeadlineTimer::DeadlineTimer(std::function<void()> onExpired) : onExpired_(std::move(onExpired)) {
    timer_.setSingleShot(true);
    QObject::connect(&timer_, &QTimer::timeout, [this] { onFired(); });
}

void DeadlineTimer::start(int ms) {
    interval_ = ms;
    active_ = true;
    deadline_ = nowMs() + ms;
    if (!timer_.isActive() || deadline_ < armedFor_) {
        timer_.start(ms);
        armedFor_ = deadline_;
    }
}

void DeadlineTimer::onFired() {
    if (!active_) return;
    const qint64 left = deadline_ - nowMs();
    if (left > 0) {  // pushed back since it was armed (or a coarse timer fired early)
        timer_.start(int(left));
        armedFor_ = deadline_;
        return;
    }
    active_ = false;
    onExpired_();
}

}  // namespace gatehouse
