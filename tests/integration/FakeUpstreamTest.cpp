// FakeUpstream's vocabulary, checked from a raw client, so other suites can
// rely on it as a stand-in for OpenAI and Anthropic.
#include "FakeUpstream.h"
#include "SseEvents.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <thread>

namespace gatehouse {
namespace {

// A value, so lookups chain: json(body)["choices"][0]["message"].
QJsonValue json(const QByteArray &bytes) {
    return QJsonDocument::fromJson(bytes).object();
}

QByteArray chat(const QString &model, const QJsonValue &content, bool stream = false,
                const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body["model"] = model;
    body["stream"] = stream;
    body["messages"] = QJsonArray{QJsonObject{{"role", "system"}, {"content", "be brief"}},
                                  QJsonObject{{"role", "user"}, {"content", "earlier"}},
                                  QJsonObject{{"role", "assistant"}, {"content", "ok"}},
                                  QJsonObject{{"role", "user"}, {"content", content}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray anthropic(const QString &model, const QString &text, bool stream = false,
                     const QJsonObject &extra = {}) {
    QJsonObject body = extra;
    body["model"] = model;
    body["max_tokens"] = 100;
    body["stream"] = stream;
    body["messages"] = QJsonArray{QJsonObject{{"role", "user"}, {"content", text}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

HttpHeaders key(const QByteArray &header, const QByteArray &value) {
    HttpHeaders h;
    h.add(header, value);
    return h;
}

// The concatenated text deltas of an OpenAI chat stream.
QString openAiStreamText(const QList<SseEvent> &events) {
    QString text;
    for (const SseEvent &e : events) {
        if (e.data == "[DONE]") continue;
        text += json(e.data)["choices"][0]["delta"]["content"].toString();
    }
    return text;
}

class FakeUpstreamTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(fake_.start()); }
    TestHttpResponse post(const QByteArray &path, const QByteArray &body,
                          const HttpHeaders &headers = {}) {
        return TestHttpClient::post(fake_.port(), path, body, headers);
    }
    FakeUpstream fake_;
};

TEST_F(FakeUpstreamTest, BaseUrlNamesTheLoopbackPort) {
    EXPECT_NE(fake_.port(), 0);
    EXPECT_EQ(fake_.baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(fake_.port()));
    EXPECT_EQ(fake_.url("/v1/models").path(), "/v1/models");
}

TEST_F(FakeUpstreamTest, ChatCompletionEchoesTheLastUserMessage) {
    const auto r = post("/v1/chat/completions", chat("fake-model", "hello there"));
    ASSERT_TRUE(r.complete) << r.error.toStdString();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    const QJsonObject o = json(r.body).toObject();
    EXPECT_EQ(o["object"].toString(), "chat.completion");
    EXPECT_EQ(o["model"].toString(), "fake-model");
    EXPECT_TRUE(o["id"].toString().startsWith("chatcmpl-"));
    EXPECT_EQ(o["choices"][0]["message"]["role"].toString(), "assistant");
    EXPECT_EQ(o["choices"][0]["message"]["content"].toString(), "echo: hello there");
    EXPECT_EQ(o["choices"][0]["finish_reason"].toString(), "stop");
    // Words as tokens: "be brief earlier ok hello there" and "echo: hello there".
    EXPECT_EQ(o["usage"]["prompt_tokens"].toInt(), 6);
    EXPECT_EQ(o["usage"]["completion_tokens"].toInt(), 3);
    EXPECT_EQ(o["usage"]["total_tokens"].toInt(), 9);
}

TEST_F(FakeUpstreamTest, ChatContentPartsAreEchoed) {
    const QJsonArray parts{QJsonObject{{"type", "text"}, {"text", "part one"}},
                           QJsonObject{{"type", "image_url"}, {"image_url", "x"}},
                           QJsonObject{{"type", "text"}, {"text", "part two"}}};
    const auto r = post("/v1/chat/completions", chat("fake-model", parts));
    EXPECT_EQ(json(r.body)["choices"][0]["message"]["content"].toString(),
              "echo: part one part two");
}

TEST_F(FakeUpstreamTest, StreamedChatSendsChunksThenDone) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(fake_.port()));
    ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
        "POST", "/v1/chat/completions", chat("fake-model", "streamed words", true))));
    const auto s = client.readStreamed();
    ASSERT_TRUE(s.complete);
    EXPECT_EQ(s.head.header("Content-Type"), "text/event-stream");
    const auto events = parseSseEvents(s.body());
    ASSERT_GE(events.size(), 5);  // role, 3 deltas, finish, [DONE]
    EXPECT_EQ(events.last().data, "[DONE]");
    const QJsonObject first = json(events.first().data).toObject();
    EXPECT_EQ(first["object"].toString(), "chat.completion.chunk");
    EXPECT_EQ(first["choices"][0]["delta"]["role"].toString(), "assistant");
    EXPECT_EQ(json(events[events.size() - 2].data)["choices"][0]["finish_reason"].toString(),
              "stop");
    EXPECT_EQ(openAiStreamText(events), "echo: streamed words");
}

TEST_F(FakeUpstreamTest, StreamCarriesUsageWhenAskedFor) {
    const QJsonObject options{{"stream_options", QJsonObject{{"include_usage", true}}}};
    const auto r = post("/v1/chat/completions", chat("fake-model", "count me", true, options));
    const auto events = parseSseEvents(r.body);
    ASSERT_GE(events.size(), 2);
    const QJsonObject usage = json(events[events.size() - 2].data).toObject();
    EXPECT_TRUE(usage["choices"].toArray().isEmpty());
    EXPECT_EQ(usage["usage"]["completion_tokens"].toInt(), 3);
}

TEST_F(FakeUpstreamTest, StreamEventsModifierSpacesTheDeltas) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(fake_.port()));
    ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
        "POST", "/v1/chat/completions", chat("fake-stream-events-4-every-100", "a b c d"))));
    const auto s = client.readStreamed();
    ASSERT_TRUE(s.complete);
    QList<qint64> deltaTimes;
    for (const auto &piece : s.pieces)
        if (piece.data.contains("\"content\":\"") && !piece.data.contains("\"role\""))
            deltaTimes << piece.atMs;
    ASSERT_EQ(deltaTimes.size(), 4);
    EXPECT_GE(deltaTimes[3] - deltaTimes[0], 200);  // 300 ms apart when sent
    EXPECT_EQ(openAiStreamText(parseSseEvents(s.body())), "echo: a b c d");
}

