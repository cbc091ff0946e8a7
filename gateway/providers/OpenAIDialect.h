#pragma once

#include "ProviderDialect.h"

namespace gatehouse {

// OpenAI's API and every server that copies it (vLLM, Ollama, LM Studio,
// Groq, OpenRouter...): requests and answers pass through unchanged.
class OpenAIDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;
    bool passesResponsesThrough() const override { return true; }
};

}  // namespace gatehouse
