// The right IID and metadata, but the class forgot
// Q_INTERFACES(gatehouse::GatewayPlugin), so it cannot be cast to one.
#include <gatehouse/plugin.h>

#include <QObject>

class NoInterfacePlugin : public QObject {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "no-interface.json")
};

#include "NoInterfacePlugin.moc"
