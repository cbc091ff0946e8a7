#pragma once

#include "codecs/CodecContext.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace gatehouse::responses {

// A Responses request written straight as the chat request's body, from the
// strict validator's member spans, without a QJsonDocument or a canonical
// QJsonObject (parsing the request and writing the chat body again cost a
// fifth of a translated request's instructions, measured with callgrind).
//
// Reads the shapes coding agents send every turn: "input" as a string or a
// list of message, function_call and function_call_output items (message
// content a string or text parts; reasoning and hosted tools' items dropped
// with a note, as the canonical decode drops them); function "tools",
// "tool_choice", "parallel_tool_calls", "reasoning" (its effort),
// "text" without a response format, "instructions", "user",
// "max_output_tokens", "temperature", "top_p", "stream", "store",
// "metadata", "include" and "stream_options"; members the canonical decode
// does not read either are noted in `dropped`. Anything else (custom tools
// and their calls, output parts, images, previous_response_id, text
// formats, a repeated or escaped key, a number with an exponent, a lone
// surrogate escape) returns false, and requestToChat() decodes the request
// as before; for what it reads it gives the same chat request, the same
// context and the same notes (ResponsesRequestBytesTest compares both over
// the recorded clients' requests).
//
// `chat` receives the body without "model" and "fallbacks", with
// "stream_options": {"include_usage": true} when it streams (as
// translated streams ask), and `modelAt` where the model's JSON string
// goes (PassThroughBody's layout).
// `dropped` is appended to only when it returns true. `request` must be
// well-formed JSON (the gateway validated it): it is not checked again.
bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        CodecContext *context, QStringList *dropped);

}  // namespace gatehouse::responses
