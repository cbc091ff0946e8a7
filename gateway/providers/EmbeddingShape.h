#pragma once

#include "Provider.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QVector>

namespace gatehouse {

// The OpenAI side of an embeddings request for providers that speak another
// API (Gemini, Vertex, Bedrock): the texts to embed, read from "input", and
// the OpenAI list answer written from the provider's vectors.

// What one provider accepts in one request.
struct EmbeddingLimits {
    int maxInputs = 2048;          // texts in one OpenAI request
    int maxCharsPerInput = 50000;  // a text longer than this is refused here
};

// The request's texts ("input": a string or an array of strings). False
// with a 400 naming the problem when "input" is missing, empty, holds an
// empty or non-string item (token arrays included: only text can be
// translated), has more items than `limits.maxInputs` or a text longer
// than `limits.maxCharsPerInput`; also when "encoding_format" is neither
// "float" nor "base64" or "dimensions" is not a positive integer.
bool readEmbeddingInput(const QJsonObject &body, const QString &providerName,
                        const EmbeddingLimits &limits, QStringList *texts, GatewayError *error);

// "dimensions", 0 when the request names none.
int requestedDimensions(const QJsonObject &body);

// True when the client asked for base64 vectors ("encoding_format": "base64").
bool wantsBase64(const QJsonObject &body);

// A vector as OpenAI's base64 encoding writes it: its floats as float32
// little-endian, base64 (what the openai SDKs ask for by default).
QString embeddingToBase64(const QVector<float> &vector);

// {"object":"list","data":[{"object":"embedding","index":i,"embedding":...}],
//  "model":model,"usage":{"prompt_tokens":n,"total_tokens":n}}; each
// embedding an array of numbers, or a base64 string when `base64`.
QJsonObject openAIEmbeddingList(const QList<QVector<float>> &vectors, const QString &model,
                                int promptTokens, bool base64);

// A JSON array of numbers as floats; false when an item is not a number.
bool readVector(const QJsonValue &value, QVector<float> *out);

// The 502 for a provider answer that lacks what an embedding answer needs.
GatewayError malformedEmbeddingAnswer(const QString &what);

}  // namespace gatehouse
