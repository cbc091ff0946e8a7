#pragma once

#include "config/McpConfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse {

// One tool as its server describes it (tools/list).
struct McpTool {
    QString name;  // the server's own name, without the client prefix
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema;
    QJsonObject annotations;
    QJsonObject raw;  // the whole entry, for re-serving it as it was
};

// What one MCP client is doing, as the API and the panel show it.
struct McpClientStatus {
    enum class State { Disabled, Connecting, Connected, Error, Reconnecting };
    McpClientConfig config;
    State state = State::Disabled;
    QString lastError;   // the latest failure, kept after a reconnect
    QString stderrTail;  // stdio: what the server wrote to stderr lately
    qint64 pid = 0;      // stdio: the running child's process id
    QString protocolVersion;
    QString serverName;
    QString serverVersion;
    QString instructions;
    QList<McpTool> tools;  // every tool the server lists (allowed or not)
    int reconnectAttempt = 0;
    qint64 retryInMs = 0;  // Error: when the next attempt starts
    qint64 toolCalls = 0;
    qint64 toolErrors = 0;
};

QString mcpStateName(McpClientStatus::State state);

// A tools/call's outcome. `ok` false: the call never got an answer
// (unknown tool, server gone, timed out); `result` is the server's
// CallToolResult, whose isError says whether the tool itself failed.
struct McpToolResult {
    bool ok = false;
    QString error;
    QString errorCode;  // "tool_not_found", "tool_not_allowed", "mcp_unavailable", ...
    QJsonObject result;
    qint64 durationMs = 0;

    // The result as text for a chat "tool" message: the text parts joined,
    // other parts described, the structured content as JSON when there is
    // no text.
    QString text() const;
    bool isError() const;
};

}  // namespace gatehouse
