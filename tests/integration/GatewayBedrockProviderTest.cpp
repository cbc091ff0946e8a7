// AWS Bedrock providers configured as Bifrost writes them (bedrock_key_config
// with access key, secret as an env. reference, session token, region and
// deployments), end to end over real HTTP against a FakeBedrock that checks
// every request's SigV4 signature by signing it again: each client format,
// plain and streamed (binary event stream frames), a tool call and its
// follow-up turn, a wrong secret, a session token, a broken stream.
#include "ClientToolTrips.h"
#include "FakeBedrock.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "StreamAccumulators.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <utility>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

class GatewayBedrockProviderTest : public ::testing::Test {
protected:
    void SetUp() override {
        qputenv("GH_FAKE_AWS_SECRET", test::kFakeAwsSecret);
        ASSERT_TRUE(upstream.start());
        QString error;
        ASSERT_TRUE(gateway.start(test::fakeBedrockConfig(upstream.baseUrl()), &error))
            << error.toStdString();
    }
    void TearDown() override { qunsetenv("GH_FAKE_AWS_SECRET"); }

    TestHttpResponse post(const QByteArray &path, const QByteArray &body) {
        return TestHttpClient::post(gateway.port(), path, body, {}, 20000);
    }
    TestHttpResponse post(const QByteArray &path, const QJsonObject &body) {
        return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    FakeRecordedRequest sent() const { return upstream.requests().constLast(); }

    FakeBedrock upstream{{{QStringLiteral("AKIDFAKE"), QLatin1String(test::kFakeAwsSecret)},
                          {QStringLiteral("ASIAFAKE"), QLatin1String(test::kFakeAwsSecret)}}};
    GatewayHarness gateway;
};

// Const, so chained ["a"]["b"] reads instead of inserting.
const QJsonObject answerOf(const QByteArray &body) {
    return jsonOf(body);
}

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

QList<QJsonObject> chunksOf(const QByteArray &body) {
    QList<QJsonObject> chunks;
    for (const QByteArray &data : sseData(body))
        if (data != "[DONE]") chunks << QJsonDocument::fromJson(data).object();
    return chunks;
}

TEST_F(GatewayBedrockProviderTest, ChatIsSignedAndGoesToTheDeploymentsConverse) {
    const TestHttpResponse r = post(
        "/v1/chat/completions",
        chatRequest(
            "bedrock/claude", false,
            QJsonObject{
                {"max_tokens", 50},
                {"messages", QJsonArray{QJsonObject{{"role", "system"}, {"content", "Be brief."}},
                                        QJsonObject{{"role", "user"}, {"content", "hello"}}}}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: hello");
    const FakeRecordedRequest s = sent();
    // The model id's ':' travels encoded, and was signed encoded once more.
    EXPECT_EQ(s.path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    const QByteArray auth = s.headers.value("Authorization");
    EXPECT_TRUE(auth.startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKE/"));
    EXPECT_TRUE(auth.contains("/us-west-2/bedrock/aws4_request")) << auth.toStdString();
    EXPECT_FALSE(s.headers.contains("x-amz-security-token"));
    const QJsonObject body = answerOf(s.body);
    EXPECT_EQ(body["system"][0]["text"], "Be brief.");
    EXPECT_EQ(body["inferenceConfig"]["maxTokens"], 50);
    EXPECT_FALSE(body.contains("model"));
    const QJsonObject usage = answerOf(r.body)["usage"].toObject();
    EXPECT_EQ(usage["prompt_tokens"], 1);
    EXPECT_EQ(usage["completion_tokens"], 2);
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
}

TEST_F(GatewayBedrockProviderTest, ModelIdWithoutDeploymentAndCachedUsage) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("bedrock/us.amazon.nova-cached-v1:0", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().path, "/model/us.amazon.nova-cached-v1%3A0/converse");
    const QJsonObject usage = answerOf(r.body)["usage"].toObject();
    EXPECT_EQ(usage["prompt_tokens"], 4);  // 1 + 2 read + 1 written
    EXPECT_EQ(usage["prompt_tokens_details"]["cached_tokens"], 2);
}

TEST_F(GatewayBedrockProviderTest, StreamedChatFromBinaryFrames) {
    const TestHttpResponse s =
        post("/v1/chat/completions",
             chatRequest("bedrock/claude", true,
                         QJsonObject{{"stream_options", QJsonObject{{"include_usage", true}}}}));
    ASSERT_EQ(s.status, 200) << s.body.toStdString();
    EXPECT_EQ(sent().path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    EXPECT_EQ(sent().headers.value("Accept"), "application/vnd.amazon.eventstream");
    test::ChatAccumulator acc;
    acc.apply(chunksOf(s.body));
    EXPECT_EQ(acc.content, "echo: hello") << s.body.toStdString();
    EXPECT_EQ(acc.finishReason, "stop");
    EXPECT_EQ(acc.usage["completion_tokens"], 2) << s.body.toStdString();
    EXPECT_TRUE(s.body.trimmed().endsWith("data: [DONE]"));
}

TEST_F(GatewayBedrockProviderTest, ToolCallRoundTripPlainAndStreamed) {
    const QJsonObject first =
        chatRequest("bedrock/claude-tool", false, QJsonObject{{"tools", QJsonArray{kWeatherTool}}});
    const TestHttpResponse r = post("/v1/chat/completions", first);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().path, "/model/anthropic.claude-tool-v1%3A0/converse");
    const QJsonObject spec = answerOf(sent().body)["toolConfig"]["tools"][0]["toolSpec"].toObject();
    EXPECT_EQ(spec["name"], "get_weather");
    EXPECT_EQ(spec["inputSchema"]["json"]["type"], "object");
    const QJsonObject choice = answerOf(r.body)["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"], "tool_calls");
    const QJsonObject message = choice["message"].toObject();
    const QJsonObject call = message["tool_calls"][0].toObject();
    EXPECT_EQ(call["id"], "tooluse_fake1");
    EXPECT_EQ(call["function"]["name"], "get_weather");
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8())["location"], "Paris");

    // The result goes back as a toolResult in the user turn.
    QJsonArray messages = first["messages"].toArray();
    messages.append(message);
    messages.append(
        QJsonObject{{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "22 C"}});
    QJsonObject second = first;
    second["messages"] = messages;
    const TestHttpResponse r2 = post("/v1/chat/completions", second);
    ASSERT_EQ(r2.status, 200) << r2.body.toStdString();
    const QJsonObject turns = answerOf(sent().body);
    EXPECT_EQ(turns["messages"][1]["content"][0]["toolUse"]["toolUseId"], "tooluse_fake1");
    EXPECT_EQ(turns["messages"][2]["content"][0]["toolResult"]["content"][0]["text"], "22 C");
    EXPECT_EQ(answerText(r2.body), "Tool tooluse_fake1 returned: 22 C");

    const TestHttpResponse streamed = post(
        "/v1/chat/completions",
        chatRequest("bedrock/claude-tool", true, QJsonObject{{"tools", QJsonArray{kWeatherTool}}}));
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::ChatAccumulator acc;
    acc.apply(chunksOf(streamed.body));
    ASSERT_EQ(acc.toolCalls.size(), 1) << streamed.body.toStdString();
    EXPECT_EQ(acc.toolCalls[0].name, "get_weather");
    EXPECT_EQ(acc.toolCalls[0].id, "tooluse_fake1");
    EXPECT_EQ(json(acc.toolCalls[0].arguments.toUtf8())["unit"], "celsius");
    EXPECT_EQ(acc.finishReason, "tool_calls");
}

TEST_F(GatewayBedrockProviderTest, WrongSecretGivesTheClientBedrocksMessage) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("bedrock-wrong/claude", false));
    EXPECT_EQ(r.status, 403) << r.body.toStdString();
    EXPECT_TRUE(answerOf(r.body)["error"]["message"].toString().contains(
        "signature we calculated does not match"))
        << r.body.toStdString();
    EXPECT_EQ(upstream.rejectedSignatures(), 1);
    // The secret itself never reaches the client.
    EXPECT_FALSE(r.body.contains("not-the-secret"));
}

