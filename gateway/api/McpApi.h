#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class McpHost;
class RequestGuard;
struct GatewayState;

// The MCP servers' management API and Bifrost's tool execution endpoint:
//   GET  /api/mcp/clients                  every client: state, tools with
//                                          schemas, last error, stderr tail
//   GET  /api/mcp/client/{name}            one
//   PUT  /api/mcp/client/{name}            {"enabled": bool}
//   POST /api/mcp/client/{name}/reconnect  ends and starts it again
//   POST /v1/mcp/tool/execute              an OpenAI tool call -> a "tool"
//                                          message with the result text
// Enabling and restarting start a program (stdio), so changes need the API
// token, as naming a plugin file does. Answers come back on the worker.
class McpApi {
public:
    McpApi(const GatewayState *state, McpHost *host, QObject *workerContext,
           std::shared_ptr<const RequestGuard> guard)
        : state_(state), host_(host), worker_(workerContext), guard_(std::move(guard)) {}
    static bool handles(const QByteArray &path);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    void execute(const std::shared_ptr<HttpExchange> &exchange);

    const GatewayState *state_;
    McpHost *host_;
    QObject *worker_;
    std::shared_ptr<const RequestGuard> guard_;
};

}  // namespace gatehouse
