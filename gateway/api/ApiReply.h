#pragma once

#include <QJsonObject>
#include <QString>
#include <memory>

namespace gatehouse {

class HttpExchange;

// The management API's answers: JSON bodies, and errors in the OpenAI shape
// every other answer of the gateway uses.
void replyJson(const std::shared_ptr<HttpExchange> &exchange, int status, const QJsonObject &body);
void replyError(const std::shared_ptr<HttpExchange> &exchange, int status, const QString &code,
                const QString &message);
// Parses the request body as a JSON object, or answers 400 and returns false.
bool readJsonObjectBody(const std::shared_ptr<HttpExchange> &exchange, QJsonObject *out);

}  // namespace gatehouse
