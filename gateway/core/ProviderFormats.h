#pragma once

#include "codecs/ClientCodec.h"

#include <QString>

namespace gatehouse {

struct ProviderConfig;

// The client wire formats `provider` takes as they are for `model`: chat
// for OpenAI-compatible and Azure providers (not Ollama on its native API;
// Responses too with responses_api), Messages for Anthropic, Gemini for Gemini; Vertex serves
// Google's models in Gemini's format and Claude in Anthropic's. What a
// codec reads to decide whether the client's bytes can go on
// (ClientCodec::speaksNatively).
WireFormats providerWireFormats(const ProviderConfig &provider, const QString &model);

}  // namespace gatehouse
