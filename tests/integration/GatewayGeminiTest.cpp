// The Gemini API under /genai end to end over real HTTP: the mock provider,
// and a FakeUpstream as an OpenAI-compatible and as an Anthropic provider;
// generateContent, streamGenerateContent (SSE with ?alt=sse, one JSON array
// without), tool calls and their follow-up turn, countTokens, the model
// list, and errors in Google's shape.
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::jsonArray;
using gatehouse::test::jsonValue;

namespace {

class GatewayGeminiTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        const QByteArray config = test::fakeProvidersConfig(upstream.baseUrl());
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }

    // POST /genai/v1beta/models/<model>:<method><query>.
    TestHttpResponse call(const QString &model, const QByteArray &body,
                          const QByteArray &method = "generateContent",
                          const QByteArray &query = {}, const HttpHeaders &headers = {}) {
        return TestHttpClient::post(gateway.port(),
                                    "/genai/v1beta/models/" + model.toUtf8() + ':' + method + query,
                                    body, headers, 20000);
    }
    TestHttpResponse call(const QString &model, const QJsonObject &body,
                          const QByteArray &method = "generateContent",
                          const QByteArray &query = {}, const HttpHeaders &headers = {}) {
        return call(model, QJsonDocument(body).toJson(QJsonDocument::Compact), method, query,
                    headers);
    }
    TestHttpResponse streamSse(const QString &model, const QJsonObject &body) {
        return call(model, body, "streamGenerateContent", "?alt=sse");
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

// {"contents":[{"role":"user","parts":[{"text": text}]}]} plus `extra`.
QJsonObject ask(const QString &text, const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body.insert("contents",
                QJsonArray{QJsonObject{{"role", "user"},
                                       {"parts", QJsonArray{QJsonObject{{"text", text}}}}}});
    return body;
}

// The text parts (thoughts aside) of a GenerateContentResponse.
QString textOf(const QJsonObject &answer) {
    QString text;
    for (const QJsonValue &p : answer["candidates"][0]["content"]["parts"].toArray())
        if (!p["thought"].toBool()) text += p["text"].toString();
    return text;
}

QJsonArray functionCalls(const QJsonObject &answer) {
    QJsonArray calls;
    for (const QJsonValue &p : answer["candidates"][0]["content"]["parts"].toArray())
        if (p.toObject().contains("functionCall")) calls.append(p["functionCall"]);
    return calls;
}

// The answers of an ?alt=sse stream: one "data:" event each, no names.
QList<QJsonObject> sseAnswers(const QByteArray &body) {
    QList<QJsonObject> out;
    for (const SseEvent &e : parseSseEvents(body)) {
        EXPECT_TRUE(e.event.isEmpty()) << e.event.toStdString();
        out << QJsonDocument::fromJson(e.data).object();
    }
    return out;
}

QString joinedText(const QList<QJsonObject> &answers) {
    QString text;
    for (const QJsonObject &a : answers) text += textOf(a);
    return text;
}

// What every streamed answer list must satisfy: each answer is a candidate
// of the model's, only the last one has a finishReason.
void expectGeminiStream(const QList<QJsonObject> &answers, const QByteArray &body) {
    ASSERT_FALSE(answers.isEmpty()) << body.toStdString();
    for (qsizetype i = 0; i < answers.size(); ++i) {
        const QJsonObject candidate = answers[i]["candidates"][0].toObject();
        EXPECT_EQ(candidate["content"]["role"], "model") << i << " " << body.toStdString();
        EXPECT_EQ(candidate.contains("finishReason"), i + 1 == answers.size())
            << i << " " << body.toStdString();
    }
}

// A Google error body: {"error":{"code":<status>,"message":...,"status":...}}.
void expectGoogleError(const TestHttpResponse &r, int status, const char *statusName) {
    EXPECT_EQ(r.status, status) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"))
        << r.header("Content-Type").toStdString();
    const QJsonObject body = jsonOf(r.body);
    EXPECT_EQ(body.keys(), QStringList{"error"}) << r.body.toStdString();
    const QJsonObject error = body["error"].toObject();
    EXPECT_EQ(error["code"], status) << r.body.toStdString();
    EXPECT_EQ(error["status"], statusName) << r.body.toStdString();
    EXPECT_FALSE(error["message"].toString().isEmpty()) << r.body.toStdString();
}

// get_weather in Gemini's schema dialect (types in capitals).
const QJsonArray kWeatherTools = jsonArray(R"([{"functionDeclarations":[{
    "name":"get_weather","description":"Current weather",
    "parameters":{"type":"OBJECT","properties":{"location":{"type":"STRING"},
                                                "unit":{"type":"STRING","enum":["celsius","fahrenheit"]}},
                  "required":["location"]}}]}])");

}  // namespace

