#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace gatehouse {

// One MCP server Gatehouse connects to: config.json's
// mcp.client_configs[] entry, in Bifrost's shape.
struct McpClientConfig {
    enum class Connection { Stdio, Http, Sse };
    QString name;
    Connection connection = Connection::Stdio;
    // stdio: the program and its arguments; `envs` names environment
    // variables passed on ("HOME", "PATH") or sets them ("KEY=value").
    QString command;
    QStringList args;
    QStringList envs;
    // http / sse: the server's URL (an "env.VAR" reference is read at
    // connect time).
    QString connectionString;
    // http / sse: headers sent on every request (an API key, a bearer
    // token); a value "env.VAR" is read at connect time. Bifrost's
    // auth_type "none" sends none of them; "headers" (the default) does.
    enum class Auth { Headers, None };
    QList<QPair<QString, QString>> headers;  // in the order given
    Auth auth = Auth::Headers;
    // Which of the server's tools are offered: ["*"] all, a list those; an
    // empty list or none given: none (Bifrost's deny-by-default).
    QStringList toolsToExecute;
    QStringList toolsToSkip;  // never offered, whatever toolsToExecute says
    // Agent mode (Bifrost's tools_to_auto_execute): the offered tools the
    // gateway runs itself when a model calls them, feeding the results back
    // to the model; ["*"] all of tools_to_execute. Others go to the client.
    QStringList toolsToAutoExecute;
    bool enabled = true;  // Gatehouse's own key
    // Gatehouse's own keys: how long the handshake and a tool call may take.
    int handshakeTimeoutMs = 30000;
    int toolTimeoutMs = 60000;

    bool allowsTool(const QString &tool) const;
    bool autoExecutes(const QString &tool) const;  // allowed and in toolsToAutoExecute
    // The headers to send, environment references read.
    QList<QPair<QByteArray, QByteArray>> requestHeaders() const;
    bool operator==(const McpClientConfig &o) const;
    bool operator!=(const McpClientConfig &o) const { return !(*this == o); }
};

struct McpConfig {
    QList<McpClientConfig> clients;  // in file order; names unique
    // tool_manager_config.max_agent_depth: how many model calls one request
    // may make in agent mode before the model's tool calls go to the client.
    int maxAgentDepth = 10;
    // tool_manager_config.tool_execution_timeout: the tool call timeout of
    // clients without tool_timeout_seconds.
    int toolTimeoutMs = 60000;
    // Gatehouse's own key (default_include_clients): the servers whose tools
    // a request gets when neither its x-bf-mcp-include-* headers nor its
    // virtual key's mcp_configs choose; ["*"] all. Empty: none (opt-in).
    QStringList defaultIncludeClients;

    const McpClientConfig *client(const QString &name) const;
};

QString connectionTypeName(McpClientConfig::Connection c);
QString authTypeName(McpClientConfig::Auth a);

}  // namespace gatehouse
