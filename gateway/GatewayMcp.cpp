// Gateway's MCP methods for the panel: the same lists and changes as
// /api/mcp/clients, without HTTP.
#include "Gateway.h"

#include "api/McpJson.h"
#include "mcp/McpHost.h"
#include "store/ConfigStore.h"
#include "store/McpEdits.h"

#include <QJsonArray>
#include <QPointer>

namespace gatehouse {

namespace {

void answer(QObject *context, Gateway::McpDone done, const QString &error) {
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, done, error] {
            if (guard) done(error);
        },
        Qt::QueuedConnection);
}

}  // namespace

QJsonObject Gateway::mcpClients() const {
    QJsonArray list;
    if (mcp_)
        for (const McpClientStatus &s : mcp_->statuses()) list.append(mcpClientJson(s));
    return {{QStringLiteral("clients"), list}, {QStringLiteral("count"), list.size()}};
}

void Gateway::saveMcpClient(const QJsonObject &entry, bool create, QObject *context, McpDone done) {
    if (!configStore_) return answer(context, done, QStringLiteral("the gateway is not running"));
    const QString name = entry.value(QStringLiteral("name")).toString();
    if (name.isEmpty()) return answer(context, done, QStringLiteral("name: missing"));
    configStore_->change(McpEdits::putClient(name, entry, create), context,
                         [done](const ConfigStore::Result &r) { done(r.error); });
}

void Gateway::removeMcpClient(const QString &name, QObject *context, McpDone done) {
    if (!configStore_) return answer(context, done, QStringLiteral("the gateway is not running"));
    configStore_->change(McpEdits::removeClient(name), context,
                         [done](const ConfigStore::Result &r) { done(r.error); });
}

void Gateway::setMcpClientEnabled(const QString &name, bool enabled, QObject *context,
                                  McpDone done) {
    if (!configStore_) return answer(context, done, QStringLiteral("the gateway is not running"));
    configStore_->change(McpEdits::setEnabled(name, enabled), context,
                         [done](const ConfigStore::Result &r) { done(r.error); });
}

void Gateway::restartMcpClient(const QString &name, QObject *context, McpDone done) {
    if (!mcp_) return answer(context, done, QStringLiteral("the gateway is not running"));
    mcp_->restart(name, context, done);
}

void Gateway::callMcpTool(const QString &tool, const QJsonObject &arguments, QObject *context,
                          McpToolDone done) {
    if (!mcp_) {
        QPointer<QObject> guard(context);
        QMetaObject::invokeMethod(
            context,
            [guard, done] {
                if (guard) done(false, {}, QStringLiteral("the gateway is not running"));
            },
            Qt::QueuedConnection);
        return;
    }
    mcp_->callTool(tool, arguments, context, [done](const McpToolResult &r) {
        done(r.ok, r.result, r.ok ? r.text() : r.error);
    });
}

}  // namespace gatehouse
