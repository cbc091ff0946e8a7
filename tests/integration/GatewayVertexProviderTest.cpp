// A vertex provider configured as Bifrost writes it (vertex_key_config with
// project_id, region and the service account's JSON), end to end over real
// HTTP with a FakeVertex that checks the service-account JWT's RS256
// signature and claims, issues short-lived tokens and wants one on every
// model call: Gemini and Claude models from chat, Gemini, Anthropic and
// Responses clients, tool calls, the token cache and its refresh under load,
// and a refused token exchange.
#include "ClientToolTrips.h"
#include "FakeUpstream.h"
#include "FakeVertex.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "StreamAccumulators.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <atomic>
#include <thread>
#include <utility>
#include <vector>

using namespace gatehouse;
using gatehouse::test::FakeVertex;
using gatehouse::test::json;

namespace {

QByteArray vertexConfig(const QString &baseUrl, const QByteArray &serviceAccount) {
    const QJsonObject key{{"value", ""},
                          {"models", QJsonArray{"*"}},
                          {"vertex_key_config",
                           QJsonObject{{"project_id", FakeVertex::kProject},
                                       {"region", FakeVertex::kRegion},
                                       {"auth_credentials", QString::fromUtf8(serviceAccount)}}}};
    const QJsonObject network{{"base_url", baseUrl}, {"default_request_timeout_in_seconds", 10}};
    const QJsonObject providers{
        {"mock", QJsonObject{{"keys", QJsonArray{}}}},
        {"vertex", QJsonObject{{"keys", QJsonArray{key}}, {"network_config", network}}},
    };
    return QJsonDocument(QJsonObject{{"providers", providers}}).toJson(QJsonDocument::Compact);
}

class GatewayVertexProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        account = FakeVertex::serviceAccountJson(upstream.baseUrl() + "/token");
        ASSERT_FALSE(account.isEmpty());
    }
    void startGateway() {
        QString error;
        ASSERT_TRUE(gateway.start(vertexConfig(upstream.baseUrl(), account), &error))
            << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &path, const QByteArray &body,
                          const HttpHeaders &headers = {}) {
        return TestHttpClient::post(gateway.port(), path, body, headers, 20000);
    }
    TestHttpResponse post(const QByteArray &path, const QJsonObject &body) {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    FakeRecordedRequest sent() const { return upstream.requests().constLast(); }
    QByteArray modelPath(const QByteArray &publisher, const QByteArray &modelAndMethod) const {
        return "/v1/projects/gatehouse-test/locations/us-east5/publishers/" + publisher +
               "/models/" + modelAndMethod;
    }

    FakeUpstream upstream;
    FakeVertex vertex{&upstream};
    QByteArray account;
    GatewayHarness gateway;
};

const QJsonObject kWeatherTool = json(R"({"type":"function","function":{
    "name":"get_weather","parameters":{"type":"object",
    "properties":{"location":{"type":"string"}}}}})");

const QJsonObject answerOf(const QByteArray &body) {
    return jsonOf(body);
}

QJsonObject chatRequest(const QString &model, bool stream, const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body.insert("model", model);
    if (!body.contains("messages"))
        body.insert("messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}});
    if (stream) body.insert("stream", true);
    return body;
}

TEST_F(GatewayVertexProviderTest, ChatToGeminiModelPlainAndStreamedWithOneTokenExchange) {
    startGateway();
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.path, modelPath("google", "gemini-fake:generateContent"));
    EXPECT_TRUE(s.headers.value("Authorization").startsWith("Bearer ya29.fake-"));
    EXPECT_FALSE(s.headers.contains("x-goog-api-key"));
    EXPECT_TRUE(jsonOf(s.body).contains("contents")) << s.body.toStdString();

    const TestHttpResponse streamed =
        post("/v1/chat/completions", chatRequest("vertex/gemini-fake", true));
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    EXPECT_EQ(streamedText(streamed.body), "echo: hello");
    EXPECT_EQ(sent().path, modelPath("google", "gemini-fake:streamGenerateContent"));
    EXPECT_EQ(sent().query, "alt=sse");
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false)).status,
                  200);
    EXPECT_EQ(vertex.tokenExchanges(), 1);  // the token is cached
    EXPECT_EQ(vertex.rejectedRequests(), 0);
}

TEST_F(GatewayVertexProviderTest, ChatToClaudeModelPlainAndStreamed) {
    startGateway();
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("vertex/claude-fake", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.path, modelPath("anthropic", "claude-fake:rawPredict"));
    const QJsonObject body = jsonOf(s.body);
    EXPECT_EQ(body["anthropic_version"], "vertex-2023-10-16");
    EXPECT_FALSE(body.contains("model"));

    const TestHttpResponse streamed =
        post("/v1/chat/completions", chatRequest("vertex/claude-fake", true));
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    EXPECT_EQ(streamedText(streamed.body), "echo: hello");
    EXPECT_EQ(sent().path, modelPath("anthropic", "claude-fake:streamRawPredict"));
}

