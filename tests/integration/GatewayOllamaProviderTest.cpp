// Ollama providers through Ollama's native /api/chat, end to end over real
// HTTP against a FakeOllama that cuts prompts to its context like Ollama:
// chat completions, Anthropic Messages, Responses and Gemini clients, plain
// and streamed (newline-delimited JSON), tool-call round trips,
// options.num_ctx from context_window (a number, by model, none when not
// configured), "ollama_api": "openai" keeping the OpenAI-compatible /v1,
// Ollama's errors in each client's format, a broken stream line.
#include "ClientToolTrips.h"
#include "FakeOllama.h"
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

class GatewayOllamaProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(ollama.start());
        ASSERT_TRUE(compat.start());
        // "ollama": by name, windows by model; "gpu": by port... here by
        // "ollama": true, one window for every model, its base_url written
        // for the OpenAI-compatible API; "bare": no window; "compat": the
        // OpenAI-compatible API kept.
        const QByteArray config = QStringLiteral(R"({"providers": {
            "ollama": {"keys": [], "context_window": {"qwen3:8b": 40960, "*": 8192},
                       "network_config": {"base_url": "%1"}},
            "gpu": {"keys": [], "ollama": true, "context_window": 32768,
                    "network_config": {"base_url": "%1/v1"}},
            "bare": {"keys": [], "ollama": true, "network_config": {"base_url": "%1"}},
            "compat": {"keys": [], "ollama": true, "ollama_api": "openai",
                       "context_window": 16384, "network_config": {"base_url": "%2"}}}})")
                                      .arg(ollama.baseUrl(), compat.baseUrl())
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &path, const QJsonObject &body) {
        return TestHttpClient::post(gateway.port(), path,
                                    QJsonDocument(body).toJson(QJsonDocument::Compact), {}, 20000);
    }
    FakeRecordedRequest sent() const { return ollama.requests().constLast(); }
    const QJsonObject sentBody() const { return jsonOf(sent().body); }

    FakeOllama ollama;
    FakeUpstream compat;
    GatewayHarness gateway;
};

const QJsonObject kWeatherTool = json(R"({"type":"function","function":{
    "name":"get_weather","description":"Weather of a city","parameters":{"type":"object",
    "properties":{"location":{"type":"string"}}}}})");

