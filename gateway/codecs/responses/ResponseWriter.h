#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace gatehouse::responses {

// A canonical chat completion as a Responses API response object, written
// directly as compact JSON (with the request's echoed fields from
// `context`, see requestToChat). `id` receives the response's id.
QByteArray writeResponse(const QJsonObject &chatCompletion, const QJsonObject &context,
                         QString *id = nullptr);

}  // namespace gatehouse::responses
