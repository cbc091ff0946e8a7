// A plugin whose hooks do nothing, built as noop-1 .. noop-5: the benchmark
// measures what an enabled plugin costs the gateway per request.
#include <gatehouse/plugin.h>

#include <QObject>

#ifndef NOOP_PLUGIN_NAME
#error "NOOP_PLUGIN_NAME must be defined"
#endif

class NoopPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "noop-plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral(NOOP_PLUGIN_NAME); }
    gatehouse::PreHookResult preHook(gatehouse::PluginContext &,
                                     gatehouse::PluginRequest &) override {
        return {};
    }
    gatehouse::HookResult postHook(gatehouse::PluginContext &,
                                   std::optional<gatehouse::PluginResponse> &,
                                   std::optional<gatehouse::PluginError> &) override {
        return {};
    }
};

#include "NoopPlugin.moc"
