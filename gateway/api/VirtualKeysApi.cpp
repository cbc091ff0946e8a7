#include "VirtualKeysApi.h"

#include "ApiReply.h"

#include "core/GatewayHostServices.h"
#include "core/GatewayState.h"
#include "core/VirtualKeyBook.h"
#include "http/HttpExchange.h"
#include "plugins/PluginManager.h"
#include "quota/CounterLeases.h"

#include <QDateTime>
#include <QPointer>

namespace gatehouse {

namespace {

const QByteArray kPath = QByteArrayLiteral("/api/governance/virtual-keys");
const QString kGovernance = QStringLiteral("governance");

// The governance entry's config, or an answer saying how to get one.
bool governanceConfig(PluginManager *m, QJsonObject *config, int *status, QString *error) {
    const auto s = m ? m->status(kGovernance) : std::nullopt;
    if (!s) {
        *status = 409;
        *error = QStringLiteral(
            "the governance plugin is not configured: add it (bundled, by "
            "name: {\"name\": \"governance\", \"enabled\": true}) to manage "
            "virtual keys");
        return false;
    }
    *config = s->config;
    return true;
}

}  // namespace

bool VirtualKeysApi::handles(const QByteArray &path) {
    return path == kPath || path.startsWith(kPath + '/');
}

void VirtualKeysApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QByteArray path = r.path;
    if (path.endsWith('/')) path.chop(1);
    const QString id =
        path.size() > kPath.size() ? QString::fromUtf8(path.mid(kPath.size() + 1)) : QString();
    if (r.method == "GET" && id.isEmpty()) return list(ex);
    QJsonObject body;
    if (r.method == "POST" && id.isEmpty()) {
        if (!readJsonObjectBody(ex, &body)) return;
    } else if (!(r.method == "DELETE" && !id.isEmpty())) {
        replyError(ex, 405, QStringLiteral("method_not_allowed"),
                   id.isEmpty()
                       ? QStringLiteral("Use GET or POST on /api/governance/virtual-keys")
                       : QStringLiteral("Use DELETE on /api/governance/virtual-keys/{id}"));
        return;
    }
    PluginManager *m = state_->plugins;
    QPointer<QObject> worker = worker_;
    const bool create = r.method == "POST";
    // Edits run where the plugin manager lives; the answer goes back to our worker.
    QMetaObject::invokeMethod(m, [m, worker, ex, id, body, create] {
        int status = 200;
        QString error;
        QJsonObject answer;
        QJsonObject config;
        if (governanceConfig(m, &config, &status, &error)) {
            std::optional<QJsonObject> next;
            if (create) {
                if (auto made = VirtualKeyBook::create(config, body, &error)) {
                    next = made->config;
                    answer = {{QStringLiteral("id"), made->id},
                              {QStringLiteral("name"), body.value(QLatin1String("name"))},
                              {QStringLiteral("key"), made->key}};
                    status = 201;
                } else {
                    status = 400;
                }
            } else {
                next = VirtualKeyBook::revoke(config, id, &error);
                answer = {{QStringLiteral("id"), id}, {QStringLiteral("revoked"), true}};
                if (!next) status = 404;
            }
            if (next && !m->setConfig(kGovernance, *next, &error)) status = 400;
        }
        if (!worker) return;
        QMetaObject::invokeMethod(worker.data(), [ex, status, error, answer] {
            if (status >= 400)
                replyError(ex, status,
                           status == 404   ? QStringLiteral("virtual_key_not_found")
                           : status == 409 ? QStringLiteral("governance_not_configured")
                                           : QStringLiteral("virtual_key_refused"),
                           error);
            else
                replyJson(ex, status, answer);
        });
    });
}

// Read on the worker: the manager's status() is thread-safe, and the
// counters are read through the plugin's own (or, with the plugin not
// running, straight from the store).
void VirtualKeysApi::list(const std::shared_ptr<HttpExchange> &ex) {
    QJsonObject config;
    int status = 200;
    QString error;
    if (!governanceConfig(state_->plugins, &config, &status, &error)) {
        replyError(ex, status, QStringLiteral("governance_not_configured"), error);
        return;
    }
    const auto services = state_->hostServices(kGovernance);
    SharedCounters *counters = services ? services->counters() : nullptr;
    std::unique_ptr<CounterLeases> reader;
    if (!counters && state_->leases) {
        reader = std::make_unique<CounterLeases>(state_->leases, kGovernance + QLatin1Char('/'));
        counters = reader.get();
    }
    replyJson(ex, 200,
              {{QStringLiteral("virtual_keys"),
                VirtualKeyBook::list(config, counters, QDateTime::currentMSecsSinceEpoch())},
               {QStringLiteral("required"), config.value(QLatin1String("required")).toBool()}});
}

}  // namespace gatehouse
