#pragma once

#include <QByteArray>
#include <QStringList>

namespace gatehouse::anthropic {

// An Anthropic Messages request written straight as the chat request's
// body, from the validated text's member spans, without a QJsonDocument or
// QJsonObjects: Claude Code's turns carry a ~15 KB system prompt and ~70 KB
// of tool schemas, which Qt 6.4 parses and writes again at tens of
// instructions per byte.
//
// The body is the one a chat provider gets (the OpenAI and Azure dialects,
// the only ones that take chat bytes): the translation's body as
// removeCacheMarks() leaves it, without Anthropic's cache marks and
// "thinking", which those providers refuse.
//
// Reads what Claude Code sends every turn: "system" as a string or text
// blocks, "system"-role messages, user turns of text and tool_result blocks
// (a result's content a string or text blocks, "is_error"), assistant turns
// of text and tool_use blocks (thinking blocks left out), tools with their
// input schemas (server tools dropped with a note), "tool_choice",
// "max_tokens", "temperature", "top_p", "top_k", "stop_sequences", "stream"
// and "metadata"; members without a chat form (context_management,
// output_config, ...) are noted in `dropped`. Anything else (images,
// documents, a member or block the translation would refuse, a repeated or
// escaped key, a lone surrogate escape) returns false, and
// messagesRequestToChat() decodes the request as before. For what it reads it gives the same chat
// request and the same notes (MessagesRequestBytesTest compares both over Claude Code's recorded
// requests).
//
// `chat` receives the body without "model" and "fallbacks", and `modelAt`
// where the model's JSON string goes (PassThroughBody's layout).
// `dropped` is appended to only when it returns true. `request` must be
// well-formed JSON (the gateway validated it): it is not checked again.
bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        QStringList *dropped);

}  // namespace gatehouse::anthropic
