#pragma once

#include "config/GatewayConfig.h"
#include "store/ConfigStore.h"

#include <QJsonObject>
#include <optional>

namespace gatehouse {

// Plugin edits (the API's, the panel's, virtual keys') as edits of the
// stored "plugins" section: the store is where a plugin edit happens; the
// plugin host only follows what was committed (core/ConfigReconciler).
// Every item they touch gets the source "api".
namespace PluginEdits {

// What a PUT may change; an unset field keeps its stored value.
struct Update {
    std::optional<bool> enabled;
    std::optional<QJsonObject> config;
    std::optional<int> version;
};

// 409 when a plugin of that name is stored already.
ConfigStore::Edit add(const PluginEntry &entry);
// 404 when no plugin of that name is stored.
ConfigStore::Edit update(const QString &name, const Update &update);
ConfigStore::Edit remove(const QString &name);
// Puts back the item as it was before a refused edit (`before` unset: the
// edit created it, so it goes again).
ConfigStore::Edit restore(const QString &name, const std::optional<ConfigItem> &before);

}  // namespace PluginEdits

}  // namespace gatehouse
