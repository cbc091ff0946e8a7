#pragma once

#include <QJsonObject>
#include <QString>
#include <memory>

namespace gatehouse {

class HttpExchange;
class RequestGuard;

// The management API's answers: JSON bodies, and errors in the OpenAI shape
// every other answer of the gateway uses.
void replyJson(const std::shared_ptr<HttpExchange> &exchange, int status, const QJsonObject &body);
void replyError(const std::shared_ptr<HttpExchange> &exchange, int status, const QString &code,
                const QString &message);
// Whether the request carries the valid API token; if not, answers 401 with
// a WWW-Authenticate challenge and a message that starts with `why` (a
// sentence saying what needs the token) and says where the token is.
bool requireApiToken(const std::shared_ptr<HttpExchange> &exchange, const RequestGuard *guard,
                     const QString &why);
// Parses the request body as a JSON object, or answers 400 and returns false.
bool readJsonObjectBody(const std::shared_ptr<HttpExchange> &exchange, QJsonObject *out);

}  // namespace gatehouse
