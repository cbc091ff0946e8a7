// A Gatehouse plugin showing every hook. Keep what you need: every hook but
// name() has a do-nothing default. List the hooks you implement in
// plugin.json's "hooks" (the gateway skips the others).
//
// Threads: the hooks run on the gateway's worker threads, several at once.
// Everything here is either set once in init() and then only read, or
// atomic. init() and cleanup() run on the main thread.
#include <gatehouse/plugin.h>

#include <QDebug>
#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <atomic>

using namespace gatehouse;

class MyPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    // Must equal "name" in plugin.json.
    QString name() const override { return QStringLiteral("my-plugin"); }

    // The "config" object of this plugin's config.json entry. Return false
    // with a message that says what to fix, and the plugin shows as Error.
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override {
        const QJsonValue blocked = config.value(QStringLiteral("blockedModels"));
        if (!blocked.isUndefined() && !blocked.isArray()) {
            *error = QStringLiteral("config.blockedModels must be an array of model names");
            return false;
        }
        for (const QJsonValue &model : blocked.toArray()) blocked_.insert(model.toString());
        tag_ = config.value(QStringLiteral("tag")).toString(QStringLiteral("my-plugin")).toUtf8();
        host.log(PluginLogLevel::Info, QStringLiteral("blocking %1 model(s)").arg(blocked_.size()));
        return true;
    }

    // HTTP requests only, before the gateway decodes them: raw headers and
    // body, changed in place.
    HookResult transportInterceptor(PluginContext &ctx, const QString &url, PluginHeaders &headers,
                                    QJsonObject &body) override {
        Q_UNUSED(url);
        Q_UNUSED(body);
        // Remember something for the later hooks of this request.
        for (const auto &header : headers)
            if (header.first.compare("x-team", Qt::CaseInsensitive) == 0)
                ctx.setValue(QStringLiteral("my-plugin.team"), QString::fromUtf8(header.second));
        return HookResult::ok();
    }

    // Before the provider is called: change the request, or short-circuit
    // with an answer (PreHookResult::respond) or an error (reject).
    PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override {
        if (blocked_.contains(request.model)) {
            PluginError error;
            error.status = 403;
            error.type = QStringLiteral("permission_error");
            error.code = QStringLiteral("model_blocked");
            error.message = QStringLiteral("model %1 is blocked by my-plugin; use another model")
                                .arg(request.model);
            error.allowFallbacks = false;
            return PreHookResult::reject(error);
        }
        // qDebug()/qInfo()/qWarning() here land in this plugin's log, with
        // the request id.
        qDebug().noquote() << "request" << ctx.requestId() << "for" << request.model;
        return PreHookResult::proceed();
    }

    // After the answer (or error), in reverse plugin order. A postHook may
    // turn an error into an answer or the reverse.
    HookResult postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                        std::optional<PluginError> &error) override {
        Q_UNUSED(ctx);
        if (response) response->headers.append({QByteArray("x-my-plugin"), tag_});
        if (error) failures_.fetch_add(1, std::memory_order_relaxed);
        return HookResult::ok();
    }

    // Each streamed chunk, before the client sees it: change it, or drop it.
    ChunkResult streamChunk(PluginContext &ctx, QJsonObject &chunk) override {
        Q_UNUSED(ctx);
        ChunkResult result;
        // Example: drop keep-alive chunks that carry no choices.
        result.drop = chunk.value(QStringLiteral("choices")).toArray().isEmpty() &&
                      !chunk.contains(QStringLiteral("usage"));
        return result;
    }

    // Shutdown, disable, reload: release what init() took.
    void cleanup() override { qInfo() << "my-plugin saw" << failures_.load() << "failed requests"; }

private:
    QSet<QString> blocked_;
    QByteArray tag_;
    std::atomic<int> failures_{0};
};

#include "main.moc"
