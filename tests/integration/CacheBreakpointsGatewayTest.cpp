// Claude Code's prompt-cache breakpoints (cache_control) through a
// translation, end to end: to Bedrock they become cachePoint blocks (checked
// by the FakeBedrock that also checks the signature), and an OpenAI-
// compatible provider, which would refuse the unknown field, gets none.
#include "FakeBedrock.h"
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

// A Claude Code turn with its breakpoints: the system prompt, the tools and
// the newest tool result.
QByteArray claudeCodeTurn(const QString &model) {
    return QStringLiteral(R"({"model":"%1","max_tokens":200,
      "system":[{"type":"text","text":"You are Claude Code."},
                {"type":"text","text":"Long instructions.","cache_control":{"type":"ephemeral"}}],
      "tools":[{"name":"Bash","description":"Run a command","input_schema":{"type":"object"},
                "cache_control":{"type":"ephemeral"}}],
      "messages":[
        {"role":"user","content":"list files"},
        {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"ls"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"a.txt",
                                   "cache_control":{"type":"ephemeral"}}]}]})")
        .arg(model)
        .toUtf8();
}

int count(const QByteArray &haystack, const QByteArray &needle) {
    int n = 0;
    for (qsizetype at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST(CacheBreakpointsGatewayTest, AnthropicBreakpointsBecomeBedrockCachePoints) {
    qputenv("GH_FAKE_AWS_SECRET", test::kFakeAwsSecret);
    FakeBedrock bedrock{{{QStringLiteral("AKIDFAKE"), QLatin1String(test::kFakeAwsSecret)}}};
    ASSERT_TRUE(bedrock.start());
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(test::fakeBedrockConfig(bedrock.baseUrl()), &error))
        << error.toStdString();

    // "claude" is an Anthropic model on Bedrock (the config's deployment).
    const TestHttpResponse r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages",
                                                    claudeCodeTurn("bedrock/claude"), {}, 20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject sent = QJsonDocument::fromJson(bedrock.requests().constLast().body).object();
    const QJsonObject point{{"cachePoint", QJsonObject{{"type", "default"}}}};
    EXPECT_EQ(sent["system"].toArray().last().toObject(), point);
    EXPECT_EQ(sent["toolConfig"]["tools"].toArray().last().toObject(), point);
    EXPECT_EQ(sent["messages"].toArray().last()["content"].toArray().last().toObject(), point);
    EXPECT_EQ(count(bedrock.requests().constLast().body, "cachePoint"), 3);

    // A model that caches nothing gets the request without them.
    const TestHttpResponse llama =
        TestHttpClient::post(gateway.port(), "/anthropic/v1/messages",
                             claudeCodeTurn("bedrock/meta.llama3-70b-instruct-v1:0"), {}, 20000);
    ASSERT_EQ(llama.status, 200) << llama.body.toStdString();
    EXPECT_EQ(count(bedrock.requests().constLast().body, "cachePoint"), 0);
    qunsetenv("GH_FAKE_AWS_SECRET");
}

TEST(CacheBreakpointsGatewayTest, OpenAiCompatibleProviderGetsNoMarks) {
    FakeUpstream upstream;
    ASSERT_TRUE(upstream.start());
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(test::fakeProvidersConfig(upstream.baseUrl()), &error))
        << error.toStdString();
    const TestHttpResponse r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages",
                                                    claudeCodeTurn("openai/fake"), {}, 20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_FALSE(upstream.lastRequestBody().contains("cache_control"))
        << upstream.lastRequestBody().toStdString();
    EXPECT_TRUE(upstream.lastRequestBody().contains("Long instructions."));
}
