// A Qt plugin, but for another application's interface.
#include <QObject>
#include <QtPlugin>

class NotGatehousePlugin : public QObject {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.example.NotGatehouse")
};

#include "WrongIidPlugin.moc"
