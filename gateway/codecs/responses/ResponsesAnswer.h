#pragma once

#include "codecs/CodecContext.h"

#include <QJsonObject>
#include <QString>

namespace gatehouse::responses {

// A canonical chat completion as a Responses API response object, with the
// request's echoed fields from `context` (see requestToChat).
QJsonObject chatToResponse(const QJsonObject &chatCompletion, const CodecContext &context);

// Output items, shared by the whole answer and the stream's .done events.
QJsonObject messageItem(const QString &id, const QString &text, const QString &refusal,
                        const QString &status);
QJsonObject reasoningItem(const QString &id, const QString &text);

}  // namespace gatehouse::responses
