// The plugin guide's hello-world: every hook logs that it was called and
// changes nothing. A starting point to copy, and a smoke test for the host.
#pragma once

#include <gatehouse/plugin.h>

#include <QObject>

namespace gatehouse {

class HelloWorldPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral("hello-world"); }
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override;
    HookResult transportInterceptor(PluginContext &ctx, const QString &url, PluginHeaders &headers,
                                    QJsonObject &body) override;
    PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override;
    HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override;
    void cleanup() override;
};

}  // namespace gatehouse
