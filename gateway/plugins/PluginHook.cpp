#include "plugins/PluginHook.h"

namespace gatehouse {

namespace {
// Spelled exactly like the GatewayPlugin methods, so plugin.json, logs and
// code read the same.
const char *const kHookNames[kPluginHookCount] = {"transportInterceptor", "preHook", "postHook",
                                                  "streamChunk"};
}  // namespace

QString pluginHookName(PluginHook hook) {
    return QString::fromLatin1(kHookNames[int(hook)]);
}

std::optional<PluginHook> pluginHookFromName(const QString &name) {
    for (int i = 0; i < kPluginHookCount; ++i)
        if (name == QLatin1String(kHookNames[i])) return PluginHook(i);
    return std::nullopt;
}

QStringList pluginHookNames() {
    QStringList names;
    for (const char *name : kHookNames) names.append(QString::fromLatin1(name));
    return names;
}

}  // namespace gatehouse
