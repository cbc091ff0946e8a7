#pragma once

#include "http/GatewayError.h"

#include <QJsonObject>

namespace gatehouse {

// Parses a request body that must be a JSON object. On failure fills `error`
// with a 400 that says where the JSON broke (line, column and reason).
bool parseJsonObjectBody(const QByteArray &body, QJsonObject *out, GatewayError *error);

// Line and column (1-based) of a byte offset in `text`.
void lineAndColumn(const QByteArray &text, int offset, int *line, int *column);

}  // namespace gatehouse