TEST_F(GatewayVertexProviderTest, ToolCallRoundTripOnGeminiAndClaude) {
    startGateway();
    for (const QString model : {"vertex/gemini-fake-tool", "vertex/claude-fake-tool"}) {
        const QJsonObject first =
            chatRequest(model, false, QJsonObject{{"tools", QJsonArray{kWeatherTool}}});
        const TestHttpResponse r = post("/v1/chat/completions", first);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        const QJsonObject message = answerOf(r.body)["choices"][0]["message"].toObject();
        const QJsonObject call = message["tool_calls"][0].toObject();
        EXPECT_EQ(call["function"]["name"], "get_weather") << r.body.toStdString();
        QJsonArray messages = first["messages"].toArray();
        messages.append(message);
        messages.append(
            QJsonObject{{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "22 C"}});
        QJsonObject second = first;
        second["messages"] = messages;
        const TestHttpResponse r2 = post("/v1/chat/completions", second);
        ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
        EXPECT_TRUE(sent().body.contains("22 C")) << sent().body.toStdString();
    }
}

TEST_F(GatewayVertexProviderTest, GeminiClientToGeminiModelGoesAsItsBytes) {
    startGateway();
    const QByteArray ask = R"({"contents":[{"role":"user","parts":[{"text":"hello"}]}]})";
    const TestHttpResponse plain =
        post("/genai/v1beta/models/vertex/gemini-fake:generateContent", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(sent().body, ask);
    EXPECT_EQ(sent().path, modelPath("google", "gemini-fake:generateContent"));
    EXPECT_TRUE(plain.body.contains("echo: hello")) << plain.body.toStdString();
}

TEST_F(GatewayVertexProviderTest, AnthropicClientStreamedToClaudeModel) {
    startGateway();
    const QJsonObject ask{
        {"model", "vertex/claude-fake"},
        {"max_tokens", 100},
        {"stream", true},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    HttpHeaders beta;
    beta.add("anthropic-beta", "tools-2024-04-04");
    const TestHttpResponse streamed =
        post("/anthropic/v1/messages", QJsonDocument(ask).toJson(QJsonDocument::Compact), beta);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::AnthropicAccumulator acc;
    acc.apply(parseSseEvents(streamed.body));
    EXPECT_TRUE(acc.stopped()) << streamed.body.toStdString();
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.path, modelPath("anthropic", "claude-fake:streamRawPredict"));
    EXPECT_EQ(s.headers.value("anthropic-beta"), "tools-2024-04-04");
    const QJsonObject body = jsonOf(s.body);
    EXPECT_EQ(body["anthropic_version"], "vertex-2023-10-16");
    EXPECT_FALSE(body.contains("model"));
    EXPECT_EQ(body["max_tokens"], 100);
}

// Claude Code's body reaches Vertex as its own bytes: thinking, cache_control
// marks, key order and numbers as sent; only the model moves to the URL.
TEST_F(GatewayVertexProviderTest, AnthropicClientBodyGoesAsItsBytes) {
    startGateway();
    const QByteArray tail =
        R"("max_tokens" : 100, "temperature": 1.0000000000000001, "thinking":{"type":"enabled",)"
        R"("budget_tokens":1024}, "system":[{"type":"text","text":"sys","cache_control":)"
        R"({"type":"ephemeral"}}], "messages":[{"role":"user","content":"hello"}]})";
    const TestHttpResponse r =
        post("/anthropic/v1/messages", R"({"model" : "vertex/claude-fake", )" + tail);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().path, modelPath("anthropic", "claude-fake:rawPredict"));
    EXPECT_EQ(sent().body, R"({"anthropic_version":"vertex-2023-10-16",)" + tail);
}

TEST_F(GatewayVertexProviderTest, ResponsesClient) {
    startGateway();
    const TestHttpResponse plain =
        post("/v1/responses", QJsonObject{{"model", "vertex/gemini-fake"}, {"input", "hello"}});
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["output"][0]["content"][0]["text"], "echo: hello")
        << plain.body.toStdString();
    const TestHttpResponse claude =
        post("/v1/responses", QJsonObject{{"model", "vertex/claude-fake"}, {"input", "hello"}});
    ASSERT_EQ(claude.status, 200) << claude.body.toStdString();
    EXPECT_EQ(sent().path, modelPath("anthropic", "claude-fake:rawPredict"));
}

TEST_F(GatewayVertexProviderTest, TokenRefreshedBeforeExpiryUnderLoad) {
    // Tokens live 4 s: the cache refreshes them in the second half of their
    // life, while requests keep coming from several threads at once.
    vertex.setTokenLifetimeSeconds(4);
    startGateway();
    std::atomic<int> failures{0};
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c)
        clients.emplace_back([&] {
            while (!stop.load()) {
                const TestHttpResponse r =
                    TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                         QJsonDocument(chatRequest("vertex/gemini-fake", false))
                                             .toJson(QJsonDocument::Compact),
                                         {}, 20000);
                if (r.status != 200) ++failures;
                ++done;
            }
        });
    // Run across at least two refreshes (three tokens).
    QElapsedTimer waited;
    waited.start();
    while (vertex.tokenExchanges() < 3 && waited.elapsed() < 60000)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop = true;
    for (auto &t : clients) t.join();
    EXPECT_GE(vertex.tokenExchanges(), 3);
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(vertex.rejectedRequests(), 0);
    // One exchange per refresh, not one per waiting request.
    EXPECT_LT(vertex.tokenExchanges() * 10, done.load() + 30);
}

