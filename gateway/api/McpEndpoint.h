#pragma once

#include <QObject>
#include <memory>

namespace gatehouse {

class HttpExchange;
class McpHost;
struct GatewayState;

// /mcp: Gatehouse as an MCP server over streamable HTTP, offering the tools
// of every connected MCP server under their prefixed names ("files-read");
// a call goes to the server that owns the tool. POST carries one JSON-RPC
// message and gets a JSON answer (202 for notifications and responses):
// initialize (hands out an Mcp-Session-Id), tools/list, tools/call, ping.
// GET is 405 (no stream of our own), DELETE ends a session. Who may call
// it is decided before (RequestGuard: the rules of /api).
class McpEndpoint {
public:
    McpEndpoint(const GatewayState *state, McpHost *host, QObject *workerContext)
        : state_(state), host_(host), worker_(workerContext) {}
    void handle(const std::shared_ptr<HttpExchange> &exchange);

private:
    const GatewayState *state_;
    McpHost *host_;
    QObject *worker_;
};

}  // namespace gatehouse
