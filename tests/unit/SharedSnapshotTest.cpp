// config/SharedSnapshot: readers on other threads always get a whole value
// that was stored, never one already released, and replaced values are
// freed once the last reader lets go.
#include "config/SharedSnapshot.h"

#include <gtest/gtest.h>
#include <atomic>
#include <thread>
#include <vector>

using namespace gatehouse;

namespace {
struct Value {
    int serial;
    int copy;  // always equal to serial: a torn or freed value would differ
};
}  // namespace

TEST(SharedSnapshot, ReadersSeeWholeStoredValuesInOrderWhileOneThreadReplacesThem) {
    SharedSnapshot<const Value> snapshot(std::make_shared<const Value>(Value{0, 0}));
    constexpr int kStores = 20000;
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r)
        readers.emplace_back([&] {
            int last = 0;
            while (!done.load()) {
                const std::shared_ptr<const Value> v = snapshot.load();
                if (!v || v->serial != v->copy || v->serial < last) bad.fetch_add(1);
                last = v ? v->serial : last;
            }
        });
    std::weak_ptr<const Value> first;
    for (int i = 1; i <= kStores; ++i) {
        auto value = std::make_shared<const Value>(Value{i, i});
        if (i == 1) first = value;
        snapshot.store(std::move(value));
    }
    done = true;
    for (std::thread &t : readers) t.join();
    EXPECT_EQ(bad.load(), 0);
    EXPECT_EQ(snapshot.load()->serial, kStores);
    EXPECT_TRUE(first.expired());  // replaced and no reader holds it: freed
}

TEST(SharedSnapshot, EmptyUntilStored) {
    SharedSnapshot<int> snapshot;
    EXPECT_EQ(snapshot.load(), nullptr);
    snapshot.store(std::make_shared<int>(7));
    EXPECT_EQ(*snapshot.load(), 7);
}
