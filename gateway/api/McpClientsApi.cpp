// McpApi's /api/mcp/client(s) paths: the MCP servers listed, added, edited,
// removed, enabled, disabled and restarted.
#include "ApiReply.h"
#include "McpApi.h"
#include "McpJson.h"
#include "ProvidersApi.h"

#include "core/GatewayState.h"
#include "http/HttpExchange.h"
#include "mcp/McpHost.h"
#include "store/McpEdits.h"

#include <QJsonArray>
#include <QUrl>

namespace gatehouse {

namespace {

// The client as the API shows it, with where its entry came from.
QJsonObject clientJson(const McpHost *host, const ConfigStore *store, const QString &name) {
    for (const McpClientStatus &s : host->statuses()) {
        if (s.config.name != name) continue;
        QJsonObject o = mcpClientJson(s);
        const ConfigItem *item =
            store ? store->content()->find(ConfigSection::McpClients, name) : nullptr;
        if (item) o.insert(QStringLiteral("source"), item->source);
        return o;
    }
    return {};
}

void notFound(const std::shared_ptr<HttpExchange> &ex, const QString &name) {
    replyError(
        ex, 404, QStringLiteral("mcp_client_not_found"),
        QStringLiteral("no MCP client named \"%1\": GET /api/mcp/clients lists them").arg(name));
}

}  // namespace

void McpApi::manage(const std::shared_ptr<HttpExchange> &ex, const QByteArray &path) {
    const HttpRequest &r = ex->request();
    const bool isGet = r.method == "GET" || r.method == "HEAD";
    ConfigStore *store = state_ ? state_->configStore : nullptr;
    const McpHost *host = host_;
    // "", api, mcp, client(s)[, name[, action]]
    const QList<QByteArray> parts = path.split('/');
    const QString name = parts.size() > 4 ? QUrl::fromPercentEncoding(parts[4]) : QString();
    const QByteArray action = parts.size() > 5 ? parts[5] : QByteArray();
    if (parts.size() > 6 || (parts.size() > 4 && name.isEmpty()) ||
        (!action.isEmpty() && action != "reconnect" && action != "restart")) {
        replyError(ex, 404, QStringLiteral("not_found"), QStringLiteral("No such MCP API path"));
        return;
    }
    if (name.isEmpty() && isGet) {
        QJsonArray list;
        for (const McpClientStatus &s : host_->statuses())
            list.append(clientJson(host_, store, s.config.name));
        replyJson(ex, 200,
                  {{QStringLiteral("clients"), list}, {QStringLiteral("count"), list.size()}});
        return;
    }
    const bool create = name.isEmpty() && r.method == "POST";
    if (!create && name.isEmpty()) {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   QStringLiteral("Use GET or POST on /api/mcp/clients"));
        return;
    }
    if (!create && !host_->hasClient(name)) return notFound(ex, name);
    if (isGet && action.isEmpty()) {
        replyJson(ex, 200, clientJson(host_, store, name));
        return;
    }
    const bool reconnect = r.method == "POST" && !action.isEmpty();
    const bool put = r.method == "PUT" && action.isEmpty();
    const bool remove = r.method == "DELETE" && action.isEmpty();
    if (!create && !reconnect && !put && !remove) {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   QStringLiteral("Use GET, PUT or DELETE on /api/mcp/client/{name}, POST on "
                                  "/api/mcp/client/{name}/reconnect"));
        return;
    }
    if (!requireApiToken(ex, guard_.get(),
                         QStringLiteral("Adding, changing, starting or stopping an MCP server "
                                        "runs a program")))
        return;
    if (reconnect) {
        return host_->restart(name, worker_, [ex, host, store, name](const QString &error) {
            if (!error.isEmpty()) return notFound(ex, name);
            replyJson(ex, 200, clientJson(host, store, name));
        });
    }
    if (!store) {
        replyError(ex, 503, QStringLiteral("store_unavailable"),
                   QStringLiteral("This gateway runs without a config store"));
        return;
    }
    QJsonObject body;
    if (!remove && !readJsonObjectBody(ex, &body)) return;
    QString target = name;
    ConfigStore::Edit edit;
    if (create) {
        target = body.value(QStringLiteral("name")).toString();
        if (target.isEmpty())
            return replyConfigResult(ex,
                                     {400, QStringLiteral("name: missing: the MCP server's name"),
                                      QStringLiteral("name")},
                                     {});
        edit = McpEdits::putClient(target, body, /*create=*/true);
    } else if (remove) {
        edit = McpEdits::removeClient(name);
    } else if (body.size() == 1 && body.contains(QStringLiteral("enabled"))) {
        if (!body.value(QStringLiteral("enabled")).isBool())
            return replyConfigResult(
                ex,
                {400, QStringLiteral("enabled: expected true or false"), QStringLiteral("enabled")},
                {});
        edit = McpEdits::setEnabled(name, body.value(QStringLiteral("enabled")).toBool());
    } else {
        edit = McpEdits::putClient(name, body, /*create=*/false);
    }
    // The host follows the store (Gateway applies every effective config),
    // and lists the change before this answer runs.
    store->change(
        edit, worker_, [ex, host, store, target, remove](const ConfigStore::Result &result) {
            const QJsonObject answer = !result.ok() ? QJsonObject()
                                       : remove ? QJsonObject{{QStringLiteral("deleted"), target}}
                                                : clientJson(host, store, target);
            replyConfigResult(ex, result, answer);
        });
}

}  // namespace gatehouse