TEST_F(FakeUpstreamTest, CompletionsAnswerATextCompletion) {
    const auto r = post("/v1/completions", R"({"model":"fake-model","prompt":"say this"})");
    const QJsonObject o = json(r.body).toObject();
    EXPECT_EQ(o["object"].toString(), "text_completion");
    EXPECT_EQ(o["choices"][0]["text"].toString(), "echo: say this");
    EXPECT_EQ(o["usage"]["prompt_tokens"].toInt(), 2);
}

TEST_F(FakeUpstreamTest, StreamedCompletionsEndWithDone) {
    const auto r =
        post("/v1/completions", R"({"model":"fake-model","prompt":"say this","stream":true})");
    const auto events = parseSseEvents(r.body);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().data, "[DONE]");
    QString text;
    for (const auto &e : events)
        if (e.data != "[DONE]") text += json(e.data)["choices"][0]["text"].toString();
    EXPECT_EQ(text, "echo: say this");
}

TEST_F(FakeUpstreamTest, EmbeddingsAreDeterministicVectors) {
    const auto r = post("/v1/embeddings", R"({"model":"fake-embedding","input":["a","b","a"]})");
    const QJsonObject o = json(r.body).toObject();
    EXPECT_EQ(o["object"].toString(), "list");
    const QJsonArray data = o["data"].toArray();
    ASSERT_EQ(data.size(), 3);
    EXPECT_EQ(data[1]["index"].toInt(), 1);
    EXPECT_EQ(data[0]["embedding"].toArray().size(), 8);
    EXPECT_EQ(data[0]["embedding"], data[2]["embedding"]);
    EXPECT_NE(data[0]["embedding"], data[1]["embedding"]);
    const auto sized = post("/v1/embeddings", R"({"model":"m","input":"x","dimensions":4})");
    EXPECT_EQ(json(sized.body)["data"][0]["embedding"].toArray().size(), 4);
}