TEST_F(GatewayBedrockProviderTest, SessionTokenIsSentAndSigned) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("bedrock-session/claude", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const FakeRecordedRequest s = sent();
    EXPECT_EQ(s.headers.value("x-amz-security-token"), test::kFakeSessionToken);
    const QByteArray auth = s.headers.value("Authorization");
    EXPECT_TRUE(auth.contains("Credential=ASIAFAKE/")) << auth.toStdString();
    EXPECT_TRUE(auth.contains("/eu-west-1/bedrock/"));
    EXPECT_TRUE(auth.contains("x-amz-security-token")) << auth.toStdString();
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
}

TEST_F(GatewayBedrockProviderTest, BedrockApiKeyGoesAsBearer) {
    const TestHttpResponse r =
        post("/v1/chat/completions", chatRequest("bedrock-apikey/claude", false));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(sent().headers.value("Authorization"), QByteArray("Bearer ") + kFakeBedrockApiKey);
}

// No key at all: the identity comes from ~/.aws/credentials, the profile
// AWS_PROFILE names, and the region from AWS_REGION.
TEST_F(GatewayBedrockProviderTest, CredentialsFileProfileWhenTheProviderHasNoKey) {
    QTemporaryDir home;
    ASSERT_TRUE(home.isValid());
    ASSERT_TRUE(QDir(home.path()).mkdir(".aws"));
    QFile file(home.path() + "/.aws/credentials");
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("[default]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = x\n"
                          "[work]\naws_access_key_id = AKIDFAKE\naws_secret_access_key = ") +
               test::kFakeAwsSecret + "\n");
    file.close();
    const QByteArray savedHome = qgetenv("HOME");
    const QList<const char *> aws{"AWS_ACCESS_KEY_ID",  "AWS_SECRET_ACCESS_KEY",
                                  "AWS_SESSION_TOKEN",  "AWS_SHARED_CREDENTIALS_FILE",
                                  "AWS_DEFAULT_REGION", "AWS_PROFILE",
                                  "AWS_REGION"};
    QHash<QByteArray, QByteArray> saved;
    for (const char *name : aws)
        if (qEnvironmentVariableIsSet(name)) saved.insert(name, qgetenv(name));
    for (const char *name : aws) qunsetenv(name);
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("AWS_PROFILE", "work");
    qputenv("AWS_REGION", "ca-central-1");

    GatewayHarness keyless;
    QString error;
    ASSERT_TRUE(keyless.start(QStringLiteral(R"({"providers": {"bedrock": {"keys": [],
        "network_config": {"base_url": "%1", "default_request_timeout_in_seconds": 5}}}})")
                                  .arg(upstream.baseUrl())
                                  .toUtf8(),
                              &error))
        << error.toStdString();
    const TestHttpResponse r =
        TestHttpClient::post(keyless.port(), "/v1/chat/completions",
                             QJsonDocument(chatRequest("bedrock/amazon.nova-lite-v1:0", false))
                                 .toJson(QJsonDocument::Compact),
                             {}, 20000);
    keyless.stop();
    qputenv("HOME", savedHome);
    qunsetenv("AWS_PROFILE");
    qunsetenv("AWS_REGION");
    for (auto it = saved.begin(); it != saved.end(); ++it) qputenv(it.key(), it.value());

    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QByteArray auth = sent().headers.value("Authorization");
    EXPECT_TRUE(auth.contains("Credential=AKIDFAKE/")) << auth.toStdString();
    EXPECT_TRUE(auth.contains("/ca-central-1/bedrock/")) << auth.toStdString();
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
}

