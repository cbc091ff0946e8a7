#pragma once

#include "FakeBehaviour.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

// Builds the bodies and SSE events FakeUpstream answers with, shaped like the
// real OpenAI, Anthropic and Gemini APIs (field names, event order, usage).
enum class FakeApi { ChatCompletions, Completions, Embeddings, Messages, Gemini };

// What the fake needs from a request body.
struct FakeRequest {
    QByteArray model;
    QString userText;  // last user message (or prompt); answers echo it
    int promptTokens = 1;
    bool stream = false;
    bool includeUsage = false;  // OpenAI stream_options.include_usage
    QString toolName = QStringLiteral("get_weather");
    QString toolArguments;    // empty: the fixed Paris arguments
    QString answer;           // set: the answer's text instead of "echo: <userText>"
    bool agentCalls = false;  // "agent" models: this answer calls toolName
    QStringList inputs;       // embeddings
    int dimensions = 8;
    // Anthropic: what the fake's prompt cache read and wrote (FakePromptCache).
    int cacheRead = 0;
    int cacheWrite = 0;
};

FakeRequest readFakeRequest(FakeApi api, const QJsonObject &body);

// Whitespace-separated words, at least 1: the fake's token count.
int fakeTokenCount(const QString &text);

// The prompt tokens of a chat request cut to `contextTokens` the way
// Ollama's OpenAI-compatible endpoint does it, silently: the system
// messages and the newest messages that fit are kept, the oldest others
// dropped whole (the newest message always stays, cut to what is left).
int fakeTruncatedPromptTokens(const QJsonObject &chatBody, int contextTokens);

QByteArray fakeErrorBody(FakeApi api, int status, const QString &message);

// A complete non-streamed answer. With behaviour.bigBytes the text is padded
// so the body has exactly that many bytes (or its natural size, if larger).
QByteArray fakeAnswerBody(FakeApi api, const FakeRequest &request, const FakeBehaviour &behaviour,
                          const QByteArray &id);

// A streamed answer as batches of SSE events: batch i is sent
// behaviour.streamIntervalMs (or dripMs) after batch i-1, one HTTP chunk per
// event. The first batch carries the opening events with the first text
// delta; the last carries the closing events.
QList<QList<QByteArray>> fakeStreamBatches(FakeApi api, const FakeRequest &request,
                                           const FakeBehaviour &behaviour, const QByteArray &id);

QByteArray fakeModelsBody(bool anthropicShape);
// GET /v1beta/models as Google's Gemini API answers it: gemini-fake-flash
// and gemini-fake-pro (generateContent), text-embedding-fake (embedContent only).
QByteArray fakeGeminiModelsBody();

// Not JSON at all, though it starts like an answer.
QByteArray fakeMalformedJsonBody();

}  // namespace gatehouse
