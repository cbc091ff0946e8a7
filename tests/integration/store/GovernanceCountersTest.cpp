// Virtual keys' limits and budgets live in the store: a restart, a plugin
// reload (a version bump, disabling and enabling) or a config edit keeps them, USD budgets use the
// models' prices, and the store never grants one unit of a limit twice.
#include "ConfigTestSupport.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "plugins/PluginManager.h"
#include "quota/SqlLeaseStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::TestStore;

namespace {

class GovernanceCountersTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void start(const TestStore &store, const QString &governance) {
        if (upstream.port() == 0) {
            ASSERT_TRUE(upstream.start());
        }
        const QByteArray config =
            QStringLiteral(R"({
              "providers": { "mock": { "keys": [] },
                "openai": { "keys": [ { "name": "k", "value": "sk-test", "models": ["*"] } ],
                            "network_config": { "base_url": "%1" } } },
              "plugins": [ { "name": "governance", "path": "%2", "enabled": true,
                             "config": %3 } ] })")
                .arg(upstream.baseUrl(), QStringLiteral(GATEHOUSE_PLUGIN_GOVERNANCE), governance)
                .toUtf8();
        gateway.setStore(store.url());
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    TestHttpResponse chat(const QByteArray &model, const QByteArray &key = "vk-team-a") {
        HttpHeaders headers;
        headers.add("x-bf-vk", key);
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody(QString::fromUtf8(model), "one two three four"),
                                    headers);
    }
    // Minute limits count in calendar minutes: a test must not cross one.
    static void awayFromTheMinutesEnd(int secondsNeeded) {
        while (QDateTime::currentDateTimeUtc().time().second() > 59 - secondsNeeded)
            QThread::msleep(200);
    }
    // PUT /api/plugins/governance with `body`; the plugin is active again
    // (a new instance when it reloads) by the time it answers.
    void changePlugin(const QByteArray &body) {
        const auto r =
            apiCall(gateway.port(), "PUT", "/api/plugins/governance", body, gateway.tokenHeader());
        ASSERT_EQ(r.status, 200) << body.toStdString() << ": " << r.body.toStdString();
    }
    // What a reload can be: a version bump (a new instance from the file),
    // and disabling then enabling it again.
    void reloadEveryWay(int version) {
        changePlugin(QStringLiteral(R"({"version":%1})").arg(version).toUtf8());
        changePlugin(R"({"enabled":false})");
        changePlugin(R"({"enabled":true})");
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

// Stops the gateway before the test's store is dropped (declared after it).
struct StopsFirst {
    GatewayHarness &gateway;
    ~StopsFirst() { gateway.stop(); }
};

const char *const kThreePerMinute =
    R"({"virtual_keys":[{"key":"vk-team-a","name":"team-a","requests_per_minute":3}]})";

}  // namespace

TEST_P(GovernanceCountersTest, RequestsPerMinuteHoldAcrossARestart) {
    GATEHOUSE_TEST_STORE(store);
    StopsFirst stopsFirst{gateway};
    awayFromTheMinutesEnd(20);
    start(store, kThreePerMinute);
    for (int i = 0; i < 2; ++i) ASSERT_EQ(chat("mock/echo").status, 200) << i;
    gateway.stop();
    start(store, kThreePerMinute);
    EXPECT_EQ(chat("mock/echo").status, 200);
    const auto refused = chat("mock/echo");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("(3 this minute)")) << refused.body.toStdString();
}

TEST_P(GovernanceCountersTest, AConfigEditIsNoWayAroundALimit) {
    GATEHOUSE_TEST_STORE(store);
    StopsFirst stopsFirst{gateway};
    awayFromTheMinutesEnd(20);
    start(store, kThreePerMinute);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(chat("mock/echo").status, 200) << i;
    // Re-initialised with a new config: the same counts.
    auto edit = apiCall(gateway.port(), "PUT", "/api/plugins/governance",
                        R"({"config":{"virtual_keys":[{"key":"vk-team-a","name":"team-a",
                            "requests_per_minute":4}]}})",
                        gateway.tokenHeader());
    ASSERT_EQ(edit.status, 200) << edit.body.toStdString();
    EXPECT_EQ(chat("mock/echo").status, 200);  // the 4th of 4
    EXPECT_EQ(chat("mock/echo").status, 429);
    // A new instance (a restart, a reload) starts from the store's counts:
    // RequestsPerMinuteHoldAcrossARestart.
}

