#include "ApiReply.h"

#include "core/GatewayError.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"

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
