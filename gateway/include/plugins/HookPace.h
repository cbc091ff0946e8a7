#pragma once

#include <QString>
#include <QtGlobal>
#include <atomic>

namespace gatehouse {

// How fast one plugin instance's hooks have proven to be, which decides
// where they run. A freshly loaded instance is unproven: its hooks run on
// the hook threads, so a hook that blocks holds up only its own request.
// After provingCalls() calls in a row each under kFastNanos it is proven
// fast and its hooks run inline on the request's worker thread (no thread
// hop on the hot path). A proven-fast instance goes back to the hook threads
// on a call over kBlockingNanos, or on its second call over kSlowNanos
// within kStrikeWindowNanos: on a busy machine a fast hook's thread is
// sometimes preempted for tens of milliseconds, which says nothing about the
// hook, while a hook that really waits on something does so again soon.
// Proving it fast again then takes four times as many calls in a row as the
// last time (up to kMaxSlowSightings), so a plugin that blocks now and then
// stops holding up workers for good. Thread-safe (hooks of one instance run
// on many threads at once); lock-free; a few relaxed atomics per call, and
// a clock read only for a call over kSlowNanos.
class HookPace {
public:
    enum class Verdict { Unproven, Fast, Slow };

    static constexpr int kProvingCalls = 200;
    static constexpr qint64 kFastNanos = 1000LL * 1000;                     // 1 ms
    static constexpr qint64 kSlowNanos = 10LL * 1000 * 1000;                // 10 ms: a strike
    static constexpr qint64 kBlockingNanos = 100LL * 1000 * 1000;           // 100 ms: out at once
    static constexpr qint64 kStrikeWindowNanos = 2LL * 1000 * 1000 * 1000;  // 2 s
    static constexpr int kMaxSlowSightings = 5;  // 200 * 4^5 = 204,800 calls

    Verdict verdict() const { return verdict_.load(std::memory_order_relaxed); }
    static QString verdictName(Verdict verdict);  // "unproven", "fast", "slow"
    bool runsInline() const { return verdict() == Verdict::Fast; }
    // Calls in a row under kFastNanos that make it fast (again).
    int provingCalls() const;

    // Counts one hook call that took `nanos`. True for a call that took a
    // proven-fast instance back to the hook threads (it held up its worker
    // thread), so it can be reported.
    bool record(qint64 nanos);
    // The same, for a call that ended at `atNanos` on the monotonic clock
    // (read only for calls over kSlowNanos; tests pass their own).
    bool recordAt(qint64 nanos, qint64 atNanos);

private:
    std::atomic<Verdict> verdict_{Verdict::Unproven};
    std::atomic<int> fastInARow_{0};
    std::atomic<int> slowSightings_{0};
    std::atomic<qint64> lastStrikeNanos_{0};  // monotonic clock; 0: none yet
};

}  // namespace gatehouse
