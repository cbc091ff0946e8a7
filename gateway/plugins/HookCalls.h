#pragma once

#include <gatehouse/plugin.h>

#include <optional>

namespace gatehouse {

class ActivePlugin;

// Safe, timed calls into a plugin's hooks, for the request pipeline.
//
// - An exception (std::exception or anything else) never reaches the
//   caller: it is logged against the plugin with the hook and request id,
//   counted as an error, and the hook's arguments are put back as they were
//   before the call (a half-done change is not kept). The result says
//   "failed" through hookError; a throwing preHook yields Continue.
// - A hookError the plugin returns is logged the same way and counted.
// - qDebug()/qInfo()/qWarning() inside the hook go to the plugin's log.
// - Each call is timed into the plugin's per-hook stats.
// - A hook the plugin's metadata does not list is not called: the default
//   result comes back at no cost.
// Call from any thread; the plugin must be from a chain the caller holds.
HookResult callTransportInterceptor(ActivePlugin &plugin, PluginContext &context,
                                    const QString &url, PluginHeaders &headers, QJsonObject &body);
PreHookResult callPreHook(ActivePlugin &plugin, PluginContext &context, PluginRequest &request);
HookResult callPostHook(ActivePlugin &plugin, PluginContext &context,
                        std::optional<PluginResponse> &response, std::optional<PluginError> &error);
ChunkResult callStreamChunk(ActivePlugin &plugin, PluginContext &context, QJsonObject &chunk);

}  // namespace gatehouse
