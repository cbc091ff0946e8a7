#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <utility>

namespace gatehouse {

// A shared_ptr that one thread replaces while others read it: what the
// workers take several times a request (the config, the plugin chain, the
// prices, the limiters). std::atomic_load on a shared_ptr locks one of
// libstdc++'s pooled mutexes (~170 instructions a load, five loads a
// request); here a load holds a spin flag for the time of one reference
// count increment. Writers are rare (a config change), so a reader never
// spins in practice.
template <typename T>
class SharedSnapshot {
public:
    SharedSnapshot() = default;
    explicit SharedSnapshot(std::shared_ptr<T> value) : value_(std::move(value)) {}
    SharedSnapshot(const SharedSnapshot &) = delete;
    SharedSnapshot &operator=(const SharedSnapshot &) = delete;

    std::shared_ptr<T> load() const {
        lock();
        std::shared_ptr<T> copy = value_;
        unlock();
        return copy;
    }

    void store(std::shared_ptr<T> value) {
        lock();
        value_.swap(value);
        unlock();
        // The old value is released here, outside the flag: its destructor
        // may be long (a whole config) and must not hold readers up.
    }

private:
    // A holder preempted inside its few instructions would keep a reader
    // spinning for a time slice: after a few tries the reader yields.
    void lock() const {
        for (int tries = 0; busy_.test_and_set(std::memory_order_acquire); ++tries)
            if (tries >= 64) std::this_thread::yield();
    }
    void unlock() const { busy_.clear(std::memory_order_release); }

    mutable std::atomic_flag busy_ = ATOMIC_FLAG_INIT;
    std::shared_ptr<T> value_;
};

}  // namespace gatehouse
