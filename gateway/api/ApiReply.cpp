#include "ApiReply.h"

#include "http/GatewayError.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "security/RequestGuard.h"

#include <QJsonDocument>

namespace gatehouse {

void replyJson(const std::shared_ptr<HttpExchange> &exchange, int status, const QJsonObject &body) {
    exchange->respond(status, toCompactJson(body));
}

void replyError(const std::shared_ptr<HttpExchange> &exchange, int status, const QString &code,
                const QString &message) {
    GatewayError e = GatewayError::invalidRequest(code, message);
    e.status = status;
    e.type = openAIErrorTypeFor(status);
    exchange->respond(status, e.toOpenAIJson());
}

bool requireApiToken(const std::shared_ptr<HttpExchange> &ex, const RequestGuard *guard,
                     const QString &why) {
    if (guard && guard->token(ex->request()) == RequestGuard::Token::Valid) return true;
    GatewayError e = GatewayError::invalidRequest(
        QStringLiteral("token_required"),
        QStringLiteral("%1, so it needs the API token, also on localhost: send \"Authorization: "
                       "Bearer <token>\" with the token from %2 (also shown in the Gatehouse "
                       "panel).")
            .arg(why, guard ? guard->tokenLocation() : QStringLiteral("the Gatehouse panel")));
    e.status = 401;
    e.type = openAIErrorTypeFor(401);
    HttpHeaders headers;
    headers.add("WWW-Authenticate", "Bearer realm=\"gatehouse\"");
    ex->respond(401, e.toOpenAIJson(), "application/json", headers);
    return false;
}

bool readJsonObjectBody(const std::shared_ptr<HttpExchange> &ex, QJsonObject *out) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(ex->request().body, &error);
    if (!doc.isObject()) {
        replyError(ex, 400, QStringLiteral("invalid_json"),
                   QStringLiteral("The body must be a JSON object: %1").arg(error.errorString()));
        return false;
    }
    *out = doc.object();
    return true;
}

}  // namespace gatehouse
