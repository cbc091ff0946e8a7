#include "plugins/PluginStatus.h"

namespace gatehouse {

QString pluginStateName(PluginState state) {
    switch (state) {
        case PluginState::Discovered:
            return QStringLiteral("discovered");
        case PluginState::Loaded:
            return QStringLiteral("loaded");
        case PluginState::Active:
            return QStringLiteral("active");
        case PluginState::Disabled:
            return QStringLiteral("disabled");
        case PluginState::Error:
            return QStringLiteral("error");
        case PluginState::Unloaded:
            return QStringLiteral("unloaded");
    }
    return QStringLiteral("unknown");
}

}  // namespace gatehouse
