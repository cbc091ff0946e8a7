// Azure OpenAI providers configured as Bifrost writes them (azure_key_config
// with endpoint, deployments, api_version), end to end over real HTTP with a
// FakeUpstream that wants api-key (or an Entra ID bearer token) and an
// api-version: each client format, plain and streamed, with a tool call and
// its follow-up turn; the deployment path, the v1 path, Responses requests
// to Azure's Responses API as they are.
#include "ClientToolTrips.h"
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "StreamAccumulators.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <utility>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

class GatewayAzureProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        QString error;
        ASSERT_TRUE(gateway.start(test::fakeAzureConfig(upstream.baseUrl()), &error))
            << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &path, const QByteArray &body) {
        return TestHttpClient::post(gateway.port(), path, body, {}, 20000);
    }
    TestHttpResponse post(const QByteArray &path, const QJsonObject &body) {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    FakeRecordedRequest sent() const { return upstream.requests().constLast(); }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

const QJsonObject answerOf(const QByteArray &body) {
    return jsonOf(body);
}

const QJsonObject kWeatherTool = json(R"({"type":"function","function":{
    "name":"get_weather","parameters":{"type":"object",
    "properties":{"location":{"type":"string"}}}}})");

QJsonObject chatRequest(const QString &model, bool stream, const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body.insert("model", model);
    if (!body.contains("messages"))
        body.insert("messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}});
    if (stream) body.insert("stream", true);
    return body;
}

QList<QJsonObject> chunksOf(const QByteArray &body) {
    QList<QJsonObject> chunks;
    for (const QByteArray &data : sseData(body))
        if (data != "[DONE]") chunks << QJsonDocument::fromJson(data).object();
    return chunks;
}

TEST_F(GatewayAzureProviderTest, ChatGoesToTheModelsDeploymentWithApiKeyAndVersion) {
    const QByteArray body =
        R"({"model":"azure/gpt-4o","messages":[{"role":"user","content":"hello"}]})";
    const TestHttpResponse r = post("/v1/chat/completions", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.path, "/openai/deployments/dep-gpt4o/chat/completions");
    EXPECT_EQ(s.query, "api-version=2024-10-21");
    EXPECT_EQ(s.headers.value("api-key"), "az-test");
    EXPECT_FALSE(s.headers.contains("Authorization"));
    // The client's bytes, the deployment as the model.
    EXPECT_EQ(s.body, R"({"model":"dep-gpt4o","messages":[{"role":"user","content":"hello"}]})");
    EXPECT_EQ(answerText(r.body), "echo: hello");
}

TEST_F(GatewayAzureProviderTest, StreamedChatAndToolCallRoundTrip) {
    const TestHttpResponse s = post("/v1/chat/completions", chatRequest("azure/gpt-4o", true));
    ASSERT_EQ(s.status, 200) << s.body.toStdString();
    EXPECT_EQ(streamedText(s.body), "echo: hello");

    const QJsonObject first =
        chatRequest("azure/fake-tool", false, QJsonObject{{"tools", QJsonArray{kWeatherTool}}});
    const TestHttpResponse r = post("/v1/chat/completions", first);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().path, "/openai/deployments/fake-tool/chat/completions");
    const QJsonObject message = answerOf(r.body)["choices"][0]["message"].toObject();
    const QJsonObject call = message["tool_calls"][0].toObject();
    EXPECT_EQ(call["function"]["name"], "get_weather") << r.body.toStdString();
    QJsonArray messages = first["messages"].toArray();
    messages.append(message);
    messages.append(
        QJsonObject{{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "22 C"}});
    QJsonObject second = first;
    second["model"] = "azure/gpt-4o";
    second["messages"] = messages;
    const TestHttpResponse r2 = post("/v1/chat/completions", second);
    ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
    EXPECT_EQ(jsonOf(sent().body)["messages"][2]["content"], "22 C");

    const TestHttpResponse streamedTool = post(
        "/v1/chat/completions",
        chatRequest("azure/fake-tool", true, QJsonObject{{"tools", QJsonArray{kWeatherTool}}}));
    test::ChatAccumulator acc;
    acc.apply(chunksOf(streamedTool.body));
    ASSERT_EQ(acc.toolCalls.size(), 1) << streamedTool.body.toStdString();
    EXPECT_EQ(acc.toolCalls[0].name, "get_weather");
}

TEST_F(GatewayAzureProviderTest, V1PathNamesTheDeploymentInTheBody) {
    const TestHttpResponse r = post("/v1/chat/completions", chatRequest("azure-v1/gpt-4o", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().path, "/openai/v1/chat/completions");
    EXPECT_TRUE(sent().query.isEmpty()) << sent().query.toStdString();
    EXPECT_EQ(jsonOf(sent().body)["model"], "gpt-4o");
    EXPECT_EQ(answerText(r.body), "echo: hello");
}

TEST_F(GatewayAzureProviderTest, EntraTokenGoesAsBearer) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("azure-entra/gpt-4o", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().headers.value("Authorization"), QByteArray("Bearer ") + test::kFakeEntraToken);
    EXPECT_FALSE(sent().headers.contains("api-key"));
    EXPECT_EQ(sent().query, "api-version=2024-10-21");  // the default version
}

