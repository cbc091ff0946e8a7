#pragma once

#include "providers/ProviderDialect.h"

namespace gatehouse {

// Embeddings on Bedrock: one InvokeModel call (POST /model/{modelId}/invoke)
// in the model family's body (BedrockEmbeddings.h), signed with SigV4 for
// "bedrock" (or a bearer API key) exactly as BedrockDialect signs Converse.
// A Titan request must hold one text here: BedrockProvider splits a list.
// Never streamed (the gateway refuses streamed embeddings earlier).
class BedrockEmbeddingDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;
};

// The InvokeModel URL for a model id (one percent-encoded path segment).
QUrl bedrockInvokeUrl(const QString &baseUrl, const QString &modelId);

}  // namespace gatehouse