TEST_F(GatewayVertexProviderTest, ClientLeavingWhileTheTokenIsOnItsWayIsSafe) {
    vertex.setTokenDelayMs(600);
    startGateway();
    // These clients give up before the token arrives: their calls are
    // cancelled while they wait for it.
    for (int i = 0; i < 3; ++i)
        EXPECT_NE(TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                       QJsonDocument(chatRequest("vertex/gemini-fake", false))
                                           .toJson(QJsonDocument::Compact),
                                       {}, 100)
                      .status,
                  200);
    vertex.setTokenDelayMs(0);
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    EXPECT_EQ(vertex.rejectedRequests(), 0);
}

TEST_F(GatewayVertexProviderTest, RefusedTokenExchangeIsAClearErrorWithoutSecrets) {
    vertex.setRefuseTokens(true);
    startGateway();
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false));
    EXPECT_EQ(r.status, 401) << r.body.toStdString();
    const QString message = answerOf(r.body)["error"]["message"].toString();
    EXPECT_TRUE(message.contains("gatehouse-test@gatehouse-test.iam.gserviceaccount.com"))
        << message.toStdString();
    EXPECT_TRUE(message.contains("Invalid grant: account not found")) << message.toStdString();
    EXPECT_FALSE(r.body.contains("PRIVATE KEY"));
    EXPECT_FALSE(r.body.contains("eyJ"));  // no JWT
    // No model call was made without a token.
    for (const auto &req : upstream.requests()) EXPECT_EQ(req.path, "/token");
}

TEST_F(GatewayVertexProviderTest, AccessTokenAsTheKeyValueIsUsedAsItIs) {
    // A token the fake issued, given directly as the key.
    startGateway();
    ASSERT_EQ(post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false)).status, 200);
    const QByteArray token = sent().headers.value("Authorization").mid(7);
    gateway.stop();
    const QJsonObject key{{"value", QString::fromUtf8(token)},
                          {"models", QJsonArray{"*"}},
                          {"vertex_key_config", QJsonObject{{"project_id", FakeVertex::kProject},
                                                            {"region", FakeVertex::kRegion}}}};
    const QJsonObject providers{
        {"vertex", QJsonObject{{"keys", QJsonArray{key}},
                               {"network_config", QJsonObject{{"base_url", upstream.baseUrl()}}}}}};
    QString error;
    ASSERT_TRUE(gateway.start(
        QJsonDocument(QJsonObject{{"providers", providers}}).toJson(QJsonDocument::Compact),
        &error))
        << error.toStdString();
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("vertex/gemini-fake", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().headers.value("Authorization"), "Bearer " + token);
    EXPECT_EQ(vertex.tokenExchanges(), 1);
}

}  // namespace

// The whole tool round trip of a Gemini-format client and of a Responses
// client (Codex, the Agents SDK), plain and streamed: the model's call reaches
// the client in its own format, the client's result reaches the model.
TEST_F(GatewayVertexProviderTest, GeminiAndResponsesClientsToolRoundTrips) {
    startGateway();
    for (bool stream : {false, true}) {
        for (const auto &trip :
             {test::geminiToolTrip(gateway.port(), "vertex/claude-fake-agent", stream),
              test::responsesToolTrip(gateway.port(), "vertex/claude-fake-agent", stream)}) {
            ASSERT_EQ(trip.problem.toStdString(), "")
                << "vertex/claude-fake-agent stream=" << stream;
            EXPECT_EQ(trip.toolName, "get_weather");
            EXPECT_EQ(trip.arguments["location"], "Paris");
            EXPECT_TRUE(trip.finalText.startsWith("Tool get_weather returned: "))
                << trip.finalText.toStdString();
            EXPECT_TRUE(trip.finalText.contains("22 C")) << trip.finalText.toStdString();
        }
    }
    for (bool stream : {false, true}) {
        for (const auto &trip :
             {test::geminiToolTrip(gateway.port(), "vertex/fake-agent", stream),
              test::responsesToolTrip(gateway.port(), "vertex/fake-agent", stream)}) {
            ASSERT_EQ(trip.problem.toStdString(), "") << "vertex/fake-agent stream=" << stream;
            EXPECT_EQ(trip.toolName, "get_weather");
            EXPECT_EQ(trip.arguments["location"], "Paris");
            EXPECT_TRUE(trip.finalText.startsWith("Tool get_weather returned: "))
                << trip.finalText.toStdString();
            EXPECT_TRUE(trip.finalText.contains("22 C")) << trip.finalText.toStdString();
        }
    }
}
