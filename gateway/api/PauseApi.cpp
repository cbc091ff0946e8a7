#include "PauseApi.h"

#include "ApiReply.h"
#include "core/GatewayState.h"
#include "http/HttpExchange.h"

#include <QJsonObject>

namespace gatehouse {

void PauseApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const QByteArray &method = ex->request().method;
    const auto answer = [&] {
        replyJson(ex, 200, {{QStringLiteral("paused"), state_->inferencePaused.load()}});
    };
    if (method == "GET" || method == "HEAD") return answer();
    if (method != "PUT" && method != "POST")
        return replyError(ex, 405, QStringLiteral("method_not_allowed"),
                          QStringLiteral("Use GET, PUT or POST on /api/pause"));
    if (!requireApiToken(ex, state_->guard.get(),
                         QStringLiteral("Pausing or resuming stops or starts every coding agent")))
        return;
    QJsonObject body;
    if (!readJsonObjectBody(ex, &body)) return;
    const QJsonValue paused = body.value(QStringLiteral("paused"));
    if (!paused.isBool())
        return replyError(ex, 400, QStringLiteral("invalid_request"),
                          QStringLiteral("paused: expected {\"paused\": true} or "
                                         "{\"paused\": false}"));
    state_->inferencePaused.store(paused.toBool());
    answer();
}

}  // namespace gatehouse