TEST_F(GatewayAzureProviderTest, WithoutAKeyAzureRefusesAndSaysWhy) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("azure-nokey/gpt-4o", false));
    EXPECT_EQ(r.status, 401) << r.body.toStdString();
    EXPECT_TRUE(answerOf(r.body)["error"]["message"].toString().contains("subscription key"))
        << r.body.toStdString();
}

TEST_F(GatewayAzureProviderTest, ResponsesRequestGoesToAzuresResponsesApiAsItIs) {
    const QByteArray body = R"({"model":"azure/gpt-4o","input":"hello","store":false})";
    const TestHttpResponse r = post("/v1/responses", body);
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.path, "/openai/responses");
    EXPECT_EQ(s.query, "api-version=2025-04-01-preview");
    EXPECT_EQ(s.headers.value("api-key"), "az-test");
    EXPECT_EQ(s.body, R"({"model":"dep-gpt4o","input":"hello","store":false})");
    // Azure's answer reaches the client as it is.
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = answerOf(r.body);
    EXPECT_EQ(answer["object"].toString(), "response");
    EXPECT_EQ(answer["output"][0]["content"][0]["text"].toString(), "echo: hello");

    const TestHttpResponse v1 =
        post("/v1/responses", QByteArray(R"({"model":"azure-v1/gpt-4o","input":"hello"})"));
    EXPECT_EQ(sent().path, "/openai/v1/responses");
    EXPECT_EQ(v1.status, 200) << v1.body.toStdString();
}

TEST_F(GatewayAzureProviderTest, StreamedResponsesRequestIsAzuresOwnStream) {
    const TestHttpResponse r = post(
        "/v1/responses", QByteArray(R"({"model":"azure/gpt-4o","input":"hello","stream":true})"));
    EXPECT_EQ(sent().path, "/openai/responses");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("event: response.created")) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("event: response.output_text.delta")) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("event: response.completed")) << r.body.toStdString();
}

TEST_F(GatewayAzureProviderTest, AnthropicClientPlainStreamedAndToolCall) {
    const QJsonObject tool{{"name", "get_weather"},
                           {"input_schema", kWeatherTool["function"]["parameters"]}};
    const QJsonObject ask{
        {"model", "azure/fake-tool"},
        {"max_tokens", 100},
        {"tools", QJsonArray{tool}},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse plain = post("/anthropic/v1/messages", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["stop_reason"], "tool_use") << plain.body.toStdString();
    EXPECT_EQ(sent().path, "/openai/deployments/fake-tool/chat/completions");

    QJsonObject streamedAsk = ask;
    streamedAsk["stream"] = true;
    const TestHttpResponse streamed = post("/anthropic/v1/messages", streamedAsk);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::AnthropicAccumulator acc;
    acc.apply(parseSseEvents(streamed.body));
    EXPECT_TRUE(acc.stopped());
    EXPECT_EQ(std::as_const(acc.message())["stop_reason"], "tool_use")
        << streamed.body.toStdString();
}

TEST_F(GatewayAzureProviderTest, GeminiClientPlainAndStreamed) {
    const QByteArray ask = R"({"contents":[{"role":"user","parts":[{"text":"hello"}]}]})";
    const TestHttpResponse plain = post("/genai/v1beta/models/azure/gpt-4o:generateContent", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["candidates"][0]["content"]["parts"][0]["text"], "echo: hello");
    EXPECT_EQ(sent().path, "/openai/deployments/dep-gpt4o/chat/completions");

    const TestHttpResponse streamed =
        post("/genai/v1beta/models/azure/gpt-4o:streamGenerateContent?alt=sse", ask);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    QString text;
    for (const SseEvent &e : parseSseEvents(streamed.body)) {
        const QJsonObject a = QJsonDocument::fromJson(e.data).object();
        for (const QJsonValue &p : a["candidates"][0]["content"]["parts"].toArray())
            text += p["text"].toString();
    }
    EXPECT_EQ(text, "echo: hello");
}

}  // namespace

// The whole tool round trip of a Gemini-format client and of a Responses
// client (Codex, the Agents SDK), plain and streamed: the model's call reaches
// the client in its own format, the client's result reaches the model.
TEST_F(GatewayAzureProviderTest, GeminiAndResponsesClientsToolRoundTrips) {
    for (bool stream : {false, true}) {
        for (const auto &trip :
             {test::geminiToolTrip(gateway.port(), "azure/fake-agent", stream),
              test::responsesToolTrip(gateway.port(), "azure/fake-agent", stream)}) {
            ASSERT_EQ(trip.problem.toStdString(), "") << "azure/fake-agent stream=" << stream;
            EXPECT_EQ(trip.toolName, "get_weather");
            EXPECT_EQ(trip.arguments["location"], "Paris");
            EXPECT_TRUE(trip.finalText.startsWith("Tool get_weather returned: "))
                << trip.finalText.toStdString();
            EXPECT_TRUE(trip.finalText.contains("22 C")) << trip.finalText.toStdString();
        }
    }
}