QJsonObject chatRequest(const QString &model, bool stream, const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body.insert("model", model);
    if (!body.contains("messages"))
        body.insert("messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}});
    if (stream) body.insert("stream", true);
    return body;
}

// Const, so chained ["a"]["b"] reads instead of inserting.
const QJsonObject answerOf(const QByteArray &body) {
    return jsonOf(body);
}

QList<QJsonObject> chunksOf(const QByteArray &body) {
    QList<QJsonObject> chunks;
    for (const QByteArray &data : sseData(body))
        if (data != "[DONE]") chunks << QJsonDocument::fromJson(data).object();
    return chunks;
}

// `n` words: n of the fake's tokens.
QString words(int n) {
    QStringList out;
    for (int i = 0; i < n; ++i) out << QStringLiteral("w");
    return out.join(QLatin1Char(' '));
}

TEST_F(GatewayOllamaProviderTest, ChatGoesToApiChatWithTheModelsWindowAsNumCtx) {
    const TestHttpResponse r = post(
        "/v1/chat/completions",
        chatRequest(
            "ollama/qwen3:8b", false,
            QJsonObject{
                {"max_tokens", 50},
                {"temperature", 0.5},
                {"messages", QJsonArray{QJsonObject{{"role", "system"}, {"content", "Be brief."}},
                                        QJsonObject{{"role", "user"}, {"content", "hello"}}}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    EXPECT_EQ(sent().path, "/api/chat");
    const QJsonObject body = sentBody();
    EXPECT_EQ(body["model"], "qwen3:8b");
    EXPECT_EQ(body["stream"], false);
    EXPECT_EQ(body["options"], json(R"({"num_ctx":40960,"num_predict":50,"temperature":0.5})"));
    EXPECT_EQ(body["messages"][0], json(R"({"role":"system","content":"Be brief."})"));
    const QJsonObject answer = answerOf(r.body);
    EXPECT_EQ(answer["object"], "chat.completion");
    EXPECT_EQ(answer["choices"][0]["finish_reason"], "stop");
    EXPECT_EQ(answer["usage"]["prompt_tokens"], 3);  // "Be brief." + "hello"
    EXPECT_EQ(answer["usage"]["completion_tokens"], 2);
}

TEST_F(GatewayOllamaProviderTest, NumCtxFromStarFromANumberAndNoneWhenUnset) {
    ASSERT_EQ(post("/v1/chat/completions", chatRequest("ollama/llama3.2", false)).status, 200);
    EXPECT_EQ(sentBody()["options"]["num_ctx"], 8192);
    // base_url ".../v1" (written for the OpenAI-compatible API) still reaches /api/chat.
    ASSERT_EQ(post("/v1/chat/completions", chatRequest("gpu/llama3.2", false)).status, 200);
    EXPECT_EQ(sent().path, "/api/chat");
    EXPECT_EQ(sentBody()["options"]["num_ctx"], 32768);
    // No window configured: Ollama's own default (or OLLAMA_CONTEXT_LENGTH) applies.
    ASSERT_EQ(post("/v1/chat/completions", chatRequest("bare/llama3.2", false)).status, 200);
    EXPECT_FALSE(sentBody()["options"].toObject().contains("num_ctx")) << sent().body.toStdString();
}

// What the setting is for: an agent's grown conversation is kept whole with
// the window configured, and cut by the server's default without it.
TEST_F(GatewayOllamaProviderTest, TheConfiguredWindowKeepsALongPromptWhole) {
    QJsonArray messages{QJsonObject{{"role", "system"}, {"content", words(3000)}}};
    messages << QJsonObject{{"role", "user"}, {"content", words(1500)}};
    messages << QJsonObject{{"role", "assistant"}, {"content", words(10)}};
    messages << QJsonObject{{"role", "user"}, {"content", words(10)}};
    const QJsonObject ask{{"messages", messages}};
    const TestHttpResponse kept =
        post("/v1/chat/completions", chatRequest("ollama/llama3.2", false, ask));
    ASSERT_EQ(kept.status, 200) << kept.body.toStdString();
    EXPECT_EQ(answerOf(kept.body)["usage"]["prompt_tokens"], 4520);

    const TestHttpResponse cut =
        post("/v1/chat/completions", chatRequest("bare/llama3.2", false, ask));
    ASSERT_EQ(cut.status, 200) << cut.body.toStdString();
    EXPECT_EQ(answerOf(cut.body)["usage"]["prompt_tokens"], 3020);  // the 1500 words dropped
}

TEST_F(GatewayOllamaProviderTest, StreamedChatFromNdjsonLines) {
    const TestHttpResponse s =
        post("/v1/chat/completions",
             chatRequest("ollama/qwen3:8b", true,
                         QJsonObject{{"stream_options", QJsonObject{{"include_usage", true}}}}));
    ASSERT_EQ(s.status, 200) << s.body.toStdString();
    EXPECT_EQ(sentBody()["stream"], true);
    EXPECT_EQ(sent().headers.value("Accept"), "application/x-ndjson");
    test::ChatAccumulator acc;
    acc.apply(chunksOf(s.body));
    EXPECT_EQ(acc.content, "echo: hello") << s.body.toStdString();
    EXPECT_EQ(acc.finishReason, "stop");
    EXPECT_EQ(acc.usage["prompt_tokens"], 1) << s.body.toStdString();
    EXPECT_EQ(acc.usage["completion_tokens"], 2);
    EXPECT_TRUE(s.body.trimmed().endsWith("data: [DONE]"));
}

TEST_F(GatewayOllamaProviderTest, ThinkingAndLengthFinish) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("ollama/qwen3-thinking-long", false,
                                                 QJsonObject{{"reasoning_effort", "medium"}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sentBody()["think"], true);
    const QJsonObject choice = answerOf(r.body)["choices"][0].toObject();
    EXPECT_EQ(choice["message"]["reasoning_content"], "Thinking about: hello");
    EXPECT_EQ(choice["finish_reason"], "length");

    const TestHttpResponse s =
        post("/v1/chat/completions",
             chatRequest("ollama/qwen3-thinking", true, QJsonObject{{"reasoning_effort", "low"}}));
    test::ChatAccumulator acc;
    acc.apply(chunksOf(s.body));
    EXPECT_EQ(acc.reasoning, "Thinking about: hello") << s.body.toStdString();
    EXPECT_EQ(acc.content, "echo: hello");
}

TEST_F(GatewayOllamaProviderTest, ToolCallRoundTripPlainAndStreamed) {
    const QJsonObject first =
        chatRequest("ollama/qwen3-tool", false, QJsonObject{{"tools", QJsonArray{kWeatherTool}}});
    const TestHttpResponse r = post("/v1/chat/completions", first);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sentBody()["tools"][0]["function"]["name"], "get_weather");
    const QJsonObject choice = answerOf(r.body)["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"], "tool_calls");
    const QJsonObject message = choice["message"].toObject();
    const QJsonObject call = message["tool_calls"][0].toObject();
    EXPECT_TRUE(call["id"].toString().startsWith("call_")) << r.body.toStdString();
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8())["location"], "Paris");

    // The call goes back with object arguments, its result by the tool's name.
    QJsonArray messages = first["messages"].toArray();
    messages.append(message);
    messages.append(
        QJsonObject{{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "22 C"}});
    QJsonObject second = first;
    second["messages"] = messages;
    const TestHttpResponse r2 = post("/v1/chat/completions", second);
    ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
    const QJsonObject turns = sentBody();
    EXPECT_EQ(turns["messages"][1]["tool_calls"][0]["function"]["arguments"]["unit"], "celsius");
    EXPECT_EQ(turns["messages"][2],
              json(R"({"role":"tool","content":"22 C","tool_name":"get_weather"})"));
    EXPECT_EQ(answerText(r2.body), "Tool get_weather returned: 22 C");

    QJsonObject streamedAsk = first;
    streamedAsk["stream"] = true;
    const TestHttpResponse streamed = post("/v1/chat/completions", streamedAsk);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::ChatAccumulator acc;
    acc.apply(chunksOf(streamed.body));
    ASSERT_EQ(acc.toolCalls.size(), 1) << streamed.body.toStdString();
    EXPECT_EQ(acc.toolCalls[0].name, "get_weather");
    EXPECT_TRUE(acc.toolCalls[0].id.startsWith("call_"));
    EXPECT_EQ(json(acc.toolCalls[0].arguments.toUtf8())["unit"], "celsius");
    EXPECT_EQ(acc.finishReason, "tool_calls");
}

TEST_F(GatewayOllamaProviderTest, AnthropicClientPlainStreamedAndToolRoundTrip) {
    const QJsonObject tool{{"name", "get_weather"},
                           {"input_schema", kWeatherTool["function"]["parameters"]}};
    const QJsonObject ask{
        {"model", "ollama/qwen3-tool"},
        {"max_tokens", 100},
        {"system", "Be brief."},
        {"tools", QJsonArray{tool}},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse plain = post("/anthropic/v1/messages", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    const QJsonObject answer = answerOf(plain.body);
    EXPECT_EQ(answer["stop_reason"], "tool_use") << plain.body.toStdString();
    EXPECT_EQ(sent().path, "/api/chat");
    EXPECT_EQ(sentBody()["messages"][0], json(R"({"role":"system","content":"Be brief."})"));
    EXPECT_EQ(sentBody()["options"]["num_ctx"], 8192);
    EXPECT_EQ(sentBody()["options"]["num_predict"], 100);
    QJsonObject toolUse;
    for (const QJsonValue &block : answer["content"].toArray())
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
    const QJsonObject message = std::as_const(acc.message());
    EXPECT_EQ(message["stop_reason"], "tool_use") << streamed.body.toStdString();
    EXPECT_EQ(message["content"][0]["name"], "get_weather") << streamed.body.toStdString();

    // The result goes back as a tool message naming the function.
    QJsonObject followUp = ask;
    followUp["messages"] =
        QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}},
                   QJsonObject{{"role", "assistant"}, {"content", QJsonArray{toolUse}}},
                   QJsonObject{{"role", "user"},
                               {"content", QJsonArray{QJsonObject{{"type", "tool_result"},
                                                                  {"tool_use_id", toolUse["id"]},
                                                                  {"content", "22 C"}}}}}};
    followUp["stream"] = true;
    const TestHttpResponse done = post("/anthropic/v1/messages", followUp);
    ASSERT_EQ(done.status, 200) << done.body.toStdString();
    EXPECT_EQ(sentBody()["messages"].toArray().last()["tool_name"], "get_weather")
        << sent().body.toStdString();
    test::AnthropicAccumulator textAcc;
    textAcc.apply(parseSseEvents(done.body));
    EXPECT_EQ(std::as_const(textAcc.message())["content"][0]["text"],
              "Tool get_weather returned: 22 C")
        << done.body.toStdString();
}

