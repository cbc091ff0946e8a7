// Refuses to start: init() returns false with a message, as a plugin does
// when its config lacks something.
#include <gatehouse/plugin.h>

#include <QObject>

class FailingInitPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "failing-init.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("failing-init"); }
    bool init(const QJsonObject &, gatehouse::PluginHost &, QString *error) override {
        *error = QStringLiteral("config.apiKey is missing: set it in the plugin's config");
        return false;
    }
};

#include "FailingInitPlugin.moc"
