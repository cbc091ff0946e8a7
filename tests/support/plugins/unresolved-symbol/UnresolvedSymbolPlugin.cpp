// Uses a variable no library defines, as a plugin linked against a library
// the gateway does not have would: loading must fail, naming the symbol.
#include <gatehouse/plugin.h>

#include <QObject>

extern "C" int gatehouse_test_symbol_nobody_defines;

class UnresolvedSymbolPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "unresolved.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("unresolved"); }
    gatehouse::PreHookResult preHook(gatehouse::PluginContext &,
                                     gatehouse::PluginRequest &request) override {
        request.body.insert(QStringLiteral("n"), gatehouse_test_symbol_nobody_defines);
        return {};
    }
};

#include "UnresolvedSymbolPlugin.moc"
