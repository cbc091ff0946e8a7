#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace gatehouse::responses {

// A Responses request written straight as the chat request's body, from the
// strict validator's member spans, without a QJsonDocument or a canonical
// QJsonObject (parsing the request and writing the chat body again cost a
// fifth of a translated request's instructions, measured with callgrind).
//
// Reads the common shapes only: "input" as a string or a list of message
// items whose content is a string or text parts; "instructions", "user",
// "max_output_tokens", "temperature", "top_p", "stream", "store",
// "metadata", "include" and "stream_options". Anything else (tools, tool
// calls and their outputs, images, previous_response_id, reasoning, text
// formats, an unknown member, a repeated or escaped key, a number with an
// exponent, a lone surrogate escape) returns false, and requestToChat()
// decodes the request as before; for what it reads it gives the same chat
// request and the same context, with nothing dropped
// (ResponsesRequestBytesTest compares both over the recorded clients'
// requests).
//
// `chat` receives the body without "model" and "fallbacks", with
// "stream_options": {"include_usage": true} when it streams (as
// translated streams ask), and `modelAt` where the model's JSON string
// goes (PassThroughBody's layout).
bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        QJsonObject *context);

}  // namespace gatehouse::responses
