#include "VirtualKeys.h"

#include "GatewayState.h"
#include "plugins/PluginChain.h"
#include "plugins/PluginManager.h"

#include <QJsonArray>

namespace gatehouse {

namespace {
const QString kGovernance = QStringLiteral("governance");
}

bool isKnownVirtualKey(const GatewayState &state, const QByteArray &key) {
    if (!state.plugins || !state.plugins->chain()->find(kGovernance)) return false;
    const QString wanted = QString::fromUtf8(key);
    const auto config = state.config();
    for (const PluginEntry &entry : config->plugins) {
        if (!entry.enabled || entry.name != kGovernance) continue;
        const QJsonArray keys = entry.config.value(QLatin1String("virtual_keys")).toArray();
        for (const QJsonValue &k : keys)
            if (k.toObject().value(QLatin1String("key")).toString() == wanted) return true;
    }
    return false;
}

}  // namespace gatehouse
