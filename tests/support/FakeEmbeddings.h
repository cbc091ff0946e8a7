#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QString>

namespace gatehouse::fake {

// The embedding endpoints of the fake Google and AWS providers, checking
// the request shape each real API insists on and answering in its shape:
//   Gemini  POST models/{m}:batchEmbedContents  (FakeUpstream)
//   Vertex  POST .../publishers/google/models/{m}:predict  (FakeVertex)
//   Bedrock POST /model/{id}/invoke, Titan and Cohere bodies  (FakeBedrock)
// A model name with "status-NNN" answers that error in the API's error
// shape; Titan v1 refuses "dimensions" as Bedrock does ("extraneous key"),
// and Titan refuses a text of more than 100 words (400, Bedrock's wording).
//
// The vector for a text has `dimensions` numbers (4 unless asked):
// number k is length(text) + k / 4, exact in float32, so tests can check
// base64 answers bit for bit (fakeEmbeddingFor).
QJsonArray fakeEmbeddingFor(const QString &text, int dimensions = 4);

struct FakeEmbedAnswer {
    int status = 200;
    QByteArray body;
};

FakeEmbedAnswer geminiBatchEmbed(const QByteArray &model, const QByteArray &body);
FakeEmbedAnswer vertexPredict(const QByteArray &model, const QByteArray &body);
FakeEmbedAnswer bedrockInvoke(const QByteArray &modelId, const QByteArray &body);

}  // namespace gatehouse::fake
