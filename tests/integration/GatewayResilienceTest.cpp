// Fallbacks, retries with backoff, key rotation and concurrency limits, with
// the semantics of reference-gateway.md.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "core/ProviderAttempt.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;

namespace {

class GatewayResilienceTest : public ::testing::Test {
protected:
    void startWith(const QString &providersJson, const QString &client = QStringLiteral("{}")) {
        ASSERT_TRUE(upstream.start());
        const QByteArray config =
            QStringLiteral(R"({"client": %1, "providers": %2})")
                .arg(client, QString(providersJson).replace("@URL@", upstream.baseUrl()))
                .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    FakeUpstream upstream;
    GatewayHarness gateway;
};

const QString kTwoProviders = QStringLiteral(R"({
  "primary": { "keys": [ { "name": "k", "value": "good", "models": ["*"] } ],
               "network_config": { "base_url": "@URL@" } },
  "backup":  { "keys": [ { "name": "k", "value": "good", "models": ["*"] } ],
               "network_config": { "base_url": "@URL@" } },
  "mock": { "keys": [] }
})");

}  // namespace

TEST_F(GatewayResilienceTest, FallbackAnswersWhenThePrimaryFails) {
    startWith(kTwoProviders);
    const auto r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        chatBody("primary/m+status-500", "hi", false, {{"fallbacks", QJsonArray{"backup/m"}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "backup/m");
    EXPECT_EQ(upstream.requestCount(), 2);
}

TEST_F(GatewayResilienceTest, FallbacksAreTriedInOrderAcrossProviderKinds) {
    startWith(kTwoProviders);
    const auto r =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                             chatBody("primary/m+status-503", "hi", false,
                                      {{"fallbacks", QJsonArray{"backup/m+reset", "mock/echo"}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
}

TEST_F(GatewayResilienceTest, WhenAllFailThePrimarysErrorIsReturned) {
    startWith(kTwoProviders);
    const auto r =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                             chatBody("primary/m+status-503", "hi", false,
                                      {{"fallbacks", QJsonArray{"backup/m+status-500"}}}));
    EXPECT_EQ(r.status, 503);
}

TEST_F(GatewayResilienceTest, StreamingFallsBackBeforeTheFirstEvent) {
    startWith(kTwoProviders);
    const auto r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        chatBody("primary/m+status-500", "hi", true, {{"fallbacks", QJsonArray{"backup/m"}}}));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(sseData(r.body).last(), "[DONE]");
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "backup/m");
}

TEST_F(GatewayResilienceTest, RetryableFailuresAreRetriedMaxRetriesTimes) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "k", "value": "good", "models": ["*"] } ],
                   "network_config": { "base_url": "@URL@", "max_retries": 2,
                                       "retry_backoff_initial": 10, "retry_backoff_max": 40 } } })"));
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("primary/m+status-503", "hi"));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(upstream.requestCount(), 3);  // the first try and two retries
}

TEST_F(GatewayResilienceTest, ClientErrorsAreNotRetried) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "k", "value": "good", "models": ["*"] } ],
                   "network_config": { "base_url": "@URL@", "max_retries": 3,
                                       "retry_backoff_initial": 10 } } })"));
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("primary/m+status-400", "hi"));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(upstream.requestCount(), 1);
}

TEST(ProviderAttemptBackoff, GrowsExponentiallyWithinJitterUpToTheMax) {
    for (int retry = 0; retry < 6; ++retry) {
        for (int i = 0; i < 50; ++i) {
            const int expected = qMin(5000, 500 << retry);
            const int ms = ProviderAttempt::backoffMs(retry, 500, 5000);
            EXPECT_GE(ms, int(expected * 0.8) - 1);
            EXPECT_LE(ms, int(expected * 1.2) + 1);
        }
    }
}

