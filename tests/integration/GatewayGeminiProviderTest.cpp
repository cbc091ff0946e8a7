// A gemini provider (Google's Gemini API, here a FakeUpstream that wants
// its key in x-goog-api-key) end to end over real HTTP, from each format a
// client speaks: chat completions, Responses, Anthropic Messages and the
// Gemini API itself (passed through byte for byte), plain and streamed,
// with a tool call and its follow-up turn, usage with cached and reasoning
// tokens, and Google's errors in each client's shape.
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

class GatewayGeminiProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        QString error;
        ASSERT_TRUE(gateway.start(test::fakeGeminiConfig(upstream.baseUrl()), &error))
            << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &path, const QByteArray &body,
                          const HttpHeaders &headers = {}) {
        return TestHttpClient::post(gateway.port(), path, body, headers, 20000);
    }
    TestHttpResponse post(const QByteArray &path, const QJsonObject &body) {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    // What the gateway sent to Google, parsed.
    QJsonObject sentBody() const { return jsonOf(upstream.lastRequestBody()); }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

const QJsonObject kWeatherTool = json(R"({"type":"function","function":{
    "name":"get_weather","description":"Weather in a city",
    "parameters":{"type":"object","properties":{"location":{"type":"string"}},
                  "required":["location"]}}})");

QJsonObject chatRequest(const QString &model, bool stream, const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body.insert("model", model);
    if (!body.contains("messages"))
        body.insert("messages",
                    QJsonArray{QJsonObject{{"role", "system"}, {"content", "Be brief."}},
                               QJsonObject{{"role", "user"}, {"content", "hello"}}});
    if (stream) body.insert("stream", true);
    return body;
}

// Const, so that ["a"]["b"] reads instead of inserting.
const QJsonObject answerOf(const QByteArray &body) {
    return jsonOf(body);
}

QList<QJsonObject> chunksOf(const QByteArray &body) {
    QList<QJsonObject> chunks;
    for (const QByteArray &data : sseData(body))
        if (data != "[DONE]") chunks << QJsonDocument::fromJson(data).object();
    return chunks;
}

// ---- chat completions -------------------------------------------------------