// ------------------------------------------------------------ mock provider

TEST_F(GatewayGeminiTest, MockEchoGenerateContent) {
    const auto r = call("mock/echo", ask("Hello, Gemini"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"));
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(answer["candidates"][0]["content"]["role"], "model");
    EXPECT_EQ(textOf(answer), "Hello, Gemini");
    EXPECT_EQ(answer["candidates"][0]["finishReason"], "STOP");
    EXPECT_GT(answer["usageMetadata"]["promptTokenCount"].toInt(), 0);
    EXPECT_GT(answer["usageMetadata"]["candidatesTokenCount"].toInt(), 0);
    EXPECT_GT(answer["usageMetadata"]["totalTokenCount"].toInt(), 0);
}

TEST_F(GatewayGeminiTest, V1AndV1alphaServeTheSameEndpoint) {
    for (const QByteArray version : {"v1", "v1alpha"}) {
        const auto r = TestHttpClient::post(
            gateway.port(), "/genai/" + version + "/models/mock/echo:generateContent",
            QJsonDocument(ask("versioned")).toJson(QJsonDocument::Compact), {}, 20000);
        ASSERT_EQ(r.status, 200) << version.toStdString() << " " << r.body.toStdString();
        EXPECT_EQ(textOf(jsonOf(r.body)), "versioned");
    }
}

TEST_F(GatewayGeminiTest, MockEchoStreamsSseAnswers) {
    const auto r = streamSse("mock/echo", ask("one two three"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"))
        << r.header("Content-Type").toStdString();
    EXPECT_TRUE(r.body.startsWith("data: ")) << r.body.toStdString();
    const QList<QJsonObject> answers = sseAnswers(r.body);
    expectGeminiStream(answers, r.body);
    EXPECT_GE(answers.size(), 2) << r.body.toStdString();
    EXPECT_EQ(joinedText(answers), "one two three");
    EXPECT_EQ(answers.constLast()["candidates"][0]["finishReason"], "STOP");
    EXPECT_GT(answers.constLast()["usageMetadata"]["totalTokenCount"].toInt(), 0)
        << r.body.toStdString();
}

TEST_F(GatewayGeminiTest, WithoutAltSseTheStreamIsOneJsonArray) {
    const auto r = call("mock/echo", ask("one two three"), "streamGenerateContent");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"))
        << r.header("Content-Type").toStdString();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError)
        << error.errorString().toStdString() << " in " << r.body.toStdString();
    ASSERT_TRUE(doc.isArray()) << r.body.toStdString();
    QList<QJsonObject> answers;
    for (const QJsonValue &a : doc.array()) answers << a.toObject();
    expectGeminiStream(answers, r.body);
    EXPECT_EQ(joinedText(answers), "one two three");
    EXPECT_GT(answers.constLast()["usageMetadata"]["totalTokenCount"].toInt(), 0);
}

TEST_F(GatewayGeminiTest, MockToolRoundTrip) {
    QJsonObject first = ask(R"(Use get_weather {"location":"Paris"} please)");
    first.insert("tools", kWeatherTools);
    const auto r1 = call("mock/tool", first);
    ASSERT_EQ(r1.status, 200) << r1.body.toStdString();
    const QJsonObject answer = jsonOf(r1.body);
    const QJsonArray calls = functionCalls(answer);
    ASSERT_EQ(calls.size(), 1) << r1.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_EQ(calls.at(0)["args"], jsonValue(R"({"location":"Paris"})"));
    EXPECT_EQ(answer["candidates"][0]["finishReason"], "STOP");

    // The next turn: the model's content as it came, then the function's answer.
    QJsonArray contents = first["contents"].toArray();
    contents.append(answer["candidates"][0]["content"]);
    contents.append(QJsonObject{
        {"role", "user"},
        {"parts", QJsonArray{QJsonObject{
                      {"functionResponse",
                       QJsonObject{{"id", calls.at(0)["id"]},
                                   {"name", "get_weather"},
                                   {"response", QJsonObject{{"output", "18C and sunny"}}}}}}}}});
    QJsonObject second{{"contents", contents}, {"tools", kWeatherTools}};
    const auto r2 = call("mock/tool", second);
    ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
    EXPECT_TRUE(functionCalls(jsonOf(r2.body)).isEmpty()) << r2.body.toStdString();
    EXPECT_EQ(textOf(jsonOf(r2.body)), "Tool get_weather returned: 18C and sunny");

    // The same without ids (older clients): paired by name.
    QJsonObject model = answer["candidates"][0]["content"].toObject();
    QJsonObject fc = model.value("parts")[0]["functionCall"].toObject();
    fc.remove("id");
    model["parts"] = QJsonArray{QJsonObject{{"functionCall", fc}}};
    contents = first["contents"].toArray();
    contents.append(model);
    contents.append(json(R"({"role":"user","parts":[{"functionResponse":{"name":"get_weather",
        "response":{"output":"cloudy"}}}]})"));
    const auto r3 =
        call("mock/tool", QJsonObject{{"contents", contents}, {"tools", kWeatherTools}});
    ASSERT_EQ(r3.status, 200) << r3.body.toStdString();
    EXPECT_EQ(textOf(jsonOf(r3.body)), "Tool get_weather returned: cloudy");
}

