// Exact-match cache. preHook answers a request identical to an earlier one
// from memory (with "x-gatehouse-cache: hit"); otherwise it leaves the key in
// the context, and postHook stores the successful answer under it.
#pragma once

#include "CacheConfig.h"
#include "ResponseStore.h"

#include <gatehouse/plugin.h>

#include <QObject>

namespace gatehouse::cache {

class CachePlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral("cache"); }
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override;
    PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override;
    HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override;
    void cleanup() override;

private:
    CacheConfig config_;   // written only by init(), which never overlaps hooks
    ResponseStore store_;  // locks itself
};

}  // namespace gatehouse::cache
