// Which MCP tools a request gets beyond its headers (a virtual key's
// mcp_configs, mcp.default_include_clients) and agent mode's rules:
// tools_to_auto_execute, max_agent_depth, how a round extends the
// conversation, what the client gets when calls are left for it, and the
// usage summed over the rounds.
#include "config/ConfigLoader.h"
#include "http/HttpHeaders.h"
#include "mcp/McpAgentLoop.h"
#include "mcp/McpToolSelection.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

McpConfig loadMcp(const QByteArray &json, QString *message = nullptr) {
    GatewayConfig config;
    ConfigError error;
    const bool ok = ConfigLoader::loadJson(json, QStringLiteral("config.json"), &config, &error);
    if (message) *message = ok ? QString() : error.toString();
    return config.mcp;
}

McpOfferedTool offered(const QString &client, const QString &tool) {
    McpOfferedTool t;
    t.client = client;
    t.name = client + QLatin1Char('-') + tool;
    t.tool.name = tool;
    return t;
}

QStringList names(const QList<McpOfferedTool> &tools) {
    QStringList out;
    for (const McpOfferedTool &t : tools) out << t.name;
    return out;
}

const QList<McpOfferedTool> kAll{offered("files", "read"), offered("files", "write"),
                                 offered("web", "search")};

QJsonObject virtualKey(const char *mcpConfigs) {
    return QJsonDocument::fromJson(QByteArray(R"({"key": "vk", "mcp_configs": )") + mcpConfigs +
                                   "}")
        .object();
}

QJsonObject toolCall(const QString &id, const QString &name, const QString &arguments) {
    return {{"id", id},
            {"type", "function"},
            {"function", QJsonObject{{"name", name}, {"arguments", arguments}}}};
}

QJsonObject answerCalling(const QJsonArray &calls, const QJsonObject &usage = {}) {
    QJsonObject answer{
        {"object", "chat.completion"},
        {"choices", QJsonArray{QJsonObject{
                        {"index", 0},
                        {"finish_reason", "tool_calls"},
                        {"message", QJsonObject{{"role", "assistant"}, {"tool_calls", calls}}}}}}};
    if (!usage.isEmpty()) answer.insert("usage", usage);
    return answer;
}

const char *kAgentConfig = R"({"mcp": {
    "tool_manager_config": {"max_agent_depth": 2, "tool_execution_timeout": "45s"},
    "client_configs": [
      {"name": "files", "connection_type": "stdio", "stdio_config": {"command": "x"},
       "tools_to_execute": ["*"], "tools_to_auto_execute": ["read"]},
      {"name": "web", "connection_type": "stdio", "stdio_config": {"command": "x"},
       "tools_to_execute": ["search"], "tools_to_auto_execute": ["*"],
       "tool_timeout_seconds": 5}]}})";

}  // namespace

TEST(McpAgentConfig, ReadsAutoExecuteAndTheToolManager) {
    QString message;
    const McpConfig mcp = loadMcp(kAgentConfig, &message);
    ASSERT_TRUE(message.isEmpty()) << message.toStdString();
    EXPECT_EQ(mcp.maxAgentDepth, 2);
    ASSERT_EQ(mcp.clients.size(), 2);
    EXPECT_TRUE(mcp.clients[0].autoExecutes("read"));
    EXPECT_FALSE(mcp.clients[0].autoExecutes("write"));
    EXPECT_TRUE(mcp.clients[1].autoExecutes("search"));
    // "*" auto-runs only what tools_to_execute offers.
    EXPECT_FALSE(mcp.clients[1].autoExecutes("delete"));
    // tool_execution_timeout is the default; a client's own timeout wins.
    EXPECT_EQ(mcp.clients[0].toolTimeoutMs, 45000);
    EXPECT_EQ(mcp.clients[1].toolTimeoutMs, 5000);
    EXPECT_EQ(loadMcp(R"({"mcp": {}})").maxAgentDepth, 10);
}

TEST(McpAgentConfig, RefusesABadToolManagerWithItsPath) {
    QString message;
    loadMcp(R"({"mcp": {"tool_manager_config": {"max_agent_depth": 0}}})", &message);
    EXPECT_TRUE(message.contains("mcp.tool_manager_config.max_agent_depth"))
        << message.toStdString();
    loadMcp(R"({"mcp": {"tool_manager_config": {"tool_execution_timeout": "soon"}}})", &message);
    EXPECT_TRUE(message.contains("tool_execution_timeout") && message.contains("30s"))
        << message.toStdString();
    loadMcp(R"({"mcp": {"default_include_clients": "files"}})", &message);
    EXPECT_TRUE(message.contains("mcp.default_include_clients")) << message.toStdString();
}

