#pragma once

#include "EmbeddingShape.h"
#include "ProviderDialect.h"

namespace gatehouse {

// Embeddings on Google's APIs, OpenAI-shaped at the gateway.
//
// Gemini API: one POST models/{model}:batchEmbedContents with a request per
// input: {"requests":[{"model":"models/{model}","content":{"parts":[{"text"}]},
// "outputDimensionality":N?,"taskType":T?}]}; the answer's
// embeddings[].values become the data items in order.
//
// Vertex AI: POST .../publishers/google/models/{model}:predict with
// {"instances":[{"content":"...","task_type":T?}],"parameters":
// {"outputDimensionality":N?}}; predictions[].embeddings.values, usage from
// each prediction's statistics.token_count.
//
// N is OpenAI's "dimensions"; T the request's optional "task_type"
// (RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, ...), which
// OpenAI's shape has no field for.

// batchEmbedContents takes at most 100 requests.
inline constexpr EmbeddingLimits kGeminiEmbeddingLimits{100, 50000};
// Vertex's text embedding models take up to 250 instances (the Gemini
// embedding model takes one: Vertex's own error says so).
inline constexpr EmbeddingLimits kVertexEmbeddingLimits{250, 50000};

// `url` with its ":method" suffix replaced by `method`.
QUrl withGoogleMethod(const QUrl &url, const QString &method);

bool geminiEmbedRequest(const ProviderRequest &request, QJsonObject *body, GatewayError *error);
bool geminiEmbedAnswer(const ProviderRequest &request, const QJsonObject &upstream,
                       QJsonObject *openAI, GatewayError *error);

bool vertexEmbedRequest(const ProviderRequest &request, QJsonObject *body, GatewayError *error);
bool vertexEmbedAnswer(const ProviderRequest &request, const QJsonObject &upstream,
                       QJsonObject *openAI, GatewayError *error);

}  // namespace gatehouse
