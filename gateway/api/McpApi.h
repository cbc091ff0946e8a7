#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class McpHost;
class RequestGuard;
struct GatewayState;

// The MCP servers' management API and Bifrost's tool execution endpoint:
//   GET    /api/mcp/clients                 every client: state, tools with
//                                           schemas, last error, stderr tail
//   POST   /api/mcp/clients                 adds one (a client_configs entry)
//   GET    /api/mcp/client/{name}           one
//   PUT    /api/mcp/client/{name}           {"enabled": bool}, or a whole entry
//   DELETE /api/mcp/client/{name}           removes it (its process ends)
//   POST   /api/mcp/client/{name}/reconnect ends and starts it again
//   POST   /v1/mcp/tool/execute             an OpenAI tool call -> a "tool"
//                                           message with the result text
// ("/api/mcp/clients/{name}" is taken too.) Servers are kept in the config
// store, so additions and edits last and reach every gateway sharing it.
// Every change may start a program (stdio), so it needs the API token, as
// naming a plugin file does. Answers come back on the worker.
class McpApi {
public:
    McpApi(const GatewayState *state, McpHost *host, QObject *workerContext,
           std::shared_ptr<const RequestGuard> guard)
        : state_(state), host_(host), worker_(workerContext), guard_(std::move(guard)) {}
    static bool handles(const QByteArray &path);
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    void manage(const std::shared_ptr<HttpExchange> &exchange, const QByteArray &path);
    void execute(const std::shared_ptr<HttpExchange> &exchange);

    const GatewayState *state_;
    McpHost *host_;
    QObject *worker_;
    std::shared_ptr<const RequestGuard> guard_;
};

}  // namespace gatehouse
