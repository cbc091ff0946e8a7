// The gateway in front of a real HTTP upstream (FakeUpstream): OpenAI-compatible
// and Anthropic providers, plain and streamed, timing of relayed events.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <thread>

using namespace gatehouse;

namespace {

class GatewayUpstreamTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        qputenv("GATEHOUSE_TEST_KEY", "sk-from-env");
        const QByteArray config =
            QStringLiteral(R"({
          "providers": {
            "openai": { "keys": [ { "name": "main", "value": "env.GATEHOUSE_TEST_KEY", "models": ["*"] } ],
                        "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 2,
                                            "extra_headers": { "X-Team": "blue" } } },
            "anthropic": { "keys": [ { "name": "main", "value": "ant-key", "models": ["*"] } ],
                           "network_config": { "base_url": "%1" } },
            "local": { "keys": [], "network_config": { "base_url": "%1/v1" } },
            "byname": { "keys": [], "network_config": { "base_url": "%2" } }
          }
        })")
                .arg(upstream.baseUrl(),
                     QString(upstream.baseUrl())
                         .replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost")))
                .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    FakeUpstream upstream;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(GatewayUpstreamTest, OpenAIProviderGetsBareModelKeyFromEnvAndExtraHeaders) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt-4o-mini", "ping"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: ping");
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_EQ(jsonOf(upstream.lastRequestBody()).value("model").toString(), "gpt-4o-mini");
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-from-env");
    EXPECT_EQ(upstream.lastRequestHeaders().value("X-Team"), "blue");
}

// A base_url with a host name (Ollama's http://localhost:11434, a LAN box)
// is looked up on the worker thread and each address tried in turn.
TEST_F(GatewayUpstreamTest, ProviderAddressedByHostNameIsReached) {
    for (int i = 0; i < 3; ++i) {
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                            chatBody("byname/llama3", "by name"));
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_EQ(answerText(r.body), "echo: by name");
    }
}

TEST_F(GatewayUpstreamTest, BaseUrlEndingInV1IsNotDoubled) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("local/llama3", "hi"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_FALSE(upstream.lastRequestHeaders().contains("Authorization"));
}

TEST_F(GatewayUpstreamTest, UnknownBodyFieldsPassThroughAndGatewayFieldsDoNot) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt-4o-mini", "hi", false,
                                                 {{"temperature", 0.3},
                                                  {"custom_field", "kept"},
                                                  {"fallbacks", QJsonArray{"local/other"}}}));
    ASSERT_EQ(r.status, 200);
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent.value("custom_field").toString(), "kept");
    EXPECT_DOUBLE_EQ(sent.value("temperature").toDouble(), 0.3);
    EXPECT_FALSE(sent.contains("fallbacks"));
}

// Through no plugins the client's JSON goes on as written: key order,
// spacing and numbers beyond a double's precision; only "model" changes
// and "fallbacks" (the gateway's own field) is cut out.
TEST_F(GatewayUpstreamTest, PlainBodyReachesTheProviderAsTheClientWroteIt) {
    const QByteArray body =
        R"({"messages":[{"role":"user","content":"hi"}], "seed": 12345678901234567890, )"
        R"("fallbacks":["local/other"], "model": "openai/gpt-4o-mini"})";
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(),
              R"({"messages":[{"role":"user","content":"hi"}], "seed": 12345678901234567890, )"
              R"("model": "gpt-4o-mini"})");
}

TEST_F(GatewayUpstreamTest, StreamedEventsAreRelayedAsTheyArriveNotBuffered) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(gateway.port()));
    ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
        "POST", "/v1/chat/completions",
        chatBody("openai/gpt+stream-events-5-every-200", "hello", true))));
    const auto streamed = client.readStreamed(10000);
    ASSERT_EQ(streamed.head.status, 200);
    ASSERT_TRUE(streamed.complete);
    ASSERT_GE(streamed.pieces.size(), 3);
    // The upstream spreads its events over ~800 ms: relayed as they arrive, the
    // first reaches us that long before the last (buffered, they arrive together).
    const qint64 first = streamed.pieces.first().atMs;
    const qint64 last = streamed.pieces.last().atMs;
    EXPECT_GE(last - first, 600) << "events arrived together: the relay is buffering";
    const auto events = sseData(streamed.body());
    EXPECT_EQ(events.last(), "[DONE]");
}

