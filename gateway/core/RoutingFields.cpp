#include "RoutingFields.h"

#include "config/GatewayConfig.h"

#include <QJsonArray>

namespace gatehouse {

bool takeRoutingFields(QJsonObject *body, const GatewayConfig &config, QStringList *specs,
                       bool *stream, GatewayError *error) {
    const QJsonValue model = body->value(QStringLiteral("model"));
    if (!model.isString() || model.toString().trimmed().isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("model_required"),
            QStringLiteral("The request needs a \"model\" of the form \"provider/model\" (for "
                           "example \"mock/echo\"). Configured providers: %1.")
                .arg(config.providerNames().join(QStringLiteral(", "))));
        return false;
    }
    *specs = QStringList{model.toString()};
    const QJsonValue fallbacks = body->value(QStringLiteral("fallbacks"));
    if (!fallbacks.isUndefined() && !fallbacks.isNull()) {
        if (!fallbacks.isArray()) {
            *error = GatewayError::invalidRequest(
                QStringLiteral("invalid_fallbacks"),
                QStringLiteral("\"fallbacks\" must be an array of \"provider/model\" strings."));
            return false;
        }
        for (const auto &f : fallbacks.toArray()) {
            if (!f.isString()) {
                *error = GatewayError::invalidRequest(
                    QStringLiteral("invalid_fallbacks"),
                    QStringLiteral("\"fallbacks\" must contain only \"provider/model\" strings."));
                return false;
            }
            *specs << f.toString();
        }
    }
    body->remove(QStringLiteral("fallbacks"));
    body->remove(QStringLiteral("model"));
    const QJsonValue streamValue = body->value(QStringLiteral("stream"));
    if (!streamValue.isUndefined() && !streamValue.isNull() && !streamValue.isBool()) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_stream"),
                                              QStringLiteral("\"stream\" must be true or false."));
        return false;
    }
    *stream = streamValue.toBool(false);
    return true;
}

}  // namespace gatehouse
