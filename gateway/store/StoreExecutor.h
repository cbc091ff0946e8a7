#pragma once

#include "StoreConnection.h"

#include <QObject>
#include <QThread>
#include <functional>
#include <memory>

namespace gatehouse {

// A thread with its own store connection that runs queries one after
// another, so neither the GUI thread nor a gateway worker ever waits on the
// database. Work is handed in as a function that runs on the store thread
// and returns the function to run with its result back on the asking
// object's thread (dropped if that object is gone by then).
class StoreExecutor {
public:
    // Runs on the store thread. `c` is null when the store cannot be
    // reached (then `error` says why); returns what to do on the caller's side.
    using Work = std::function<std::function<void()>(StoreConnection *c, const QString &error)>;

    // Full durability unless said otherwise: settings and counters must not
    // be lost; stored conversations, like logs, may lose the last commits to
    // a power cut (StoreConnection::Durability) and save an fsync per batch.
    StoreExecutor(StoreLocation location, QString purpose,
                  StoreConnection::Durability durability = StoreConnection::Durability::Full);
    ~StoreExecutor();  // finishes the queued work, then stops

    void post(QObject *context, Work work);
    // post() after `delayMs` on the store thread's clock: work queued
    // meanwhile runs first. For saves that gain from waiting for others to
    // share their commit. Dropped if the executor stops before it is due.
    void postAfter(int delayMs, QObject *context, Work work);
    // Runs `work` and waits for it (start-up and tests only; never on the GUI's hot path).
    void runAndWait(const std::function<void(StoreConnection *c, const QString &error)> &work);

private:
    class Runner;
    QThread thread_;
    Runner *runner_;  // lives on thread_
};

}  // namespace gatehouse
