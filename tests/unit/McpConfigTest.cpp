// config.json's "mcp" section (Bifrost's mcp.client_configs[]) and the
// rules the MCP host applies to it: which tools are offered, how names are
// prefixed, what a tool result reads as.
#include "config/ConfigLoader.h"
#include "http/HttpHeaders.h"
#include "mcp/McpHost.h"
#include "mcp/McpToolSelection.h"

#include <gtest/gtest.h>

#include <QJsonArray>

using namespace gatehouse;

namespace {

bool load(const QByteArray &json, GatewayConfig *out, QString *message = nullptr) {
    ConfigError error;
    const bool ok = ConfigLoader::loadJson(json, QStringLiteral("config.json"), out, &error);
    if (message) *message = error.toString();
    return ok;
}

}  // namespace

TEST(McpConfig, ReadsBifrostsClientConfigs) {
    GatewayConfig config;
    ASSERT_TRUE(load(R"({"mcp": {"client_configs": [
        {"name": "files", "connection_type": "stdio",
         "stdio_config": {"command": "npx", "args": ["-y", "server"], "envs": ["HOME", "A=b"]},
         "tools_to_execute": ["*"], "tools_to_skip": ["delete"]},
        {"name": "web_search", "connection_type": "http",
         "connection_string": "http://127.0.0.1:3001/mcp", "tools_to_execute": ["search"],
         "handshake_timeout_seconds": 2.5, "enabled": false},
        {"name": "live", "connection_type": "sse", "connection_string": "http://h/sse"}
    ]}})",
                     &config));
    ASSERT_EQ(config.mcp.clients.size(), 3);
    const McpClientConfig &files = config.mcp.clients[0];
    EXPECT_EQ(files.connection, McpClientConfig::Connection::Stdio);
    EXPECT_EQ(files.command, QStringLiteral("npx"));
    EXPECT_EQ(files.args, (QStringList{"-y", "server"}));
    EXPECT_EQ(files.envs, (QStringList{"HOME", "A=b"}));
    EXPECT_TRUE(files.enabled);
    const McpClientConfig &web = config.mcp.clients[1];
    EXPECT_EQ(web.connection, McpClientConfig::Connection::Http);
    EXPECT_EQ(web.handshakeTimeoutMs, 2500);
    EXPECT_FALSE(web.enabled);
    EXPECT_EQ(config.mcp.clients[2].connection, McpClientConfig::Connection::Sse);
}

TEST(McpConfig, ReadsHeadersAuthTypeAndBifrostsDisabled) {
    GatewayConfig config;
    qputenv("GATEHOUSE_TEST_MCP_TOKEN", "from-env");
    ASSERT_TRUE(load(R"({"mcp": {"client_configs": [
        {"name": "remote", "connection_type": "http", "connection_string": "http://h/mcp",
         "auth_type": "headers",
         "headers": {"X-Api-Key": "abc", "Authorization": "env.GATEHOUSE_TEST_MCP_TOKEN"}},
        {"name": "open", "connection_type": "http", "connection_string": "http://h/mcp",
         "auth_type": "none", "headers": {"X-Api-Key": "abc"}, "disabled": true}
    ]}})",
                     &config));
    const McpClientConfig &remote = config.mcp.clients[0];
    ASSERT_EQ(remote.headers.size(), 2);
    EXPECT_EQ(remote.headers[0].first, "X-Api-Key");  // in the file's order
    const auto sent = remote.requestHeaders();
    ASSERT_EQ(sent.size(), 2);
    EXPECT_EQ(sent[1].second, "from-env");
    EXPECT_TRUE(remote.enabled);
    const McpClientConfig &open = config.mcp.clients[1];
    EXPECT_EQ(open.auth, McpClientConfig::Auth::None);
    EXPECT_TRUE(open.requestHeaders().isEmpty());
    EXPECT_FALSE(open.enabled);
    EXPECT_TRUE(open != remote);

    QString why;
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "x", "connection_type": "http",
        "connection_string": "http://h/", "auth_type": "oauth"}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("mcp.client_configs[0].auth_type")) << why.toStdString();
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "x", "connection_type": "http",
        "connection_string": "http://h/", "headers": {"Bad Name": "v"}}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("headers")) << why.toStdString();
}

TEST(McpConfig, NoSectionMeansNoServers) {
    GatewayConfig config;
    ASSERT_TRUE(load(R"({"mcp": null})", &config));
    EXPECT_TRUE(config.mcp.clients.isEmpty());
}

TEST(McpConfig, RefusesWhatCannotBeConnectedWithThePath) {
    GatewayConfig config;
    QString why;
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "a-b",
        "stdio_config": {"command": "x"}}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("mcp.client_configs[0].name")) << why.toStdString();
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "a"}]}})", &config, &why));
    EXPECT_TRUE(why.contains("stdio_config.command")) << why.toStdString();
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "a", "connection_type": "http"}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("connection_string")) << why.toStdString();
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [{"name": "a", "connection_type": "ws",
        "connection_string": "x"}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("\"sse\"")) << why.toStdString();
    EXPECT_FALSE(load(R"({"mcp": {"client_configs": [
        {"name": "a", "stdio_config": {"command": "x"}},
        {"name": "a", "stdio_config": {"command": "y"}}]}})",
                      &config, &why));
    EXPECT_TRUE(why.contains("listed twice")) << why.toStdString();
}