TEST_P(GovernanceCountersTest, AUsdBudgetIsSpentAtTheModelsPricesAndSurvivesARestart) {
    GATEHOUSE_TEST_STORE(store);
    StopsFirst stopsFirst{gateway};
    // gpt-4o at $2.50 in / $10 out per million tokens: any answer costs
    // more than a millionth of a dollar.
    const QString budget = QStringLiteral(
        R"({"virtual_keys":[{"key":"vk-team-a","name":"team-a",
            "budget":{"max_usd":0.000001,"reset_duration":"1M"}}]})");
    start(store, budget);
    ASSERT_EQ(chat("openai/gpt-4o").status, 200);
    auto refused = chat("openai/gpt-4o");
    ASSERT_EQ(refused.status, 429) << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("has spent its budget of $0.00000100 per month"))
        << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("at the models' prices); it resets in"))
        << refused.body.toStdString();
    gateway.stop();
    start(store, budget);
    refused = chat("openai/gpt-4o");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    // Another key has its own budget.
    EXPECT_EQ(chat("openai/gpt-4o", "vk-other").status, 401);
}

// A reload is a new instance of the plugin, which counts from the store: a
// version bump or disabling and enabling the plugin resets no limit.
TEST_P(GovernanceCountersTest, RequestsPerMinuteHoldAcrossAPluginReload) {
    GATEHOUSE_TEST_STORE(store);
    StopsFirst stopsFirst{gateway};
    awayFromTheMinutesEnd(30);
    start(store, kThreePerMinute);
    for (int i = 0; i < 2; ++i) ASSERT_EQ(chat("mock/echo").status, 200) << i;
    changePlugin(R"({"version":2})");
    EXPECT_EQ(gateway.gateway().plugins()->status("governance")->version, 2);
    EXPECT_EQ(chat("mock/echo").status, 200);  // the 3rd of 3
    auto refused = chat("mock/echo");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    reloadEveryWay(3);
    refused = chat("mock/echo");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("(3 this minute)")) << refused.body.toStdString();
}

// The same for a USD budget, priced by an override set through the API
// (so the governance plugin prices with the gateway's current overrides):
// $1 a request, $3 to spend.
TEST_P(GovernanceCountersTest, AUsdBudgetHoldsAcrossAPluginReload) {
    GATEHOUSE_TEST_STORE(store);
    StopsFirst stopsFirst{gateway};
    start(store, R"({"virtual_keys":[{"key":"vk-team-a","name":"team-a",
                     "budget":{"max_usd":3,"reset_duration":"1M"}}]})");
    const auto priced =
        apiCall(gateway.port(), "PUT", "/api/pricing",
                R"([{"provider":"openai","model":"gpt-4o","requests_kcount":1000}])",
                gateway.tokenHeader());
    ASSERT_EQ(priced.status, 200) << priced.body.toStdString();
    ASSERT_EQ(chat("openai/gpt-4o").status, 200);
    ASSERT_EQ(chat("openai/gpt-4o").status, 200);
    reloadEveryWay(2);
    ASSERT_EQ(chat("openai/gpt-4o").status, 200);  // $2 spent before it: the last one
    auto refused = chat("openai/gpt-4o");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    reloadEveryWay(3);
    refused = chat("openai/gpt-4o");
    EXPECT_EQ(refused.status, 429) << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("has spent its budget of $3")) << refused.body.toStdString();
}

TEST_P(GovernanceCountersTest, TheStoreNeverGrantsAUnitTwice) {
    GATEHOUSE_TEST_STORE(store);
    {
        StoreConnection c(store.location(), QStringLiteral("schema"),
                          StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        ASSERT_TRUE(StoreSchema::migrate(c, &error)) << error.toStdString();
    }
    // Three stores (three connections, as three gateways have), six threads.
    std::vector<std::unique_ptr<SqlLeaseStore>> stores;
    for (int i = 0; i < 3; ++i) stores.push_back(std::make_unique<SqlLeaseStore>(store.location()));
    // A window of now (windows that ended a day ago are pruned).
    const qint64 start = QDateTime::currentMSecsSinceEpoch() / 60000 * 60000, end = start + 60000;
    std::atomic<qint64> granted{0};
    std::atomic<int> errors{0};
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < 6; ++t)
        threads.emplace_back(QThread::create([&, t] {
            for (int i = 0; i < 40; ++i) {
                QString error;
                const auto got =
                    stores[size_t(t % 3)]->claim("c", start, end, 100, 1 + i % 3, &error);
                if (got)
                    granted += got->granted;
                else
                    ++errors;
            }
        }));
    for (auto &t : threads) t->start();
    for (auto &t : threads) t->wait();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(granted.load(), 100);
    // Usage learnt later goes past the limit; a lease given back lowers it.
    stores[0]->adjust("c", start, end, 7);
    stores[0]->adjust("c", start, end, -2);
    QString error;
    const auto read = stores[0]->claim("c", start, end, 100, 0, &error);
    ASSERT_TRUE(read) << error.toStdString();
    EXPECT_EQ(read->claimed, 105);
    EXPECT_EQ(read->granted, 0);
}

GATEHOUSE_ON_EVERY_STORE(GovernanceCountersTest);
