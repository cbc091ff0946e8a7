// Virtual keys (sent in the x-bf-vk header): which models each key may use,
// its requests and tokens per minute and its budget. preHook admits or
// refuses (401 unknown key, 403 model, 429 limits); postHook counts the
// tokens and cost of each answer against the key. The counts live in the
// gateway's store (SharedCounters), so restarts, reloads and config edits
// keep them, and gateways sharing a store share them.
#pragma once

#include "GovernanceConfig.h"
#include "KeyLimiter.h"
#include "LocalCounters.h"

#include <gatehouse/plugin.h>

#include <QHash>
#include <QObject>
#include <memory>

namespace gatehouse::governance {

class GovernancePlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral("governance"); }
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override;
    PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override;
    HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override;
    void cleanup() override;

private:
    struct Key {
        VirtualKey config;
        std::unique_ptr<KeyLimiter> limiter;  // locks itself
    };
    // Built by init(), which never overlaps the hooks; the hooks only look
    // keys up, so the map itself needs no lock.
    bool required_ = false;
    QHash<QString, std::shared_ptr<Key>> keys_;
    LocalCounters localCounters_;  // when the gateway offers no SharedCounters
};

}  // namespace gatehouse::governance
