#pragma once

#include "providers/ProviderDialect.h"

namespace gatehouse {

// Amazon Bedrock's Converse API (bedrock-runtime.{region}.amazonaws.com):
// chat completions are translated to POST /model/{modelId}/converse and
// back, streamed ones through /converse-stream, whose answer is AWS's binary
// event stream (read by EventStreamFramer). Requests are signed with AWS
// Signature Version 4 for the service "bedrock", with the identity and
// region BedrockCredentials resolves; a Bedrock API key goes as a bearer
// token instead. The model is mapped to its model id or inference profile
// by the key's deployments. Text completions are refused; embeddings go
// through InvokeModel (BedrockEmbeddingDialect, routed by BedrockProvider).
class BedrockDialect : public ProviderDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    std::unique_ptr<StreamDecoder> streamDecoder(const ProviderRequest &request) const override;
    std::unique_ptr<StreamFramer> streamFramer(const ProviderRequest &request) const override;
    QString errorMessage(const QJsonObject &body) const override;
};

// The Converse URL for a model id; the id is percent-encoded as one path
// segment (':' in "anthropic.claude-3-haiku-20240307-v1:0", '/' in an ARN).
QUrl bedrockConverseUrl(const QString &baseUrl, const QString &modelId, bool stream);

}  // namespace gatehouse
