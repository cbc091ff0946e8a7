// A Gatehouse plugin from the future: plugin API 99 (IID and plugin.json).
#include <QObject>
#include <QtPlugin>

class Api99Plugin : public QObject {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "dev.gatehouse.GatewayPlugin/99" FILE "api99.json")
};

#include "Api99Plugin.moc"
