#include "HookPace.h"

namespace gatehouse {

bool HookPace::record(qint64 nanos) {
    Verdict now = verdict();
    if (nanos > kSlowNanos) {
        // Only the first call to get here reports it.
        while (now != Verdict::Slow)
            if (verdict_.compare_exchange_weak(now, Verdict::Slow, std::memory_order_relaxed))
                return true;
        return false;
    }
    if (now != Verdict::Unproven) return false;
    if (nanos >= kFastNanos) {
        fastInARow_.store(0, std::memory_order_relaxed);
        return false;
    }
    if (fastInARow_.fetch_add(1, std::memory_order_relaxed) + 1 >= kProvingCalls) {
        // Unproven -> Fast only: a concurrent Slow verdict stands.
        Verdict expected = Verdict::Unproven;
        verdict_.compare_exchange_strong(expected, Verdict::Fast, std::memory_order_relaxed);
    }
    return false;
}

}  // namespace gatehouse
