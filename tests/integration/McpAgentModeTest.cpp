// Agent mode and per-key MCP tools, end to end: a real stdio MCP server
// (tests/support/fixtures/mcp/test_server.py), the mock provider's tool
// model, the governance plugin's .so for virtual keys. A tool the server
// lets the gateway run (tools_to_auto_execute) is run by the gateway and
// the model answers with its result, in every client format; its call is
// a span of the request's trace; streamed requests and tools that may not
// run on their own leave the calls to the client; a virtual key's
// mcp_configs choose and limit its requests' tools, /v1/mcp/tool/execute
// included; mcp.default_include_clients gives tools to requests that ask
// for none.
#include "EventLoopWait.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "TestHttpClient.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>

using namespace gatehouse;

namespace {

const QByteArray kServer = GATEHOUSE_MCP_FIXTURES "/test_server.py";

QByteArray config(const QByteArray &mcpExtra = {}) {
    return R"({
      "providers": { "mock": { "keys": [], "mock_config": { "stream_chunk_delay_ms": 0 } } },
      "plugins": [ { "name": "governance", "enabled": true, "path": ")" +
           QByteArray(GATEHOUSE_PLUGIN_GOVERNANCE) + R"(", "config": { "virtual_keys": [
             { "key": "vk-echo", "mcp_configs": [
                 { "mcp_client_name": "local", "tools_to_execute": ["echo"] } ] },
             { "key": "vk-plain" } ] } } ],
      "mcp": { )" +
           mcpExtra + R"( "client_configs": [
        { "name": "local", "connection_type": "stdio",
          "stdio_config": { "command": "python3", "args": [")" +
           kServer + R"("] },
          "tools_to_execute": ["*"], "tools_to_auto_execute": ["echo"] } ] }
    })";
}

class McpAgentModeTest : public ::testing::Test {
protected:
    void start(const QByteArray &mcpExtra = {}) {
        QString error;
        ASSERT_TRUE(gateway.start(config(mcpExtra), &error)) << error.toStdString();
        ASSERT_TRUE(runEventsUntil(
            [&] {
                const auto r = TestHttpClient::get(gateway.port(), "/api/mcp/client/local",
                                                   gateway.tokenHeader());
                return jsonOf(r.body)["state"].toString() == "connected";
            },
            20000))
            << "the test MCP server did not connect";
    }
    TestHttpResponse chat(const QString &prompt, const HttpHeaders &headers, bool stream = false) {
        QJsonObject body{
            {"model", "mock/tool"},
            {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", prompt}}}}};
        if (stream) body.insert("stream", true);
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    QJsonDocument(body).toJson(QJsonDocument::Compact), headers,
                                    20000);
    }
    static HttpHeaders with(const QByteArray &name, const QByteArray &value) {
        HttpHeaders h;
        h.add(name, value);
        return h;
    }
    static QJsonObject messageOf(const TestHttpResponse &r) {
        return jsonOf(r.body)["choices"].toArray()[0].toObject()["message"].toObject();
    }
    // The request log's record of the last request to `endpoint`.
    QJsonObject loggedDetail(const QString &endpoint) {
        QJsonObject row;
        runEventsUntil(
            [&] {
                const auto page = jsonOf(
                    TestHttpClient::get(gateway.port(), "/api/logs?limit=20", gateway.tokenHeader())
                        .body);
                for (const QJsonValue &v : page["data"].toArray())
                    if (v.toObject()["endpoint"].toString() == endpoint) {
                        row = v.toObject();
                        return true;
                    }
                return false;
            },
            10000);
        return jsonOf(TestHttpClient::get(gateway.port(),
                                          "/api/logs/" + row["id"].toString().toUtf8(),
                                          gateway.tokenHeader())
                          .body);
    }

    GatewayHarness gateway;
};

const QString kAskEcho = QStringLiteral(R"(Use local-echo {"message": "agent-7"})");

}  // namespace