TEST_F(GatewayBedrockProviderTest, UnsetSecretVariableIsNamed) {
    qunsetenv("GH_FAKE_AWS_SECRET");
    const TestHttpResponse r = post("/v1/chat/completions", chatRequest("bedrock/claude", false));
    EXPECT_EQ(r.status, 401) << r.body.toStdString();
    EXPECT_TRUE(answerOf(r.body)["error"]["message"].toString().contains("GH_FAKE_AWS_SECRET"))
        << r.body.toStdString();
    EXPECT_TRUE(upstream.requests().isEmpty());
}

TEST_F(GatewayBedrockProviderTest, ExceptionFrameAndBadChecksumEndTheStreamWithAnError) {
    const TestHttpResponse ex =
        post("/v1/chat/completions", chatRequest("bedrock/nova-exception", true));
    EXPECT_TRUE(ex.body.contains("Too many tokens, please wait before trying again."))
        << ex.body.toStdString();
    EXPECT_FALSE(ex.body.contains("data: [DONE]"));

    const TestHttpResponse bad =
        post("/v1/chat/completions", chatRequest("bedrock/nova-badcrc", true));
    EXPECT_TRUE(bad.body.contains("checksum")) << bad.body.toStdString();
    EXPECT_FALSE(bad.body.contains("data: [DONE]"));
}

