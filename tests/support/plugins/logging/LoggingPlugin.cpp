// Talks: qInfo()/qDebug()/qWarning() and PluginHost::log() from init(), a
// hook and cleanup(), so tests can check every line is attributed to it.
#include <gatehouse/plugin.h>

#include <QDebug>
#include <QObject>

using namespace gatehouse;

class LoggingPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "logging.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("logging-test"); }

    bool init(const QJsonObject &, PluginHost &host, QString *) override {
        host_ = &host;
        qInfo("init says hello");
        host.log(PluginLogLevel::Info, QStringLiteral("init via host"));
        return true;
    }

    PreHookResult preHook(PluginContext &, PluginRequest &request) override {
        qInfo().noquote() << "preHook saw model" << request.model;
        qDebug("a debug detail");
        qWarning("a warning");
        host_->log(PluginLogLevel::Error, QStringLiteral("an error via host"));
        return {};
    }

    void cleanup() override { qInfo("cleanup says goodbye"); }

private:
    PluginHost *host_ = nullptr;
};

#include "LoggingPlugin.moc"
