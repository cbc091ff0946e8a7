#pragma once

#include "McpHost.h"

#include <QHash>
#include <QJsonObject>
#include <optional>

namespace gatehouse {

class HttpHeaders;
struct McpConfig;

// Which MCP tools a model request gets, from Bifrost's headers:
//   x-bf-mcp-include-clients: files,web_search   ("*": all; empty: none)
//   x-bf-mcp-include-tools:   files-read_file,web_search-*   (empty: none)
// Both given: a tool must pass both. Neither: the request's virtual key
// or mcp.default_include_clients may choose (forRequest); else the request
// is not asking for MCP tools, and its body stays as the client sent it.
struct McpToolSelection {
    std::optional<QStringList> clients;
    std::optional<QStringList> tools;
    // The virtual key's mcp_configs (Bifrost's shape: [{"mcp_client_name":
    // "files", "tools_to_execute": ["read_file"]}]) as client -> tools ("*":
    // all): the only tools its requests may get, whatever the headers ask.
    std::optional<QHash<QString, QStringList>> keyTools;

    static McpToolSelection fromHeaders(const HttpHeaders &headers);
    // The headers' choice, narrowed to the virtual key's mcp_configs
    // (`virtualKey`: its governance entry, if the request sent one); without
    // headers, the key's tools, else the config's default_include_clients.
    static McpToolSelection forRequest(const HttpHeaders &headers, const McpConfig &config,
                                       const std::optional<QJsonObject> &virtualKey);
    // A virtual key entry's mcp_configs; nullopt when it has none.
    static std::optional<QHash<QString, QStringList>> keyToolsOf(const QJsonObject &virtualKey);
    bool wanted() const { return clients || tools; }
    bool includes(const McpOfferedTool &tool) const;
    // Whether the virtual key lets its requests run `tool` of `client`.
    bool keyAllows(const QString &client, const QString &tool) const;
    // The offered tools it includes, in the host's (sorted) order.
    QList<McpOfferedTool> select(const QList<McpOfferedTool> &offered) const;
};

// Appends the tools to a chat-completions body's "tools" as functions
// (name, description, parameters = the tool's input schema), after the
// client's own and in a stable order; a name the client already uses is
// left to the client. Returns how many were added.
int appendMcpTools(QJsonObject *chatBody, const QList<McpOfferedTool> &tools);

}  // namespace gatehouse