TEST_F(McpAgentModeTest, TheGatewayRunsTheToolAndTheModelAnswersWithItsResult) {
    start();
    const auto r = chat(kAskEcho, with("x-bf-mcp-include-clients", "local"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject message = messageOf(r);
    EXPECT_EQ(message["content"].toString(),
              QStringLiteral("Tool local-echo returned: Echo: agent-7"))
        << r.body.toStdString();
    EXPECT_FALSE(message.contains("tool_calls")) << r.body.toStdString();
    EXPECT_EQ(jsonOf(r.body)["choices"].toArray()[0].toObject()["finish_reason"].toString(),
              QStringLiteral("stop"));

    const QJsonObject detail = loggedDetail("/v1/chat/completions");
    EXPECT_EQ(detail["attempts"].toInt(), 2) << "two model calls";
    bool toolSpan = false;
    int providerSpans = 0;
    for (const QJsonValue &v : detail["spans"].toArray()) {
        const QJsonObject s = v.toObject();
        if (s["kind"].toString() == "mcp_tool" && s["name"].toString() == "local-echo" &&
            s["outcome"].toString() == "ok")
            toolSpan = true;
        if (s["kind"].toString() == "provider") ++providerSpans;
    }
    EXPECT_TRUE(toolSpan) << QJsonDocument(detail["spans"].toArray()).toJson().toStdString();
    EXPECT_EQ(providerSpans, 2);
}

TEST_F(McpAgentModeTest, EachToolCallIsALineInTheHookLog) {
    start();
    QMutex mutex;
    QList<HookCallRecord> lines;
    gateway.gateway().plugins()->setHookCallObserver([&](const HookCallRecord &r) {
        QMutexLocker lock(&mutex);
        if (r.plugin.startsWith("mcp:")) lines.append(r);  // not the governance plugin's
    });
    const auto r = chat(kAskEcho, with("x-bf-mcp-include-clients", "local"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    ASSERT_TRUE(runEventsUntil([&] {
        QMutexLocker lock(&mutex);
        return !lines.isEmpty();
    }));
    gateway.gateway().plugins()->setHookCallObserver(nullptr);
    QMutexLocker lock(&mutex);
    ASSERT_EQ(lines.size(), 1);
    EXPECT_EQ(lines[0].plugin, QStringLiteral("mcp:local"));
    EXPECT_EQ(lines[0].hook, QStringLiteral("tools/call echo"));
    EXPECT_EQ(lines[0].outcome, QStringLiteral("ok"));
    EXPECT_EQ(lines[0].message, QStringLiteral("13 bytes of result"));  // "Echo: agent-7"
    // The request's id in the request log.
    EXPECT_EQ(lines[0].requestId, loggedDetail("/v1/chat/completions")["id"].toString());
}

TEST_F(McpAgentModeTest, AnAnthropicClientGetsTheFinalAnswerInItsFormat) {
    start();
    const QJsonObject body{
        {"model", "mock/tool"},
        {"max_tokens", 100},
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", kAskEcho}}}}};
    const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages",
                                        QJsonDocument(body).toJson(QJsonDocument::Compact),
                                        with("x-bf-mcp-include-tools", "local-echo"), 20000);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject answer = jsonOf(r.body);
    EXPECT_EQ(answer["stop_reason"].toString(), QStringLiteral("end_turn")) << r.body.toStdString();
    const QJsonArray content = answer["content"].toArray();
    ASSERT_EQ(content.size(), 1) << r.body.toStdString();
    EXPECT_EQ(content[0].toObject()["text"].toString(),
              QStringLiteral("Tool local-echo returned: Echo: agent-7"));
}

TEST_F(McpAgentModeTest, StreamsAndToolsThatMayNotRunOnTheirOwnLeaveTheCallToTheClient) {
    start();
    // env is offered but not in tools_to_auto_execute.
    const auto env =
        chat(R"(Use local-env {"name": "HOME"})", with("x-bf-mcp-include-clients", "local"));
    ASSERT_EQ(env.status, 200) << env.body.toStdString();
    const QJsonArray calls = messageOf(env)["tool_calls"].toArray();
    ASSERT_EQ(calls.size(), 1) << env.body.toStdString();
    EXPECT_EQ(calls[0].toObject()["function"].toObject()["name"].toString(),
              QStringLiteral("local-env"));
    // A streamed request: the client gets the call (a round needs the whole answer).
    const auto streamed = chat(kAskEcho, with("x-bf-mcp-include-clients", "local"), true);
    ASSERT_EQ(streamed.status, 200);
    EXPECT_TRUE(streamed.body.contains("\"local-echo\"")) << streamed.body.toStdString();
    EXPECT_FALSE(streamed.body.contains("Echo: agent-7")) << streamed.body.toStdString();
}

TEST_F(McpAgentModeTest, AVirtualKeysMcpConfigsChooseAndLimitItsTools) {
    start();
    // No header: the key's tools, run by the gateway.
    const auto keyed = chat(kAskEcho, with("x-bf-vk", "vk-echo"));
    ASSERT_EQ(keyed.status, 200) << keyed.body.toStdString();
    EXPECT_EQ(messageOf(keyed)["content"].toString(),
              QStringLiteral("Tool local-echo returned: Echo: agent-7"));
    // Asking beyond the key's tools gets none: the model answers in text.
    HttpHeaders beyond = with("x-bf-vk", "vk-echo");
    beyond.add("x-bf-mcp-include-tools", "local-env");
    const auto refused = chat(R"(Use local-env {"name": "HOME"})", beyond);
    ASSERT_EQ(refused.status, 200) << refused.body.toStdString();
    EXPECT_FALSE(messageOf(refused).contains("tool_calls")) << refused.body.toStdString();
    // A key without mcp_configs chooses nothing.
    const auto plain = chat(kAskEcho, with("x-bf-vk", "vk-plain"));
    EXPECT_FALSE(messageOf(plain)["content"].toString().contains("Echo: agent-7"));

    auto execute = [&](const QString &tool, const QByteArray &key) {
        const QJsonObject call{
            {"id", "c1"},
            {"type", "function"},
            {"function", QJsonObject{{"name", tool}, {"arguments", R"({"message": "x"})"}}}};
        return TestHttpClient::post(gateway.port(), "/v1/mcp/tool/execute",
                                    QJsonDocument(call).toJson(QJsonDocument::Compact),
                                    with("x-bf-vk", key), 20000);
    };
    const auto denied = execute("local-env", "vk-echo");
    EXPECT_EQ(denied.status, 403) << denied.body.toStdString();
    EXPECT_EQ(jsonOf(denied.body)["error"].toObject()["code"].toString(),
              QStringLiteral("tool_not_allowed"));
    EXPECT_EQ(execute("local-echo", "vk-echo").status, 200);
    EXPECT_EQ(execute("local-env", "vk-plain").status, 200);
}

TEST_F(McpAgentModeTest, DefaultIncludeClientsGiveToolsToRequestsThatAskForNone) {
    start(R"("default_include_clients": ["local"],)");
    const auto r = chat(kAskEcho, HttpHeaders());
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(messageOf(r)["content"].toString(),
              QStringLiteral("Tool local-echo returned: Echo: agent-7"));
}

TEST_F(McpAgentModeTest, MaxAgentDepthZeroRoundsIsRefusedAndOneRoundRuns) {
    QString error;
    EXPECT_FALSE(
        gateway.start(config(R"("tool_manager_config": {"max_agent_depth": 0},)"), &error));
    EXPECT_TRUE(error.contains("mcp.tool_manager_config.max_agent_depth")) << error.toStdString();
    start(R"("tool_manager_config": {"max_agent_depth": 1},)");
    const auto r = chat(kAskEcho, with("x-bf-mcp-include-clients", "local"));
    EXPECT_EQ(messageOf(r)["content"].toString(),
              QStringLiteral("Tool local-echo returned: Echo: agent-7"));
}
