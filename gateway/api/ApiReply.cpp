#include "ApiReply.h"

#include "core/GatewayError.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"

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

}  // namespace gatehouse
