// POST /v1/responses (OpenAI's Responses API) end to end over real HTTP:
// the mock provider, and a FakeUpstream as an OpenAI-compatible and as an
// Anthropic provider; plain, streamed, tool calls and their follow-up turn,
// and errors before and after the stream's head.
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

class GatewayResponsesTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        const QByteArray config = test::fakeProvidersConfig(upstream.baseUrl());
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &body, const QByteArray &path = "/v1/responses") {
        return TestHttpClient::post(gateway.port(), path, body, {}, 20000);
    }
    TestHttpResponse post(const QJsonObject &body) {
        return post(QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    // {"model": model, "input": text, "stream": stream} plus `extra`.
    TestHttpResponse ask(const QString &model, const QString &text, bool stream = false,
                         const QJsonObject &extra = {}) {
        QJsonObject body = extra;
        body.insert("model", model);
        body.insert("input", text);
        if (stream) body.insert("stream", true);
        return post(body);
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

// The text of a Response object's message items.
QString outputText(const QJsonObject &response) {
    QString text;
    for (const QJsonValue &item : response.value("output").toArray()) {
        if (item["type"] != "message") continue;
        for (const QJsonValue &part : item["content"].toArray())
            if (part["type"] == "output_text") text += part["text"].toString();
    }
    return text;
}

QJsonArray itemsOfType(const QJsonObject &response, const QString &type) {
    QJsonArray items;
    for (const QJsonValue &item : response.value("output").toArray())
        if (item["type"] == type) items.append(item);
    return items;
}

// A Responses event stream as a client sees it.
struct ResponsesStream {
    explicit ResponsesStream(const QByteArray &body) {
        for (const SseEvent &e : parseSseEvents(body)) {
            names << e.event;
            data << QJsonDocument::fromJson(e.data).object();
        }
    }
    QString joined(const QByteArray &name, const char *field = "delta") const {
        QString text;
        for (qsizetype i = 0; i < names.size(); ++i)
            if (names[i] == name) text += data[i].value(QLatin1String(field)).toString();
        return text;
    }
    QList<QJsonObject> of(const QByteArray &name) const {
        QList<QJsonObject> out;
        for (qsizetype i = 0; i < names.size(); ++i)
            if (names[i] == name) out << data[i];
        return out;
    }
    // The response object of the last event (completed, incomplete or failed).
    const QJsonObject finalResponse() const {
        return data.isEmpty() ? QJsonObject() : data.last().value("response").toObject();
    }
    QList<QByteArray> names;
    QList<QJsonObject> data;
};

// The stream's envelope: named events whose type is their name, numbered
// from 0, opened by created + in_progress.
void expectResponsesStream(const ResponsesStream &s, const QByteArray &body) {
    ASSERT_GE(s.names.size(), 3) << body.toStdString();
    EXPECT_EQ(s.names.at(0), "response.created") << body.toStdString();
    EXPECT_EQ(s.names.at(1), "response.in_progress");
    for (qsizetype i = 0; i < s.names.size(); ++i) {
        EXPECT_EQ(s.data[i].value("type").toString().toUtf8(), s.names[i]);
        EXPECT_EQ(s.data[i].value("sequence_number").toInteger(-1), i) << s.names[i].toStdString();
    }
}

const QJsonArray kWeatherTool = QJsonArray{QJsonObject{
    {"type", "function"},
    {"name", "get_weather"},
    {"description", "Current weather"},
    {"parameters",
     QJsonObject{{"type", "object"},
                 {"properties", QJsonObject{{"location", QJsonObject{{"type", "string"}}}}}}}}};

}  // namespace

// ------------------------------------------------------------ mock provider

TEST_F(GatewayResponsesTest, MockEchoAnswersAResponseObject) {
    const auto r = ask("mock/echo", "Hello, Responses");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"));
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
    const QJsonObject response = jsonOf(r.body);
    EXPECT_EQ(response["object"], "response");
    EXPECT_EQ(response["status"], "completed");
    EXPECT_TRUE(response["id"].toString().startsWith("resp_"));
    EXPECT_EQ(outputText(response), "Hello, Responses");
    EXPECT_GT(response["usage"]["total_tokens"].toInt(), 0);
}

TEST_F(GatewayResponsesTest, OpenAIPrefixServesTheSameEndpoint) {
    const auto r = post(R"({"model":"mock/echo","input":"prefixed"})", "/openai/v1/responses");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(outputText(jsonOf(r.body)), "prefixed");
}

TEST_F(GatewayResponsesTest, MockAnswersItemListInputAndEchoesInstructions) {
    const auto r = post(R"({"model":"mock/fixed","instructions":"Be brief.",
        "metadata":{"run":"7"},
        "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"q"}]}]})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject response = jsonOf(r.body);
    EXPECT_EQ(outputText(response), "Fixed answer.");
    EXPECT_EQ(response["instructions"], "Be brief.");
    EXPECT_EQ(response["metadata"], jsonValue(R"({"run":"7"})"));
}

TEST_F(GatewayResponsesTest, MockEchoStreamsTypedEvents) {
    const auto r = ask("mock/echo", "one two three", true);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
    const ResponsesStream s(r.body);
    expectResponsesStream(s, r.body);
    EXPECT_EQ(s.names.last(), "response.completed");
    for (const char *name :
         {"response.output_item.added", "response.content_part.added", "response.output_text.delta",
          "response.output_text.done", "response.content_part.done", "response.output_item.done"})
        EXPECT_TRUE(s.names.contains(name)) << name;
    EXPECT_EQ(s.joined("response.output_text.delta"), "one two three");
    EXPECT_EQ(s.of("response.output_text.done").value(0)["text"], "one two three");
    EXPECT_EQ(outputText(s.finalResponse()), "one two three");
    EXPECT_EQ(s.finalResponse()["status"], "completed");
}

// ------------------------------------------------- OpenAI-compatible upstream

TEST_F(GatewayResponsesTest, OpenAIProviderGetsAChatRequest) {
    const auto r = post(R"({"model":"openai/gpt-x","instructions":"Be brief.","input":"ping",
        "max_output_tokens":77,"reasoning":{"effort":"low"}})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-test");
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["model"], "gpt-x");
    EXPECT_EQ(sent["messages"].toArray(), jsonArray(R"([{"role":"system","content":"Be brief."},
                                                        {"role":"user","content":"ping"}])"));
    EXPECT_EQ(sent["max_tokens"], 77);
    EXPECT_EQ(sent["reasoning_effort"], "low");
    EXPECT_FALSE(sent.contains("input"));
    EXPECT_FALSE(sent.contains("instructions"));
    const QJsonObject response = jsonOf(r.body);
    EXPECT_EQ(response["object"], "response");
    EXPECT_EQ(response["status"], "completed");
    EXPECT_EQ(outputText(response), "echo: ping");
    EXPECT_GT(response["usage"]["input_tokens"].toInt(), 0);
    EXPECT_GT(response["usage"]["output_tokens"].toInt(), 0);
}

TEST_F(GatewayResponsesTest, BareModelNameGoesToTheOpenAIProvider) {
    const auto r = ask("gpt-bare", "hi");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "openai/gpt-bare");
    EXPECT_EQ(jsonOf(upstream.lastRequestBody())["model"], "gpt-bare");
    EXPECT_EQ(outputText(jsonOf(r.body)), "echo: hi");
}

