#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse::test {

// A config.json with the mock provider and, at `fakeBaseUrl` (a
// FakeUpstream), an OpenAI-compatible provider "openai" and an Anthropic
// provider "anthropic" (5 s timeouts). `openaiExtra` is added to the openai
// provider's object (e.g. R"("responses_api": true)").
QByteArray fakeProvidersConfig(const QString &fakeBaseUrl, const QString &openaiExtra = {});

// The mock, and at `fakeBaseUrl` a Gemini provider "gemini" (key "gm-test",
// which FakeUpstream wants in x-goog-api-key) and one "gemini-nokey" without
// a key (5 s timeouts).
QByteArray fakeGeminiConfig(const QString &fakeBaseUrl);

}  // namespace gatehouse::test