TEST(McpToolSelectionForRequest, AVirtualKeysMcpConfigsAreItsDefaultAndItsLimit) {
    const McpConfig none;
    const QJsonObject key = virtualKey(R"([{"mcp_client_name": "files",
                                           "tools_to_execute": ["read"]},
                                          {"mcp_client_name": "web",
                                           "tools_to_execute": ["*"]}])");
    // No headers: the key's tools.
    EXPECT_EQ(names(McpToolSelection::forRequest(HttpHeaders(), none, key).select(kAll)),
              (QStringList{"files-read", "web-search"}));
    // Headers choose within the key's tools, never beyond.
    HttpHeaders all;
    all.add("x-bf-mcp-include-clients", "*");
    EXPECT_EQ(names(McpToolSelection::forRequest(all, none, key).select(kAll)),
              (QStringList{"files-read", "web-search"}));
    HttpHeaders write;
    write.add("x-bf-mcp-include-tools", "files-write");
    EXPECT_TRUE(McpToolSelection::forRequest(write, none, key).select(kAll).isEmpty());
    // An empty list names no tool of its server.
    const QJsonObject closed = virtualKey(R"([{"mcp_client_name": "files",
                                              "tools_to_execute": []}])");
    EXPECT_TRUE(McpToolSelection::forRequest(all, none, closed).select(kAll).isEmpty());
    // A key without mcp_configs limits nothing and chooses nothing.
    const QJsonObject plain{{"key", "vk"}};
    EXPECT_FALSE(McpToolSelection::forRequest(HttpHeaders(), none, plain).wanted());
    EXPECT_EQ(McpToolSelection::forRequest(all, none, plain).select(kAll).size(), 3);
}

TEST(McpToolSelectionForRequest, DefaultIncludeClientsApplyWhenNothingElseChooses) {
    const McpConfig mcp = loadMcp(R"({"mcp": {"default_include_clients": ["web"]}})");
    EXPECT_EQ(names(McpToolSelection::forRequest(HttpHeaders(), mcp, std::nullopt).select(kAll)),
              (QStringList{"web-search"}));
    HttpHeaders files;
    files.add("x-bf-mcp-include-clients", "files");
    EXPECT_EQ(names(McpToolSelection::forRequest(files, mcp, std::nullopt).select(kAll)),
              (QStringList{"files-read", "files-write"}));
    // A key's mcp_configs come before the default.
    const QJsonObject key =
        virtualKey(R"([{"mcp_client_name": "files", "tools_to_execute": ["write"]}])");
    EXPECT_EQ(names(McpToolSelection::forRequest(HttpHeaders(), mcp, key).select(kAll)),
              (QStringList{"files-write"}));
}

TEST(McpAgentLoop, RunsOnlyWhenAnOfferedToolMayRunOnItsOwn) {
    const McpConfig mcp = loadMcp(kAgentConfig);
    EXPECT_TRUE(McpAgentLoop(nullptr, mcp, kAll).active());
    EXPECT_FALSE(McpAgentLoop(nullptr, mcp, {offered("files", "write")}).active());
    EXPECT_FALSE(McpAgentLoop(nullptr, McpConfig(), kAll).active());
}

TEST(McpAgentLoop, AStepSplitsTheCallsTheGatewayRunsFromThoseLeftForTheClient) {
    const McpAgentLoop loop(nullptr, loadMcp(kAgentConfig), kAll);
    const auto step = loop.nextStep(answerCalling(
        {toolCall("c1", "files-read", R"({"path": "a"})"),
         toolCall("c2", "files-write", R"({"path": "b"})"), toolCall("c3", "web-search", "{}")}));
    ASSERT_TRUE(step);
    ASSERT_EQ(step->autoCalls.size(), 2);
    EXPECT_EQ(step->autoCalls[0].toObject()["id"].toString(), QStringLiteral("c1"));
    EXPECT_EQ(step->autoCalls[1].toObject()["id"].toString(), QStringLiteral("c3"));
    ASSERT_EQ(step->pendingCalls.size(), 1);
    EXPECT_EQ(step->pendingCalls[0].toObject()["id"].toString(), QStringLiteral("c2"));
    // No call it may run, or no call at all: no step.
    EXPECT_FALSE(loop.nextStep(answerCalling({toolCall("c2", "files-write", "{}")})));
    EXPECT_FALSE(loop.nextStep(answerCalling({})));
    // A tool of a server that is not offered to this request is the client's.
    const McpAgentLoop narrow(nullptr, loadMcp(kAgentConfig), {offered("web", "search")});
    EXPECT_FALSE(narrow.nextStep(answerCalling({toolCall("c1", "files-read", "{}")})));
}

