// The gateway end to end over real HTTP with the built-in mock provider.
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;

namespace {

const QByteArray kMockConfig = R"({
  "providers": {
    "mock": { "keys": [], "mock_config": { "response_text": "Fixed answer.", "latency_ms": 0,
                                           "stream_chunk_delay_ms": 1 } }
  }
})";

class GatewayMockTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString error;
        ASSERT_TRUE(gateway.start(kMockConfig, &error)) << error.toStdString();
    }
    GatewayHarness gateway;
};

}  // namespace

TEST_F(GatewayMockTest, EchoModelAnswersTheLastUserMessage) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "Hello, Gatehouse"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("object").toString(), "chat.completion");
    EXPECT_EQ(answerText(r.body), "Hello, Gatehouse");
    EXPECT_GT(json.value("usage").toObject().value("total_tokens").toInt(), 0);
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
    EXPECT_FALSE(r.header("X-Request-Id").isEmpty());
}

TEST_F(GatewayMockTest, FixedModelAnswersTheConfiguredText) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/fixed", "anything"));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(answerText(r.body), "Fixed answer.");
}

TEST_F(GatewayMockTest, OpenAIPrefixServesTheSameEndpoints) {
    const auto r = TestHttpClient::post(gateway.port(), "/openai/v1/chat/completions",
                                        chatBody("mock/echo", "prefixed"));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(answerText(r.body), "prefixed");
}

TEST_F(GatewayMockTest, StreamedChatArrivesAsServerSentEventsEndingWithDone) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "one two three", true));
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
    const auto events = sseData(r.body);
    ASSERT_GE(events.size(), 3);
    EXPECT_EQ(events.last(), "[DONE]");
    for (int i = 0; i + 1 < events.size(); ++i)
        EXPECT_EQ(jsonOf(events[i]).value("object").toString(), "chat.completion.chunk");
    EXPECT_EQ(streamedText(r.body), "one two three");
}

TEST_F(GatewayMockTest, TextCompletionEchoesThePrompt) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/completions",
                                        R"({"model":"mock/echo","prompt":"complete me"})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("object").toString(), "text_completion");
    EXPECT_EQ(json.value("choices").toArray().at(0).toObject().value("text").toString(),
              "complete me");
}

TEST_F(GatewayMockTest, EmbeddingsAreDeterministicVectors) {
    const QByteArray body = R"({"model":"mock/echo","input":["a","b"],"dimensions":8})";
    const auto r1 = TestHttpClient::post(gateway.port(), "/v1/embeddings", body);
    const auto r2 = TestHttpClient::post(gateway.port(), "/v1/embeddings", body);
    ASSERT_EQ(r1.status, 200) << r1.body.toStdString();
    const QJsonArray data = jsonOf(r1.body).value("data").toArray();
    ASSERT_EQ(data.size(), 2);
    EXPECT_EQ(data.at(0).toObject().value("embedding").toArray().size(), 8);
    EXPECT_NE(data.at(0).toObject().value("embedding"), data.at(1).toObject().value("embedding"));
    EXPECT_EQ(jsonOf(r1.body).value("data"), jsonOf(r2.body).value("data"));
}

TEST_F(GatewayMockTest, ModelsListsProviderQualifiedIds) {
    const auto r = TestHttpClient::get(gateway.port(), "/v1/models");
    ASSERT_EQ(r.status, 200);
    QStringList ids;
    for (const auto &m : jsonOf(r.body).value("data").toArray())
        ids << m.toObject().value("id").toString();
    EXPECT_TRUE(ids.contains("mock/echo")) << ids.join(",").toStdString();
    EXPECT_TRUE(ids.contains("mock/fixed"));
}

TEST_F(GatewayMockTest, HealthReportsStatusAndVersion) {
    const auto r = TestHttpClient::get(gateway.port(), "/health");
    ASSERT_EQ(r.status, 200);
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("status").toString(), "ok");
    EXPECT_EQ(json.value("version").toString(), GATEHOUSE_VERSION);
}

TEST_F(GatewayMockTest, MetricsCountRequestsPerProviderInPrometheusFormat) {
    TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "x"));
    TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("nope/x", "x"));
    const auto r = TestHttpClient::get(gateway.port(), "/metrics");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/plain"));
    EXPECT_TRUE(r.body.contains(
        R"(gatehouse_requests_total{endpoint="/v1/chat/completions",provider="mock",status="200"} 1)"))
        << r.body.toStdString();
    EXPECT_TRUE(r.body.contains(R"(status="400"} 1)"));
    EXPECT_TRUE(r.body.contains("# TYPE gatehouse_request_duration_seconds histogram"));
    EXPECT_TRUE(r.body.contains(R"(gatehouse_request_duration_seconds_count{provider="mock"} 1)"));
    EXPECT_TRUE(r.body.contains("gatehouse_in_flight_requests "));
}

TEST_F(GatewayMockTest, AnthropicEndpointAnswersInMessagesFormatFromAnyProvider) {
    const QByteArray body =
        R"({"model":"mock/echo","max_tokens":64,"messages":[{"role":"user","content":"hi there"}]})";
    const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("type").toString(), "message");
    EXPECT_EQ(json.value("role").toString(), "assistant");
    EXPECT_EQ(json.value("content").toArray().at(0).toObject().value("text").toString(),
              "hi there");
    EXPECT_EQ(json.value("stop_reason").toString(), "end_turn");
}

TEST_F(GatewayMockTest, AnthropicStreamFollowsTheMessagesEventSequence) {
    const QByteArray body =
        R"({"model":"mock/echo","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"a b"}]})";
    const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    QList<QByteArray> names;
    QString text;
    for (const auto &e : sseEvents(r.body)) {
        if (e.first != "ping") names << e.first;
        const QJsonObject d = jsonOf(e.second);
        if (e.first == "content_block_delta")
            text += d.value("delta").toObject().value("text").toString();
    }
    ASSERT_GE(names.size(), 5);
    EXPECT_EQ(names.first(), "message_start");
    EXPECT_EQ(names[1], "content_block_start");
    EXPECT_EQ(names.last(), "message_stop");
    EXPECT_EQ(names[names.size() - 2], "message_delta");
    EXPECT_EQ(text, "a b");
}

TEST_F(GatewayMockTest, KeepAliveConnectionServesManyRequests) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(gateway.port()));
    HttpHeaders keepAlive;
    keepAlive.add("Connection", "keep-alive");
    for (int i = 0; i < 20; ++i) {
        ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
            "POST", "/v1/chat/completions", chatBody("mock/echo", QString::number(i)), keepAlive)));
        const auto r = client.readResponse();
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(answerText(r.body), QString::number(i));
    }
}

// A mock without response_text answers "fixed" with nothing; its stream
// still ends (it once repeated its first chunk forever).
TEST(GatewayMockEmptyAnswer, AStreamOfAnEmptyAnswerEnds) {
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(R"({"providers": {"mock": {"keys": []}}})", &error))
        << error.toStdString();
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/fixed", "hi", true), {}, 5000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.body.endsWith("data: [DONE]\n\n")) << r.body.right(300).toStdString();
    EXPECT_EQ(r.body.count("\"role\":\"assistant\""), 1) << r.body.left(600).toStdString();
}