TEST_F(FakeUpstreamTest, MessagesAnswerInAnthropicShape) {
    const auto r = post("/v1/messages", anthropic("fake-claude", "hi claude"));
    const QJsonObject o = json(r.body).toObject();
    EXPECT_EQ(o["type"].toString(), "message");
    EXPECT_EQ(o["role"].toString(), "assistant");
    EXPECT_TRUE(o["id"].toString().startsWith("msg_"));
    EXPECT_EQ(o["content"][0]["type"].toString(), "text");
    EXPECT_EQ(o["content"][0]["text"].toString(), "echo: hi claude");
    EXPECT_EQ(o["stop_reason"].toString(), "end_turn");
    EXPECT_EQ(o["usage"]["input_tokens"].toInt(), 2);
    EXPECT_EQ(o["usage"]["output_tokens"].toInt(), 3);
}

QList<QByteArray> eventNames(const QList<SseEvent> &events) {
    QList<QByteArray> names;
    for (const auto &e : events) names << e.event;
    return names;
}

TEST_F(FakeUpstreamTest, StreamedMessagesFollowAnthropicsEventSequence) {
    const auto r = post("/v1/messages", anthropic("fake-claude", "hi claude", true));
    const auto events = parseSseEvents(r.body);
    EXPECT_EQ(eventNames(events), (QList<QByteArray>{"message_start", "content_block_start", "ping",
                                                     "content_block_delta", "content_block_delta",
                                                     "content_block_delta", "content_block_stop",
                                                     "message_delta", "message_stop"}));
    for (const auto &e : events) EXPECT_EQ(json(e.data)["type"].toString().toUtf8(), e.event);
    QString text;
    for (const auto &e : events)
        if (e.event == "content_block_delta") text += json(e.data)["delta"]["text"].toString();
    EXPECT_EQ(text, "echo: hi claude");
    EXPECT_EQ(json(events[7].data)["delta"]["stop_reason"].toString(), "end_turn");
}

TEST_F(FakeUpstreamTest, ToolModelStreamsAToolUseBlock) {
    const QJsonObject tools{
        {"tools", QJsonArray{QJsonObject{{"name", "lookup"}, {"input_schema", QJsonObject{}}}}}};
    const auto r = post("/v1/messages", anthropic("fake-tool", "weather?", true, tools));
    const auto events = parseSseEvents(r.body);
    QString partialJson;
    QJsonObject toolBlock;
    for (const auto &e : events) {
        const QJsonObject o = json(e.data).toObject();
        if (e.event == "content_block_start" && o["index"].toInt() == 1)
            toolBlock = o["content_block"].toObject();
        if (e.event == "content_block_delta" && o["delta"]["type"] == "input_json_delta")
            partialJson += o["delta"]["partial_json"].toString();
    }
    EXPECT_EQ(toolBlock["type"].toString(), "tool_use");
    EXPECT_EQ(toolBlock["name"].toString(), "lookup");
    EXPECT_TRUE(toolBlock["id"].toString().startsWith("toolu_"));
    EXPECT_EQ(json(partialJson.toUtf8())["location"].toString(), "Paris");
    EXPECT_EQ(eventNames(events).count("content_block_stop"), 2);
    EXPECT_EQ(json(events[events.size() - 2].data)["delta"]["stop_reason"].toString(), "tool_use");
}

TEST_F(FakeUpstreamTest, ToolModelAddsToolUseToAPlainMessage) {
    const auto r = post("/v1/messages", anthropic("fake-tool", "weather?"));
    const QJsonObject o = json(r.body).toObject();
    EXPECT_EQ(o["content"][1]["type"].toString(), "tool_use");
    EXPECT_EQ(o["content"][1]["name"].toString(), "get_weather");
    EXPECT_EQ(o["content"][1]["input"]["unit"].toString(), "celsius");
    EXPECT_EQ(o["stop_reason"].toString(), "tool_use");
}

TEST_F(FakeUpstreamTest, ToolModelAddsToolCallsToAChatCompletion) {
    const auto r = post("/v1/chat/completions", chat("fake-tool", "weather?"));
    const QJsonObject choice = json(r.body)["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"].toString(), "tool_calls");
    const QJsonObject call = choice["message"]["tool_calls"][0].toObject();
    EXPECT_EQ(call["function"]["name"].toString(), "get_weather");
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8())["location"].toString(),
              "Paris");
}

