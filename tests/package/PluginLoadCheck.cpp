// Loads the template plugin (built out of tree) in the plugin host, as the
// gateway would, and runs each of its hooks once. Exit 0 if it started and
// behaved as the template promises; else prints why.
#include "plugins/HookCalls.h"
#include "plugins/PluginManager.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTemporaryDir>
#include <cstdio>

using namespace gatehouse;

namespace {
class Context : public PluginContext {
public:
    QString requestId() const override { return QStringLiteral("check-1"); }
    QVariant value(const QString &key) const override { return values_.value(key); }
    void setValue(const QString &key, const QVariant &value) override { values_[key] = value; }
    QByteArray clientHeader(const QByteArray &) const override { return {}; }

private:
    QVariantHash values_;
};

int failWith(const QString &message) {
    std::fprintf(stderr, "FAIL: %s\n", qPrintable(message));
    return 1;
}
}  // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return failWith(QStringLiteral("usage: gatehouse_plugin_load_check <plugin.so>"));
    QTemporaryDir dir;
    PluginManager::Options options;
    options.userPluginDirectory = dir.filePath(QStringLiteral("user"));
    options.shadowDirectory = dir.filePath(QStringLiteral("shadow"));
    options.dataDirectory = dir.filePath(QStringLiteral("data"));
    PluginManager host(options);

    PluginEntry entry;
    entry.name = QStringLiteral("my-plugin");
    entry.path = QString::fromLocal8Bit(argv[1]);
    entry.config = {{QStringLiteral("blockedModels"), QJsonArray{QStringLiteral("blocked-model")}},
                    {QStringLiteral("tag"), QStringLiteral("checked")}};
    host.applyConfig({entry});
    const PluginStatus status = *host.status(entry.name);
    if (status.state != PluginState::Active)
        return failWith(
            QStringLiteral("not active (%1): %2").arg(pluginStateName(status.state), status.error));
    if (status.hooks.size() != 4 || status.configSchema.isEmpty())
        return failWith(QStringLiteral("metadata incomplete: hooks %1")
                            .arg(status.hooks.join(QLatin1Char(','))));

    ActivePlugin &plugin = *host.chain()->find(entry.name);
    Context context;
    PluginHeaders headers{{QByteArray("x-team"), QByteArray("blue")}};
    QJsonObject body;
    if (!callTransportInterceptor(plugin, context, QStringLiteral("/v1/chat/completions"), headers,
                                  body)
             .hookError.isEmpty() ||
        context.value(QStringLiteral("my-plugin.team")).toString() != QLatin1String("blue"))
        return failWith(QStringLiteral("transportInterceptor did not record the team"));

    PluginRequest request;
    request.model = QStringLiteral("blocked-model");
    const PreHookResult blocked = callPreHook(plugin, context, request);
    if (blocked.action != PreHookResult::Action::ShortCircuit || !blocked.error ||
        blocked.error->status != 403)
        return failWith(QStringLiteral("preHook did not block blocked-model"));
    request.model = QStringLiteral("fine-model");
    if (callPreHook(plugin, context, request).action != PreHookResult::Action::Continue)
        return failWith(QStringLiteral("preHook blocked fine-model"));

    std::optional<PluginResponse> response = PluginResponse{};
    std::optional<PluginError> error;
    callPostHook(plugin, context, response, error);
    if (response->headers.value(0).second != "checked")
        return failWith(QStringLiteral("postHook did not tag the response"));

    QJsonObject keepAlive;
    if (!callStreamChunk(plugin, context, keepAlive).drop)
        return failWith(QStringLiteral("streamChunk kept an empty chunk"));

    const QHash<QString, HookStats> stats = host.status(entry.name)->stats;
    if (stats.size() != 4) return failWith(QStringLiteral("not every hook call was counted"));
    for (const HookStats &hook : stats)
        if (hook.errors != 0) return failWith(QStringLiteral("a hook failed"));
    std::printf("OK: %s %s loaded from %s and ran every hook\n", qPrintable(status.pluginName),
                qPrintable(status.pluginVersion), qPrintable(status.loadedPath));
    return 0;
}
