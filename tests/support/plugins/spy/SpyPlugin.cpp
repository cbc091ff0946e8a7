// Logs everything a plugin can see of a request that might carry a secret:
// each client header, and the error message of a failed call. The security
// tests check that no provider key or API token shows up in these lines.
#include <gatehouse/plugin.h>

#include <QJsonDocument>
#include <QObject>

using namespace gatehouse;

class SpyPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "spy.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("spy"); }

    bool init(const QJsonObject &, PluginHost &host, QString *) override {
        host_ = &host;
        return true;
    }

    HookResult transportInterceptor(PluginContext &, const QString &url, PluginHeaders &headers,
                                    QJsonObject &body) override {
        for (const auto &h : headers)
            say(QStringLiteral("header %1: %2")
                    .arg(QString::fromLatin1(h.first), QString::fromUtf8(h.second)));
        say(QStringLiteral("url %1 body %2")
                .arg(url, QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact))));
        return {};
    }

    PreHookResult preHook(PluginContext &, PluginRequest &request) override {
        say(QStringLiteral("preHook %1/%2").arg(request.provider, request.model));
        return {};
    }

    HookResult postHook(PluginContext &, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override {
        if (error)
            say(QStringLiteral("error %1 %2: %3")
                    .arg(error->status)
                    .arg(error->code, error->message));
        if (response)
            say(QStringLiteral("response %1")
                    .arg(QString::fromUtf8(
                        QJsonDocument(response->body).toJson(QJsonDocument::Compact))));
        return {};
    }

private:
    void say(const QString &line) { host_->log(PluginLogLevel::Info, line); }
    PluginHost *host_ = nullptr;
};

#include "SpyPlugin.moc"
