// The "pause agents" switch: while paused, new inference requests get 429 in
// the client's own error format; /api/pause reads it and, with the API
// token, sets it.
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

const QByteArray kMockConfig = R"({
  "providers": { "mock": { "keys": [], "mock_config": { "latency_ms": 0,
                                                        "stream_chunk_delay_ms": 100 } } }
})";

const QByteArray kMessagesBody =
    R"({"model":"mock/echo","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})";

class GatewayPauseTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString error;
        ASSERT_TRUE(gateway.start(kMockConfig, &error)) << error.toStdString();
    }
    TestHttpResponse chat() {
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody("mock/echo", "hi"));
    }
    TestHttpResponse messages() {
        return TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", kMessagesBody);
    }
    HttpHeaders withToken() {
        HttpHeaders h;
        h.add("Authorization", "Bearer " + gateway.gateway().apiToken().toLatin1());
        return h;
    }
    TestHttpResponse putPause(const QByteArray &body, const HttpHeaders &h) {
        return TestHttpClient::request(gateway.port(), "PUT", "/api/pause", body, h);
    }
    GatewayHarness gateway;
};

}  // namespace

TEST_F(GatewayPauseTest, PausedChatGets429InOpenAIShapeWithRetryAfter) {
    gateway.gateway().setInferencePaused(true);
    EXPECT_TRUE(gateway.gateway().inferencePaused());
    const auto r = chat();
    ASSERT_EQ(r.status, 429) << r.body.toStdString();
    EXPECT_FALSE(r.header("Retry-After").isEmpty());
    const QJsonObject error = jsonOf(r.body).value("error").toObject();
    EXPECT_EQ(error.value("type").toString(), "rate_limit_error");
    EXPECT_EQ(error.value("code").toString(), "gatehouse_paused");
    EXPECT_TRUE(error.value("message").toString().startsWith("Gatehouse is paused"))
        << r.body.toStdString();
}

TEST_F(GatewayPauseTest, PausedAnthropicMessagesGet429InAnthropicShape) {
    gateway.gateway().setInferencePaused(true);
    const auto r = messages();
    ASSERT_EQ(r.status, 429) << r.body.toStdString();
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("type").toString(), "error");
    EXPECT_EQ(json.value("error").toObject().value("type").toString(), "rate_limit_error");
    EXPECT_TRUE(json.value("error").toObject().value("message").toString().contains("paused"));
}

// count_tokens is refused like the inference it belongs to, whether it
// would reach the provider (Anthropic) or be estimated (here, the mock).
TEST_F(GatewayPauseTest, PausedCountTokensGets429AndIsAnsweredAgainWhenResumed) {
    const QByteArray body = R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}]})";
    gateway.gateway().setInferencePaused(true);
    const auto r =
        TestHttpClient::post(gateway.port(), "/anthropic/v1/messages/count_tokens", body);
    ASSERT_EQ(r.status, 429) << r.body.toStdString();
    EXPECT_EQ(r.header("Retry-After"), "30");
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("type").toString(), "error");
    EXPECT_EQ(json.value("error").toObject().value("type").toString(), "rate_limit_error");
    EXPECT_TRUE(json.value("error").toObject().value("message").toString().contains("paused"));

    gateway.gateway().setInferencePaused(false);
    const auto resumed =
        TestHttpClient::post(gateway.port(), "/anthropic/v1/messages/count_tokens", body);
    ASSERT_EQ(resumed.status, 200) << resumed.body.toStdString();
    EXPECT_GT(jsonOf(resumed.body).value("input_tokens").toInt(), 0);
}

TEST_F(GatewayPauseTest, ResumedRequestsAreAnsweredAgain) {
    gateway.gateway().setInferencePaused(true);
    ASSERT_EQ(chat().status, 429);
    gateway.gateway().setInferencePaused(false);
    EXPECT_FALSE(gateway.gateway().inferencePaused());
    EXPECT_EQ(chat().status, 200);
    EXPECT_EQ(messages().status, 200);
}

