#include "GatewayError.h"

#include "json/JsonWriter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse {

QString openAIErrorTypeFor(int status) {
    switch (status) {
        case 400:
        case 404:
        case 405:
        case 408:
        case 413:
        case 422:
        case 431:
            return QStringLiteral("invalid_request_error");
        case 401:
            return QStringLiteral("authentication_error");
        case 403:
            return QStringLiteral("permission_error");
        case 429:
            return QStringLiteral("rate_limit_error");
        default:
            return QStringLiteral("api_error");
    }
}

GatewayError GatewayError::invalidRequest(const QString &code, const QString &message) {
    GatewayError e;
    e.status = 400;
    e.type = QStringLiteral("invalid_request_error");
    e.code = code;
    e.message = message;
    e.allowFallbacks = false;
    return e;
}

GatewayError GatewayError::notFound(const QString &code, const QString &message) {
    GatewayError e = invalidRequest(code, message);
    e.status = 404;
    return e;
}

GatewayError GatewayError::upstream(int status, const QString &message) {
    GatewayError e;
    e.status = status;
    e.type = openAIErrorTypeFor(status);
    e.message = message;
    return e;
}

QByteArray GatewayError::toOpenAIJson() const {
    QJsonObject inner{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type},
                      {QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code)}};
    return toCompactJson(QJsonObject{{QStringLiteral("error"), inner}});
}

}  // namespace gatehouse
