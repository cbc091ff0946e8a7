#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse::test {

// A config.json with the mock provider and, at `fakeBaseUrl` (a
// FakeUpstream), an OpenAI-compatible provider "openai" and an Anthropic
// provider "anthropic" (5 s timeouts). `openaiExtra` is added to the openai
// provider's object (e.g. R"("responses_api": true)").
QByteArray fakeProvidersConfig(const QString &fakeBaseUrl, const QString &openaiExtra = {});

}  // namespace gatehouse::test
