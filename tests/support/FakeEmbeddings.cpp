#include "FakeEmbeddings.h"

#include "FakeBehaviour.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::fake {

namespace {

QByteArray compactJson(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Google's {"error":{"code","message","status"}}.
FakeEmbedAnswer googleError(int code, const QString &message) {
    const char *status = code == 429   ? "RESOURCE_EXHAUSTED"
                         : code == 404 ? "NOT_FOUND"
                         : code == 403 ? "PERMISSION_DENIED"
                                       : "INVALID_ARGUMENT";
    return {code, compactJson({{"error", QJsonObject{{"code", code},
                                                     {"message", message},
                                                     {"status", QLatin1String(status)}}}})};
}

// Bedrock's {"message": ...}.
FakeEmbedAnswer awsError(int code, const QString &message) {
    return {code, compactJson({{"message", message}})};
}

// The fake Titan's input limit, in words (Bedrock's is 8192 tokens).
constexpr int kTitanMaxWords = 100;

int wordCount(const QString &text) {
    return int(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
}

}  // namespace

QJsonArray fakeEmbeddingFor(const QString &text, int dimensions) {
    QJsonArray values;
    for (int k = 0; k < dimensions; ++k) values.append(double(text.size()) + k / 4.0);
    return values;
}

FakeEmbedAnswer geminiBatchEmbed(const QByteArray &model, const QByteArray &body) {
    if (const int status = parseFakeBehaviour(model).status; status >= 400)
        return googleError(status, QStringLiteral("Fake Gemini error %1").arg(status));
    const QJsonArray requests =
        QJsonDocument::fromJson(body).object().value(QLatin1String("requests")).toArray();
    if (requests.isEmpty()) return googleError(400, QStringLiteral("* requests: required"));
    QJsonArray embeddings;
    for (const QJsonValue &r : requests) {
        const QJsonObject one = r.toObject();
        // Google insists every request names the URL's model.
        if (one.value(QLatin1String("model")).toString() !=
            QLatin1String("models/") + QString::fromUtf8(model))
            return googleError(400, QStringLiteral("Model in request does not match the URL"));
        const QString text = one.value(QLatin1String("content"))
                                 .toObject()
                                 .value(QLatin1String("parts"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("text"))
                                 .toString();
        if (text.isEmpty()) return googleError(400, QStringLiteral("* content: required"));
        embeddings.append(QJsonObject{
            {"values",
             fakeEmbeddingFor(text, one.value(QLatin1String("outputDimensionality")).toInt(4))}});
    }
    return {200, compactJson({{"embeddings", embeddings}})};
}

FakeEmbedAnswer vertexPredict(const QByteArray &model, const QByteArray &body) {
    if (const int status = parseFakeBehaviour(model).status; status >= 400)
        return googleError(status, QStringLiteral("Fake Vertex error %1").arg(status));
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const QJsonArray instances = request.value(QLatin1String("instances")).toArray();
    if (instances.isEmpty()) return googleError(400, QStringLiteral("instances: required"));
    const int dims = request.value(QLatin1String("parameters"))
                         .toObject()
                         .value(QLatin1String("outputDimensionality"))
                         .toInt(4);
    QJsonArray predictions;
    for (const QJsonValue &i : instances) {
        const QString text = i.toObject().value(QLatin1String("content")).toString();
        if (text.isEmpty()) return googleError(400, QStringLiteral("instances.content: required"));
        predictions.append(QJsonObject{
            {"embeddings",
             QJsonObject{{"values", fakeEmbeddingFor(text, dims)},
                         {"statistics", QJsonObject{{"token_count", double(wordCount(text))},
                                                    {"truncated", false}}}}}});
    }
    return {200, compactJson({{"predictions", predictions},
                              {"metadata", QJsonObject{{"billableCharacterCount", 1}}}})};
}

FakeEmbedAnswer bedrockInvoke(const QByteArray &modelId, const QByteArray &body) {
    if (const int status = parseFakeBehaviour(modelId).status; status >= 400)
        return awsError(status, QStringLiteral("Fake Bedrock error %1").arg(status));
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    if (modelId.contains("amazon.titan-embed-text")) {
        const QString text = request.value(QLatin1String("inputText")).toString();
        if (modelId.contains("-v1") && request.contains(QLatin1String("dimensions")))
            return awsError(400, QStringLiteral("Malformed input request: extraneous key "
                                                "[dimensions] is not permitted, please "
                                                "reformat your input and try again."));
        if (text.isEmpty() || request.size() > 3)
            return awsError(400, QStringLiteral("Malformed input request: inputText required"));
        if (wordCount(text) > kTitanMaxWords)
            return awsError(400, QStringLiteral("Malformed input request: expected maxLength: "
                                                "%1 words, actual: %2")
                                     .arg(kTitanMaxWords)
                                     .arg(wordCount(text)));
        return {200, compactJson({{"embedding",
                                   fakeEmbeddingFor(text, request.value("dimensions").toInt(4))},
                                  {"inputTextTokenCount", wordCount(text)}})};
    }
    if (modelId.contains("cohere.embed")) {
        const QJsonArray texts = request.value(QLatin1String("texts")).toArray();
        if (texts.isEmpty() || !request.value(QLatin1String("input_type")).isString())
            return awsError(400, QStringLiteral("Malformed input request: texts and input_type "
                                                "are required"));
        QJsonArray embeddings;
        for (const QJsonValue &t : texts)
            embeddings.append(
                fakeEmbeddingFor(t.toString(), request.value("output_dimension").toInt(4)));
        return {200, compactJson({{"embeddings", embeddings},
                                  {"id", "fake-embed"},
                                  {"response_type", "embeddings_floats"},
                                  {"texts", texts}})};
    }
    return awsError(400, QStringLiteral("The provided model identifier is invalid."));
}

}  // namespace gatehouse::fake
