#pragma once

#include "providers/EmbeddingShape.h"
#include "providers/Provider.h"

namespace gatehouse {

// Embeddings through Bedrock's InvokeModel (POST /model/{modelId}/invoke),
// whose body is the model family's own:
//   Amazon Titan text embeddings (amazon.titan-embed-text-*): one text per
//     call, {"inputText":...,"dimensions":N?} -> {"embedding":[...],
//     "inputTextTokenCount":n};
//   Cohere Embed (cohere.embed-*): {"texts":[...],"input_type":T,
//     "output_dimension":N?} -> {"embeddings":[[...]]} (or, when the model
//     answers by type, {"embeddings":{"float":[[...]]}}); no token counts.
// N is OpenAI's "dimensions"; T the request's "input_type" (Cohere's own
// field, "search_document" when absent).
enum class BedrockEmbedFamily { None, Titan, Cohere };

// The family a model id (or inference profile ARN) belongs to.
BedrockEmbedFamily bedrockEmbedFamily(const QString &modelId);

// Titan is called once per text (see BedrockProvider for how a list goes).
inline constexpr EmbeddingLimits kTitanEmbeddingLimits{64, 50000};
// Cohere Embed takes 96 texts of at most 2048 characters in one call.
inline constexpr EmbeddingLimits kCohereEmbeddingLimits{96, 2048};

EmbeddingLimits bedrockEmbeddingLimits(BedrockEmbedFamily family);

// The InvokeModel body for `texts` (Titan: exactly one text).
QJsonObject bedrockEmbedBody(BedrockEmbedFamily family, const QStringList &texts,
                             const QJsonObject &openAIBody);

// The vectors and input token count in a family's answer; false (with a
// 502) when the answer lacks them.
bool readBedrockEmbedAnswer(BedrockEmbedFamily family, const QJsonObject &answer,
                            QList<QVector<float>> *vectors, int *tokens, GatewayError *error);

}  // namespace gatehouse