TEST_F(GatewayBedrockProviderTest, AnthropicClientPlainStreamedAndToolCall) {
    const QJsonObject tool{{"name", "get_weather"},
                           {"input_schema", kWeatherTool["function"]["parameters"]}};
    const QJsonObject ask{
        {"model", "bedrock/claude-tool"},
        {"max_tokens", 100},
        {"system", "Be brief."},
        {"tools", QJsonArray{tool}},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse plain = post("/anthropic/v1/messages", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["stop_reason"], "tool_use") << plain.body.toStdString();
    EXPECT_EQ(sent().path, "/model/anthropic.claude-tool-v1%3A0/converse");
    EXPECT_EQ(answerOf(sent().body)["system"][0]["text"], "Be brief.");

    QJsonObject streamedAsk = ask;
    streamedAsk["stream"] = true;
    const TestHttpResponse streamed = post("/anthropic/v1/messages", streamedAsk);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::AnthropicAccumulator acc;
    acc.apply(parseSseEvents(streamed.body));
    EXPECT_TRUE(acc.stopped());
    const QJsonObject message = std::as_const(acc.message());
    EXPECT_EQ(message["stop_reason"], "tool_use") << streamed.body.toStdString();
    EXPECT_EQ(message["content"][0]["name"], "get_weather") << streamed.body.toStdString();
    EXPECT_EQ(message["content"][0]["input"]["location"], "Paris");

    QJsonObject plainText = ask;
    plainText["model"] = "bedrock/claude";
    plainText["stream"] = true;
    plainText.remove("tools");
    const TestHttpResponse text = post("/anthropic/v1/messages", plainText);
    test::AnthropicAccumulator textAcc;
    textAcc.apply(parseSseEvents(text.body));
    EXPECT_EQ(std::as_const(textAcc.message())["content"][0]["text"], "echo: hello")
        << text.body.toStdString();
}

TEST_F(GatewayBedrockProviderTest, BedrockErrorReachesAnAnthropicClientInItsFormat) {
    const QJsonObject ask{
        {"model", "bedrock/nova-status-429"},
        {"max_tokens", 10},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse r = post("/anthropic/v1/messages", ask);
    EXPECT_EQ(r.status, 429) << r.body.toStdString();
    const QJsonObject body = answerOf(r.body);
    EXPECT_EQ(body["type"], "error") << r.body.toStdString();
    EXPECT_EQ(body["error"]["message"], "Fake Bedrock error 429") << r.body.toStdString();
}

TEST_F(GatewayBedrockProviderTest, GeminiClientPlainAndStreamed) {
    const QByteArray ask = R"({"contents":[{"role":"user","parts":[{"text":"hello"}]}]})";
    const TestHttpResponse plain = post("/genai/v1beta/models/bedrock/claude:generateContent", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(plain.body)["candidates"][0]["content"]["parts"][0]["text"], "echo: hello");
    EXPECT_EQ(sent().path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");

    const TestHttpResponse streamed =
        post("/genai/v1beta/models/bedrock/claude:streamGenerateContent?alt=sse", ask);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    QString text;
    for (const SseEvent &e : parseSseEvents(streamed.body)) {
        const QJsonObject a = QJsonDocument::fromJson(e.data).object();
        for (const QJsonValue &p : a["candidates"][0]["content"]["parts"].toArray())
            text += p["text"].toString();
    }
    EXPECT_EQ(text, "echo: hello");
    EXPECT_EQ(sent().path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
}

TEST_F(GatewayBedrockProviderTest, ResponsesClientPlainAndStreamed) {
    const TestHttpResponse plain = post(
        "/v1/responses", QByteArray(R"({"model":"bedrock/claude","input":"hello","store":false})"));
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(sent().path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    const QJsonObject answer = answerOf(plain.body);
    EXPECT_EQ(answer["output"][0]["content"][0]["text"], "echo: hello") << plain.body.toStdString();

    const TestHttpResponse streamed = post(
        "/v1/responses",
        QByteArray(R"({"model":"bedrock/claude","input":"hello","store":false,"stream":true})"));
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    QString text;
    bool completed = false;
    for (const SseEvent &e : parseSseEvents(streamed.body)) {
        const QJsonObject data = QJsonDocument::fromJson(e.data).object();
        if (e.event == "response.output_text.delta") text += data["delta"].toString();
        if (e.event == "response.completed") completed = true;
    }
    EXPECT_EQ(text, "echo: hello") << streamed.body.toStdString();
    EXPECT_TRUE(completed);
}

}  // namespace

// Claude's extended thinking through Converse: an Anthropic client's
// thinking budget reaches Bedrock, the signed thinking comes back as
// thinking blocks (plain and streamed), and a next turn that replays them
// gets them to Converse with their signatures (the fake checks them).
TEST_F(GatewayBedrockProviderTest, AnthropicThinkingRoundTripsWithItsSignature) {
    const QString model = "bedrock/anthropic.claude-thinking-v1:0";
    const QJsonObject ask{
        {"model", model},
        {"max_tokens", 2000},
        {"thinking", QJsonObject{{"type", "enabled"}, {"budget_tokens", 1500}}},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}}}}};
    const TestHttpResponse plain = post("/anthropic/v1/messages", ask);
    ASSERT_EQ(plain.status, 200) << plain.body.toStdString();
    EXPECT_EQ(answerOf(sent().body)["additionalModelRequestFields"]["thinking"].toObject(),
              json(R"({"type":"enabled","budget_tokens":1500})"));
    const QJsonArray content = answerOf(plain.body)["content"].toArray();
    ASSERT_EQ(content.size(), 2) << plain.body.toStdString();
    const QJsonObject thinking = content.at(0).toObject();
    EXPECT_EQ(thinking["type"], "thinking");
    EXPECT_EQ(thinking["thinking"], "Thinking about: hello");
    EXPECT_FALSE(thinking["signature"].toString().isEmpty());
    EXPECT_EQ(content.at(1).toObject()["text"], "echo: hello");

    QJsonObject streamedAsk = ask;
    streamedAsk["stream"] = true;
    const TestHttpResponse streamed = post("/anthropic/v1/messages", streamedAsk);
    ASSERT_EQ(streamed.status, 200) << streamed.body.toStdString();
    test::AnthropicAccumulator acc;
    acc.apply(parseSseEvents(streamed.body));
    EXPECT_TRUE(acc.stopped());
    const QJsonObject message = std::as_const(acc.message());
    EXPECT_EQ(message["content"][0].toObject(), thinking) << streamed.body.toStdString();
    EXPECT_EQ(message["content"][1]["text"], "echo: hello") << streamed.body.toStdString();

    // The next turn replays the thinking block; the fake refuses a wrong signature.
    QJsonObject next = ask;
    next["messages"] = QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}},
                                  QJsonObject{{"role", "assistant"}, {"content", content}},
                                  QJsonObject{{"role", "user"}, {"content", "again"}}};
    const TestHttpResponse replayed = post("/anthropic/v1/messages", next);
    ASSERT_EQ(replayed.status, 200) << replayed.body.toStdString();
    EXPECT_EQ(
        answerOf(sent().body)["messages"][1]["content"][0].toObject(),
        QJsonObject(
            {{"reasoningContent",
              QJsonObject{{"reasoningText", QJsonObject{{"text", "Thinking about: hello"},
                                                        {"signature", thinking["signature"]}}}}}}));

    QJsonArray forged = content;
    QJsonObject forgedThinking = thinking;
    forgedThinking["signature"] = "Zm9yZ2Vk";
    forged[0] = forgedThinking;
    next["messages"] = QJsonArray{QJsonObject{{"role", "user"}, {"content", "hello"}},
                                  QJsonObject{{"role", "assistant"}, {"content", forged}},
                                  QJsonObject{{"role", "user"}, {"content", "again"}}};
    const TestHttpResponse refused = post("/anthropic/v1/messages", next);
    EXPECT_EQ(refused.status, 400) << refused.body.toStdString();
    EXPECT_TRUE(refused.body.contains("signature")) << refused.body.toStdString();
}

