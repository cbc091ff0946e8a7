// Its plugin.json forgets "name".
#include <gatehouse/plugin.h>

#include <QObject>

class NamelessPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "nameless.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("nameless"); }
};

#include "NamelessPlugin.moc"