TEST_F(FakeUpstreamTest, ModelsAreListedInTheCallersShape) {
    const auto openAi = TestHttpClient::get(fake_.port(), "/v1/models");
    EXPECT_EQ(json(openAi.body)["object"].toString(), "list");
    EXPECT_EQ(json(openAi.body)["data"][0]["object"].toString(), "model");
    const auto claude =
        TestHttpClient::get(fake_.port(), "/v1/models", key("anthropic-version", "2023-06-01"));
    EXPECT_EQ(json(claude.body)["data"][0]["type"].toString(), "model");
    EXPECT_FALSE(json(claude.body)["has_more"].toBool());
}

TEST_F(FakeUpstreamTest, BadBearerKeyGets401InOpenAiShape) {
    const auto r = post("/v1/chat/completions", chat("fake-model", "x"),
                        key("Authorization", "Bearer bad-key"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(json(r.body)["error"]["code"].toString(), "invalid_api_key");
}

TEST_F(FakeUpstreamTest, BadApiKeyOnMessagesGets401InAnthropicShape) {
    const auto r = post("/v1/messages", anthropic("fake-claude", "x"), key("x-api-key", "bad-key"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(json(r.body)["type"].toString(), "error");
    EXPECT_EQ(json(r.body)["error"]["type"].toString(), "authentication_error");
}

TEST_F(FakeUpstreamTest, LimitedKeyGets429WithRetryAfter) {
    const auto r = post("/v1/chat/completions", chat("fake-model", "x"),
                        key("Authorization", "Bearer limited-key-1"));
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("Retry-After"), "1");
}

TEST_F(FakeUpstreamTest, CountsRequestsPerKey) {
    post("/v1/chat/completions", chat("fake-model", "x"), key("Authorization", "Bearer bad-key"));
    post("/v1/chat/completions", chat("fake-model", "x"), key("Authorization", "Bearer good"));
    post("/v1/messages", anthropic("fake-claude", "x"), key("x-api-key", "good"));
    post("/v1/chat/completions", chat("fake-model", "x"));
    const auto byKey = fake_.requestsByAuthorization();
    EXPECT_EQ(byKey.value("bad-key"), 1);
    EXPECT_EQ(byKey.value("good"), 2);
    EXPECT_EQ(byKey.value(""), 1);
}

TEST_F(FakeUpstreamTest, RecordsTheLastRequest) {
    const QByteArray body = chat("fake-model", "recorded");
    post("/v1/chat/completions", body, key("X-Trace", "t-1"));
    EXPECT_EQ(fake_.requestCount(), 1);
    EXPECT_EQ(fake_.lastRequestBody(), body);
    EXPECT_EQ(fake_.lastRequestPath(), "/v1/chat/completions");
    EXPECT_EQ(fake_.lastRequestHeaders().value("x-trace"), "t-1");
    EXPECT_EQ(fake_.requests().first().method, "POST");
    EXPECT_EQ(fake_.connectionCount(), 1);
    fake_.resetCounters();
    EXPECT_EQ(fake_.requestCount(), 0);
}

TEST_F(FakeUpstreamTest, RecordLimitKeepsTheNewestAndCountsEvery) {
    fake_.setRecordLimit(2);
    for (const char *text : {"one", "two", "three"})
        post("/v1/chat/completions", chat("fake-model", QString::fromLatin1(text)));
    EXPECT_EQ(fake_.requestCount(), 3);
    const QList<FakeRecordedRequest> kept = fake_.requests();
    ASSERT_EQ(kept.size(), 2);
    EXPECT_TRUE(kept.first().body.contains("two"));
    EXPECT_TRUE(kept.last().body.contains("three"));
    fake_.setRecordLimit(0);
    EXPECT_TRUE(fake_.requests().isEmpty());
    post("/v1/chat/completions", chat("fake-model", "four"));
    EXPECT_EQ(fake_.requestCount(), 4);
    EXPECT_TRUE(fake_.requests().isEmpty());
    EXPECT_TRUE(fake_.lastRequestBody().isEmpty());
}

TEST_F(FakeUpstreamTest, StatusModifierAnswersThatErrorWithRetryAfter) {
    const auto r = post("/v1/chat/completions", chat("fake-status-503-retry-after-7", "x"));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("Retry-After"), "7");
    EXPECT_EQ(json(r.body)["error"]["type"].toString(), "server_error");
    const auto claude = post("/v1/messages", anthropic("fake-status-529", "x"));
    EXPECT_EQ(claude.status, 529);
    EXPECT_EQ(json(claude.body)["error"]["type"].toString(), "overloaded_error");
}

TEST_F(FakeUpstreamTest, LatencyDelaysOneAnswerWithoutHoldingUpOthers) {
    using Clock = std::chrono::steady_clock;
    TestHttpClient slow;
    ASSERT_TRUE(slow.connectTo(fake_.port()));
    const auto start = Clock::now();
    ASSERT_TRUE(slow.send(TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                        chat("fake+latency-300", "slow"))));
    const auto quick = post("/v1/chat/completions", chat("fake-model", "quick"));
    const auto quickMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_EQ(quick.status, 200);
    const auto r = slow.readResponse();
    const auto slowMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_EQ(r.status, 200);
    EXPECT_GE(slowMs, 280);
    EXPECT_LT(quickMs, slowMs);  // the quick one did not wait behind the slow one
}

TEST_F(FakeUpstreamTest, ResetClosesWithoutAnAnswer) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(fake_.port()));
    ASSERT_TRUE(client.send(
        TestHttpClient::formatRequest("POST", "/v1/chat/completions", chat("fake-reset", "x"))));
    QByteArray received;
    EXPECT_TRUE(client.waitForClose(3000, &received));
    EXPECT_TRUE(received.isEmpty());
}

