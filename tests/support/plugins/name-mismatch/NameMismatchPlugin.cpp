// name() and plugin.json disagree.
#include <gatehouse/plugin.h>

#include <QObject>

class NameMismatchPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "name-mismatch.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("something-else"); }
};

#include "NameMismatchPlugin.moc"
