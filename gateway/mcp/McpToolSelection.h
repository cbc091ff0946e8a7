#pragma once

#include "McpHost.h"

#include <QJsonObject>
#include <optional>

namespace gatehouse {

class HttpHeaders;

// Which MCP tools a model request gets, from Bifrost's headers:
//   x-bf-mcp-include-clients: files,web_search   ("*": all; empty: none)
//   x-bf-mcp-include-tools:   files-read_file,web_search-*   (empty: none)
// Both given: a tool must pass both. Neither: the request is not asking
// for MCP tools (nullopt), and its body stays as the client sent it.
struct McpToolSelection {
    std::optional<QStringList> clients;
    std::optional<QStringList> tools;

    static McpToolSelection fromHeaders(const HttpHeaders &headers);
    bool wanted() const { return clients || tools; }
    bool includes(const McpOfferedTool &tool) const;
    // The offered tools it includes, in the host's (sorted) order.
    QList<McpOfferedTool> select(const QList<McpOfferedTool> &offered) const;
};

// Appends the tools to a chat-completions body's "tools" as functions
// (name, description, parameters = the tool's input schema), after the
// client's own and in a stable order; a name the client already uses is
// left to the client. Returns how many were added.
int appendMcpTools(QJsonObject *chatBody, const QList<McpOfferedTool> &tools);

}  // namespace gatehouse
