#include "plugins/HookCallFeed.h"

namespace gatehouse {

void HookCallFeed::publish(const HookCallRecord &record) {
    QMutexLocker locker(&mutex_);
    if (observer_) observer_(record);
}

void HookCallFeed::setObserver(Observer observer) {
    QMutexLocker locker(&mutex_);
    observer_ = std::move(observer);
    observed_.store(bool(observer_), std::memory_order_relaxed);
}

}  // namespace gatehouse
