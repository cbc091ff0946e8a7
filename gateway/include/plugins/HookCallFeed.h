#pragma once

#include <QDateTime>
#include <QMutex>
#include <QString>
#include <atomic>
#include <functional>

namespace gatehouse {

// One finished hook call, as the hook log shows it.
struct HookCallRecord {
    QDateTime time;  // when the call ended (UTC)
    QString plugin;  // the config entry's name
    QString hook;    // "transportInterceptor", "preHook", "postHook", "streamChunk"
    QString requestId;
    qint64 nanos = 0;
    QString outcome;  // "ok", "error" (hookError returned) or "threw"
    QString message;  // the hookError or exception text
};

// Lets one observer (the control panel's hook log) see every hook call. Off
// by default and then costs one relaxed atomic load per call; the observer
// runs on the worker thread that made the call, so it must be quick and
// thread-safe (queue, don't paint). Thread-safe.
class HookCallFeed {
public:
    using Observer = std::function<void(const HookCallRecord &)>;

    bool observed() const { return observed_.load(std::memory_order_relaxed); }
    void publish(const HookCallRecord &record);
    // An empty observer stops the calls (waiting for one in progress).
    void setObserver(Observer observer);

private:
    std::atomic<bool> observed_{false};
    QMutex mutex_;
    Observer observer_;
};

}  // namespace gatehouse
