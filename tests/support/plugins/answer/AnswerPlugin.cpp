// Answers every request itself (a preHook short-circuit) with
// "<greeting> from <ANSWER_TEXT>": tests see which build (v1, v2) and which
// config served a request. Built twice, with ANSWER_TEXT "v1" and "v2".
// cleanup() appends "cleanup <text>" to the file config.cleanupMarker (if
// set), which outlives the host's log.
#include <gatehouse/plugin.h>

#include <QDebug>
#include <QFile>
#include <QObject>

#ifndef ANSWER_TEXT
#error "build with -DANSWER_TEXT=\"...\""
#endif

class AnswerPlugin : public QObject, public gatehouse::GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "answer.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("answer"); }

    bool init(const QJsonObject &config, gatehouse::PluginHost &host, QString *) override {
        greeting_ = config.value(QStringLiteral("greeting")).toString(QStringLiteral("hello"));
        marker_ = config.value(QStringLiteral("cleanupMarker")).toString();
        host.log(gatehouse::PluginLogLevel::Info, QStringLiteral("init %1").arg(text()));
        return true;
    }

    gatehouse::PreHookResult preHook(gatehouse::PluginContext &,
                                     gatehouse::PluginRequest &) override {
        gatehouse::PluginResponse response;
        response.body.insert(QStringLiteral("answer"), text());
        return gatehouse::PreHookResult::respond(response);
    }

    void cleanup() override {
        qInfo().noquote() << "cleanup" << text();
        QFile marker(marker_);
        if (!marker_.isEmpty() && marker.open(QIODevice::Append))
            marker.write(QStringLiteral("cleanup %1\n").arg(text()).toUtf8());
    }

private:
    QString text() const {
        return greeting_ + QStringLiteral(" from ") + QStringLiteral(ANSWER_TEXT);
    }

    QString greeting_;
    QString marker_;
};

#include "AnswerPlugin.moc"
