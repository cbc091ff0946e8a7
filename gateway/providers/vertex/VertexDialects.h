#pragma once

#include "providers/AnthropicDialect.h"
#include "providers/GeminiDialect.h"

namespace gatehouse {

// Which publisher serves a model on Vertex AI.
enum class VertexPublisher { Google, Anthropic };
VertexPublisher vertexPublisher(const QString &model);

// A model's method URL on Vertex AI:
// {host}/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}.
// The host is {region}-aiplatform.googleapis.com (aiplatform.googleapis.com
// for region "global") unless `baseUrl` replaces it. Gemini models use
// generateContent / streamGenerateContent?alt=sse, Anthropic models
// rawPredict / streamRawPredict.
QUrl vertexModelUrl(const QString &baseUrl, const QString &project, const QString &region,
                    const QString &model, bool stream);

// The region a key names, "us-central1" when it names none.
QString vertexRegion(const KeyConfig *key);

// Gemini models on Vertex: the Gemini dialect's bodies, answers and streams
// at Vertex's URL with the access token (ProviderRequest::apiKey) as bearer.
// Embeddings go to the model's :predict (GeminiEmbeddings.h).
class VertexGeminiDialect : public GeminiDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    bool decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                        QJsonObject *openAI, GatewayError *error) const override;
    QString errorMessage(const QJsonObject &body) const override;
};

// A Messages body as Vertex wants it, edited as bytes: "model" cut out and
// "anthropic_version": "vertex-2023-10-16" put first; every other byte stays
// (a client's own body keeps its thinking signatures, cache_control marks,
// key order and numbers). Empty when the body is not that plain.
QByteArray vertexMessagesBytes(const QByteArray &body);

// Anthropic models on Vertex: the Messages body without "model" and with
// "anthropic_version": "vertex-2023-10-16" (vertexMessagesBytes), at
// rawPredict/streamRawPredict; answers and streams are Anthropic's.
class VertexAnthropicDialect : public AnthropicDialect {
public:
    bool buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                      GatewayError *error) const override;
    QString errorMessage(const QJsonObject &body) const override;
};

}  // namespace gatehouse
