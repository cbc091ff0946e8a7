// A request record's deferred usage (RequestTrace::settle): read once,
// whichever thread asks first, and every reader then sees it.
#include "trace/RequestTrace.h"
#include "trace/TraceJson.h"

#include <gtest/gtest.h>
#include <QJsonObject>
#include <QThread>
#include <atomic>
#include <vector>

using namespace gatehouse;

namespace {

class CountingUsage final : public DeferredUsage {
public:
    mutable std::atomic<int> calls{0};
    void settle(RequestTrace &t) const override {
        ++calls;
        QThread::msleep(20);  // others ask meanwhile
        t.promptTokens = 7;
        t.costNanoUsd = 1234;
    }
    qint64 heldBytes(const RequestTrace &) const override { return 0; }
};

}  // namespace

TEST(RequestTraceSettleTest, SettlesOnceWhoeverAsksFirst) {
    auto usage = std::make_shared<CountingUsage>();
    auto trace = std::make_shared<RequestTrace>();
    trace->deferredUsage = usage;
    std::shared_ptr<const RequestTrace> shared = trace;
    std::vector<std::unique_ptr<QThread>> threads;
    std::atomic<int> seen{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back(QThread::create([&] {
            shared->settle();
            if (shared->promptTokens == 7 && shared->costNanoUsd == 1234) ++seen;
        }));
        threads.back()->start();
    }
    for (auto &t : threads) t->wait();
    EXPECT_EQ(usage->calls, 1);
    EXPECT_EQ(seen, 4);
    shared->settle();
    EXPECT_EQ(usage->calls, 1);
}

TEST(RequestTraceSettleTest, ACopySettlesOnItsOwnAndATraceWithoutUsageIsLeftAlone) {
    auto usage = std::make_shared<CountingUsage>();
    RequestTrace a;
    a.deferredUsage = usage;
    RequestTrace b = a;
    a.settle();
    EXPECT_EQ(a.promptTokens, 7);
    EXPECT_FALSE(b.promptTokens);
    b.settle();
    EXPECT_EQ(b.promptTokens, 7);
    EXPECT_EQ(usage->calls, 2);
    RequestTrace plain;
    plain.promptTokens = 3;
    plain.settle();
    EXPECT_EQ(plain.promptTokens, 3);
}

// The live feed's readers show a record through traceSummaryJson: it
// settles the record first.
TEST(RequestTraceSettleTest, TheFeedsJsonShowsTheSettledUsage) {
    auto usage = std::make_shared<CountingUsage>();
    auto trace = std::make_shared<RequestTrace>();
    trace->deferredUsage = usage;
    const QJsonObject json = traceSummaryJson(*trace);
    EXPECT_EQ(usage->calls, 1);
    EXPECT_EQ(json.value("usage").toObject().value("prompt_tokens").toInt(), 7);
    EXPECT_DOUBLE_EQ(json.value("cost_usd").toDouble(), 1234 / 1e9);
}