TEST_F(GatewayResponsesTest, OpenAIProviderStreamsTypedEventsWithUsage) {
    const auto r = ask("openai/gpt-x", "stream me", true);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["stream"], true);
    EXPECT_EQ(sent["stream_options"]["include_usage"], true);
    const ResponsesStream s(r.body);
    expectResponsesStream(s, r.body);
    EXPECT_EQ(s.names.last(), "response.completed");
    EXPECT_EQ(s.joined("response.output_text.delta"), "echo: stream me");
    const QJsonObject response = s.finalResponse();
    EXPECT_EQ(outputText(response), "echo: stream me");
    EXPECT_GT(response["usage"]["input_tokens"].toInt(), 0);
    EXPECT_GT(response["usage"]["total_tokens"].toInt(), 0);
}

TEST_F(GatewayResponsesTest, OpenAIProviderToolCallBecomesAFunctionCallItem) {
    const auto r = ask("openai/gpt-tool", "weather in Paris?", false, {{"tools", kWeatherTool}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["tools"][0]["type"], "function");
    EXPECT_EQ(sent["tools"][0]["function"]["name"], "get_weather");
    EXPECT_EQ(sent["tools"][0]["function"]["parameters"]["properties"]["location"]["type"],
              "string");
    const QJsonObject response = jsonOf(r.body);
    const QJsonArray calls = itemsOfType(response, "function_call");
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_TRUE(calls.at(0)["call_id"].toString().startsWith("call_fake_"));
    EXPECT_EQ(json(calls.at(0)["arguments"].toString().toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
    EXPECT_EQ(response["tools"], kWeatherTool);  // echoed as the client sent it
}

TEST_F(GatewayResponsesTest, OpenAIProviderStreamedToolCall) {
    const auto r = ask("openai/gpt-tool", "weather?", true, {{"tools", kWeatherTool}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const ResponsesStream s(r.body);
    expectResponsesStream(s, r.body);
    EXPECT_EQ(s.names.last(), "response.completed");
    EXPECT_TRUE(s.names.contains("response.function_call_arguments.done")) << r.body.toStdString();
    EXPECT_EQ(json(s.joined("response.function_call_arguments.delta").toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
    const QJsonArray calls = itemsOfType(s.finalResponse(), "function_call");
    ASSERT_EQ(calls.size(), 1);
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_FALSE(calls.at(0)["call_id"].toString().isEmpty());
    // Each item's done event carries what the completed response lists.
    const QJsonArray output = s.finalResponse()["output"].toArray();
    for (const QJsonObject &done : s.of("response.output_item.done"))
        EXPECT_EQ(done["item"], output.at(done["output_index"].toInt()));
}

TEST_F(GatewayResponsesTest, FollowUpTurnReachesOpenAIAsToolCallsAndToolMessage) {
    QJsonObject body = json(R"({"model":"openai/gpt-x","input":[
        {"type":"message","role":"user","content":"weather in Paris?"},
        {"type":"function_call","id":"fc_1","call_id":"call_42","name":"get_weather",
         "arguments":"{\"location\":\"Paris\"}","status":"completed"},
        {"type":"function_call_output","call_id":"call_42","output":"18C and sunny"}]})");
    body.insert("tools", kWeatherTool);
    const auto r = post(body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonArray messages = jsonOf(upstream.lastRequestBody())["messages"].toArray();
    EXPECT_EQ(messages, jsonArray(R"([{"role":"user","content":"weather in Paris?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_42","type":"function",
          "function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"call_42","content":"18C and sunny"}])"));
    EXPECT_EQ(outputText(jsonOf(r.body)), "echo: weather in Paris?");
}

// ------------------------------------------------------- Anthropic upstream

TEST_F(GatewayResponsesTest, AnthropicProviderAnswersAResponseObject) {
    const auto r =
        post(R"({"model":"anthropic/claude-x","instructions":"Be brief.","input":"bonjour"})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-api-key"), "ant-test");
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["model"], "claude-x");
    EXPECT_GT(sent["max_tokens"].toInt(), 0);
    EXPECT_NE(QJsonDocument(sent).toJson().indexOf("Be brief."), -1) << sent.size();
    const QJsonObject response = jsonOf(r.body);
    EXPECT_EQ(response["object"], "response");
    EXPECT_EQ(response["status"], "completed");
    EXPECT_EQ(outputText(response), "echo: bonjour");
    EXPECT_GT(response["usage"]["input_tokens"].toInt(), 0);
}

TEST_F(GatewayResponsesTest, AnthropicProviderStreamsTypedEvents) {
    const auto r = ask("anthropic/claude-x", "stream me", true);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    const ResponsesStream s(r.body);
    expectResponsesStream(s, r.body);
    EXPECT_EQ(s.names.last(), "response.completed");
    EXPECT_EQ(s.joined("response.output_text.delta"), "echo: stream me");
    EXPECT_EQ(outputText(s.finalResponse()), "echo: stream me");
    EXPECT_GT(s.finalResponse()["usage"]["output_tokens"].toInt(), 0);
}

TEST_F(GatewayResponsesTest, AnthropicProviderToolCallBecomesAFunctionCallItem) {
    const auto r = ask("anthropic/claude-tool", "weather?", false, {{"tools", kWeatherTool}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["tools"][0]["name"], "get_weather");
    const QJsonArray calls = itemsOfType(jsonOf(r.body), "function_call");
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_TRUE(calls.at(0)["call_id"].toString().startsWith("toolu_fake_"));
    EXPECT_EQ(json(calls.at(0)["arguments"].toString().toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
}

TEST_F(GatewayResponsesTest, AnthropicProviderStreamedToolCall) {
    const auto r = ask("anthropic/claude-tool", "weather?", true, {{"tools", kWeatherTool}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const ResponsesStream s(r.body);
    expectResponsesStream(s, r.body);
    EXPECT_EQ(s.names.last(), "response.completed");
    EXPECT_EQ(json(s.joined("response.function_call_arguments.delta").toUtf8()),
              json(R"({"location":"Paris","unit":"celsius"})"));
    const QJsonArray calls = itemsOfType(s.finalResponse(), "function_call");
    ASSERT_EQ(calls.size(), 1) << r.body.toStdString();
    EXPECT_EQ(calls.at(0)["name"], "get_weather");
    EXPECT_TRUE(calls.at(0)["call_id"].toString().startsWith("toolu_fake_"));
}

TEST_F(GatewayResponsesTest, FollowUpTurnReachesAnthropicAsToolUseAndToolResult) {
    QJsonObject body = json(R"({"model":"anthropic/claude-x","input":[
        {"type":"message","role":"user","content":"weather in Paris?"},
        {"type":"function_call","call_id":"toolu_7","name":"get_weather",
         "arguments":"{\"location\":\"Paris\"}"},
        {"type":"function_call_output","call_id":"toolu_7","output":"18C and sunny"}]})");
    body.insert("tools", kWeatherTool);
    const auto r = post(body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonArray messages = jsonOf(upstream.lastRequestBody())["messages"].toArray();
    ASSERT_EQ(messages.size(), 3) << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(messages.at(1)["role"], "assistant");
    const QJsonObject use = messages.at(1)["content"].toArray().last().toObject();
    EXPECT_EQ(use["type"], "tool_use");
    EXPECT_EQ(use["id"], "toolu_7");
    EXPECT_EQ(use["name"], "get_weather");
    EXPECT_EQ(use["input"], jsonValue(R"({"location":"Paris"})"));
    EXPECT_EQ(messages.at(2)["role"], "user");
    const QJsonObject result = messages.at(2)["content"].toArray().first().toObject();
    EXPECT_EQ(result["type"], "tool_result");
    EXPECT_EQ(result["tool_use_id"], "toolu_7");
    EXPECT_NE(QJsonDocument(result).toJson().indexOf("18C and sunny"), -1);
}

// ------------------------------------------------------------------ errors

TEST_F(GatewayResponsesTest, MalformedJsonIs400InOpenAIShapeAndTheGatewayKeepsServing) {
    const auto bad = post(R"({"model":"mock/echo","input":)");
    EXPECT_EQ(bad.status, 400) << bad.body.toStdString();
    const QJsonObject error = jsonOf(bad.body)["error"].toObject();
    EXPECT_FALSE(error["message"].toString().isEmpty()) << bad.body.toStdString();
    EXPECT_FALSE(error["type"].toString().isEmpty());
    EXPECT_TRUE(error.contains("code"));

    const auto good = ask("mock/echo", "still here");
    ASSERT_EQ(good.status, 200) << good.body.toStdString();
    EXPECT_EQ(outputText(jsonOf(good.body)), "still here");
}

TEST_F(GatewayResponsesTest, InputThatCannotTranslateIs400NamingThePath) {
    const auto r = post(R"({"model":"mock/echo","input":[{"role":"user","content":"x"},
        {"type":"function_call","name":"f","arguments":"{}"}]})");
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    const QJsonObject error = jsonOf(r.body)["error"].toObject();
    EXPECT_TRUE(error["message"].toString().contains("input[1]")) << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(GatewayResponsesTest, UnknownProviderIs400) {
    const auto r = ask("nope/model", "x");
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    const QJsonObject error = jsonOf(r.body)["error"].toObject();
    EXPECT_EQ(error["code"], "unknown_provider");
    EXPECT_TRUE(error["message"].toString().contains("nope")) << r.body.toStdString();
}

TEST_F(GatewayResponsesTest, UpstreamErrorReachesTheClientInOpenAIShape) {
    for (const QString model : {"openai/gpt+status-500", "anthropic/claude+status-500"}) {
        for (bool stream : {false, true}) {
            const auto r = ask(model, "x", stream);
            EXPECT_EQ(r.status, 500) << model.toStdString() << " " << r.body.toStdString();
            EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"));
            const QJsonObject error = jsonOf(r.body)["error"].toObject();
            EXPECT_TRUE(error["message"].toString().contains("Fake upstream error 500"))
                << model.toStdString() << " " << r.body.toStdString();
            EXPECT_FALSE(error["type"].toString().isEmpty());
        }
    }
}

TEST_F(GatewayResponsesTest, StreamBrokenMidWayEndsWithResponseFailed) {
    for (const QString model : {"openai/gpt+reset-mid-stream+stream-events-6-every-20",
                                "anthropic/claude+reset-mid-stream+stream-events-6-every-20"}) {
        const auto r = ask(model, "a b c d e f", true);
        ASSERT_EQ(r.status, 200) << model.toStdString() << " " << r.body.toStdString();
        const ResponsesStream s(r.body);
        expectResponsesStream(s, r.body);
        EXPECT_EQ(s.names.last(), "response.failed") << r.body.toStdString();
        EXPECT_FALSE(s.names.contains("response.completed"));
        const QJsonObject response = s.finalResponse();
        EXPECT_EQ(response["status"], "failed");
        EXPECT_FALSE(response["error"]["message"].toString().isEmpty()) << r.body.toStdString();
    }
    // ... and the gateway still answers.
    const auto after = ask("openai/gpt-x", "after");
    ASSERT_EQ(after.status, 200) << after.body.toStdString();
    EXPECT_EQ(outputText(jsonOf(after.body)), "echo: after");
}

// previous_response_id: the stored conversation reaches a stateless provider
// before the new input; GET and DELETE /v1/responses/{id} work on it.
TEST_F(GatewayResponsesTest, FollowUpByPreviousResponseIdCarriesTheConversation) {
    const auto first =
        ask("openai/gpt-test", "My name is Ada.", false, {{"instructions", "Be brief."}});
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    const QString id = jsonOf(first.body).value("id").toString();
    ASSERT_TRUE(id.startsWith("resp_"));

    const auto second = ask("openai/gpt-test", "What is my name?", true,
                            {{"previous_response_id", id}, {"instructions", "Be kind."}});
    ASSERT_EQ(second.status, 200) << second.body.toStdString();
    const QJsonArray messages = json(upstream.lastRequestBody())["messages"].toArray();
    ASSERT_EQ(messages.size(), 4) << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(messages[0]["role"], "system");
    EXPECT_EQ(messages[0]["content"], "Be kind.");  // instructions do not carry over
    EXPECT_EQ(messages[1]["content"], "My name is Ada.");
    EXPECT_EQ(messages[2]["role"], "assistant");
    EXPECT_EQ(messages[2]["content"], "echo: My name is Ada.");
    EXPECT_EQ(messages[3]["content"], "What is my name?");

    const auto stored = TestHttpClient::get(gateway.port(), "/v1/responses/" + id.toUtf8());
    ASSERT_EQ(stored.status, 200) << stored.body.toStdString();
    EXPECT_EQ(jsonOf(stored.body).value("id").toString(), id);
    const auto removed =
        TestHttpClient::request(gateway.port(), "DELETE", "/v1/responses/" + id.toUtf8(), {});
    EXPECT_EQ(removed.status, 200);
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/v1/responses/" + id.toUtf8()).status, 404);
    const auto orphan = ask("openai/gpt-test", "again", false, {{"previous_response_id", id}});
    EXPECT_EQ(orphan.status, 400);
    EXPECT_TRUE(orphan.body.contains("previous_response_id")) << orphan.body.toStdString();
}

// A streamed turn written straight as chat bytes (no plugins, a plain
// request) is stored as its messages' text; the follow-up reads it back.
TEST_F(GatewayResponsesTest, StreamedTurnThenFollowUpCarriesTheConversation) {
    const auto first = post(R"({"model":"openai/gpt-test","stream":true,"input":[
        {"role":"developer","content":"Answer in English."},
        {"role":"user","content":[{"type":"input_text","text":"I am \u00c9mile."}]}]})");
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    const QJsonObject sent = jsonOf(upstream.lastRequestBody());
    EXPECT_EQ(sent["stream_options"]["include_usage"], true);
    EXPECT_EQ(sent["messages"].toArray(),
              jsonArray(R"([{"role":"system","content":"Answer in English."},
                            {"role":"user","content":"I am \u00c9mile."}])"));
    const QString id = ResponsesStream(first.body).finalResponse().value("id").toString();
    ASSERT_TRUE(id.startsWith("resp_"));

    const auto second = ask("openai/gpt-test", "Who am I?", false, {{"previous_response_id", id}});
    ASSERT_EQ(second.status, 200) << second.body.toStdString();
    const QJsonArray messages = json(upstream.lastRequestBody())["messages"].toArray();
    ASSERT_EQ(messages.size(), 4) << upstream.lastRequestBody().toStdString();
    EXPECT_EQ(messages[0]["content"], "Answer in English.");
    EXPECT_EQ(messages[1]["content"], QString::fromUtf8("I am \u00c9mile."));
    EXPECT_EQ(messages[2]["role"], "assistant");
    EXPECT_EQ(messages[3]["content"], "Who am I?");
}

// "store": false on the straight-to-bytes path keeps nothing either.
TEST_F(GatewayResponsesTest, OpenAIProviderStoreFalseKeepsNothing) {
    const auto r = ask("openai/gpt-test", "forget me", false, {{"store", false}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(outputText(jsonOf(r.body)), "echo: forget me");
    const QString id = jsonOf(r.body).value("id").toString();
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/v1/responses/" + id.toUtf8()).status, 404);
}

// "store": false keeps nothing.
TEST_F(GatewayResponsesTest, StoreFalseKeepsNothing) {
    const auto r = ask("mock/echo", "forget me", false, {{"store", false}});
    ASSERT_EQ(r.status, 200);
    const QString id = jsonOf(r.body).value("id").toString();
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/v1/responses/" + id.toUtf8()).status, 404);
}