TEST_F(FakeUpstreamTest, ResetMidStreamCutsTheStreamShort) {
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(fake_.port()));
    ASSERT_TRUE(client.send(TestHttpClient::formatRequest(
        "POST", "/v1/messages", anthropic("fake-reset-mid-stream", "a b c d", true))));
    const auto s = client.readStreamed();
    EXPECT_FALSE(s.complete);
    EXPECT_EQ(s.end, TestBodyPiece::Kind::Closed);
    EXPECT_TRUE(s.body().contains("message_start"));
    EXPECT_FALSE(s.body().contains("message_stop"));
}

TEST_F(FakeUpstreamTest, MalformedJsonIsNotJson) {
    const auto r = post("/v1/chat/completions", chat("fake-malformed-json", "x"));
    EXPECT_EQ(r.status, 200);
    QJsonParseError error{};
    QJsonDocument::fromJson(r.body, &error);
    EXPECT_NE(error.error, QJsonParseError::NoError);
}

TEST_F(FakeUpstreamTest, BrokenSseHasATruncatedEventAndStillEnds) {
    const auto r = post("/v1/chat/completions", chat("fake-broken-sse", "a b c", true));
    ASSERT_TRUE(r.complete);
    EXPECT_TRUE(r.body.contains("not-an-sse-line"));
    int invalid = 0;
    for (const auto &e : parseSseEvents(r.body)) {
        QJsonParseError error{};
        if (e.data != "[DONE]" && !e.data.isEmpty()) QJsonDocument::fromJson(e.data, &error);
        if (error.error != QJsonParseError::NoError) ++invalid;
    }
    EXPECT_EQ(invalid, 1);
    EXPECT_TRUE(r.body.endsWith("data: [DONE]\n\n"));
}

TEST_F(FakeUpstreamTest, BigBodyHasExactlyThatManyBytes) {
    const auto r = post("/v1/chat/completions", chat("fake-big-100000", "x"));
    ASSERT_TRUE(r.complete);
    EXPECT_EQ(r.body.size(), 100000);
    EXPECT_TRUE(json(r.body)["choices"][0]["message"]["content"].toString().startsWith("echo: x"));
}

TEST_F(FakeUpstreamTest, DripStreamsUntilTheClientLeaves) {
    {
        TestHttpClient client;
        ASSERT_TRUE(client.connectTo(fake_.port()));
        ASSERT_TRUE(client.send(TestHttpClient::formatRequest("POST", "/v1/chat/completions",
                                                              chat("fake-drip-50", "x", true))));
        TestHttpResponse head;
        ASSERT_TRUE(client.readHead(&head));
        for (int i = 0; i < 4; ++i)
            ASSERT_EQ(client.readBodyPiece(1000).kind, TestBodyPiece::Kind::Data) << i;
    }
    for (int i = 0; i < 200 && fake_.abandonedCount() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(fake_.abandonedCount(), 1);
}

TEST_F(FakeUpstreamTest, UnknownPathGets404AndNonJsonBodyGets400) {
    EXPECT_EQ(post("/v2/unknown", "{}").status, 404);
    EXPECT_EQ(post("/v1/chat/completions", "not json").status, 400);
}

}  // namespace
}  // namespace gatehouse
