#pragma once

#include <QMetaObject>
#include <functional>
#include <memory>

class QObject;

namespace gatehouse {

// Hands one function from any thread to a target object's thread, where it
// runs as a queued call, or not at all if the target is destroyed first.
//
// Why not QMetaObject::invokeMethod(target, ...) behind a QPointer check:
// the check and the post are two steps, and a target destroyed on its own
// thread between them leaves an event aimed at freed memory in that
// thread's queue (a crash in QCoreApplicationPrivate::sendPostedEvents,
// seen under load). A queued signal has no such gap: Qt posts it under the
// receiver's connection lock, which the receiver's destructor takes before
// it drops its pending events. So the delivery is a signal of a small
// courier object, connected to the target while the target is surely alive
// (when the delivery is made, on a thread that owns or outlives it).
class QueuedDelivery {
public:
    // Call while `target` is alive (null: send() does nothing). send() and
    // the destructor may then run on any thread, one at a time.
    explicit QueuedDelivery(QObject *target);
    ~QueuedDelivery();
    QueuedDelivery(const QueuedDelivery &) = delete;
    QueuedDelivery &operator=(const QueuedDelivery &) = delete;

    // Queues `f` for the target's thread; once only (later calls do
    // nothing).
    void send(std::function<void()> f);

private:
    class Courier;
    Courier *courier_;  // null when there is no target
    QMetaObject::Connection connection_;
};

}  // namespace gatehouse
