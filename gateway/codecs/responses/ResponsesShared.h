#pragma once

#include "codecs/CodecContext.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Helpers shared by the Responses API codec's files; not a public API.
namespace gatehouse::responses {

class ResponseMemory;

// Responses request -> canonical chat request. `context` keeps what the
// answer echoes back (instructions, tools, ...) and which tools are
// "custom" (free-form input, carried in chat as a function whose one
// string parameter is "input"). `memory` holds the conversations
// previous_response_id names (null: none is found).
bool requestToChat(const QJsonObject &request, const ResponseMemory *memory, QJsonObject *chat,
                   CodecContext *context, QStringList *dropped, QString *error);

// The request fields a response object echoes, and what it says when the
// request left one out (JSON text; null: the field is left out too).
struct EchoedField {
    const char *key;
    const char *whenAbsent;
};
extern const EchoedField kEchoedFields[13];

// A whole response object: the request's echoed fields from `context`,
// then id, status, output and usage.
QJsonObject responseEnvelope(const CodecContext &context, const QString &id, const QString &model,
                             qint64 createdAt, const QString &status, const QJsonArray &output,
                             const QJsonValue &usage);
// The token counts of a chat usage object, in Responses terms.
struct UsageCounts {
    int input = 0, output = 0, cached = 0, reasoning = 0, total = 0;
};
UsageCounts usageCounts(const QJsonObject &chatUsage);
// Chat usage -> Responses usage (input/output tokens with their details).
QJsonObject usageFromChat(const QJsonObject &chatUsage);
// "completed", or "incomplete" with its reason, for a chat finish_reason.
QString statusFor(const QString &finishReason, QJsonValue *incompleteDetails);
// A message item's status: "incomplete" when the answer was cut short.
QString messageStatusFor(const QString &finishReason);
// A function call item, or a custom_tool_call item when `name` is a custom tool.
QJsonObject toolCallItem(const CodecContext &context, const QString &id, const QString &callId,
                         const QString &name, const QString &arguments, const QString &status);
bool isCustomTool(const CodecContext &context, const QString &name);
// A custom tool call's free-form input, from the chat function's arguments.
QString customInput(const QString &arguments);

// Stores a finished response for follow-ups (ResponseMemory), unless the
// request said "store": false (then `context` has no conversation).
void remember(ResponseMemory &memory, const CodecContext &context, const QString &id,
              const QJsonObject &assistantMessage, const QByteArray &responseJson);
// The same with the assistant message as JSON text (an object).
void rememberJson(ResponseMemory &memory, const CodecContext &context, const QString &id,
                  QByteArrayView assistantMessage, const QByteArray &responseJson);
// The canonical assistant message of a response's output items.
QJsonObject assistantMessageFrom(const QJsonArray &output);

QString newItemId(const char *prefix);
// The same id written as a JSON string (quotes included), no QString made.
void appendNewItemId(QByteArray &out, const char *prefix);
// "resp_" and 32 hex digits: 12 of the time in milliseconds (so the
// store's index on ids grows at its end), then 80 bits from the system's
// secure random generator. A stored response is found by its id alone (GET
// /v1/responses/{id}, previous_response_id), also by callers admitted with
// a virtual key, so no id may be guessed from another one (newItemId's
// counter could): 80 random bits are not.
QString newResponseId();
qint64 nowSeconds();

}  // namespace gatehouse::responses
