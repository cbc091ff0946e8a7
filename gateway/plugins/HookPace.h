#pragma once

#include <QtGlobal>
#include <atomic>

namespace gatehouse {

// How fast one plugin instance's hooks have proven to be, which decides
// where they run. A freshly loaded instance is unproven: its hooks run on
// the hook threads, so a hook that blocks holds up only its own request.
// After kProvingCalls calls in a row each under kFastNanos it is proven
// fast and its hooks run inline on the request's worker thread (no thread
// hop on the hot path). One call over kSlowNanos makes it slow for the rest
// of the instance's life: back to the hook threads for good. Thread-safe
// (hooks of one instance run on many threads at once); lock-free.
class HookPace {
public:
    enum class Verdict { Unproven, Fast, Slow };

    static constexpr int kProvingCalls = 200;
    static constexpr qint64 kFastNanos = 1000LL * 1000;       // 1 ms
    static constexpr qint64 kSlowNanos = 10LL * 1000 * 1000;  // 10 ms

    Verdict verdict() const { return verdict_.load(std::memory_order_relaxed); }
    bool runsInline() const { return verdict() == Verdict::Fast; }

    // Counts one hook call that took `nanos`. True only for the call that
    // made the instance slow (once per instance), so it can be reported.
    bool record(qint64 nanos);

private:
    std::atomic<Verdict> verdict_{Verdict::Unproven};
    std::atomic<int> fastInARow_{0};
};

}  // namespace gatehouse
