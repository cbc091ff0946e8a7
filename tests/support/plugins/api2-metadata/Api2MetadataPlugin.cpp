// Built against API 1 (the IID), but its plugin.json claims apiVersion 2.
#include <gatehouse/plugin.h>

#include <QObject>

class Api2MetadataPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "api2.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("api2"); }
};

#include "Api2MetadataPlugin.moc"
