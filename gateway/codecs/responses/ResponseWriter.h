#pragma once

#include "AnswerText.h"
#include "ResponsesShared.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace gatehouse::responses {

// What a Responses answer is written from: the parts of a chat completion
// it uses, read from a QJsonObject (chatAnswerOf) or straight from the
// provider's bytes (ChatAnswerBytes.h).
struct ChatAnswer {
    AnswerText id;            // the provider's (the Messages codec answers with it)
    bool idIsString = false;  // "id" was a string (empty included)
    int choiceIndex = 0;      // the choice's "index" (QJsonValue::toInt(0))
    AnswerText model;
    qint64 created = 0;
    QString finishReason;
    AnswerText content, refusal, reasoning;
    QJsonArray toolCalls;
    bool hasUsage = false;
    UsageCounts usage;
};

ChatAnswer chatAnswerOf(const QJsonObject &chatCompletion);

// A canonical chat completion as a Responses API response object, written
// directly as compact JSON (with the request's echoed fields from
// `context`, see requestToChat). `id` receives the response's id.
QByteArray writeResponse(const QJsonObject &chatCompletion, const CodecContext &context,
                         QString *id = nullptr);
QByteArray writeResponse(const ChatAnswer &answer, const CodecContext &context,
                         QString *id = nullptr);

}  // namespace gatehouse::responses
