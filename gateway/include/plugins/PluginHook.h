#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace gatehouse {

// The per-request hooks of GatewayPlugin, as named in plugin.json's "hooks",
// in stats and in log lines.
enum class PluginHook { TransportInterceptor, PreHook, PostHook, StreamChunk };

constexpr int kPluginHookCount = 4;

// Which hooks a plugin declared; a plugin.json without "hooks" gets them all.
using PluginHookMask = unsigned;
constexpr PluginHookMask kAllPluginHooks = (1u << kPluginHookCount) - 1;

inline PluginHookMask pluginHookBit(PluginHook hook) {
    return 1u << unsigned(hook);
}

QString pluginHookName(PluginHook hook);  // "preHook", ...
std::optional<PluginHook> pluginHookFromName(const QString &name);
QStringList pluginHookNames();  // all, in pipeline order

}  // namespace gatehouse
