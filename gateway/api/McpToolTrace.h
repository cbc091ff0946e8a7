#pragma once

#include "mcp/McpTypes.h"

#include <QElapsedTimer>
#include <memory>

namespace gatehouse {

struct GatewayState;
struct HttpRequest;
struct RequestTrace;

// The request log's record of one MCP tool call made through the gateway
// (/v1/mcp/tool/execute, /mcp tools/call): a request whose provider is
// "mcp" and model the tool, with one "mcp_tool" span (server, tool,
// result size, duration, error), so the panel's Requests page and
// /api/logs show it like a model call. Nothing when logging is off.
class McpToolTrace {
public:
    McpToolTrace(const GatewayState &state, const HttpRequest &request, const QString &endpoint,
                 const QString &tool, const QByteArray &arguments);
    // Records it with the HTTP status of the answer.
    void finish(const McpToolResult &result, int status, const QByteArray &answer);
    // Its id in the request log (empty when logging is off).
    QString id() const;

private:
    std::shared_ptr<class LogStore> logs_;
    std::shared_ptr<RequestTrace> trace_;
    QElapsedTimer clock_;
};

}  // namespace gatehouse
