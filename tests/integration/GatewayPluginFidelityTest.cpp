// Plugins that only read keep the same-format pass-through: a Messages
// request through hello-world (every hook, reading only; enabled in the
// default config) still reaches an Anthropic provider as the client's own
// bytes, and its answer comes back as the provider's, postHooks having seen
// it in the canonical model. A plugin that changes the request makes it a
// translated one.
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "SseEvents.h"
#include "TestHttpClient.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;

namespace {

// A Messages request as Claude Code writes it, with what only Anthropic reads.
const QByteArray kModelAt = R"({"model" : )";
const QByteArray kRest = R"(,"max_tokens":64, "thinking":{"type":"enabled","budget_tokens":1024},
  "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
  "messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]},
              {"role":"system","content":"reminder"}],
  "context_management":{"edits":[]},"metadata":{"user_id":"u1"}, "temperature" : 1.0000000000000001)";

class GatewayPluginFidelityTest : public ::testing::Test {
protected:
    void start(const QJsonArray &plugins) {
        ASSERT_TRUE(upstream.start());
        QJsonObject config = json(test::fakeProvidersConfig(upstream.baseUrl()));
        config.insert("plugins", plugins);
        QString error;
        ASSERT_TRUE(gateway.start(QJsonDocument(config).toJson(), &error)) << error.toStdString();
        for (const auto &s : gateway.gateway().plugins()->statuses())
            ASSERT_EQ(s.state, PluginState::Active)
                << s.name.toStdString() << ": " << s.error.toStdString();
    }
    static QJsonObject plugin(const char *name, const char *path, const QJsonObject &config = {}) {
        return {
            {"enabled", true}, {"name", name}, {"path", path}, {"version", 1}, {"config", config}};
    }
    TestHttpResponse messages(bool stream) {
        HttpHeaders headers;
        headers.add("anthropic-beta", "interleaved-thinking-2025-05-14");
        return TestHttpClient::post(
            gateway.port(), "/anthropic/v1/messages",
            kModelAt + "\"anthropic/claude-x\"" + kRest +
                (stream ? QByteArray(R"(,"stream":true})") : QByteArray("}")),
            headers, 20000);
    }
    QByteArray sentAsIs(bool stream) const {
        return kModelAt + "\"claude-x\"" + kRest +
               (stream ? QByteArray(R"(,"stream":true})") : QByteArray("}"));
    }
    FakeUpstream upstream;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(GatewayPluginFidelityTest, ReadingPluginsKeepTheClientsBytesAndTheProvidersAnswer) {
    start({plugin("hello-world", GATEHOUSE_PLUGIN_HELLO_WORLD)});
    const auto r = messages(false);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_EQ(upstream.lastRequestBody(), sentAsIs(false));
    EXPECT_EQ(upstream.lastRequestHeaders().value("anthropic-beta"),
              "interleaved-thinking-2025-05-14");
    const QJsonObject answer = json(r.body);
    EXPECT_EQ(answer["type"], "message");
    EXPECT_EQ(answer["content"][0]["text"], "echo: hi");
    EXPECT_TRUE(answer["id"].toString().startsWith("msg_fake")) << r.body.toStdString();
}

TEST_F(GatewayPluginFidelityTest, ReadingPluginsKeepAStreamAsTheProviderSentIt) {
    start({plugin("hello-world", GATEHOUSE_PLUGIN_HELLO_WORLD)});
    const auto r = messages(true);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(), sentAsIs(true));
    QList<QByteArray> names;
    for (const SseEvent &e : parseSseEvents(r.body)) names << e.event;
    ASSERT_FALSE(names.isEmpty());
    EXPECT_EQ(names.first(), "message_start");
    EXPECT_TRUE(names.contains("ping")) << "the provider's own events, pings included";
    EXPECT_EQ(names.last(), "message_stop");
}

// chain-a's postHook sees the answer (in the canonical model) and adds a header.
TEST_F(GatewayPluginFidelityTest, PostHooksSeeANativeAnswer) {
    start({plugin("chain-a", CHAIN_A_PATH)});
    const auto r = messages(false);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestBody(), sentAsIs(false));
    EXPECT_EQ(r.header("x-trace"), "pre:chain-a,post:chain-a");
    EXPECT_EQ(json(r.body)["content"][0]["text"], "echo: hi");
}

TEST_F(GatewayPluginFidelityTest, APluginThatChangesTheRequestMakesItTranslated) {
    start({plugin("chain-a", CHAIN_A_PATH, {{"set_user", "someone"}})});
    const auto r = messages(false);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestPath(), "/v1/messages");
    EXPECT_NE(upstream.lastRequestBody(), sentAsIs(false));
    const QJsonObject sent = json(upstream.lastRequestBody());
    EXPECT_EQ(sent["model"], "claude-x");
    // Thinking has its counterpart through the translation: the budget is
    // kept, max_tokens makes room above it, temperature goes (Claude refuses
    // it with thinking on).
    EXPECT_EQ(sent["thinking"].toObject(), json(R"({"type":"enabled","budget_tokens":1024})"));
    EXPECT_EQ(sent["max_tokens"], 1024 + 64);
    EXPECT_FALSE(sent.contains("temperature"));
    EXPECT_EQ(json(r.body)["type"], "message");
}
