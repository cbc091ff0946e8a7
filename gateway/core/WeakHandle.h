#pragma once

#include <memory>

namespace gatehouse {

// A weak reference small enough for std::function's inline storage.
// Callbacks capturing a std::weak_ptr (16 bytes, not trivially copyable) are
// heap-allocated by std::function, one allocation per callback; a set of
// callbacks to one object can instead share one weak_ptr, kept in a box
// whose owner (`keepAlive`) travels with the callbacks, and capture only a
// pointer to it.
template <typename T>
class WeakHandle {
public:
    std::shared_ptr<T> lock() const { return ref_->lock(); }

    // The handle, and the box it points to: keep `keepAlive` for as long as
    // any copy of the handle may be used.
    static WeakHandle make(const std::shared_ptr<T> &target,
                           std::shared_ptr<const void> *keepAlive) {
        auto box = std::make_shared<const std::weak_ptr<T>>(target);
        WeakHandle handle(box.get());
        *keepAlive = std::move(box);
        return handle;
    }

private:
    explicit WeakHandle(const std::weak_ptr<T> *ref) : ref_(ref) {}
    const std::weak_ptr<T> *ref_;
};

}  // namespace gatehouse
