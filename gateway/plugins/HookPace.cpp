#include "plugins/HookPace.h"

#include <QDeadlineTimer>

namespace gatehouse {

QString HookPace::verdictName(Verdict verdict) {
    switch (verdict) {
        case Verdict::Unproven:
            return QStringLiteral("unproven");
        case Verdict::Fast:
            return QStringLiteral("fast");
        case Verdict::Slow:
            return QStringLiteral("slow");
    }
    return {};
}

int HookPace::provingCalls() const {
    return kProvingCalls << (2 * slowSightings_.load(std::memory_order_relaxed));
}

bool HookPace::record(qint64 nanos) {
    if (nanos <= kSlowNanos) return recordAt(nanos, 0);  // no clock read on the usual path
    return recordAt(nanos, QDeadlineTimer::current(Qt::PreciseTimer).deadlineNSecs());
}

bool HookPace::recordAt(qint64 nanos, qint64 atNanos) {
    Verdict now = verdict();
    if (now == Verdict::Fast && nanos > kSlowNanos && nanos <= kBlockingNanos) {
        // A strike: only the second within the window moves it.
        const qint64 previous = lastStrikeNanos_.exchange(atNanos, std::memory_order_relaxed);
        if (previous == 0 || atNanos - previous > kStrikeWindowNanos) return false;
    }
    if (nanos > kSlowNanos) {
        fastInARow_.store(0, std::memory_order_relaxed);
        int seen = slowSightings_.load(std::memory_order_relaxed);
        if (seen < kMaxSlowSightings)
            slowSightings_.compare_exchange_strong(seen, seen + 1, std::memory_order_relaxed);
        // Only the call that moves it off the workers reports it. Proven
        // fast again later, it starts with no strike against it.
        while (now != Verdict::Slow)
            if (verdict_.compare_exchange_weak(now, Verdict::Slow, std::memory_order_relaxed)) {
                lastStrikeNanos_.store(0, std::memory_order_relaxed);
                return now == Verdict::Fast;
            }
        return false;
    }
    if (now == Verdict::Fast) return false;
    if (nanos >= kFastNanos) {
        fastInARow_.store(0, std::memory_order_relaxed);
        return false;
    }
    if (fastInARow_.fetch_add(1, std::memory_order_relaxed) + 1 >= provingCalls()) {
        // Not over a concurrent slow call's verdict: it came later or at once.
        if (verdict_.compare_exchange_strong(now, Verdict::Fast, std::memory_order_relaxed))
            fastInARow_.store(0, std::memory_order_relaxed);
    }
    return false;
}

}  // namespace gatehouse