// ------------------------------------------------- OpenAI-compatible upstream

TEST_F(GatewayGeminiTest, OpenAIProviderGetsAChatRequest) {
    const auto r = call("openai/gpt-x",
                        ask("ping", json(R"({"systemInstruction":{"parts":[{"text":"Be brief."}]},
                            "generationConfig":{"maxOutputTokens":77,"temperature":0.5,
                                                "stopSequences":["END"]}})")));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "openai/gpt-x");
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-test");
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["model"], "gpt-x");
    EXPECT_EQ(sent["messages"].toArray(), jsonArray(R"([{"role":"system","content":"Be brief."},
                                                        {"role":"user","content":"ping"}])"));
    EXPECT_EQ(sent["max_tokens"], 77);
    EXPECT_DOUBLE_EQ(sent["temperature"].toDouble(), 0.5);
    EXPECT_EQ(sent["stop"], jsonValue(R"(["END"])"));
    for (const char *gemini : {"contents", "systemInstruction", "generationConfig"})
        EXPECT_FALSE(sent.contains(gemini)) << gemini;
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(textOf(answer), "echo: ping");
    EXPECT_EQ(answer["candidates"][0]["finishReason"], "STOP");
    EXPECT_EQ(answer["modelVersion"], "gpt-x");
    EXPECT_GT(answer["usageMetadata"]["promptTokenCount"].toInt(), 0);
    EXPECT_GT(answer["usageMetadata"]["candidatesTokenCount"].toInt(), 0);
}