TEST_F(GatewayPauseTest, HealthMetricsAndApiKeepAnsweringWhilePaused) {
    gateway.gateway().setInferencePaused(true);
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/health").status, 200);
    const auto metrics = TestHttpClient::get(gateway.port(), "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_TRUE(metrics.body.contains("\ngatehouse_inference_paused 1\n"));
    const auto state = TestHttpClient::get(gateway.port(), "/api/pause");
    ASSERT_EQ(state.status, 200);
    EXPECT_TRUE(jsonOf(state.body).value("paused").toBool());
}

TEST_F(GatewayPauseTest, TheApiNeedsTheTokenToPauseOrResume) {
    const auto refused = putPause(R"({"paused": true})", {});
    EXPECT_EQ(refused.status, 401);
    EXPECT_FALSE(gateway.gateway().inferencePaused());
    EXPECT_EQ(chat().status, 200);

    const auto paused = putPause(R"({"paused": true})", withToken());
    ASSERT_EQ(paused.status, 200) << paused.body.toStdString();
    EXPECT_TRUE(jsonOf(paused.body).value("paused").toBool());
    EXPECT_TRUE(gateway.gateway().inferencePaused());
    EXPECT_EQ(chat().status, 429);

    EXPECT_EQ(putPause(R"({"paused": "no"})", withToken()).status, 400);
    const auto resumed = putPause(R"({"paused": false})", withToken());
    ASSERT_EQ(resumed.status, 200);
    EXPECT_FALSE(jsonOf(resumed.body).value("paused").toBool());
    EXPECT_EQ(chat().status, 200);
}

TEST_F(GatewayPauseTest, EveryClientFormatIsRefusedWhilePaused) {
    gateway.gateway().setInferencePaused(true);
    const QList<QPair<QByteArray, QByteArray>> calls = {
        {"/v1/completions", R"({"model":"mock/echo","prompt":"hi"})"},
        {"/v1/embeddings", R"({"model":"mock/echo","input":"hi"})"},
        {"/v1/responses", R"({"model":"mock/echo","input":"hi"})"},
        {"/openai/v1/chat/completions", chatBody("mock/echo", "hi")},
        {"/genai/v1beta/models/mock/echo:generateContent",
         R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})"},
    };
    for (const auto &call : calls) {
        const auto r = TestHttpClient::post(gateway.port(), call.first, call.second);
        EXPECT_EQ(r.status, 429) << call.first.toStdString() << ": " << r.body.toStdString();
        EXPECT_TRUE(r.body.contains("Gatehouse is paused")) << call.first.toStdString();
    }
    gateway.gateway().setInferencePaused(false);
    for (const auto &call : calls)
        EXPECT_EQ(TestHttpClient::post(gateway.port(), call.first, call.second).status, 200)
            << call.first.toStdString();
}

// A stream that has begun goes on to its end; only new requests are refused.
TEST_F(GatewayPauseTest, ARequestAlreadyRunningFinishes) {
    TestHttpClient running;
    ASSERT_TRUE(running.connectTo(gateway.port()));
    ASSERT_TRUE(running.send(TestHttpClient::formatRequest(
        "POST", "/v1/chat/completions", chatBody("mock/echo", "one two three four five", true))));
    TestHttpResponse head;
    ASSERT_TRUE(running.readHead(&head));
    ASSERT_EQ(head.status, 200);
    gateway.gateway().setInferencePaused(true);
    EXPECT_EQ(chat().status, 429);
    QByteArray body;
    for (;;) {
        const TestBodyPiece piece = running.readBodyPiece();
        if (piece.kind != TestBodyPiece::Kind::Data) {
            EXPECT_EQ(piece.kind, TestBodyPiece::Kind::End);
            break;
        }
        body += piece.data;
    }
    EXPECT_TRUE(body.contains("[DONE]")) << body.toStdString();
}
