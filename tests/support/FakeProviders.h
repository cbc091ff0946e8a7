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

// The mock, and at `fakeBaseUrl` Azure OpenAI providers the way Bifrost
// writes them: "azure" (key "az-test", azure_key_config with the endpoint,
// api_version 2024-10-21 and deployments gpt-4o -> dep-gpt4o), "azure-v1"
// (api_version "v1"), "azure-entra" (an Entra ID token as the key) and
// "azure-nokey" (no key).
QByteArray fakeAzureConfig(const QString &fakeBaseUrl);

// The Entra ID token "azure-entra" sends (a JWT's shape).
extern const char kFakeEntraToken[];

}  // namespace gatehouse::test