// A chat client's reasoning_effort is a thinking budget for Claude (room
// left for the answer), and nothing for other models.
TEST_F(GatewayBedrockProviderTest, ReasoningEffortBecomesClaudesThinkingBudget) {
    const TestHttpResponse r =
        post("/v1/chat/completions",
             chatRequest("bedrock/anthropic.claude-thinking-v1:0", false,
                         {{"reasoning_effort", "medium"}, {"max_tokens", 1000}}));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject converse = answerOf(sent().body);
    EXPECT_EQ(converse["additionalModelRequestFields"]["thinking"]["budget_tokens"], 4096);
    EXPECT_EQ(converse["inferenceConfig"]["maxTokens"], 4096 + 1000);
    const QJsonObject message = answerOf(r.body)["choices"][0]["message"].toObject();
    EXPECT_EQ(message["reasoning_content"], "Thinking about: hello");
    EXPECT_EQ(message["content"], "echo: hello");

    const TestHttpResponse nova = post(
        "/v1/chat/completions",
        chatRequest("bedrock/amazon.nova-thinking-v1:0", false, {{"reasoning_effort", "high"}}));
    ASSERT_EQ(nova.status, 200) << nova.body.toStdString();
    EXPECT_FALSE(answerOf(sent().body).contains("additionalModelRequestFields"));

    // Claude 3 Haiku has no extended thinking: the effort is not sent.
    const TestHttpResponse haiku =
        post("/v1/chat/completions",
             chatRequest("bedrock/claude", false, {{"reasoning_effort", "high"}}));
    ASSERT_EQ(haiku.status, 200) << haiku.body.toStdString();
    EXPECT_EQ(sent().path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    EXPECT_FALSE(answerOf(sent().body).contains("additionalModelRequestFields"));
}

// tool_choice "none": Converse has no such choice and refuses tool blocks
// without toolConfig. A conversation without tool blocks goes without the
// tools (the model cannot call one); one with them keeps the tools without
// a toolChoice; one with them but no tools gets the tools its calls name.
TEST_F(GatewayBedrockProviderTest, ToolChoiceNoneAndConversationsWithToolBlocks) {
    const TestHttpResponse fresh = post(
        "/v1/chat/completions",
        chatRequest("bedrock/claude-tool", false,
                    QJsonObject{{"tools", QJsonArray{kWeatherTool}}, {"tool_choice", "none"}}));
    ASSERT_EQ(fresh.status, 200) << fresh.body.toStdString();
    EXPECT_FALSE(answerOf(sent().body).contains("toolConfig")) << sent().body.toStdString();
    EXPECT_EQ(answerText(fresh.body), "echo: hello");

    const QJsonArray history = QJsonDocument::fromJson(R"([
        {"role":"user","content":"Weather in Paris?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"tooluse_1","type":"function",
          "function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
        {"role":"tool","tool_call_id":"tooluse_1","content":"22 C"}])")
                                   .array();
    const TestHttpResponse withBlocks =
        post("/v1/chat/completions", chatRequest("bedrock/claude-tool", false,
                                                 QJsonObject{{"messages", history},
                                                             {"tools", QJsonArray{kWeatherTool}},
                                                             {"tool_choice", "none"}}));
    ASSERT_EQ(withBlocks.status, 200) << withBlocks.body.toStdString();
    const QJsonObject config = answerOf(sent().body)["toolConfig"].toObject();
    EXPECT_EQ(config["tools"][0]["toolSpec"]["name"], "get_weather") << sent().body.toStdString();
    EXPECT_FALSE(config.contains("toolChoice"));
    EXPECT_EQ(answerText(withBlocks.body), "Tool tooluse_1 returned: 22 C");

    const TestHttpResponse noTools =
        post("/v1/chat/completions",
             chatRequest("bedrock/claude", false, QJsonObject{{"messages", history}}));
    ASSERT_EQ(noTools.status, 200) << noTools.body.toStdString();
    EXPECT_EQ(answerOf(sent().body)["toolConfig"].toObject(),
              json(R"({"tools":[{"toolSpec":{"name":"get_weather",
                  "inputSchema":{"json":{"type":"object"}}}}]})"));
    EXPECT_EQ(upstream.rejectedSignatures(), 0);
}

