// A function handed to another thread's object runs there once, or not at
// all when the object is destroyed first, even while it is being destroyed
// as the function is sent.
#include "threading/QueuedDelivery.h"

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

namespace gatehouse {
namespace {

void drainEvents() {
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
}

TEST(QueuedDelivery, RunsOnTheTargetsThreadWhenSentFromAnother) {
    QObject target;
    QThread *here = QThread::currentThread();
    std::shared_ptr<QueuedDelivery> delivery;
    QThread *ranOn = nullptr;
    int runs = 0;
    std::unique_ptr<QThread> sender(QThread::create([&] {
        delivery->send([&] {
            ranOn = QThread::currentThread();
            ++runs;
        });
        delivery.reset();  // dropped on the sending thread
    }));
    delivery = std::make_shared<QueuedDelivery>(&target);
    sender->start();
    sender->wait();
    EXPECT_EQ(runs, 0);  // queued, not run on the sender
    drainEvents();
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(ranOn, here);
}

TEST(QueuedDelivery, SendsOnce) {
    QObject target;
    QueuedDelivery delivery(&target);
    int first = 0, second = 0;
    delivery.send([&] { ++first; });
    delivery.send([&] { ++second; });
    drainEvents();
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 0);
}

TEST(QueuedDelivery, NothingRunsForATargetDestroyedBeforeItsTurnAndItsCapturesAreReleased) {
    auto target = std::make_unique<QObject>();
    auto held = std::make_shared<int>(7);
    bool ran = false;
    {
        QueuedDelivery delivery(target.get());
        delivery.send([held, &ran] { ran = *held == 7; });
    }
    EXPECT_EQ(held.use_count(), 2);  // the queued call holds it
    target.reset();
    EXPECT_EQ(held.use_count(), 1);  // dropped with the target's pending events
    drainEvents();
    EXPECT_FALSE(ran);
}

TEST(QueuedDelivery, ADeliveryNeverSentRunsNothing) {
    QObject target;
    bool ran = false;
    { QueuedDelivery delivery(&target); }
    drainEvents();
    EXPECT_FALSE(ran);
    QueuedDelivery toNobody(nullptr);
    toNobody.send([&] { ran = true; });
    drainEvents();
    EXPECT_FALSE(ran);
}

// The case QMetaObject::invokeMethod behind a QPointer check got wrong: the
// targets are destroyed on their thread while another thread sends to them.
// A call queued for a target already freed would crash when the queue is
// run (and is reported by AddressSanitizer); each call that runs must find
// its target alive.
TEST(QueuedDelivery, TargetsDestroyedWhileCallsAreSentToThemGetNone) {
    constexpr int kTargets = 3000;
    std::vector<QObject *> targets(kTargets);
    std::unique_ptr<std::atomic<bool>[]> destroyed(new std::atomic<bool>[kTargets]);
    std::vector<std::shared_ptr<QueuedDelivery>> deliveries(kTargets);
    std::atomic<int> sent{0};
    std::unique_ptr<QThread> sender(QThread::create([&] {
        for (int i = 0; i < kTargets; ++i) {
            deliveries[size_t(i)]->send([i, &destroyed] {
                EXPECT_FALSE(destroyed[i].load()) << "a call ran for destroyed target " << i;
            });
            deliveries[size_t(i)].reset();  // dropped on the sending thread
            sent.store(i + 1);
        }
    }));
    for (int i = 0; i < kTargets; ++i) {
        destroyed[i].store(false);
        targets[size_t(i)] = new QObject;
        QObject::connect(targets[size_t(i)], &QObject::destroyed,
                         [i, &destroyed] { destroyed[i].store(true); });
        deliveries[size_t(i)] = std::make_shared<QueuedDelivery>(targets[size_t(i)]);
    }
    sender->start();
    // Destroy each target close behind (or ahead of) the call sent to it.
    for (int i = 0; i < kTargets; ++i) {
        while (sent.load() < i - 2 && !sender->isFinished()) QThread::yieldCurrentThread();
        delete targets[size_t(i)];
        if (i % 3 == 0) drainEvents();
    }
    sender->wait();
    drainEvents();
    for (int i = 0; i < kTargets; ++i) EXPECT_TRUE(destroyed[i].load());
}

}  // namespace
}  // namespace gatehouse