TEST_F(GatewayOllamaProviderTest, ResponsesClientPlainAndStreamed) {
    const TestHttpResponse plain =
        post("/v1/responses", QJsonObject{{"model", "ollama/qwen3:8b"}, {"input", "hello"}});
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["output"][0]["content"][0]["text"], "echo: hello")
        << plain.body.toStdString();
    EXPECT_EQ(sent().path, "/api/chat");
    EXPECT_EQ(sentBody()["options"]["num_ctx"], 40960);

    const TestHttpResponse streamed =
        post("/v1/responses",
             QJsonObject{{"model", "ollama/qwen3:8b"}, {"input", "hello"}, {"stream", true}});
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    EXPECT_TRUE(streamed.body.contains("event: response.completed")) << streamed.body.toStdString();
    QString text;
    for (const auto &[name, data] : sseEvents(streamed.body))
        if (name == "response.output_text.delta") text += answerOf(data)["delta"].toString();
    EXPECT_EQ(text, "echo: hello");
}

// Codex, the Agents SDK and Gemini CLI: the whole tool round trip in each
// client's own format, plain and streamed.
TEST_F(GatewayOllamaProviderTest, GeminiAndResponsesClientsToolRoundTrips) {
    for (bool stream : {false, true}) {
        for (const auto &trip :
             {test::geminiToolTrip(gateway.port(), "ollama/qwen3-agent", stream),
              test::responsesToolTrip(gateway.port(), "ollama/qwen3-agent", stream)}) {
            ASSERT_EQ(trip.problem.toStdString(), "") << "stream=" << stream;
            EXPECT_EQ(trip.toolName, "get_weather");
            EXPECT_EQ(trip.arguments["location"], "Paris");
            EXPECT_TRUE(trip.finalText.startsWith("Tool get_weather returned: "))
                << trip.finalText.toStdString();
            EXPECT_TRUE(trip.finalText.contains("22 C")) << trip.finalText.toStdString();
        }
    }
}

