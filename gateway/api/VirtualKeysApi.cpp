#include "VirtualKeysApi.h"

#include "ApiReply.h"

#include "core/GatewayState.h"
#include "core/VirtualKeyBook.h"
#include "http/HttpExchange.h"
#include "plugins/PluginManager.h"
#include "threading/QueuedDelivery.h"

namespace gatehouse {

namespace {

const QByteArray kPath = QByteArrayLiteral("/api/governance/virtual-keys");

void reply(const std::shared_ptr<HttpExchange> &ex, const VirtualKeyBook::Outcome &out) {
    if (out.status >= 400)
        replyError(ex, out.status, out.code, out.error);
    else
        replyJson(ex, out.status, out.body);
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
    // Read on the worker: the plugin manager's status() is thread-safe.
    if (r.method == "GET" && id.isEmpty()) return reply(ex, VirtualKeyBook::listOf(*state_));
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
    GatewayState *state = state_;
    const bool create = r.method == "POST";
    // Edits run where the plugin manager lives; the answer goes back to our
    // worker, connected now while the worker surely lives (QueuedDelivery.h).
    auto answer = std::make_shared<QueuedDelivery>(worker_);
    QMetaObject::invokeMethod(m, [state, answer, ex, id, body, create] {
        const VirtualKeyBook::Outcome out =
            create ? VirtualKeyBook::createIn(*state, body) : VirtualKeyBook::revokeIn(*state, id);
        answer->send([ex, out] { reply(ex, out); });
    });
}

}  // namespace gatehouse
