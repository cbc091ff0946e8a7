#pragma once

#include <QThreadPool>
#include <atomic>
#include <functional>

class QObject;

namespace gatehouse {

// The hook threads: where plugin hooks that might block run, so that a slow
// hook holds up only its own request, not the other connections of the
// worker thread serving it. A request hands a phase of its plugin chain
// (transport interceptors, the preHooks of a target, postHooks) to a hook
// thread and goes on, on its worker, once the phase is over. Threads are
// started as needed up to the maximum and end after 30 s idle; a thread
// blocked in a hook costs only its stack. Thread-safe.
class HookThreads {
public:
    explicit HookThreads(int maxThreads);
    ~HookThreads();  // waits for the phases running

    int maxThreads() const { return pool_.maxThreadCount(); }
    // Every phase leaves the worker, even of plugins proven fast (for
    // measuring what a trip to a hook thread costs).
    bool offloadAll() const { return offloadAll_; }
    void setOffloadAll(bool all) { offloadAll_ = all; }

    // Runs `phase` on a hook thread, then `then` on `home`'s thread (a
    // queued call; `home` must live until it ran: see close()). Once closed,
    // both run here and now. `phase` is destroyed on the hook thread before
    // `then` is posted, so whatever `then` holds is released on `home`'s
    // thread.
    void run(QObject *home, std::function<void()> phase, std::function<void()> then);
    // Whether the calling thread is running a phase.
    static bool onHookThread();

    // Phases started from now on run inline (the gateway is stopping: its
    // workers are about to go away). Phases already out go on.
    void close() { closed_.store(true); }
    // Phases whose continuation has not run yet.
    int inFlight() const { return inFlight_.load(); }

private:
    QThreadPool pool_;
    bool offloadAll_ = false;
    std::atomic<bool> closed_{false};
    std::atomic<int> inFlight_{0};
};

}  // namespace gatehouse
