// client.model_aliases through the real gateway, on both stores: a model
// name an agent insists on reaches the provider/model the alias names, only
// at the endpoints it lists; the trace says which alias applied; aliases set
// through /api/config apply at once and survive a restart; a bad one is
// refused with its path.
#include "ConfigTestSupport.h"
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "StoreTestKit.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::json;
using gatehouse::test::jsonBody;
using gatehouse::test::TestStore;

namespace {

// What Claude Code sends (a built-in model name, whatever its base URL).
const QByteArray kClaudeCodeRequest = R"({"model":"claude-sonnet-4-5-20250929","max_tokens":512,)"
                                      R"("messages":[{"role":"user","content":"hi"}]})";

class ModelAliasesGatewayTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void SetUp() override { ASSERT_TRUE(upstream.start()); }

    bool start(GatewayHarness &g, const TestStore &store, const QString &aliases) {
        QByteArray config = test::fakeProvidersConfig(upstream.baseUrl());
        config.replace("\"providers\"",
                       "\"client\": {\"model_aliases\": " + aliases.toUtf8() + "}, \"providers\"");
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        const bool ok = g.start(config, options, &error);
        EXPECT_TRUE(ok) << error.toStdString();
        return ok;
    }

    static TestHttpResponse messages(GatewayHarness &g, const QByteArray &body) {
        HttpHeaders headers;
        headers.add("anthropic-version", "2023-06-01");
        return TestHttpClient::post(g.port(), "/anthropic/v1/messages", body, headers);
    }

    FakeUpstream upstream;
};

TEST_P(ModelAliasesGatewayTest, ClaudeCodesModelNameRunsOnTheProviderTheAliasNames) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store, R"([
        {"match": "claude-sonnet-*", "target": "openai/qwen3-coder:30b",
         "endpoints": ["anthropic-messages"]}])"));
    const auto r = messages(g, kClaudeCodeRequest);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(json(r.body)["type"].toString(), "message") << r.body.toStdString();
    // Translated to the OpenAI-compatible provider, with the alias's model.
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
    EXPECT_EQ(json(upstream.lastRequestBody())["model"].toString(), "qwen3-coder:30b");

    // The trace says which alias applied.
    g.gateway().logs()->flush();
    const auto log = TestHttpClient::get(g.port(), "/api/logs/" + r.header("x-request-id"));
    ASSERT_EQ(log.status, 200) << log.body.toStdString();
    const QJsonObject trace = json(log.body);
    EXPECT_EQ(trace["provider"].toString(), "openai");
    bool found = false;
    for (const QJsonValue &s : trace["spans"].toArray()) {
        if (s["kind"].toString() != "route") continue;
        found = true;
        EXPECT_EQ(s["outcome"].toString(), "alias");
        EXPECT_EQ(s["message"].toString(),
                  "claude-sonnet-4-5-20250929 -> openai/qwen3-coder:30b "
                  "(client.model_aliases[0]: claude-sonnet-*)");
    }
    EXPECT_TRUE(found) << log.body.toStdString();
}

TEST_P(ModelAliasesGatewayTest, AnAliasAppliesOnlyAtItsEndpointsAndBeatsNothingElse) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store, R"([
        {"match": "gpt-5*", "target": "openai/local-coder", "endpoints": ["openai-responses"]},
        {"match": "gpt-5-mini", "target": "mock/echo"}])"));
    // Responses: the glob applies...
    auto r =
        TestHttpClient::post(g.port(), "/v1/responses", R"({"model":"gpt-5-codex","input":"hi"})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(json(upstream.lastRequestBody())["model"].toString(), "local-coder");
    // ...but an exact name wins over it.
    const int before = upstream.requestCount();
    r = TestHttpClient::post(g.port(), "/v1/responses", R"({"model":"gpt-5-mini","input":"hi"})");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.requestCount(), before) << "the mock answered, not the upstream";
    // Chat completions is not among the glob's endpoints: the name goes on as it is.
    r = TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("gpt-5-codex", "hi"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(json(upstream.lastRequestBody())["model"].toString(), "gpt-5-codex");
}

TEST_P(ModelAliasesGatewayTest, AnAliasToAnUnknownProviderSaysWhichAliasItWas) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store, R"([{"match": "claude-*", "target": "ollama/qwen3"}])"));
    const auto r = messages(g, kClaudeCodeRequest);
    EXPECT_EQ(r.status, 400) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("Unknown provider 'ollama'")) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("client.model_aliases[0]")) << r.body.toStdString();
}

TEST_P(ModelAliasesGatewayTest, AliasesSetThroughTheApiApplyAtOnceAndSurviveARestart) {
    GATEHOUSE_TEST_STORE(store);
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store, "[]"));
        // Without an alias the bare name goes to the anthropic provider.
        ASSERT_EQ(messages(g, kClaudeCodeRequest).status, 200);
        EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");

        const auto bad = apiCall(g.port(), "PUT", "/api/config",
                                 R"({"client":{"model_aliases":[{"match":"x","target":"y"}]}})");
        EXPECT_EQ(bad.status, 400) << bad.body.toStdString();
        EXPECT_EQ(jsonBody(bad)["error"].toObject()["param"].toString(),
                  "client.model_aliases[0].target")
            << bad.body.toStdString();

        const auto put = apiCall(
            g.port(), "PUT", "/api/config",
            R"({"client":{"model_aliases":[{"match":"claude-*","target":"openai/gpt-4o-mini"}]}})");
        ASSERT_EQ(put.status, 200) << put.body.toStdString();
        ASSERT_TRUE(runEventsUntil(
            [&] { return g.gateway().config().client.modelAliases.size() == 1; }, 10000));
        ASSERT_EQ(messages(g, kClaudeCodeRequest).status, 200);
        EXPECT_EQ(upstream.lastRequestPath(), "/v1/chat/completions");
        EXPECT_EQ(json(upstream.lastRequestBody())["model"].toString(), "gpt-4o-mini");
    }
    GatewayHarness g;  // config.json still has none
    ASSERT_TRUE(start(g, store, "[]"));
    ASSERT_EQ(messages(g, kClaudeCodeRequest).status, 200);
    EXPECT_EQ(json(upstream.lastRequestBody())["model"].toString(), "gpt-4o-mini");
}

GATEHOUSE_ON_EVERY_STORE(ModelAliasesGatewayTest);

}  // namespace
