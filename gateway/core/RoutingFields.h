#pragma once

#include "http/GatewayError.h"

#include <QJsonObject>
#include <QStringList>

namespace gatehouse {

struct GatewayConfig;

// A canonical request's routing fields: "model" and "fallbacks" (taken out
// of `body`, into `specs`, the model first) and "stream" (left in). Fails
// with the client's error when one is missing or of the wrong type; the
// message for a missing model lists `config`'s providers.
bool takeRoutingFields(QJsonObject *body, const GatewayConfig &config, QStringList *specs,
                       bool *stream, GatewayError *error);

}  // namespace gatehouse
