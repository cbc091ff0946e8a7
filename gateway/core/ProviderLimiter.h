#pragma once

#include <atomic>

namespace gatehouse {

// Gateway-wide count of one provider's calls in flight and waiting, shared by
// all workers (concurrency_and_buffer_size). Lock-free: one atomic add per call.
class ProviderLimiter {
public:
    ProviderLimiter(int concurrency, int bufferSize) { setLimits(concurrency, bufferSize); }

    // New limits from a config change; calls already in flight stay counted.
    void setLimits(int concurrency, int bufferSize) {
        concurrency_.store(concurrency > 0 ? concurrency : 1, std::memory_order_relaxed);
        bufferSize_.store(bufferSize, std::memory_order_relaxed);
    }

    bool tryAcquire() {
        if (inFlight_.fetch_add(1, std::memory_order_acq_rel) < concurrency()) return true;
        inFlight_.fetch_sub(1, std::memory_order_acq_rel);
        return false;
    }
    void release() { inFlight_.fetch_sub(1, std::memory_order_acq_rel); }

    // Reserves a place in the waiting line, false when it is full.
    bool tryQueue() {
        if (queued_.fetch_add(1, std::memory_order_acq_rel) <
            bufferSize_.load(std::memory_order_relaxed))
            return true;
        queued_.fetch_sub(1, std::memory_order_acq_rel);
        return false;
    }
    void leaveQueue() { queued_.fetch_sub(1, std::memory_order_acq_rel); }

    int inFlight() const { return inFlight_.load(std::memory_order_relaxed); }
    int concurrency() const { return concurrency_.load(std::memory_order_relaxed); }

private:
    std::atomic<int> concurrency_{1};
    std::atomic<int> bufferSize_{0};
    std::atomic<int> inFlight_{0};
    std::atomic<int> queued_{0};
};

}  // namespace gatehouse