TEST_F(GatewayResilienceTest, KeyRotationSkipsAKeyThatIsRejected) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "bad", "value": "bad-key", "models": ["*"], "weight": 1 },
                             { "name": "good", "value": "good-key", "models": ["*"], "weight": 1 } ],
                   "network_config": { "base_url": "@URL@" } } })"));
    for (int i = 0; i < 20; ++i) {
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                            chatBody("primary/m", "hi"));
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
    }
    const auto byKey = upstream.requestsByAuthorization();
    EXPECT_EQ(byKey.value("good-key"), 20);
    EXPECT_GT(byKey.value("bad-key"), 0);  // weighted choice picked it sometimes, then rotated
}

TEST_F(GatewayResilienceTest, KeysAreChosenByWeight) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "a", "value": "key-a", "models": ["*"], "weight": 9 },
                             { "name": "b", "value": "key-b", "models": ["*"], "weight": 1 } ],
                   "network_config": { "base_url": "@URL@" } } })"));
    for (int i = 0; i < 200; ++i)
        ASSERT_EQ(
            TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("primary/m", "x"))
                .status,
            200);
    const auto byKey = upstream.requestsByAuthorization();
    EXPECT_GT(byKey.value("key-a"), 150);
    EXPECT_GT(byKey.value("key-b"), 5);
}

TEST_F(GatewayResilienceTest, KeyWithoutTheModelIsNeverUsedForIt) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "a", "value": "key-a", "models": ["small"] },
                             { "name": "b", "value": "key-b", "models": ["big"] } ],
                   "network_config": { "base_url": "@URL@" } } })"));
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                       chatBody("primary/big", "x"))
                      .status,
                  200);
    EXPECT_EQ(upstream.requestsByAuthorization().value("key-b"), 20);
    EXPECT_EQ(upstream.requestsByAuthorization().value("key-a"), 0);
}

TEST_F(GatewayResilienceTest, UnsetEnvKeyIsAClearErrorNamingTheVariable) {
    qunsetenv("GATEHOUSE_UNSET_KEY_FOR_TEST");
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "main", "value": "env.GATEHOUSE_UNSET_KEY_FOR_TEST" } ],
                   "network_config": { "base_url": "@URL@" } } })"));
    const auto r =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("primary/m", "x"));
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(r.body.contains("GATEHOUSE_UNSET_KEY_FOR_TEST")) << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(GatewayResilienceTest, DropExcessRequestsAnswers429WhenSaturated) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "k", "value": "good" } ],
                   "network_config": { "base_url": "@URL@" },
                   "concurrency_and_buffer_size": { "concurrency": 2, "buffer_size": 0 } } })"),
              QStringLiteral(R"({"drop_excess_requests": true})"));
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 6; ++i) {
        auto c = std::make_unique<TestHttpClient>();
        ASSERT_TRUE(c->connectTo(gateway.port()));
        ASSERT_TRUE(c->send(TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                          chatBody("primary/m+latency-500", "x"))));
        clients.push_back(std::move(c));
    }
    int ok = 0;
    int rejected = 0;
    for (auto &c : clients) {
        const auto r = c->readResponse(5000);
        if (r.status == 200) ++ok;
        if (r.status == 429) {
            ++rejected;
            EXPECT_EQ(jsonOf(r.body).value("error").toObject().value("code").toString(),
                      "provider_saturated");
        }
    }
    EXPECT_EQ(ok, 2);
    EXPECT_EQ(rejected, 4);
}

TEST_F(GatewayResilienceTest, WithoutDropExcessRequestsWaitInLine) {
    startWith(QStringLiteral(R"({
      "primary": { "keys": [ { "name": "k", "value": "good" } ],
                   "network_config": { "base_url": "@URL@" },
                   "concurrency_and_buffer_size": { "concurrency": 2, "buffer_size": 100 } } })"));
    std::vector<std::unique_ptr<TestHttpClient>> clients;
    for (int i = 0; i < 6; ++i) {
        auto c = std::make_unique<TestHttpClient>();
        ASSERT_TRUE(c->connectTo(gateway.port()));
        ASSERT_TRUE(c->send(TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                          chatBody("primary/m+latency-100", "x"))));
        clients.push_back(std::move(c));
    }
    for (auto &c : clients) EXPECT_EQ(c->readResponse(5000).status, 200);
}
