#include "ConfigApi.h"

#include "ApiReply.h"
#include "http/GatewayError.h"
#include "http/HttpExchange.h"
#include "security/RequestGuard.h"
#include "store/ConfigEdits.h"

#include <QFileInfo>
#include <QJsonArray>

namespace gatehouse {

namespace {

QJsonObject configJson(const ConfigStore &store) {
    const auto content = store.content();
    QJsonObject client, clientSources, providers, providerSources, pluginSources;
    for (const ConfigItem &i : content->settings) {
        if (i.deleted) continue;
        client.insert(i.name, i.value);
        clientSources.insert(i.name, i.source);
    }
    for (const ConfigItem &i : content->providers) {
        if (i.deleted) continue;
        providers.insert(i.name, ProvidersApi::providerJson(i, false));
        providerSources.insert(i.name, i.source);
    }
    QList<ConfigItem> ordered = content->plugins;
    std::stable_sort(ordered.begin(), ordered.end(), [](const ConfigItem &a, const ConfigItem &b) {
        return a.position < b.position;
    });
    QJsonArray plugins;
    for (const ConfigItem &i : ordered) {
        if (i.deleted) continue;
        QJsonObject entry = i.value.toObject();
        entry.insert(QStringLiteral("source"), i.source);
        plugins.append(entry);
        pluginSources.insert(i.name, i.source);
    }
    return {{QStringLiteral("revision"), content->revision},
            {QStringLiteral("store"), store.location().display()},
            {QStringLiteral("config_file"), store.file()->sourcePath},
            {QStringLiteral("client"), client},
            {QStringLiteral("providers"), providers},
            {QStringLiteral("plugins"), plugins},
            {QStringLiteral("sources"), QJsonObject{{QStringLiteral("client"), clientSources},
                                                    {QStringLiteral("providers"), providerSources},
                                                    {QStringLiteral("plugins"), pluginSources}}}};
}

}  // namespace

bool ConfigApi::handles(const QByteArray &path) {
    return path == "/api/config" || path == "/api/providers" || path.startsWith("/api/providers/");
}

void ConfigApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    QByteArray path = ex->request().path;
    if (path.size() > 1 && path.endsWith('/')) path.chop(1);
    if (path != "/api/config") return providers_.handle(ex);
    if (!store_) {
        replyError(ex, 503, QStringLiteral("store_unavailable"),
                   QStringLiteral("This gateway runs without a config store"));
        return;
    }
    const QByteArray &method = ex->request().method;
    if (method == "GET" || method == "HEAD") {
        replyJson(ex, 200, configJson(*store_));
        return;
    }
    if (method != "PUT") {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   QStringLiteral("Use GET or PUT on /api/config"));
        return;
    }
    QJsonObject body;
    if (!readJsonObjectBody(ex, &body)) return;
    if (body.contains(QStringLiteral("plugins")) &&
        !requireApiToken(ex, guard_.get(),
                         QStringLiteral("\"plugins\" names plugin files, whose code runs inside "
                                        "the gateway")))
        return;
    const QString sourcePath = store_->file()->sourcePath;
    const QString dir = sourcePath.isEmpty() ? QString() : QFileInfo(sourcePath).absolutePath();
    ConfigStore *store = store_;
    store_->change(ConfigEdits::putSections(body, dir, callerOf(guard_.get(), ex)), worker_,
                   [ex, store](const ConfigStore::Result &result) {
                       replyConfigResult(ex, result,
                                         result.ok() ? configJson(*store) : QJsonObject{});
                   });
}

}  // namespace gatehouse