TEST_F(GatewayGeminiTest, OpenAIProviderStreams) {
    const auto r = streamSse("openai/gpt-x", ask("stream me"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["stream"], true);
    EXPECT_EQ(sent["stream_options"]["include_usage"], true);
    const QList<QJsonObject> answers = sseAnswers(r.body);
    expectGeminiStream(answers, r.body);
    EXPECT_EQ(joinedText(answers), "echo: stream me");
    EXPECT_EQ(answers.constLast()["candidates"][0]["finishReason"], "STOP");
    EXPECT_GT(answers.constLast()["usageMetadata"]["promptTokenCount"].toInt(), 0)
        << r.body.toStdString();
    EXPECT_GT(answers.constLast()["usageMetadata"]["totalTokenCount"].toInt(), 0);
}

TEST_F(GatewayGeminiTest, OpenAIProviderStreamsAsAJsonArray) {
    const auto r = call("openai/gpt-x", ask("array me"), "streamGenerateContent");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"));
    const QJsonDocument doc = QJsonDocument::fromJson(r.body);
    ASSERT_TRUE(doc.isArray()) << r.body.toStdString();
    QList<QJsonObject> answers;
    for (const QJsonValue &a : doc.array()) answers << a.toObject();
    expectGeminiStream(answers, r.body);
    EXPECT_EQ(joinedText(answers), "echo: array me");
}

TEST_F(GatewayGeminiTest, OpenAIProviderToolCallBecomesAFunctionCallPart) {
    const auto r = call("openai/gpt-tool", ask("weather in Paris?", {{"tools", kWeatherTools}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["tools"][0]["type"], "function");
    EXPECT_EQ(sent["tools"][0]["function"]["name"], "get_weather");
    EXPECT_EQ(sent["tools"][0]["function"]["parameters"],
              jsonValue(R"({"type":"object","properties":{"location":{"type":"string"},
                  "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]})"));
    const QJsonObject answer = jsonOf(r.body);
    const QJsonArray calls = functionCalls(answer);
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_EQ(calls.at(0)["args"], jsonValue(R"({"location":"Paris","unit":"celsius"})"));
    EXPECT_EQ(answer["candidates"][0]["finishReason"], "STOP");
}

TEST_F(GatewayGeminiTest, OpenAIProviderStreamedToolCallComesWholeInTheLastAnswer) {
    const auto r = streamSse("openai/gpt-tool", ask("weather?", {{"tools", kWeatherTools}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QList<QJsonObject> answers = sseAnswers(r.body);
    expectGeminiStream(answers, r.body);
    for (qsizetype i = 0; i + 1 < answers.size(); ++i)
        EXPECT_TRUE(functionCalls(answers[i]).isEmpty()) << i << " " << r.body.toStdString();
    const QJsonArray calls = functionCalls(answers.constLast());
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_EQ(calls.at(0)["args"], jsonValue(R"({"location":"Paris","unit":"celsius"})"));
}

TEST_F(GatewayGeminiTest, FollowUpTurnReachesOpenAIAsToolCallsAndToolMessage) {
    QJsonObject body = json(R"({"contents":[
        {"role":"user","parts":[{"text":"weather in Paris?"}]},
        {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"location":"Paris"}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"get_weather",
                                                     "response":{"output":"18C and sunny"}}}]}]})");
    body.insert("tools", kWeatherTools);
    const auto r = call("openai/gpt-x", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonArray messages = jsonOf(upstream.lastRequestBody())["messages"].toArray();
    ASSERT_EQ(messages.size(), 3) << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(messages.at(1)["role"], "assistant");
    const QJsonObject toolCall = messages.at(1)["tool_calls"][0].toObject();
    EXPECT_EQ(toolCall["function"]["name"], "get_weather");
    EXPECT_EQ(json(toolCall["function"]["arguments"].toString().toUtf8()),
              json(R"({"location":"Paris"})"));
    EXPECT_EQ(messages.at(2)["role"], "tool");
    EXPECT_EQ(messages.at(2)["tool_call_id"], toolCall["id"]);
    EXPECT_EQ(messages.at(2)["content"], "18C and sunny");
}

// ------------------------------------------------------- Anthropic upstream

TEST_F(GatewayGeminiTest, AnthropicProviderGetsAMessagesRequest) {
    const auto r =
        call("anthropic/claude-x", ask("bonjour", json(R"({"systemInstruction":"Be brief.",
                                                "generationConfig":{"maxOutputTokens":123}})")));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-api-key"), "ant-test");
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["model"], "claude-x");
    EXPECT_EQ(sent["max_tokens"], 123);
    EXPECT_NE(QJsonDocument(QJsonObject{{"s", sent["system"]}}).toJson().indexOf("Be brief."), -1)
        << upstream.lastRequestBody().toStdString();
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(textOf(answer), "echo: bonjour");
    EXPECT_EQ(answer["candidates"][0]["finishReason"], "STOP");
    EXPECT_GT(answer["usageMetadata"]["promptTokenCount"].toInt(), 0);
}

