// Plugin chain semantics through the real gateway with real .so plugins:
// order, reverse postHooks, short-circuits, error flips, hook errors and
// exceptions, fallbacks re-running the chain, stream chunk hooks.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

QString pluginEntry(const char *name, const char *path, const QJsonObject &config) {
    return QStringLiteral(R"({"enabled":true,"name":"%1","path":"%2","version":1,"config":%3})")
        .arg(QLatin1String(name), QLatin1String(path),
             QString::fromUtf8(QJsonDocument(config).toJson(QJsonDocument::Compact)));
}

class PluginPipelineTest : public ::testing::Test {
protected:
    void start(const QJsonObject &a, const QJsonObject &b = {}, const QJsonObject &c = {}) {
        ASSERT_TRUE(upstream.start());
        const QString plugins = QStringList{pluginEntry("chain-a", CHAIN_A_PATH, a),
                                            pluginEntry("chain-b", CHAIN_B_PATH, b),
                                            pluginEntry("chain-c", CHAIN_C_PATH, c)}
                                    .join(',');
        const QByteArray config = QStringLiteral(R"({
          "providers": { "mock": { "keys": [], "mock_config": { "stream_chunk_delay_ms": 1 } },
                         "up": { "keys": [], "network_config": { "base_url": "%1" } } },
          "plugins": [ %2 ] })")
                                      .arg(upstream.baseUrl(), plugins)
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
        for (const auto &s : gateway.gateway().plugins()->statuses())
            ASSERT_EQ(s.state, PluginState::Active)
                << s.name.toStdString() << ": " << s.error.toStdString();
    }
    TestHttpResponse chat(const QString &model, const QJsonObject &extra = {},
                          bool stream = false) {
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody(model, "hello", stream, extra));
    }
    QList<PluginLogLine> logsOf(const char *name) {
        return gateway.gateway().plugins()->logs(name);
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(PluginPipelineTest, PreHooksRunInOrderAndPostHooksInReverse) {
    start({}, {}, {});
    const auto r = chat("mock/echo");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "hello");
    EXPECT_EQ(r.header("x-trace"),
              "pre:chain-a,pre:chain-b,pre:chain-c,post:chain-c,post:chain-b,post:chain-a");
}

TEST_F(PluginPipelineTest, ShortCircuitSkipsTheProviderAndRunsOnlyEarlierPostHooks) {
    start({}, {{"short_circuit", "response"}}, {});
    const auto r = chat("up/m");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "answered by chain-b");
    EXPECT_EQ(r.header("x-trace"), "pre:chain-a,pre:chain-b,post:chain-b,post:chain-a");
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(PluginPipelineTest, ShortCircuitErrorReachesTheClient) {
    start({}, {{"short_circuit", "error"}, {"status", 429}}, {});
    const auto r = chat("up/m");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(jsonOf(r.body).value("error").toObject().value("message").toString(),
              "blocked by chain-b");
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(PluginPipelineTest, PreHookChangesReachTheProvider) {
    start({{"set_user", "team-a"}}, {}, {});
    ASSERT_EQ(chat("up/m").status, 200);
    EXPECT_EQ(jsonOf(upstream.lastRequestBody()).value("user").toString(), "team-a");
}

TEST_F(PluginPipelineTest, PreHookCanRerouteToAnotherProvider) {
    start({{"reroute", "mock/echo"}}, {}, {});
    const auto r = chat("up/m");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("X-Gatehouse-Provider"), "mock/echo");
    EXPECT_EQ(upstream.requestCount(), 0);
}

TEST_F(PluginPipelineTest, HookErrorIsLoggedAgainstThePluginAndTheChainGoesOn) {
    start({}, {{"hook_error", true}}, {});
    const auto r = chat("mock/echo");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-trace"),
              "pre:chain-a,pre:chain-b,pre:chain-c,post:chain-c,post:chain-b,post:chain-a");
    bool logged = false;
    for (const auto &l : logsOf("chain-b"))
        logged = logged || l.message.contains("failed on purpose");
    EXPECT_TRUE(logged);
}

TEST_F(PluginPipelineTest, ExceptionsInHooksNeverReachTheClient) {
    start({{"throw_in", "postHook"}}, {{"throw_in", "preHook"}}, {});
    const auto r = chat("mock/echo");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "hello");
    bool pre = false;
    bool post = false;
    for (const auto &l : logsOf("chain-b")) pre = pre || l.message.contains("preHook exploded");
    for (const auto &l : logsOf("chain-a")) post = post || l.message.contains("postHook exploded");
    EXPECT_TRUE(pre);
    EXPECT_TRUE(post);
    EXPECT_GE(gateway.gateway().plugins()->status("chain-b")->stats.value("preHook").errors, 1u);
}

TEST_F(PluginPipelineTest, PostHookTurnsAnErrorIntoASuccess) {
    start({{"flip", "error_to_success"}}, {}, {});
    const auto r = chat("up/m+status-500");
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "rescued by chain-a");
}

TEST_F(PluginPipelineTest, PostHookTurnsASuccessIntoAnError) {
    start({}, {}, {{"flip", "success_to_error"}});
    const auto r = chat("mock/echo");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(jsonOf(r.body).value("error").toObject().value("message").toString(),
              "refused by chain-c");
}

TEST_F(PluginPipelineTest, FallbacksRunTheWholeChainAgain) {
    start({}, {}, {});
    const auto r = chat("up/m+status-500", {{"fallbacks", QJsonArray{"mock/echo"}}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.header("x-trace"),
              "pre:chain-a,pre:chain-b,pre:chain-c,post:chain-c,post:chain-b,post:chain-a,"
              "pre:chain-a,pre:chain-b,pre:chain-c,post:chain-c,post:chain-b,post:chain-a");
}

TEST_F(PluginPipelineTest, ShortCircuitErrorWithoutFallbacksStopsThem) {
    start({}, {{"short_circuit", "error"}, {"status", 403}, {"allow_fallbacks", false}}, {});
    const auto r = chat("up/m", {{"fallbacks", QJsonArray{"mock/echo"}}});
    EXPECT_EQ(r.status, 403);
}

TEST_F(PluginPipelineTest, StreamChunkHooksChangeEachChunk) {
    start({{"uppercase_stream", true}}, {}, {});
    const auto r = chat("mock/echo", {}, true);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(streamedText(r.body), "HELLO");
}

TEST_F(PluginPipelineTest, ShortCircuitOnAStreamedRequestIsStreamed) {
    start({}, {{"short_circuit", "response"}}, {});
    const auto r = chat("up/m", {}, true);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/event-stream"));
    const auto events = sseData(r.body);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last(), "[DONE]");
    EXPECT_EQ(streamedText(r.body), "answered by chain-b");
}
