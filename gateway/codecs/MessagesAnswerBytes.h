#pragma once

#include <QByteArray>

namespace gatehouse::anthropic {

// A provider's chat completion (bytes already checked to be well-formed
// JSON) written straight out as an Anthropic Messages answer, without a
// QJsonDocument or QJsonObjects: for a short answer, building the answer as
// QJsonObjects cost more instructions than the whole chat pass-through
// request (callgrind). Gives the same bytes as
// toCompactJson(chatResponseToMessages(parsed answer)), keys in the same
// order, for the shape it reads: one choice whose message has a string (or
// no) content, no tool calls and no thinking blocks. False for any other
// shape, and the caller goes the QJsonObject way.
bool messagesAnswerFromChatBytes(const QByteArray &chatCompletion, QByteArray *out);

}  // namespace gatehouse::anthropic
