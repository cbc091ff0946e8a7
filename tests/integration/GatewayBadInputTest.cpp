// Bad input of every kind gets a clear OpenAI-shaped error and the gateway
// keeps serving.
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

const QByteArray kConfig = R"({
  "client": { "max_request_body_size_mb": 0.01 },
  "providers": { "mock": { "keys": [] },
                 "openai": { "keys": [ { "name": "k", "value": "sk-test-secret-123", "models": ["gpt-4o-mini"] } ],
                             "network_config": { "base_url": "http://127.0.0.1:9" } } }
})";

class GatewayBadInputTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString error;
        ASSERT_TRUE(gateway.start(kConfig, &error)) << error.toStdString();
    }
    void TearDown() override {
        // Whatever happened, the gateway still answers a normal request.
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                            chatBody("mock/echo", "still alive"));
        EXPECT_EQ(r.status, 200);
    }
    QJsonObject errorOf(const TestHttpResponse &r) {
        return jsonOf(r.body).value("error").toObject();
    }
    GatewayHarness gateway;
};

}  // namespace

TEST_F(GatewayBadInputTest, MalformedJsonIs400SayingWhereItBroke) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        "{\"model\": \"mock/echo\",\n \"messages\": [}");
    EXPECT_EQ(r.status, 400);
    const auto e = errorOf(r);
    EXPECT_EQ(e.value("type").toString(), "invalid_request_error");
    EXPECT_EQ(e.value("code").toString(), "invalid_json");
    EXPECT_TRUE(e.value("message").toString().contains("line 2")) << r.body.toStdString();
}

TEST_F(GatewayBadInputTest, BodyThatIsNotAnObjectIs400) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", "[1,2]");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(errorOf(r).value("code").toString(), "invalid_json");
}

TEST_F(GatewayBadInputTest, MissingModelIs400ListingProviders) {
    const auto r =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", R"({"messages":[]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(errorOf(r).value("code").toString(), "model_required");
    EXPECT_TRUE(errorOf(r).value("message").toString().contains("mock"));
}

TEST_F(GatewayBadInputTest, UnknownProviderIs400ListingTheConfiguredOnes) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("nosuch/model", "hi"));
    EXPECT_EQ(r.status, 400);
    const QString message = errorOf(r).value("message").toString();
    EXPECT_EQ(errorOf(r).value("code").toString(), "unknown_provider");
    EXPECT_TRUE(message.contains("nosuch"));
    EXPECT_TRUE(message.contains("mock, openai")) << message.toStdString();
}

TEST_F(GatewayBadInputTest, ModelNoKeyServesIs404ListingAvailableModels) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt-5-imaginary", "hi"));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(errorOf(r).value("code").toString(), "model_not_found");
    EXPECT_TRUE(errorOf(r).value("message").toString().contains("openai/gpt-4o-mini"));
}

TEST_F(GatewayBadInputTest, BodyOverTheLimitIs413) {
    const QByteArray big = chatBody("mock/echo", QString(20000, QLatin1Char('x')));
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", big);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(errorOf(r).value("code").toString(), "request_too_large");
}

TEST_F(GatewayBadInputTest, WrongMethodIs405WithAllow) {
    const auto r = TestHttpClient::get(gateway.port(), "/v1/chat/completions");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("Allow"), "POST");
    EXPECT_EQ(errorOf(r).value("code").toString(), "method_not_allowed");
}

TEST_F(GatewayBadInputTest, UnknownPathIs404) {
    const auto r = TestHttpClient::get(gateway.port(), "/v2/whatever");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(errorOf(r).value("code").toString(), "not_found");
}

TEST_F(GatewayBadInputTest, UnreachableUpstreamIs502WithoutLeakingTheKey) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt-4o-mini", "hi"));
    EXPECT_EQ(r.status, 502);
    EXPECT_EQ(errorOf(r).value("code").toString(), "upstream_unreachable");
    EXPECT_FALSE(r.body.contains("sk-test-secret-123"));
    const auto metrics = TestHttpClient::get(gateway.port(), "/metrics");
    EXPECT_FALSE(metrics.body.contains("sk-test-secret-123"));
}

TEST_F(GatewayBadInputTest, StreamFieldOfWrongTypeIs400) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        R"({"model":"mock/echo","stream":"yes","messages":[]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(errorOf(r).value("code").toString(), "invalid_stream");
}

TEST_F(GatewayBadInputTest, FallbacksOfWrongTypeAre400) {
    const auto r =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                             R"({"model":"mock/echo","fallbacks":"mock/fixed","messages":[]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(errorOf(r).value("code").toString(), "invalid_fallbacks");
}

TEST_F(GatewayBadInputTest, DeeplyNestedJsonIsRefusedNotCrashing) {
    QByteArray deep(100000, '[');
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", "{\"a\":" + deep);
    EXPECT_EQ(r.status, 413);  // 100 kB is over this test's 10 kB limit
    QByteArray nested = QByteArray(2000, '[') + QByteArray(2000, ']');
    const auto r2 = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                         "{\"model\":\"mock/echo\",\"x\":" + nested + "}");
    EXPECT_EQ(r2.status, 400);
}

TEST_F(GatewayBadInputTest, AnthropicEndpointErrorsUseAnthropicShape) {
    const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", "{oops");
    EXPECT_EQ(r.status, 400);
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("type").toString(), "error");
    EXPECT_EQ(json.value("error").toObject().value("type").toString(), "invalid_request_error");
}