TEST_F(GatewayGeminiTest, AnthropicProviderStreams) {
    const auto r = streamSse("anthropic/claude-x", ask("stream me"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(jsonOf(upstream.lastRequestBody())["stream"], true);
    const QList<QJsonObject> answers = sseAnswers(r.body);
    expectGeminiStream(answers, r.body);
    EXPECT_EQ(joinedText(answers), "echo: stream me");
    EXPECT_GT(answers.constLast()["usageMetadata"]["candidatesTokenCount"].toInt(), 0)
        << r.body.toStdString();
}

TEST_F(GatewayGeminiTest, AnthropicProviderToolCall) {
    const auto r =
        call("anthropic/claude-tool", ask("weather in Paris?", {{"tools", kWeatherTools}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["tools"][0]["name"], "get_weather");
    EXPECT_EQ(sent["tools"][0]["input_schema"]["type"], "object");
    EXPECT_EQ(sent["tools"][0]["input_schema"]["properties"]["location"]["type"], "string");
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(textOf(answer), "echo: weather in Paris?");
    const QJsonArray calls = functionCalls(answer);
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_EQ(calls.at(0)["args"], jsonValue(R"({"location":"Paris","unit":"celsius"})"));
    EXPECT_TRUE(calls.at(0)["id"].toString().startsWith("toolu_fake_")) << r.body.toStdString();

    const auto s = streamSse("anthropic/claude-tool", ask("weather?", {{"tools", kWeatherTools}}));
    ASSERT_EQ(s.status, 200) << s.body.toStdString();
    const QList<QJsonObject> answers = sseAnswers(s.body);
    expectGeminiStream(answers, s.body);
    const QJsonArray streamed = functionCalls(answers.constLast());
    ASSERT_EQ(streamed.size(), 1) << s.body.toStdString();
    EXPECT_EQ(streamed.at(0)["args"], jsonValue(R"({"location":"Paris","unit":"celsius"})"));
}

// A bare Gemini model name goes to the provider called "gemini" (Google's
// Gemini API, here the fake's).
TEST_F(GatewayGeminiTest, BareModelGoesToTheGeminiProvider) {
    GatewayHarness withGemini;
    const QByteArray config = QStringLiteral(R"({
      "providers": {
        "gemini": { "keys": [ { "name": "k", "value": "AIza-provider", "models": ["*"] } ],
                    "network_config": { "base_url": "%1", "default_request_timeout_in_seconds": 5 } }
      }
    })")
                                  .arg(upstream.baseUrl())
                                  .toUtf8();
    QString error;
    ASSERT_TRUE(withGemini.start(config, &error)) << error.toStdString();
    const auto r = TestHttpClient::post(
        withGemini.port(), "/genai/v1beta/models/gemini-2.5-flash:generateContent",
        QJsonDocument(ask("bare")).toJson(QJsonDocument::Compact), {}, 20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "gemini/gemini-2.5-flash");
    // "gemini" is Google's Gemini API: the request goes there as it is.
    EXPECT_EQ(upstream.lastRequestPath(), "/v1beta/models/gemini-2.5-flash:generateContent");
    EXPECT_EQ(upstream.lastRequestBody(),
              QJsonDocument(ask("bare")).toJson(QJsonDocument::Compact));
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-goog-api-key"), "AIza-provider");
    EXPECT_EQ(textOf(jsonOf(r.body)), "echo: bare");
}

// ------------------------------------------------------ countTokens, models

TEST_F(GatewayGeminiTest, CountTokensEstimates) {
    const auto r = call("mock/echo", ask("count these words please"), "countTokens");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject body = jsonOf(r.body);
    EXPECT_TRUE(body["totalTokens"].isDouble()) << r.body.toStdString();
    EXPECT_GT(body["totalTokens"].toInt(), 0) << r.body.toStdString();

    QJsonObject wrapped{{"generateContentRequest", ask("count these words please")}};
    const auto w = call("openai/gpt-x", wrapped, "countTokens");
    ASSERT_EQ(w.status, 200) << w.body.toStdString();
    EXPECT_EQ(jsonOf(w.body).value("totalTokens"), body["totalTokens"]);
    EXPECT_EQ(upstream.requestCount(), 0);  // estimated: no provider asked

    expectGoogleError(call("mock/echo", QByteArray("{nope"), "countTokens"), 400,
                      "INVALID_ARGUMENT");
    expectGoogleError(call("mock/echo", QByteArray(R"({"contents":5})"), "countTokens"), 400,
                      "INVALID_ARGUMENT");
}

TEST_F(GatewayGeminiTest, ModelListNamesTheConfiguredModels) {
    const auto r = TestHttpClient::get(gateway.port(), "/genai/v1beta/models");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    QStringList names;
    for (const QJsonValue &m : jsonOf(r.body).value("models").toArray())
        names << m["name"].toString();
    EXPECT_TRUE(names.contains("models/mock/echo")) << r.body.toStdString();
    EXPECT_TRUE(names.contains("models/mock/tool")) << r.body.toStdString();

    const auto one = TestHttpClient::get(gateway.port(), "/genai/v1beta/models/mock/echo");
    ASSERT_EQ(one.status, 200) << one.body.toStdString();
    EXPECT_EQ(jsonOf(one.body).value("name"), "models/mock/echo");
    EXPECT_TRUE(jsonOf(one.body)
                    .value("supportedGenerationMethods")
                    .toArray()
                    .contains(QJsonValue("generateContent")));
}

// ------------------------------------------------------------------ errors

TEST_F(GatewayGeminiTest, BareModelWithoutAGeminiProviderIs400NamingTheProviders) {
    const auto r = call("gemini-2.5-flash", ask("hi"));
    expectGoogleError(r, 400, "INVALID_ARGUMENT");
    const QString message = jsonOf(r.body).value("error")["message"].toString();
    for (const char *provider : {"mock", "openai", "anthropic"})
        EXPECT_TRUE(message.contains(provider)) << provider << ": " << message.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(GatewayGeminiTest, MalformedJsonIs400InGooglesShapeAndTheGatewayKeepsServing) {
    expectGoogleError(call("mock/echo", QByteArray(R"({"contents":[)")), 400, "INVALID_ARGUMENT");
    const auto good = call("mock/echo", ask("still here"));
    ASSERT_EQ(good.status, 200) << good.body.toStdString();
    EXPECT_EQ(textOf(jsonOf(good.body)), "still here");
}

TEST_F(GatewayGeminiTest, ContentsThatCannotTranslateAre400NamingThePath) {
    const auto r =
        call("openai/gpt-x", QByteArray(R"({"contents":[{"role":"user","parts":"hello"}]})"));
    expectGoogleError(r, 400, "INVALID_ARGUMENT");
    EXPECT_TRUE(jsonOf(r.body).value("error")["message"].toString().contains("contents[0].parts"))
        << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(GatewayGeminiTest, UnknownMethodIs404) {
    const auto r = call("mock/echo", ask("x"), "foo");
    EXPECT_EQ(r.status, 404) << r.body.toStdString();
}

TEST_F(GatewayGeminiTest, UpstreamErrorReachesTheClientInGooglesShape) {
    for (const QString model : {"openai/gpt+status-500", "anthropic/claude+status-500"}) {
        const auto plain = call(model, ask("x"));
        expectGoogleError(plain, 500, "INTERNAL");
        EXPECT_TRUE(jsonOf(plain.body)
                        .value("error")["message"]
                        .toString()
                        .contains("Fake upstream error 500"))
            << model.toStdString() << " " << plain.body.toStdString();

        const auto streamed = streamSse(model, ask("x"));
        expectGoogleError(streamed, 500, "INTERNAL");
        EXPECT_TRUE(jsonOf(streamed.body)
                        .value("error")["message"]
                        .toString()
                        .contains("Fake upstream error 500"))
            << model.toStdString() << " " << streamed.body.toStdString();
    }
    const auto limited = call("openai/gpt+status-429", ask("x"));
    expectGoogleError(limited, 429, "RESOURCE_EXHAUSTED");
}

TEST_F(GatewayGeminiTest, StreamBrokenMidWayEndsWithAnErrorAnswer) {
    const QString model = "openai/gpt+reset-mid-stream+stream-events-6-every-20";
    const auto sse = streamSse(model, ask("a b c d e f"));
    ASSERT_EQ(sse.status, 200) << sse.body.toStdString();
    const QList<QJsonObject> events = sseAnswers(sse.body);
    ASSERT_FALSE(events.isEmpty()) << sse.body.toStdString();
    const QJsonObject error = events.last()["error"].toObject();
    EXPECT_FALSE(error["message"].toString().isEmpty()) << sse.body.toStdString();
    EXPECT_FALSE(error["status"].toString().isEmpty()) << sse.body.toStdString();

    const auto array = call(model, ask("a b c d e f"), "streamGenerateContent");
    ASSERT_EQ(array.status, 200) << array.body.toStdString();
    const QJsonDocument doc = QJsonDocument::fromJson(array.body);
    ASSERT_TRUE(doc.isArray()) << array.body.toStdString();
    EXPECT_TRUE(doc.array().last().toObject().contains("error")) << array.body.toStdString();
}

TEST_F(GatewayGeminiTest, FallbacksInTheBodyAreTriedWhenTheModelFails) {
    const auto r = call("openai/gpt+status-500",
                        ask("rescued", {{"fallbacks", jsonArray(R"(["mock/echo"])")}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
    EXPECT_EQ(textOf(jsonOf(r.body)), "rescued");
    EXPECT_FALSE(upstream.lastRequestBody().contains("fallbacks"))
        << upstream.lastRequestBody().toStdString();
}

// ------------------------------------------------------------ client keys

TEST_F(GatewayGeminiTest, GoogleApiKeysFromTheClientAreAccepted) {
    HttpHeaders headers;
    headers.add("x-goog-api-key", "AIza-client-key");
    const auto byHeader = call("openai/gpt-x", ask("by header"), "generateContent", {}, headers);
    ASSERT_EQ(byHeader.status, 200) << byHeader.body.toStdString();
    EXPECT_EQ(textOf(jsonOf(byHeader.body)), "echo: by header");
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-test");
    EXPECT_FALSE(upstream.lastRequestHeaders().contains("x-goog-api-key"));

    const auto byQuery =
        call("openai/gpt-x", ask("by query"), "generateContent", "?key=AIza-client-key");
    ASSERT_EQ(byQuery.status, 200) << byQuery.body.toStdString();
    EXPECT_EQ(textOf(jsonOf(byQuery.body)), "echo: by query");
    EXPECT_FALSE(upstream.lastRequestPath().contains("AIza"))
        << upstream.lastRequestPath().toStdString();

    const auto streamed = call("mock/echo", ask("both ways"), "streamGenerateContent",
                               "?alt=sse&key=AIza-client-key", headers);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    EXPECT_TRUE(streamed.header("Content-Type").startsWith("text/event-stream"));
    EXPECT_EQ(joinedText(sseAnswers(streamed.body)), "both ways");
}
