// Misbehaves on request: config {"throwIn": ["preHook", ...], "kind": "std"
// or "int", "failIn": [...]} makes the named hooks (or init/cleanup) throw a
// std::runtime_error (or an int), or return a hookError. Before throwing, a
// hook changes its arguments, so tests see the change undone.
#include <gatehouse/plugin.h>

#include <QJsonArray>
#include <QObject>
#include <stdexcept>

using namespace gatehouse;

class ThrowingPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "throwing.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)
public:
    QString name() const override { return QStringLiteral("throwing"); }

    bool init(const QJsonObject &config, PluginHost &, QString *) override {
        for (const QJsonValue &v : config.value(QStringLiteral("throwIn")).toArray())
            throwIn_.append(v.toString());
        for (const QJsonValue &v : config.value(QStringLiteral("failIn")).toArray())
            failIn_.append(v.toString());
        kind_ = config.value(QStringLiteral("kind")).toString(QStringLiteral("std"));
        maybeThrow(QStringLiteral("init"));
        return true;
    }

    HookResult transportInterceptor(PluginContext &, const QString &, PluginHeaders &headers,
                                    QJsonObject &body) override {
        headers.append(qMakePair(QByteArray("x-throwing"), QByteArray("1")));
        body.insert(QStringLiteral("touched"), true);
        maybeThrow(QStringLiteral("transportInterceptor"));
        return {failure(QStringLiteral("transportInterceptor"))};
    }

    PreHookResult preHook(PluginContext &, PluginRequest &request) override {
        request.model = QStringLiteral("changed-by-throwing");
        maybeThrow(QStringLiteral("preHook"));
        return PreHookResult::failed(failure(QStringLiteral("preHook")));
    }

    HookResult postHook(PluginContext &, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override {
        response.reset();
        error = PluginError{};
        maybeThrow(QStringLiteral("postHook"));
        return {failure(QStringLiteral("postHook"))};
    }

    ChunkResult streamChunk(PluginContext &, QJsonObject &chunk) override {
        chunk.insert(QStringLiteral("touched"), true);
        maybeThrow(QStringLiteral("streamChunk"));
        ChunkResult result;
        result.hookError = failure(QStringLiteral("streamChunk"));
        return result;
    }

    void cleanup() override { maybeThrow(QStringLiteral("cleanup")); }

private:
    void maybeThrow(const QString &hook) const {
        if (!throwIn_.contains(hook)) return;
        if (kind_ == QLatin1String("int")) throw 42;
        throw std::runtime_error("boom in " + hook.toStdString());
    }
    QString failure(const QString &hook) const {
        return failIn_.contains(hook) ? QStringLiteral("refused in %1").arg(hook) : QString();
    }

    QStringList throwIn_;
    QStringList failIn_;
    QString kind_;
};

#include "ThrowingPlugin.moc"
