#pragma once

#include "mcp/McpHost.h"

#include <QJsonObject>

namespace gatehouse {

// How the API shows an MCP client, and a tool as MCP's tools/list does.
QJsonObject mcpClientJson(const McpClientStatus &status);
QJsonObject mcpToolJson(const McpOfferedTool &tool);

}  // namespace gatehouse
