#include "HookLogBuffer.h"

namespace gatehouse {

void HookLogBuffer::append(HookLogEntry entry) {
    QMutexLocker locker(&mutex_);
    entries_.push_back(std::move(entry));
    if (entries_.size() > capacity_) {
        entries_.pop_front();
        ++dropped_;
    }
}

std::deque<HookLogEntry> HookLogBuffer::takeAll() {
    std::deque<HookLogEntry> out;
    QMutexLocker locker(&mutex_);
    out.swap(entries_);
    return out;
}

quint64 HookLogBuffer::dropped() const {
    QMutexLocker locker(&mutex_);
    return dropped_;
}

}  // namespace gatehouse