// Two keys, each naming a profile of the shared credentials file (two
// identities), and one whose profile the file lacks: each request is signed
// as its key's profile (the fake checks the signature with that profile's
// secret), with the region ~/.aws/config gives the profile.
TEST_F(GatewayBedrockProviderTest, KeysSignWithTheProfileTheyName) {
    QTemporaryDir home;
    ASSERT_TRUE(home.isValid());
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(home.path() + "/" + name);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    write("credentials", QByteArray("[default]\naws_access_key_id = AKIDOTHER\n"
                                    "aws_secret_access_key = not-the-secret\n"
                                    "[team-a]\naws_access_key_id = AKIDTEAMA\n"
                                    "aws_secret_access_key = ") +
                             test::kFakeAwsSecret +
                             "\n[team-b]\naws_access_key_id = AKIDTEAMB\n"
                             "aws_secret_access_key = team-b/secret+B\n");
    write("config", "[profile team-a]\nregion = eu-north-1\n");
    const QList<const char *> aws{"AWS_ACCESS_KEY_ID",  "AWS_SECRET_ACCESS_KEY",
                                  "AWS_SESSION_TOKEN",  "AWS_SHARED_CREDENTIALS_FILE",
                                  "AWS_DEFAULT_REGION", "AWS_PROFILE",
                                  "AWS_REGION",         "AWS_CONFIG_FILE"};
    QHash<QByteArray, QByteArray> saved;
    for (const char *name : aws)
        if (qEnvironmentVariableIsSet(name)) saved.insert(name, qgetenv(name));
    for (const char *name : aws) qunsetenv(name);
    qputenv("AWS_SHARED_CREDENTIALS_FILE", (home.path() + "/credentials").toLocal8Bit());
    qputenv("AWS_CONFIG_FILE", (home.path() + "/config").toLocal8Bit());

    FakeBedrock teams{{{QStringLiteral("AKIDTEAMA"), QLatin1String(test::kFakeAwsSecret)},
                       {QStringLiteral("AKIDTEAMB"), QStringLiteral("team-b/secret+B")}}};
    ASSERT_TRUE(teams.start());
    GatewayHarness profiles;
    QString error;
    ASSERT_TRUE(profiles.start(QStringLiteral(R"({"providers": {
        "bedrock": {"keys": [
            {"value": "", "models": ["claude-a"], "bedrock_key_config": {"profile": "team-a"}},
            {"value": "", "models": ["claude-b"],
             "bedrock_key_config": {"profile": "team-b", "region": "us-west-2"}},
            {"value": "", "models": ["claude-c"], "bedrock_key_config": {"profile": "team-c"}}],
          "network_config": {"base_url": "%1", "default_request_timeout_in_seconds": 5}}}})")
                                   .arg(teams.baseUrl())
                                   .toUtf8(),
                               &error))
        << error.toStdString();
    const auto ask = [&](const char *model) {
        return TestHttpClient::post(
            profiles.port(), "/v1/chat/completions",
            QJsonDocument(chatRequest(model, false)).toJson(QJsonDocument::Compact), {}, 20000);
    };
    const TestHttpResponse a = ask("bedrock/claude-a");
    const QByteArray authA = teams.requests().constLast().headers.value("Authorization");
    const TestHttpResponse b = ask("bedrock/claude-b");
    const QByteArray authB = teams.requests().constLast().headers.value("Authorization");
    const int signedRequests = int(teams.requests().size());
    const TestHttpResponse c = ask("bedrock/claude-c");
    profiles.stop();
    for (const char *name : aws) qunsetenv(name);
    for (auto it = saved.begin(); it != saved.end(); ++it) qputenv(it.key(), it.value());

    ASSERT_EQ(a.status, 200) << a.body.toStdString();
    EXPECT_TRUE(authA.contains("Credential=AKIDTEAMA/")) << authA.toStdString();
    EXPECT_TRUE(authA.contains("/eu-north-1/bedrock/")) << authA.toStdString();
    ASSERT_EQ(b.status, 200) << b.body.toStdString();
    EXPECT_TRUE(authB.contains("Credential=AKIDTEAMB/")) << authB.toStdString();
    EXPECT_TRUE(authB.contains("/us-west-2/bedrock/")) << authB.toStdString();
    EXPECT_EQ(teams.rejectedSignatures(), 0);
    // A profile the file lacks: the client is told, nothing is sent.
    EXPECT_EQ(c.status, 401) << c.body.toStdString();
    EXPECT_TRUE(answerOf(c.body)["error"]["message"].toString().contains("[team-c]"))
        << c.body.toStdString();
    EXPECT_EQ(teams.requests().size(), signedRequests);
}

// The whole tool round trip of a Gemini-format client and of a Responses
// client (Codex, the Agents SDK), plain and streamed: the model's call reaches
// the client in its own format, the client's result reaches the model.
TEST_F(GatewayBedrockProviderTest, GeminiAndResponsesClientsToolRoundTrips) {
    for (bool stream : {false, true}) {
        for (const auto &trip :
             {test::geminiToolTrip(gateway.port(), "bedrock/anthropic.claude-agent-v1:0", stream),
              test::responsesToolTrip(gateway.port(), "bedrock/anthropic.claude-agent-v1:0",
                                      stream)}) {
            ASSERT_EQ(trip.problem.toStdString(), "")
                << "bedrock/anthropic.claude-agent-v1:0 stream=" << stream;
            EXPECT_EQ(trip.toolName, "get_weather");
            EXPECT_EQ(trip.arguments["location"], "Paris");
            EXPECT_TRUE(trip.finalText.startsWith("Tool get_weather returned: "))
                << trip.finalText.toStdString();
            EXPECT_TRUE(trip.finalText.contains("22 C")) << trip.finalText.toStdString();
        }
    }
}