TEST(McpAgentLoop, ARoundExtendsTheConversationWithTheCallAndItsResults) {
    const McpAgentLoop loop(nullptr, loadMcp(kAgentConfig), kAll);
    const auto step = loop.nextStep(answerCalling({toolCall("c1", "files-read", "{}")}));
    ASSERT_TRUE(step);
    QJsonObject body{
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "read a"}}}}};
    McpAgentLoop::extend(&body, *step,
                         {QJsonObject{{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "A"}}});
    const QJsonArray messages = body["messages"].toArray();
    ASSERT_EQ(messages.size(), 3);
    const QJsonObject assistant = messages[1].toObject();
    EXPECT_EQ(assistant["role"].toString(), QStringLiteral("assistant"));
    EXPECT_TRUE(assistant["content"].isNull());
    EXPECT_EQ(assistant["tool_calls"].toArray().size(), 1);
    EXPECT_EQ(messages[2].toObject()["tool_call_id"].toString(), QStringLiteral("c1"));
}

TEST(McpAgentLoop, CallsLeftForTheClientComeWithTheResultsOfThoseThatRan) {
    const McpAgentLoop loop(nullptr, loadMcp(kAgentConfig), kAll);
    const QJsonObject answer =
        answerCalling({toolCall("c1", "files-read", "{}"), toolCall("c2", "files-write", "{}")});
    const auto step = loop.nextStep(answer);
    ASSERT_TRUE(step);
    const QJsonObject out = McpAgentLoop::pendingAnswer(
        answer, *step, {QJsonObject{{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "A!"}}});
    const QJsonObject choice = out["choices"].toArray()[0].toObject();
    EXPECT_EQ(choice["finish_reason"].toString(), QStringLiteral("stop"));
    const QJsonObject message = choice["message"].toObject();
    ASSERT_EQ(message["tool_calls"].toArray().size(), 1);
    EXPECT_EQ(message["tool_calls"].toArray()[0].toObject()["id"].toString(), QStringLiteral("c2"));
    EXPECT_TRUE(message["content"].toString().contains(R"({"files-read":"A!"})"))
        << message["content"].toString().toStdString();
}

TEST(McpAgentLoop, UsageIsSummedOverTheRounds) {
    McpAgentLoop loop(nullptr, loadMcp(kAgentConfig), kAll);
    EXPECT_EQ(loop.withTotalUsage(answerCalling({})), answerCalling({}));
    const QJsonObject final = answerCalling(
        {}, QJsonObject{{"prompt_tokens", 30},
                        {"completion_tokens", 5},
                        {"prompt_tokens_details", QJsonObject{{"cached_tokens", 20}}}});
    // run() counts the round and its answer's usage; with no calls to make
    // (the host is never asked) it still answers at once.
    McpAgentLoop::Step empty;
    bool ran = false;
    loop.run(empty,
             QJsonObject{{"prompt_tokens", 10},
                         {"completion_tokens", 2},
                         {"prompt_tokens_details", QJsonObject{{"cached_tokens", 4}}}},
             0, nullptr, [&](QJsonArray, QList<TraceSpan>) { ran = true; });
    EXPECT_EQ(loop.rounds(), 1);
    const QJsonObject usage = loop.withTotalUsage(final)["usage"].toObject();
    EXPECT_EQ(usage["prompt_tokens"].toInt(), 40);
    EXPECT_EQ(usage["completion_tokens"].toInt(), 7);
    EXPECT_EQ(usage["prompt_tokens_details"].toObject()["cached_tokens"].toInt(), 24);
    loop.reset();
    EXPECT_EQ(loop.rounds(), 0);
    EXPECT_EQ(loop.withTotalUsage(final), final);
    EXPECT_TRUE(ran);
}

TEST(McpAgentLoop, StopsAtMaxAgentDepth) {
    McpAgentLoop loop(nullptr, loadMcp(kAgentConfig), kAll);  // max_agent_depth 2
    const QJsonObject answer = answerCalling({toolCall("c1", "files-read", "{}")});
    for (int round = 0; round < 2; ++round) {
        ASSERT_TRUE(loop.nextStep(answer)) << round;
        loop.run({}, {}, 0, nullptr, [](QJsonArray, QList<TraceSpan>) {});
    }
    EXPECT_FALSE(loop.nextStep(answer));
}
