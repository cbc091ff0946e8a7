#pragma once

#include "providers/OpenAIDialect.h"

namespace gatehouse {

// An Ollama server through its native API: chat completions go to
// {base_url}/api/chat (a base_url ending in /v1 loses it), translated both
// ways by OllamaTranslate.h, with the model's configured context window as
// options.num_ctx; streamed answers are newline-delimited JSON
// (NdjsonFramer). Text completions, embeddings and Responses requests to a
// provider with responses_api stay on Ollama's OpenAI-compatible /v1
// (OpenAIDialect), which serves them as it is.
class OllamaDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    std::unique_ptr<StreamFramer> streamFramer(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;

private:
    OpenAIDialect openAI_;
};

// {base_url}/api/chat, without a trailing "/v1" of base_url.
QUrl ollamaChatUrl(const QString &baseUrl);

}  // namespace gatehouse
