#pragma once

#include <QByteArray>
#include <QJsonObject>

// Canonical-model answers for codec tests: a chat completion and the
// chunks of a chat stream, with fixed ids and times.
namespace gatehouse::test {

// A chat completion whose one choice has `message` (JSON) and `finish`.
QByteArray chatCompletion(
    const char *message, const char *finish = "stop",
    const char *usage = R"({"prompt_tokens":3,"completion_tokens":2,"total_tokens":5})");
// A chat.completion.chunk with one choice: `delta` (JSON) and `finish` (or null).
QJsonObject chatChunk(const char *delta, const char *finish = nullptr);
// The last chunk of a stream that reports usage: no choices, `usage` (JSON).
QJsonObject chatUsageChunk(const char *usage);

}  // namespace gatehouse::test
