#pragma once

#include "McpHost.h"

namespace gatehouse {

class PluginManager;

// Shows each MCP tool call in the hook log beside the plugins' hook calls
// (the panel's Hook log page): "mcp:<server>" as the plugin, "tools/call
// <tool>" as the hook, its request, its time, and "ok", "tool_error" or
// "error" with the result's size or the error.
McpHost::ToolCallObserver mcpToolCallsInHookLog(PluginManager *plugins);

}  // namespace gatehouse