TEST(McpConfig, ToolsToExecuteAllowsAndToolsToSkipDenies) {
    McpClientConfig c;
    EXPECT_FALSE(c.allowsTool("echo"));  // none listed: none offered (Bifrost's default)
    c.toolsToExecute = {"*"};
    EXPECT_TRUE(c.allowsTool("echo"));
    c.toolsToSkip = {"echo"};
    EXPECT_FALSE(c.allowsTool("echo"));
    c.toolsToExecute = {"add"};
    c.toolsToSkip.clear();
    EXPECT_TRUE(c.allowsTool("add"));
    EXPECT_FALSE(c.allowsTool("echo"));
}

TEST(McpConfig, ToolNamesSplitAtTheFirstHyphen) {
    QString client, tool;
    ASSERT_TRUE(McpHost::splitToolName("everything-get-sum", &client, &tool));
    EXPECT_EQ(client, QStringLiteral("everything"));
    EXPECT_EQ(tool, QStringLiteral("get-sum"));
    EXPECT_FALSE(McpHost::splitToolName("echo", &client, &tool));
    EXPECT_FALSE(McpHost::splitToolName("-echo", &client, &tool));
    EXPECT_FALSE(McpHost::splitToolName("files-", &client, &tool));
}

TEST(McpConfig, AToolResultReadsAsItsTextParts) {
    McpToolResult r;
    r.ok = true;
    r.result = QJsonObject{
        {"content", QJsonArray{QJsonObject{{"type", "text"}, {"text", "one"}},
                               QJsonObject{{"type", "image"}, {"mimeType", "image/png"}},
                               QJsonObject{{"type", "text"}, {"text", "two"}}}}};
    EXPECT_EQ(r.text(), QStringLiteral("one\n[image image/png]\ntwo"));
    EXPECT_FALSE(r.isError());
    r.result = QJsonObject{{"content", QJsonArray()},
                           {"structuredContent", QJsonObject{{"sum", 3}}},
                           {"isError", true}};
    EXPECT_EQ(r.text(), QStringLiteral("{\"sum\":3}"));
    EXPECT_TRUE(r.isError());
}

namespace {

McpOfferedTool offered(const QString &client, const QString &tool) {
    McpOfferedTool t;
    t.client = client;
    t.name = client + QLatin1Char('-') + tool;
    t.tool.name = tool;
    t.tool.description = tool + QStringLiteral(" things");
    t.tool.inputSchema = QJsonObject{{"type", "object"}};
    return t;
}

QStringList names(const QList<McpOfferedTool> &tools) {
    QStringList out;
    for (const McpOfferedTool &t : tools) out << t.name;
    return out;
}

}  // namespace

TEST(McpToolSelection, NoHeaderAsksForNoTools) {
    const McpToolSelection s = McpToolSelection::fromHeaders(HttpHeaders());
    EXPECT_FALSE(s.wanted());
    EXPECT_TRUE(s.select({offered("a", "x")}).isEmpty());
}

TEST(McpToolSelection, IncludeClientsTakesTheirToolsAndStarTakesAll) {
    const QList<McpOfferedTool> all{offered("a", "x"), offered("b", "y"), offered("c", "z")};
    HttpHeaders h;
    h.add("x-bf-mcp-include-clients", "a, c");
    EXPECT_EQ(names(McpToolSelection::fromHeaders(h).select(all)), (QStringList{"a-x", "c-z"}));
    HttpHeaders star;
    star.add("X-BF-MCP-Include-Clients", "*");
    EXPECT_EQ(McpToolSelection::fromHeaders(star).select(all).size(), 3);
    HttpHeaders empty;
    empty.add("x-bf-mcp-include-clients", "");
    EXPECT_TRUE(McpToolSelection::fromHeaders(empty).wanted());
    EXPECT_TRUE(McpToolSelection::fromHeaders(empty).select(all).isEmpty());
}

TEST(McpToolSelection, IncludeToolsTakesNamesAndClientWildcardsWithinTheClients) {
    const QList<McpOfferedTool> all{offered("a", "x"), offered("a", "y"), offered("b", "y")};
    HttpHeaders h;
    h.add("x-bf-mcp-include-tools", "a-y,b-*");
    EXPECT_EQ(names(McpToolSelection::fromHeaders(h).select(all)), (QStringList{"a-y", "b-y"}));
    h.add("x-bf-mcp-include-clients", "b");
    EXPECT_EQ(names(McpToolSelection::fromHeaders(h).select(all)), (QStringList{"b-y"}));
}

TEST(McpToolSelection, ToolsAreAppendedAfterTheClientsOwnAsFunctions) {
    QJsonObject body{
        {"tools", QJsonArray{QJsonObject{{"type", "function"},
                                         {"function", QJsonObject{{"name", "mine"}}}}}}};
    EXPECT_EQ(appendMcpTools(&body, {offered("a", "x"), offered("b", "y")}), 2);
    const QJsonArray tools = body.value("tools").toArray();
    ASSERT_EQ(tools.size(), 3);
    EXPECT_EQ(tools[0].toObject()["function"].toObject()["name"].toString(),
              QStringLiteral("mine"));
    const QJsonObject f = tools[1].toObject()["function"].toObject();
    EXPECT_EQ(f["name"].toString(), QStringLiteral("a-x"));
    EXPECT_EQ(f["description"].toString(), QStringLiteral("x things"));
    EXPECT_EQ(f["parameters"].toObject()["type"].toString(), QStringLiteral("object"));
    // Asked twice (a retry through a plugin), nothing is added twice.
    EXPECT_EQ(appendMcpTools(&body, {offered("a", "x")}), 0);
}