TEST_F(GatewayUpstreamTest, AnthropicProviderTranslatesChatBothWays) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("anthropic/claude-x", "bonjour"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-api-key"), "ant-key");
    EXPECT_FALSE(upstream.lastRequestHeaders().value("anthropic-version").isEmpty());
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent.value("model").toString(), "claude-x");
    EXPECT_GT(sent.value("max_tokens").toInt(), 0);
    const QJsonObject json = jsonOf(r.body);
    EXPECT_EQ(json.value("object").toString(), "chat.completion");
    EXPECT_EQ(answerText(r.body), "echo: bonjour");
    EXPECT_GT(json.value("usage").toObject().value("prompt_tokens").toInt(), 0);
}

TEST_F(GatewayUpstreamTest, AnthropicStreamWithToolCallBecomesOpenAIChunks) {
    QJsonObject tool{{"type", "function"},
                     {"function", QJsonObject{{"name", "get_weather"},
                                              {"parameters", QJsonObject{{"type", "object"}}}}}};
    const auto r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        chatBody("anthropic/claude-tool", "weather?", true, {{"tools", QJsonArray{tool}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const auto events = sseData(r.body);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last(), "[DONE]");
    QString arguments;
    QString name;
    QString finish;
    for (const auto &e : events) {
        if (e == "[DONE]") continue;
        const QJsonObject choice = jsonOf(e).value("choices").toArray().at(0).toObject();
        for (const auto &tc : choice.value("delta").toObject().value("tool_calls").toArray()) {
            const QJsonObject fn = tc.toObject().value("function").toObject();
            if (fn.contains("name")) name = fn.value("name").toString();
            arguments += fn.value("arguments").toString();
        }
        if (choice.value("finish_reason").isString())
            finish = choice.value("finish_reason").toString();
    }
    EXPECT_EQ(name, "get_weather");
    EXPECT_EQ(jsonOf(arguments.toUtf8()).value("location").toString(), "Paris");
    EXPECT_EQ(finish, "tool_calls");
}

TEST_F(GatewayUpstreamTest, AnthropicClientToOpenAIProviderStreams) {
    const QByteArray body =
        R"({"model":"openai/gpt-4o","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"hey"}]})";
    const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    QString text;
    QByteArray lastName;
    for (const auto &e : sseEvents(r.body)) {
        if (e.first == "content_block_delta")
            text += jsonOf(e.second).value("delta").toObject().value("text").toString();
        lastName = e.first;
    }
    EXPECT_TRUE(text.startsWith("echo: hey")) << text.toStdString();
    EXPECT_EQ(lastName, "message_stop");
}

TEST_F(GatewayUpstreamTest, UpstreamErrorStatusPassesThroughWithItsMessage) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt+status-429+retry-after-3", "hi"));
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("Retry-After"), "3");
    const QJsonObject error = jsonOf(r.body).value("error").toObject();
    EXPECT_EQ(error.value("type").toString(), "rate_limit_error");
    EXPECT_FALSE(error.value("message").toString().isEmpty());
}

TEST_F(GatewayUpstreamTest, UpstreamTimeoutIs504) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt+latency-5000", "hi"));
    EXPECT_EQ(r.status, 504);
    EXPECT_EQ(jsonOf(r.body).value("error").toObject().value("code").toString(),
              "upstream_timeout");
}

TEST_F(GatewayUpstreamTest, UpstreamResetIs502) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt+reset", "hi"));
    EXPECT_EQ(r.status, 502);
}

TEST_F(GatewayUpstreamTest, MalformedUpstreamJsonIs502) {
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("openai/gpt+malformed-json", "hi"));
    EXPECT_EQ(r.status, 502);
    EXPECT_EQ(jsonOf(r.body).value("error").toObject().value("code").toString(),
              "upstream_protocol_error");
}

TEST_F(GatewayUpstreamTest, StreamCutMidwayEndsWithAnErrorEvent) {
    const auto r = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        chatBody("openai/gpt+reset-mid-stream+stream-events-6-every-20", "hi", true));
    ASSERT_EQ(r.status, 200);
    const auto events = sseData(r.body);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_TRUE(jsonOf(events.last()).contains("error")) << events.last().toStdString();
}

TEST_F(GatewayUpstreamTest, ClientLeavingMidStreamCancelsTheUpstreamRequest) {
    {
        TestHttpClient client;
        ASSERT_TRUE(client.connectTo(gateway.port()));
        ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
            "POST", "/v1/chat/completions", chatBody("openai/gpt+drip-50", "hi", true))));
        TestHttpResponse head;
        ASSERT_TRUE(client.readHead(&head));
        EXPECT_EQ(head.status, 200);
        EXPECT_EQ(client.readBodyPiece().kind, TestBodyPiece::Kind::Data);
    }  // the client disconnects here
    for (int i = 0; i < 100 && upstream.abandonedCount() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(upstream.abandonedCount(), 1);
}
