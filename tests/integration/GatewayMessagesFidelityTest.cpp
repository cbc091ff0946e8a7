// Anthropic Messages as Claude Code sends it, over real HTTP: through no
// plugins to an Anthropic provider the client's bytes reach /v1/messages as
// they were written (only "model" loses its "provider/" and "fallbacks"
// goes), with the client's anthropic-version and anthropic-beta; the answer
// and the stream events come back as the provider sent them. The same
// request to an OpenAI-compatible provider and to the mock is translated.
// Also count_tokens (estimated, or the provider's own), the model list, and
// a Responses request to an OpenAI provider with "responses_api".
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
#include <QRegularExpression>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

class GatewayMessagesFidelityTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(upstream.start());
        const QByteArray config = test::fakeProvidersConfig(
            upstream.baseUrl(), QStringLiteral(R"("responses_api": true)"));
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }

    TestHttpResponse post(const QByteArray &path, const QByteArray &body,
                          const HttpHeaders &headers = claudeCodeHeaders()) {
        return TestHttpClient::post(gateway.port(), path, body, headers, 20000);
    }

    // What FakeUpstream answers to `body` on `path` when asked directly.
    TestHttpResponse askUpstream(const QByteArray &path, const QByteArray &body) {
        HttpHeaders headers;
        headers.add("x-api-key", "ant-test");
        headers.add("anthropic-version", "2023-06-01");
        return TestHttpClient::post(upstream.port(), path, body, headers, 20000);
    }

    // The headers Claude Code sends with ANTHROPIC_BASE_URL pointing here.
    static HttpHeaders claudeCodeHeaders() {
        HttpHeaders headers;
        headers.add("anthropic-version", "2023-06-01");
        headers.add("anthropic-beta",
                    "claude-code-20250219,interleaved-thinking-2025-05-14,"
                    "thinking-token-count-2026-05-13,context-management-2025-06-27,"
                    "prompt-caching-scope-2026-01-05,mid-conversation-system-2026-04-07,"
                    "effort-2025-11-24");
        headers.add("x-api-key", "sk-ant-client-own-key");
        headers.add("x-app", "cli");
        headers.add("User-Agent", "claude-cli/2.0.14 (external, cli)");
        return headers;
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

// A Claude Code request cut where the gateway changes it: the model's value,
// and "fallbacks" (from the end of the value before it to the end of its own).
struct ClaudeCodeRequest {
    QByteArray head = "{\n  \"model\" :  ";
    QByteArray between = ",\n  \"max_tokens\":32000";
    QByteArray fallbacks = R"( ,"fallbacks" : [ "openai/gpt-x" , "mock/echo" ])";
    QByteArray tail = QByteArray(R"(,
  "messages":[
    {"role":"user","content":[
       {"type":"text","text":"<system-reminder>\nAs you answer, use this context.\n</system-reminder>"},
       {"type":"text","text":"Read main.cpp","cache_control":{"type":"ephemeral"}}]},
    {"role":"system","content":"Plan mode is active."},
    {"role":"assistant","content":[
       {"type":"thinking","thinking":"The user wants main.cpp read.","signature":"EqQBCkgIBxABGAIqQOr5c2lnbmF0dXJlLWJ5dGVz+/=="},
       {"type":"text","text":"Reading it."},
       {"type":"tool_use","id":"toolu_01ABCdef","name":"Read","input":{"file_path":"/src/main.cpp"}}]},
    {"role":"user","content":[
       {"type":"tool_result","tool_use_id":"toolu_01ABCdef","content":"int main() { return 0; }"}]},
    {"role":"system","content":"Auto-compact is off."},
    {"role":"user","content":[{"type":"text","text":"Summarise it \u00e9\ud83d\ude00 please","cache_control":{"type":"ephemeral"}}]}
  ],
  "temperature" : 1.0000000000000001,
  "system":[{"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude.","cache_control":{"type":"ephemeral"}},
            {"type":"text","text":"Be concise.","cache_control":{"type":"ephemeral","ttl":"1h"}}],
  "tools":[{"name":"Read","description":"Reads a file","input_schema":{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"],"additionalProperties":false}}],
  "metadata":{"user_id":"{\"device_id\":\"3a2b3ecc\",\"account_uuid\":\"\",\"session_id\":\"3655dc9b\"}"},
  "thinking":{"type":"adaptive"},
  "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},
  "output_config":{"effort":"high"},
  "stream":)");
    QByteArray end = "  \n}\n";

    // What the client sends for `model` ("provider/model").
    QByteArray body(const QByteArray &model, bool stream, bool withFallbacks = true) const {
        return head + '"' + model + '"' + between + (withFallbacks ? fallbacks : QByteArray()) +
               tail + (stream ? "true" : "false") + end;
    }
    // What the provider must get: the bare model, no fallbacks, every other byte as sent.
    QByteArray forwarded(const QByteArray &bareModel, bool stream) const {
        return head + '"' + bareModel + '"' + between + tail + (stream ? "true" : "false") + end;
    }
};

// FakeUpstream numbers its answers: the ids differ from one request to the next.
QByteArray withoutIds(QByteArray bytes) {
    static const QRegularExpression ids(QStringLiteral("(msg_fake_|toolu_fake_)[0-9]+"));
    return QString::fromUtf8(bytes).replace(ids, QStringLiteral("\\1N")).toUtf8();
}

QList<QPair<QByteArray, QByteArray>> eventsOf(const QByteArray &sseBody) {
    QList<QPair<QByteArray, QByteArray>> out;
    for (const SseEvent &e : parseSseEvents(withoutIds(sseBody))) out.append({e.event, e.data});
    return out;
}

std::string show(const QList<QPair<QByteArray, QByteArray>> &events) {
    std::string out;
    for (const auto &e : events) out += e.first.toStdString() + " " + e.second.toStdString() + "\n";
    return out;
}

// {"type":"error","error":{"type":...,"message":...}}
void expectAnthropicError(const TestHttpResponse &r, int status, const char *type) {
    EXPECT_EQ(r.status, status) << r.body.toStdString();
    const QJsonObject body = jsonOf(r.body);
    EXPECT_EQ(body["type"], "error") << r.body.toStdString();
    EXPECT_EQ(body["error"]["type"], type) << r.body.toStdString();
    EXPECT_FALSE(body["error"]["message"].toString().isEmpty()) << r.body.toStdString();
}

}  // namespace

// ----------------------------------------------- same format: pass-through

TEST_F(GatewayMessagesFidelityTest, RequestReachesAnthropicByteForByte) {
    const ClaudeCodeRequest request;
    const auto r =
        post("/anthropic/v1/messages", request.body("anthropic/claude-sonnet-4-5-20250929", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 1);
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(upstream.lastRequestBody(), request.forwarded("claude-sonnet-4-5-20250929", false));
}

TEST_F(GatewayMessagesFidelityTest, RequestWithoutFallbacksIsTheClientsBytesButForTheModel) {
    const ClaudeCodeRequest request;
    const auto r =
        post("/anthropic/v1/messages", request.body("anthropic/claude-opus-4-1", false, false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(), request.forwarded("claude-opus-4-1", false));
}

TEST_F(GatewayMessagesFidelityTest, FallbacksFirstAreCutWithTheirComma) {
    const QByteArray body =
        "{ \"fallbacks\":[\"openai/gpt-x\"],  \"model\":\"anthropic/claude-x\",\"max_tokens\":8,"
        "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.10}";
    const QByteArray expected =
        "{ \"model\":\"claude-x\",\"max_tokens\":8,"
        "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.10}";
    const auto r = post("/anthropic/v1/messages", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(), expected);
}

TEST_F(GatewayMessagesFidelityTest, ClientsAnthropicHeadersReachTheProviderButNotItsKey) {
    const ClaudeCodeRequest request;
    const HttpHeaders client = claudeCodeHeaders();
    const auto r = post("/anthropic/v1/messages", request.body("anthropic/claude-x", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const HttpHeaders sent = upstream.lastRequestHeaders();
    EXPECT_EQ(sent.value("anthropic-beta"), client.value("anthropic-beta"));
    EXPECT_EQ(sent.value("anthropic-version"), "2023-06-01");
    EXPECT_EQ(sent.value("x-api-key"), "ant-test");  // the provider's key, not the client's
    int versions = 0;
    for (const auto &field : sent.fields())
        if (field.first.compare("anthropic-version", Qt::CaseInsensitive) == 0) ++versions;
    EXPECT_EQ(versions, 1);

    // A bearer token of the client's (ANTHROPIC_AUTH_TOKEN) stays here too.
    HttpHeaders bearer = claudeCodeHeaders();
    bearer.remove("x-api-key");
    bearer.add("Authorization", "Bearer client-own-token");
    const auto b =
        post("/anthropic/v1/messages", request.body("anthropic/claude-x", false), bearer);
    ASSERT_EQ(b.status, 200) << b.body.toStdString();
    EXPECT_FALSE(upstream.lastRequestHeaders().contains("Authorization"));
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-api-key"), "ant-test");

    // The client's version wins over the one the gateway would send.
    HttpHeaders newer = claudeCodeHeaders();
    newer.set("anthropic-version", "2025-12-31");
    const auto n = post("/anthropic/v1/messages", request.body("anthropic/claude-x", false), newer);
    ASSERT_EQ(n.status, 200) << n.body.toStdString();
    EXPECT_EQ(upstream.lastRequestHeaders().value("anthropic-version"), "2025-12-31");
}

TEST_F(GatewayMessagesFidelityTest, AnswerIsTheProvidersBytes) {
    const ClaudeCodeRequest request;
    for (const QByteArray model : {"claude-x", "claude-x-tool"}) {
        const auto r = post("/anthropic/v1/messages", request.body("anthropic/" + model, false));
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_TRUE(r.header("Content-Type").startsWith("application/json"));
        EXPECT_EQ(r.header("X-Gatehouse-Provider"), "anthropic/" + model);
        const auto direct = askUpstream("/v1/messages", upstream.lastRequestBody());
        ASSERT_EQ(direct.status, 200) << direct.body.toStdString();
        EXPECT_EQ(withoutIds(r.body), withoutIds(direct.body)) << model.toStdString();
        const QJsonObject message = jsonOf(r.body);
        EXPECT_EQ(message["type"], "message");
        EXPECT_EQ(message["content"][0]["text"], QString::fromUtf8("echo: Summarise it é😀 please"));
    }
}

TEST_F(GatewayMessagesFidelityTest, StreamIsTheProvidersEvents) {
    const ClaudeCodeRequest request;
    for (const QByteArray model : {"claude-x", "claude-x-tool"}) {
        const auto r = post("/anthropic/v1/messages", request.body("anthropic/" + model, true));
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
        EXPECT_EQ(upstream.lastRequestBody(), request.forwarded(model, true));
        const auto direct = askUpstream("/v1/messages", upstream.lastRequestBody());
        ASSERT_EQ(direct.status, 200) << direct.body.toStdString();
        const auto got = eventsOf(r.body);
        const auto sent = eventsOf(direct.body);
        EXPECT_EQ(got, sent) << "client got:\n" << show(got) << "provider sent:\n" << show(sent);
        ASSERT_FALSE(got.isEmpty());
        EXPECT_EQ(got.first().first, "message_start");
        EXPECT_EQ(got.last().first, "message_stop");

        test::AnthropicAccumulator message;
        message.apply(parseSseEvents(r.body));
        EXPECT_TRUE(message.stopped());
        EXPECT_EQ(message.message()["content"][0]["text"],
                  QString::fromUtf8("echo: Summarise it é😀 please"));
    }
}

// ------------------------------------------------ other formats: translated

TEST_F(GatewayMessagesFidelityTest, SameRequestToOpenAIIsTranslatedWithSystemMessagesInPlace) {
    const ClaudeCodeRequest request;
    for (bool stream : {false, true}) {
        const auto r = post("/anthropic/v1/messages", request.body("openai/gpt-x", stream));
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
        const QByteArray sentBytes = upstream.lastRequestBody();
        const QJsonObject sent = jsonOf(sentBytes);
        EXPECT_EQ(sent["model"], "gpt-x");
        for (const char *key :
             {"thinking", "context_management", "output_config", "system", "fallbacks"})
            EXPECT_FALSE(sent.contains(key)) << key << " in " << sentBytes.toStdString();
        EXPECT_FALSE(sentBytes.contains("The user wants main.cpp read."))
            << sentBytes.toStdString();
        EXPECT_FALSE(sentBytes.contains("EqQBCkgIBxABGAIq")) << sentBytes.toStdString();

        const QJsonArray messages = sent["messages"].toArray();
        ASSERT_GE(messages.size(), 5) << sentBytes.toStdString();
        EXPECT_EQ(messages.first()["role"], "system");
        EXPECT_TRUE(messages.first()["content"].toString().contains("You are Claude Code"))
            << sentBytes.toStdString();
        EXPECT_TRUE(messages.first()["content"].toString().contains("Be concise."));
        // The system messages between the turns stay between them.
        qsizetype firstUser = -1, plan = -1, assistant = -1, tool = -1, compact = -1;
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QJsonValue m = messages.at(i);
            if (m["role"] == "user" && firstUser < 0) firstUser = i;
            if (m["role"] == "assistant") assistant = i;
            if (m["role"] == "tool") tool = i;
            if (m["role"] == "system" && m["content"] == "Plan mode is active.") plan = i;
            if (m["role"] == "system" && m["content"] == "Auto-compact is off.") compact = i;
        }
        ASSERT_GE(firstUser, 0) << sentBytes.toStdString();
        ASSERT_GE(tool, 0) << sentBytes.toStdString();
        EXPECT_EQ(plan, firstUser + 1) << sentBytes.toStdString();
        EXPECT_EQ(assistant, plan + 1) << sentBytes.toStdString();
        EXPECT_EQ(tool, assistant + 1) << sentBytes.toStdString();
        EXPECT_EQ(compact, tool + 1) << sentBytes.toStdString();
        EXPECT_EQ(messages.at(assistant)["tool_calls"][0]["id"], "toolu_01ABCdef");
        EXPECT_EQ(messages.last()["role"], "user");
        EXPECT_EQ(messages.at(tool)["tool_call_id"], "toolu_01ABCdef");

        if (!stream) {
            const QJsonObject message = jsonOf(r.body);
            EXPECT_EQ(message["type"], "message") << r.body.toStdString();
            EXPECT_EQ(message["content"][0]["text"],
                      QString::fromUtf8("echo: Summarise it é😀 please"));
        } else {
            test::AnthropicAccumulator message;
            message.apply(parseSseEvents(r.body));
            EXPECT_TRUE(message.stopped()) << r.body.toStdString();
            EXPECT_EQ(message.message()["content"][0]["text"],
                      QString::fromUtf8("echo: Summarise it é😀 please"));
        }
    }
}

TEST_F(GatewayMessagesFidelityTest, SameRequestToTheMockAnswers) {
    const ClaudeCodeRequest request;
    const auto r = post("/anthropic/v1/messages", request.body("mock/echo", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject message = jsonOf(r.body);
    EXPECT_EQ(message["type"], "message");
    EXPECT_EQ(message["role"], "assistant");
    EXPECT_FALSE(message["content"][0]["text"].toString().isEmpty()) << r.body.toStdString();

    const auto s = post("/anthropic/v1/messages", request.body("mock/echo", true));
    ASSERT_EQ(s.status, 200) << s.body.toStdString();
    test::AnthropicAccumulator streamed;
    streamed.apply(parseSseEvents(s.body));
    EXPECT_TRUE(streamed.stopped()) << s.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

// ------------------------------------------------------------ count_tokens

TEST_F(GatewayMessagesFidelityTest, CountTokensForTheMockIsEstimated) {
    const QByteArray body = R"({"model":"mock/echo",
        "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
        "messages":[{"role":"user","content":"count these tokens please"},
                    {"role":"system","content":"reminder"}],
        "tools":[{"name":"Read","input_schema":{"type":"object","properties":{}}}],
        "thinking":{"type":"enabled","budget_tokens":1024}})";
    const auto r = post("/anthropic/v1/messages/count_tokens", body);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_TRUE(answer["input_tokens"].isDouble()) << r.body.toStdString();
    EXPECT_GT(answer["input_tokens"].toInt(), 0) << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(GatewayMessagesFidelityTest, CountTokensForAnthropicAsksTheProvider) {
    const QByteArray body = R"({ "model" : "anthropic/claude-x" ,
        "messages":[{"role":"user","content":"count these tokens please"}],
        "temperature": 1.0000000000000001, "thinking":{"type":"enabled","budget_tokens":1024}})";
    const QByteArray expected = R"({ "model" : "claude-x" ,
        "messages":[{"role":"user","content":"count these tokens please"}],
        "temperature": 1.0000000000000001, "thinking":{"type":"enabled","budget_tokens":1024}})";
    HttpHeaders headers = claudeCodeHeaders();
    headers.set("anthropic-beta", "token-counting-2024-11-01");
    const auto r = post("/anthropic/v1/messages/count_tokens", body, headers);
    EXPECT_EQ(upstream.requestCount(), 1);
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages/count_tokens");
    EXPECT_EQ(upstream.lastRequestBody(), expected);
    EXPECT_EQ(upstream.lastRequestHeaders().value("anthropic-beta"), "token-counting-2024-11-01");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-api-key"), "ant-test");
    // FakeUpstream has no count_tokens: its 404 reaches the client in Anthropic's shape.
    expectAnthropicError(r, 404, "not_found_error");
    EXPECT_TRUE(jsonOf(r.body).value("error")["message"].toString().contains("count_tokens"))
        << r.body.toStdString();
}

// ------------------------------------------------------------------ models

TEST_F(GatewayMessagesFidelityTest, ModelListAnswers) {
    HttpHeaders headers;
    headers.add("anthropic-version", "2023-06-01");
    const auto r = TestHttpClient::get(gateway.port(), "/anthropic/v1/models", headers);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_TRUE(jsonOf(r.body).value("data").isArray()) << r.body.toStdString();
}

// ------------------------------------------------ Responses to Responses

TEST_F(GatewayMessagesFidelityTest, ResponsesRequestReachesTheProvidersResponsesEndpoint) {
    const QByteArray head = "{\"model\" : ";
    const QByteArray tail = R"(, "instructions":"You are Codex.",
      "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi \u00e9"}]},
               {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAAB"}],
      "tools":[{"type":"function","name":"shell","parameters":{"type":"object","properties":{}},"strict":false}],
      "reasoning":{"effort":"high","summary":"auto"}, "store":false,
      "include":["reasoning.encrypted_content"], "prompt_cache_key":"abc", "top_p" : 1.0000000000000001,
      "stream":false })";
    HttpHeaders headers;
    headers.add("OpenAI-Beta", "responses=experimental");
    // Codex's own headers go along (its session and request shape).
    headers.add("x-codex-turn-metadata", R"({"turn":1})");
    headers.add("x-openai-internal-codex-responses-lite", "true");
    headers.add("session-id", "01a23f79");
    headers.add("x-stainless-os", "Linux");  // SDK telemetry: not the provider's business
    const auto r = TestHttpClient::post(gateway.port(), "/v1/responses",
                                        head + "\"openai/gpt-5-codex\"" + tail, headers, 20000);
    EXPECT_EQ(upstream.requestCount(), 1);
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/responses");
    EXPECT_EQ(upstream.lastRequestBody(), head + "\"gpt-5-codex\"" + tail);
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-test");
    EXPECT_EQ(upstream.lastRequestHeaders().value("OpenAI-Beta"), "responses=experimental");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-codex-turn-metadata"), R"({"turn":1})");
    EXPECT_EQ(upstream.lastRequestHeaders().value("x-openai-internal-codex-responses-lite"),
              "true");
    EXPECT_EQ(upstream.lastRequestHeaders().value("session-id"), "01a23f79");
    EXPECT_FALSE(upstream.lastRequestHeaders().contains("x-stainless-os"));
    // The provider's own answer reaches the client.
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(jsonOf(r.body)["object"].toString(), "response") << r.body.toStdString();
    EXPECT_EQ(jsonOf(r.body)["output"][0]["content"][0]["text"].toString(), "echo: hi \u00e9")
        << r.body.toStdString();

    // And its errors, in OpenAI's shape.
    const auto failed = TestHttpClient::post(
        gateway.port(), "/v1/responses",
        QByteArray(R"({"model":"openai/gpt-5-codex+status-404","input":"hi"})"), {}, 20000);
    EXPECT_EQ(failed.status, 404) << failed.body.toStdString();
    const QJsonObject body = jsonOf(failed.body);
    EXPECT_EQ(body.keys(), QStringList{"error"}) << failed.body.toStdString();
    EXPECT_FALSE(body["error"]["message"].toString().isEmpty()) << failed.body.toStdString();
    EXPECT_FALSE(body["error"]["type"].toString().isEmpty()) << failed.body.toStdString();
    EXPECT_TRUE(body["error"].toObject().contains("code")) << failed.body.toStdString();
}