TEST_F(GatewayGeminiProviderTest, ChatCompletionReachesGenerateContentWithItsKey) {
    const TestHttpResponse r =
        post("/v1/chat/completions",
             chatRequest("gemini/fake-thinking-cached", false,
                         QJsonObject{{"temperature", 0.5}, {"max_tokens", 100}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/fake-thinking-cached:generateContent");
    const HttpHeaders sent = upstream.lastRequestHeaders();
    EXPECT_EQ(sent.value("x-goog-api-key"), "gm-test");
    EXPECT_FALSE(sent.contains("Authorization"));
    const QJsonObject body = sentBody();
    EXPECT_EQ(body["systemInstruction"]["parts"][0]["text"], "Be brief.");
    EXPECT_EQ(body["contents"][0]["role"], "user");
    EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "hello");
    EXPECT_EQ(body["generationConfig"]["temperature"], 0.5);
    EXPECT_EQ(body["generationConfig"]["maxOutputTokens"], 100);
    EXPECT_FALSE(body.contains("model"));

    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(answer["object"], "chat.completion");
    EXPECT_EQ(answer["choices"][0]["message"]["content"], "echo: hello");
    EXPECT_EQ(answer["choices"][0]["message"]["reasoning_content"], "Thinking it over.");
    EXPECT_EQ(answer["choices"][0]["finish_reason"], "stop");
    const QJsonObject usage = answer["usage"].toObject();
    // The fake counts words: "Be brief. hello" is 3, "echo: hello" 2, thoughts 7.
    EXPECT_EQ(usage["prompt_tokens"], 3) << r.body.toStdString();
    EXPECT_EQ(usage["completion_tokens"], 9) << r.body.toStdString();
    EXPECT_EQ(usage["total_tokens"], 12) << r.body.toStdString();
    EXPECT_EQ(usage["completion_tokens_details"]["reasoning_tokens"], 7);
    EXPECT_EQ(usage["prompt_tokens_details"]["cached_tokens"], 1);
}

TEST_F(GatewayGeminiProviderTest, StreamedChatCompletionComesFromTheSseStream) {
    const TestHttpResponse r =
        post("/v1/chat/completions",
             chatRequest("gemini/fake-thinking+stream-events-4-every-0", true,
                         QJsonObject{{"stream_options", QJsonObject{{"include_usage", true}}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(),
              "/v1beta/models/fake-thinking+stream-events-4-every-0:streamGenerateContent");
    EXPECT_TRUE(r.body.trimmed().endsWith("data: [DONE]")) << r.body.toStdString();
    test::ChatAccumulator acc;
    acc.apply(chunksOf(r.body));
    EXPECT_EQ(acc.content, "echo: hello");
    EXPECT_EQ(acc.reasoning, "Thinking it over.");
    EXPECT_EQ(acc.finishReason, "stop");
    EXPECT_EQ(std::as_const(acc.usage)["completion_tokens_details"]["reasoning_tokens"], 7)
        << r.body.toStdString();
    EXPECT_EQ(std::as_const(acc.usage)["prompt_tokens"], 3);
}

TEST_F(GatewayGeminiProviderTest, ChatToolCallRoundTrip) {
    const QJsonObject first =
        chatRequest("gemini/fake-tool", false,
                    QJsonObject{{"tools", QJsonArray{kWeatherTool}}, {"tool_choice", "required"}});
    const TestHttpResponse r = post("/v1/chat/completions", first);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = sentBody();
    const QJsonObject decl = sent["tools"][0]["functionDeclarations"][0].toObject();
    EXPECT_EQ(decl["name"], "get_weather");
    EXPECT_EQ(decl["parametersJsonSchema"], kWeatherTool["function"]["parameters"]);
    EXPECT_EQ(sent["toolConfig"]["functionCallingConfig"]["mode"], "ANY");

    const QJsonObject message = answerOf(r.body)["choices"][0]["message"].toObject();
    EXPECT_EQ(answerOf(r.body)["choices"][0]["finish_reason"], "tool_calls");
    const QJsonObject call = message["tool_calls"][0].toObject();
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
    const QString id = call["id"].toString();
    ASSERT_FALSE(id.isEmpty());

    // The follow-up: the call and its result go back as functionCall / functionResponse.
    QJsonArray messages = first["messages"].toArray();
    messages.append(message);
    messages.append(QJsonObject{{"role", "tool"}, {"tool_call_id", id}, {"content", "22 C"}});
    QJsonObject second = first;
    second["model"] = "gemini/fake";
    second["messages"] = messages;
    second.remove("tool_choice");
    const TestHttpResponse r2 = post("/v1/chat/completions", second);
    ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
    const QJsonArray contents = sentBody()["contents"].toArray();
    ASSERT_EQ(contents.size(), 3) << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(contents[1]["role"], "model");
    EXPECT_EQ(contents[1]["parts"][1]["functionCall"]["name"], "get_weather");
    EXPECT_EQ(contents[1]["parts"][1]["functionCall"]["args"]["location"], "Paris");
    EXPECT_EQ(contents[2]["role"], "user");
    const QJsonObject response = contents[2]["parts"][0]["functionResponse"].toObject();
    EXPECT_EQ(response["name"], "get_weather");
    EXPECT_EQ(response["id"], id);
    EXPECT_EQ(response["response"]["output"], "22 C");
    EXPECT_EQ(answerText(r2.body), "echo: hello");
}

TEST_F(GatewayGeminiProviderTest, StreamedChatToolCall) {
    const TestHttpResponse r = post(
        "/v1/chat/completions",
        chatRequest("gemini/fake-tool", true, QJsonObject{{"tools", QJsonArray{kWeatherTool}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    test::ChatAccumulator acc;
    acc.apply(chunksOf(r.body));
    ASSERT_EQ(acc.toolCalls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(acc.toolCalls[0].name, "get_weather");
    EXPECT_FALSE(acc.toolCalls[0].id.isEmpty());
    EXPECT_EQ(json(acc.toolCalls[0].arguments.toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
    EXPECT_EQ(acc.finishReason, "tool_calls");
}

// ---- errors and authentication ----------------------------------------------

TEST_F(GatewayGeminiProviderTest, GooglesErrorMessageReachesTheClient) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("gemini/fake+status-400", false));
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    EXPECT_EQ(answerOf(r.body)["error"]["message"], "Fake upstream error 400")
        << r.body.toStdString();

    const TestHttpResponse g =
        post("/genai/v1beta/models/gemini/fake+status-400:generateContent",
             QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})"));
    EXPECT_EQ(g.status, 400) << g.body.toStdString();
    EXPECT_EQ(answerOf(g.body)["error"]["status"], "INVALID_ARGUMENT") << g.body.toStdString();
    EXPECT_EQ(answerOf(g.body)["error"]["message"], "Fake upstream error 400");
}

TEST_F(GatewayGeminiProviderTest, WithoutAKeyGoogleRefusesAndSaysWhy) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("gemini-nokey/fake", false));
    EXPECT_EQ(r.status, 403) << r.body.toStdString();
    EXPECT_TRUE(answerOf(r.body)["error"]["message"].toString().contains("x-goog-api-key"))
        << r.body.toStdString();
    EXPECT_FALSE(upstream.lastRequestHeaders().contains("x-goog-api-key"));
}

// ---- Responses and Anthropic Messages clients -------------------------------

TEST_F(GatewayGeminiProviderTest, ResponsesClientPlainStreamedAndToolCall) {
    const TestHttpResponse plain =
        post("/v1/responses", QJsonObject{{"model", "gemini/fake"}, {"input", "hello"}});
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["output"][0]["content"][0]["text"], "echo: hello")
        << plain.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/fake:generateContent");

    const TestHttpResponse streamed =
        post("/v1/responses",
             QJsonObject{{"model", "gemini/fake"}, {"input", "hello"}, {"stream", true}});
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    EXPECT_TRUE(streamed.body.contains("event: response.completed")) << streamed.body.toStdString();
    QString text;
    for (const auto &[name, data] : sseEvents(streamed.body))
        if (name == "response.output_text.delta") text += jsonOf(data)["delta"].toString();
    EXPECT_EQ(text, "echo: hello");

    const QJsonObject tool{{"type", "function"},
                           {"name", "get_weather"},
                           {"parameters", kWeatherTool["function"]["parameters"]}};
    const TestHttpResponse called = post("/v1/responses", QJsonObject{{"model", "gemini/fake-tool"},
                                                                      {"input", "weather?"},
                                                                      {"tools", QJsonArray{tool}}});
    ASSERT_EQ(called.status, 200) << called.body.toStdString();
    QJsonObject call;
    for (const QJsonValue &item : answerOf(called.body)["output"].toArray())
        if (item["type"] == "function_call") call = item.toObject();
    EXPECT_EQ(call["name"], "get_weather") << called.body.toStdString();
    const QString callId = call["call_id"].toString();
    ASSERT_FALSE(callId.isEmpty());

    const TestHttpResponse followUp =
        post("/v1/responses",
             QJsonObject{
                 {"model", "gemini/fake"},
                 {"tools", QJsonArray{tool}},
                 {"input", QJsonArray{QJsonObject{{"role", "user"}, {"content", "weather?"}}, call,
                                      QJsonObject{{"type", "function_call_output"},
                                                  {"call_id", callId},
                                                  {"output", "22 C"}}}}});
    ASSERT_EQ(followUp.status, 200) << followUp.body.toStdString();
    const QJsonArray contents = sentBody()["contents"].toArray();
    EXPECT_EQ(contents.last()["parts"][0]["functionResponse"]["name"], "get_weather")
        << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(contents.last()["parts"][0]["functionResponse"]["response"]["output"], "22 C");
}

TEST_F(GatewayGeminiProviderTest, AnthropicClientPlainStreamedAndToolCall) {
    const QJsonObject tool{{"name", "get_weather"},
                           {"input_schema", kWeatherTool["function"]["parameters"]}};
    const QJsonObject ask{
        {"model", "gemini/fake-tool"},
        {"max_tokens", 100},
        {"tools", QJsonArray{tool}},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse plain = post("/anthropic/v1/messages", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    const QJsonObject message = jsonOf(plain.body);
    EXPECT_EQ(message["stop_reason"], "tool_use") << plain.body.toStdString();
    QJsonObject toolUse;
    for (const QJsonValue &block : message["content"].toArray())
        if (block["type"] == "tool_use") toolUse = block.toObject();
    EXPECT_EQ(toolUse["name"], "get_weather");
    EXPECT_EQ(std::as_const(toolUse)["input"]["location"], "Paris");

    QJsonObject streamedAsk = ask;
    streamedAsk["stream"] = true;
    const TestHttpResponse streamed = post("/anthropic/v1/messages", streamedAsk);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::AnthropicAccumulator acc;
    acc.apply(parseSseEvents(streamed.body));
    EXPECT_TRUE(acc.stopped()) << streamed.body.toStdString();
    EXPECT_EQ(acc.message()["stop_reason"], "tool_use");
    bool sawTool = false;
    for (const QJsonValue &block : acc.message()["content"].toArray())
        if (block["type"] == "tool_use") sawTool = block["name"] == "get_weather";
    EXPECT_TRUE(sawTool) << streamed.body.toStdString();

    // The result goes back to Gemini as the function's response.
    QJsonObject followUp = ask;
    followUp["model"] = "gemini/fake";
    followUp["messages"] =
        QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}},
                   QJsonObject{{"role", "assistant"}, {"content", QJsonArray{toolUse}}},
                   QJsonObject{{"role", "user"},
                               {"content", QJsonArray{QJsonObject{{"type", "tool_result"},
                                                                  {"tool_use_id", toolUse["id"]},
                                                                  {"content", "22 C"}}}}}};
    const TestHttpResponse r3 = post("/anthropic/v1/messages", followUp);
    ASSERT_EQ(r3.status, 200) << r3.body.toStdString();
    const QJsonArray contents = sentBody()["contents"].toArray();
    EXPECT_EQ(contents.last()["parts"][0]["functionResponse"]["name"], "get_weather")
        << upstream.lastRequestBody().toStdString();
}

// ---- Gemini clients: the client's own bytes ---------------------------------

// Odd spacing, key order and a number written as 0.50: only a byte-for-byte
// copy keeps them.
const QByteArray kGeminiBody =
    R"({ "generationConfig": {"temperature": 0.50},
  "contents": [ {"role":"user", "parts":[{"text":"hello"}]} ],
  "tools": [{"functionDeclarations": [{"name": "get_weather", "parameters": {"type": "OBJECT",
    "properties": {"location": {"type": "STRING"}}}}]}] })";

TEST_F(GatewayGeminiProviderTest, GeminiRequestPassesThroughByteForByte) {
    const TestHttpResponse r =
        post("/genai/v1beta/models/gemini/fake-tool-cached:generateContent", kGeminiBody);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/fake-tool-cached:generateContent");
    EXPECT_EQ(upstream.lastRequestBody(), kGeminiBody);
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-goog-api-key"), "gm-test");
    const QJsonObject answer = jsonOf(r.body);
    // Google's own answer: its responseId and its function call without an id.
    EXPECT_EQ(answer["responseId"].toString().left(5), "fake_") << r.body.toStdString();
    const QJsonObject call =
        answer["candidates"][0]["content"]["parts"][1]["functionCall"].toObject();
    EXPECT_EQ(call["name"], "get_weather");
    EXPECT_FALSE(call.contains("id"));
    EXPECT_EQ(answer["usageMetadata"]["cachedContentTokenCount"], 1);
}

TEST_F(GatewayGeminiProviderTest, GeminiSseStreamPassesThrough) {
    const TestHttpResponse r = post(
        "/genai/v1beta/models/gemini/"
        "fake-tool+stream-events-3-every-0:streamGenerateContent?alt=sse",
        kGeminiBody);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(), kGeminiBody);
    QString text;
    QJsonObject last;
    for (const SseEvent &e : parseSseEvents(r.body)) {
        last = QJsonDocument::fromJson(e.data).object();
        for (const QJsonValue &p : last["candidates"][0]["content"]["parts"].toArray())
            text += p["text"].toString();
    }
    EXPECT_EQ(text, "echo: hello");
    EXPECT_EQ(last["candidates"][0]["finishReason"], "STOP") << r.body.toStdString();
    EXPECT_EQ(last["candidates"][0]["content"]["parts"][0]["functionCall"]["name"], "get_weather");
}

// Without ?alt=sse the client wants a JSON array: the gateway asks Google for
// events and writes the array itself.
TEST_F(GatewayGeminiProviderTest, GeminiJsonArrayStreamIsTranslated) {
    const TestHttpResponse r =
        post("/genai/v1beta/models/gemini/fake:streamGenerateContent", kGeminiBody);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonArray answers = QJsonDocument::fromJson(r.body).array();
    ASSERT_FALSE(answers.isEmpty()) << r.body.toStdString();
    QString text;
    for (const QJsonValue &a : answers)
        for (const QJsonValue &p : a["candidates"][0]["content"]["parts"].toArray())
            text += p["text"].toString();
    EXPECT_EQ(text, "echo: hello");
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/fake:streamGenerateContent");
}

// A bare Gemini model name goes to the provider named "gemini".
TEST_F(GatewayGeminiProviderTest, BareGeminiModelGoesToTheGeminiProvider) {
    const TestHttpResponse r =
        post("/genai/v1beta/models/gemini-2.5-flash:generateContent", kGeminiBody);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/gemini-2.5-flash:generateContent");
}

}  // namespace
