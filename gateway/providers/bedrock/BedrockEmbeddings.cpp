#include "BedrockEmbeddings.h"

#include "config/GatewayConfig.h"

#include <QJsonArray>

namespace gatehouse {

BedrockEmbedFamily bedrockEmbedFamily(const QString &modelId) {
    // A cross-region profile prefixes the id ("us.cohere.embed-v4:0"), an
    // ARN ends with it: look at the last path segment, past any prefix.
    const QString id = modelId.section(QLatin1Char('/'), -1);
    if (id.contains(QLatin1String("amazon.titan-embed-text"))) return BedrockEmbedFamily::Titan;
    if (id.contains(QLatin1String("cohere.embed"))) return BedrockEmbedFamily::Cohere;
    return BedrockEmbedFamily::None;
}

EmbeddingLimits bedrockEmbeddingLimits(BedrockEmbedFamily family) {
    return family == BedrockEmbedFamily::Cohere ? kCohereEmbeddingLimits : kTitanEmbeddingLimits;
}

QJsonObject bedrockEmbedBody(BedrockEmbedFamily family, const QStringList &texts,
                             const QJsonObject &openAIBody) {
    const int dims = requestedDimensions(openAIBody);
    if (family == BedrockEmbedFamily::Titan) {
        QJsonObject body{{QStringLiteral("inputText"), texts.value(0)}};
        if (dims > 0) body.insert(QStringLiteral("dimensions"), dims);
        return body;
    }
    const QString inputType =
        openAIBody.value(QLatin1String("input_type")).toString(QStringLiteral("search_document"));
    QJsonObject body{{QStringLiteral("texts"), QJsonArray::fromStringList(texts)},
                     {QStringLiteral("input_type"), inputType}};
    if (dims > 0) body.insert(QStringLiteral("output_dimension"), dims);
    return body;
}

bool readBedrockEmbedAnswer(BedrockEmbedFamily family, const QJsonObject &answer,
                            QList<QVector<float>> *vectors, int *tokens, GatewayError *error) {
    vectors->clear();
    *tokens = 0;
    if (family == BedrockEmbedFamily::Titan) {
        QVector<float> v;
        if (!readVector(answer.value(QLatin1String("embedding")), &v)) {
            *error = malformedEmbeddingAnswer(QStringLiteral("a numeric \"embedding\""));
            return false;
        }
        vectors->append(std::move(v));
        *tokens = answer.value(QLatin1String("inputTextTokenCount")).toInt();
        return true;
    }
    QJsonValue embeddings = answer.value(QLatin1String("embeddings"));
    if (embeddings.isObject())  // answered by type (embedding_types)
        embeddings = embeddings.toObject().value(QLatin1String("float"));
    const QJsonArray list = embeddings.toArray();
    for (const QJsonValue &item : list) {
        QVector<float> v;
        if (!readVector(item, &v)) {
            *error = malformedEmbeddingAnswer(QStringLiteral("numeric \"embeddings\""));
            return false;
        }
        vectors->append(std::move(v));
    }
    if (vectors->isEmpty()) {
        *error = malformedEmbeddingAnswer(QStringLiteral("\"embeddings\""));
        return false;
    }
    return true;
}

}  // namespace gatehouse