TEST_F(GatewayOllamaProviderTest, OllamaApiOpenAIKeepsTheCompatibleEndpoint) {
    const TestHttpResponse r = post("/v1/chat/completions", chatRequest("compat/llama3.2", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    EXPECT_EQ(compat.lastRequestPath(), "/v1/chat/completions");
    EXPECT_FALSE(answerOf(compat.lastRequestBody()).contains("options"));
    EXPECT_TRUE(ollama.requests().isEmpty());
}

TEST_F(GatewayOllamaProviderTest, OllamasErrorReachesEachClientWithItsMessage) {
    const TestHttpResponse chat =
        post("/v1/chat/completions", chatRequest("ollama/llama-status-404", false));
    EXPECT_EQ(chat.status, 404) << chat.body.toStdString();
    EXPECT_EQ(answerOf(chat.body)["error"]["message"], "Fake Ollama error 404");

    const TestHttpResponse streamed =
        post("/v1/chat/completions", chatRequest("ollama/llama-status-500", true));
    EXPECT_EQ(streamed.status, 500) << streamed.body.toStdString();
    EXPECT_TRUE(streamed.body.contains("Fake Ollama error 500")) << streamed.body.toStdString();

    const QJsonObject ask{
        {"model", "ollama/llama-status-400"},
        {"max_tokens", 10},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse messages = post("/anthropic/v1/messages", ask);
    EXPECT_EQ(messages.status, 400) << messages.body.toStdString();
    EXPECT_EQ(answerOf(messages.body)["type"], "error");
    EXPECT_EQ(answerOf(messages.body)["error"]["message"], "Fake Ollama error 400");
}

TEST_F(GatewayOllamaProviderTest, BrokenStreamLinesEndTheStreamWithAnError) {
    const TestHttpResponse bad =
        post("/v1/chat/completions", chatRequest("ollama/llama-badline", true));
    ASSERT_EQ(bad.status, 200) << bad.body.toStdString();
    EXPECT_TRUE(bad.body.contains("not a JSON object")) << bad.body.toStdString();
    EXPECT_FALSE(bad.body.contains("data: [DONE]"));

    const TestHttpResponse mid =
        post("/v1/chat/completions", chatRequest("ollama/llama-midstream", true));
    EXPECT_TRUE(mid.body.contains("unexpected EOF")) << mid.body.toStdString();
    EXPECT_FALSE(mid.body.contains("data: [DONE]"));

    // The gateway is still there.
    EXPECT_EQ(post("/v1/chat/completions", chatRequest("ollama/llama3.2", false)).status, 200);
}

TEST_F(GatewayOllamaProviderTest, ImagesGoAsBase64AndUrlsAreRefusedBeforeTheCall) {
    const QJsonObject ask{
        {"messages",
         QJsonArray{QJsonObject{
             {"role", "user"},
             {"content",
              QJsonArray{
                  QJsonObject{{"type", "text"}, {"text", "what is this?"}},
                  QJsonObject{{"type", "image_url"},
                              {"image_url",
                               QJsonObject{{"url", "data:image/png;base64,iVBORw0KGgo="}}}}}}}}}};
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("ollama/llava", false, ask));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sentBody()["messages"][0]["images"][0], "iVBORw0KGgo=");

    const int before = int(ollama.requests().size());
    QJsonObject url = ask;
    url["messages"] = QJsonArray{QJsonObject{
        {"role", "user"},
        {"content", QJsonArray{QJsonObject{
                        {"type", "image_url"},
                        {"image_url", QJsonObject{{"url", "https://example.com/cat.png"}}}}}}}};
    const TestHttpResponse refused =
        post("/v1/chat/completions", chatRequest("ollama/llava", false, url));
    EXPECT_EQ(refused.status, 400) << refused.body.toStdString();
    EXPECT_TRUE(answerOf(refused.body)["error"]["message"].toString().contains("base64"))
        << refused.body.toStdString();
    EXPECT_EQ(ollama.requests().size(), before);
}

}  // namespace
