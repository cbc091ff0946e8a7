#pragma once

#include "config/GatewayConfig.h"
#include "store/ConfigStore.h"
#include "store/PluginEdits.h"

#include <QObject>
#include <memory>

namespace gatehouse {

class PluginManager;
struct GatewayState;

// The one way committed config reaches the running gateway. Every edit
// (/api/plugins, /api/config, the panel, virtual keys, config.json, another
// gateway sharing the store) is committed to the ConfigStore first; the
// store's effectiveChanged is followed here alone, and the committed state
// is applied to the plugin host and published as the provider snapshot.
// Nothing flows back from the host to the store, so there is no write-back
// loop and no "applying" guard: the host is only ever told, never asked.
//
// Owned by the Gateway, main thread.
class ConfigReconciler : public QObject {
    Q_OBJECT
public:
    ConfigReconciler(ConfigStore *store, PluginManager *plugins, GatewayState *state,
                     QObject *parent = nullptr);

    // Plugin edits: committed to the store, applied, and answered with what
    // the host made of them (200/201; 400 refused; 404; 409; 503). A
    // change the plugin refuses (its init() turns the new config or build
    // down; the previous instance keeps running) is taken back out of the
    // store, so the store never holds what no host runs. A plugin added or
    // enabled that then fails to start stays stored, listed in state
    // Error, as config.json would have it.
    ConfigStore::Result addPlugin(PluginEntry entry);
    ConfigStore::Result updatePlugin(const QString &name, const PluginEdits::Update &update);
    ConfigStore::Result removePlugin(const QString &name);

    // How often committed state had to be applied to the host (the tests'
    // measure of convergence without a loop).
    quint64 hostApplies() const { return hostApplies_; }

    // Applies `config` now (start-up: the store's first effective config).
    void apply(const std::shared_ptr<const GatewayConfig> &config);

signals:
    // After each applied config: the rest of the engine (MCP servers, the
    // model catalogue, the panel) follows from here.
    void applied(std::shared_ptr<const GatewayConfig> config);

private:
    ConfigStore::Result commitAndCheck(const QString &name, const ConfigStore::Edit &edit,
                                       bool adding);

    ConfigStore *store_;
    PluginManager *plugins_;
    GatewayState *state_;
    quint64 hostApplies_ = 0;
};

}  // namespace gatehouse
