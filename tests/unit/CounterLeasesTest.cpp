// Shared counters count locally from slices leased from the store: the
// store is asked once per slice, never grants past a limit, and gets back
// what an instance did not use.
#include "quota/CounterLeases.h"

#include <gtest/gtest.h>
#include <QMutex>
#include <QThread>
#include <atomic>
#include <vector>

using namespace gatehouse;

namespace {

// The store's arithmetic (one window per counter), in memory, counting calls.
class MemoryLeaseStore final : public LeaseStore {
public:
    std::optional<Claim> claim(const QString &counter, qint64 start, qint64, qint64 limit,
                               qint64 want, QString *error) override {
        QMutexLocker lock(&mutex);
        ++claims;
        if (down) {
            *error = QStringLiteral("store down");
            return std::nullopt;
        }
        qint64 &c = claimed[counter + QString::number(start)];
        const qint64 granted = qBound(qint64(0), limit - c, want);
        c += granted;
        return Claim{granted, c};
    }
    void adjust(const QString &counter, qint64 start, qint64, qint64 delta) override {
        QMutexLocker lock(&mutex);
        claimed[counter + QString::number(start)] += delta;
    }
    qint64 total(const QString &counter, qint64 start) {
        QMutexLocker lock(&mutex);
        return claimed.value(counter + QString::number(start));
    }

    QMutex mutex;
    QHash<QString, qint64> claimed;
    int claims = 0;
    bool down = false;
};

const CounterPeriod kMinute{CounterPeriod::Unit::Minute, 1};
constexpr qint64 kNow = 1'796'000'000'000;  // fixed: no window ends during a test

}  // namespace

TEST(CounterLeases, AdmitsExactlyTheLimitWithFewStoreCalls) {
    auto store = std::make_shared<MemoryLeaseStore>();
    {
        CounterLeases c(store, QStringLiteral("p/"), [] { return kNow; });
        int admitted = 0;
        for (int i = 0; i < 1000; ++i) admitted += c.take("rpm", kMinute, 100, 1, nullptr);
        EXPECT_EQ(admitted, 100);
        // Slices of a sixteenth of what is left: far fewer calls than requests.
        EXPECT_LT(store->claims, 100);
        SharedCounters::State s;
        EXPECT_FALSE(c.take("rpm", kMinute, 100, 1, &s));
        EXPECT_EQ(s.used, 100);
        EXPECT_EQ(s.window.endMs - s.window.startMs, 60'000);
    }
}

TEST(CounterLeases, SeveralInstancesTogetherAdmitTheLimitOnce) {
    auto store = std::make_shared<MemoryLeaseStore>();
    std::vector<std::unique_ptr<CounterLeases>> gateways;
    for (int i = 0; i < 3; ++i)
        gateways.push_back(
            std::make_unique<CounterLeases>(store, QStringLiteral("p/"), [] { return kNow; }));
    std::atomic<int> admitted{0};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back(QThread::create([&, t] {
            for (int i = 0; i < 200; ++i)
                admitted += gateways[size_t(t % 3)]->take("rpm", kMinute, 100, 1, nullptr);
        }));
    for (auto &t : threads) t->start();
    for (auto &t : threads) t->wait();
    EXPECT_EQ(admitted.load(), 100);
}

TEST(CounterLeases, WhatWasNotUsedGoesBackWhenTheInstanceGoes) {
    auto store = std::make_shared<MemoryLeaseStore>();
    const qint64 start = kMinute.windowAt(kNow).startMs;
    {
        CounterLeases a(store, QStringLiteral("p/"), [] { return kNow; });
        EXPECT_TRUE(a.take("rpm", kMinute, 1000, 1, nullptr));
        EXPECT_GT(store->total("p/rpm", start), 1);  // a slice is held
    }
    EXPECT_EQ(store->total("p/rpm", start), 1);  // only the one used
    // The next instance (a restart, a reload) starts from what was used.
    CounterLeases b(store, QStringLiteral("p/"), [] { return kNow; });
    EXPECT_EQ(b.peek("rpm", kMinute, 1000).used, 1);
}

TEST(CounterLeases, UsageLearntLaterIsCountedPastTheLimit) {
    auto store = std::make_shared<MemoryLeaseStore>();
    const qint64 start = kMinute.windowAt(kNow).startMs;
    CounterLeases c(store, QStringLiteral("p/"), [] { return kNow; });
    ASSERT_TRUE(c.take("budget", kMinute, 100, 0, nullptr));  // anything left? yes
    c.add("budget", kMinute, 100, 130);                       // the answer cost more
    SharedCounters::State s;
    EXPECT_FALSE(c.take("budget", kMinute, 100, 0, &s));
    EXPECT_EQ(s.used, 130);
    EXPECT_EQ(store->total("p/budget", start), 130);
}

TEST(CounterLeases, WithoutTheStoreItCountsOnItsOwnAndCatchesUp) {
    auto store = std::make_shared<MemoryLeaseStore>();
    const qint64 start = kMinute.windowAt(kNow).startMs;
    CounterLeases c(store, QStringLiteral("p/"), [] { return kNow; });
    store->down = true;
    int admitted = 0;
    for (int i = 0; i < 10; ++i) admitted += c.take("rpm", kMinute, 5, 1, nullptr);
    EXPECT_EQ(admitted, 5);  // the limit still holds on this gateway
    store->down = false;
    EXPECT_FALSE(c.take("rpm", kMinute, 5, 1, nullptr));
    EXPECT_EQ(store->total("p/rpm", start), 5);  // what it counted is claimed
}

TEST(CounterLeases, ANewWindowStartsFromNothing) {
    auto store = std::make_shared<MemoryLeaseStore>();
    qint64 now = kNow;
    CounterLeases c(store, QStringLiteral("p/"), [&] { return now; });
    EXPECT_TRUE(c.take("rpm", kMinute, 1, 1, nullptr));
    EXPECT_FALSE(c.take("rpm", kMinute, 1, 1, nullptr));
    now += 60'000;
    EXPECT_TRUE(c.take("rpm", kMinute, 1, 1, nullptr));
}
