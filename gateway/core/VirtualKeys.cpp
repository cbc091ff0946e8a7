#include "VirtualKeys.h"

#include "GatewayState.h"
#include "plugins/PluginChain.h"
#include "plugins/PluginManager.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace gatehouse {

namespace {
const QString kGovernance = QStringLiteral("governance");
}

bool isKnownVirtualKey(const GatewayState &state, const QByteArray &key) {
    return virtualKeyEntry(state, key).has_value();
}

std::optional<QJsonObject> virtualKeyEntry(const GatewayState &state, const QByteArray &key) {
    if (key.isEmpty() || !state.plugins || !state.plugins->chain()->find(kGovernance))
        return std::nullopt;
    const QString wanted = QString::fromUtf8(key);
    const auto config = state.config();
    for (const PluginEntry &entry : config->plugins) {
        if (!entry.enabled || entry.name != kGovernance) continue;
        const QJsonArray keys = entry.config.value(QLatin1String("virtual_keys")).toArray();
        QString hash;  // computed once, if a key is stored as its hash
        for (const QJsonValue &k : keys) {
            const QJsonObject o = k.toObject();
            if (o.value(QLatin1String("key")).toString() == wanted) return o;
            const QString stored = o.value(QLatin1String("key_sha256")).toString();
            if (stored.isEmpty()) continue;
            if (hash.isEmpty())
                hash = QString::fromLatin1(
                    QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex());
            if (stored == hash) return o;
        }
    }
    return std::nullopt;
}

}  // namespace gatehouse
