#include "GeminiEmbeddings.h"

#include "config/GatewayConfig.h"

#include <QJsonArray>

namespace gatehouse {

namespace {

QString taskType(const QJsonObject &body) {
    return body.value(QLatin1String("task_type")).toString();
}

}  // namespace

QUrl withGoogleMethod(const QUrl &url, const QString &method) {
    QUrl out = url;
    QString path = url.path(QUrl::FullyEncoded);
    const qsizetype colon = path.lastIndexOf(QLatin1Char(':'));
    if (colon > path.lastIndexOf(QLatin1Char('/'))) path.truncate(colon);
    out.setPath(path + QLatin1Char(':') + method, QUrl::StrictMode);
    out.setQuery(QString());
    return out;
}

bool geminiEmbedRequest(const ProviderRequest &request, QJsonObject *body, GatewayError *error) {
    QStringList texts;
    if (!readEmbeddingInput(request.body, request.config->name, kGeminiEmbeddingLimits, &texts,
                            error))
        return false;
    const QString model = request.model.contains(QLatin1Char('/'))
                              ? request.model
                              : QStringLiteral("models/") + request.model;
    const int dims = requestedDimensions(request.body);
    const QString task = taskType(request.body);
    QJsonArray requests;
    for (const QString &text : texts) {
        QJsonObject one{{QStringLiteral("model"), model},
                        {QStringLiteral("content"),
                         QJsonObject{{QStringLiteral("parts"),
                                      QJsonArray{QJsonObject{{QStringLiteral("text"), text}}}}}}};
        if (dims > 0) one.insert(QStringLiteral("outputDimensionality"), dims);
        if (!task.isEmpty()) one.insert(QStringLiteral("taskType"), task);
        requests.append(one);
    }
    *body = {{QStringLiteral("requests"), requests}};
    return true;
}

bool geminiEmbedAnswer(const ProviderRequest &request, const QJsonObject &upstream,
                       QJsonObject *openAI, GatewayError *error) {
    const QJsonArray embeddings = upstream.value(QLatin1String("embeddings")).toArray();
    if (embeddings.isEmpty()) {
        *error = malformedEmbeddingAnswer(QStringLiteral("\"embeddings\""));
        return false;
    }
    QList<QVector<float>> vectors;
    for (const QJsonValue &e : embeddings) {
        QVector<float> v;
        if (!readVector(e.toObject().value(QLatin1String("values")), &v)) {
            *error = malformedEmbeddingAnswer(QStringLiteral("numeric \"values\""));
            return false;
        }
        vectors.append(std::move(v));
    }
    // The Gemini API reports no token counts for embeddings; a newer
    // answer's usageMetadata is read when present.
    const int tokens = upstream.value(QLatin1String("usageMetadata"))
                           .toObject()
                           .value(QLatin1String("promptTokenCount"))
                           .toInt();
    *openAI = openAIEmbeddingList(vectors, request.model, tokens, wantsBase64(request.body));
    return true;
}

bool vertexEmbedRequest(const ProviderRequest &request, QJsonObject *body, GatewayError *error) {
    QStringList texts;
    if (!readEmbeddingInput(request.body, request.config->name, kVertexEmbeddingLimits, &texts,
                            error))
        return false;
    const QString task = taskType(request.body);
    QJsonArray instances;
    for (const QString &text : texts) {
        QJsonObject one{{QStringLiteral("content"), text}};
        if (!task.isEmpty()) one.insert(QStringLiteral("task_type"), task);
        instances.append(one);
    }
    *body = {{QStringLiteral("instances"), instances}};
    if (const int dims = requestedDimensions(request.body); dims > 0)
        body->insert(QStringLiteral("parameters"),
                     QJsonObject{{QStringLiteral("outputDimensionality"), dims}});
    return true;
}

bool vertexEmbedAnswer(const ProviderRequest &request, const QJsonObject &upstream,
                       QJsonObject *openAI, GatewayError *error) {
    const QJsonArray predictions = upstream.value(QLatin1String("predictions")).toArray();
    if (predictions.isEmpty()) {
        *error = malformedEmbeddingAnswer(QStringLiteral("\"predictions\""));
        return false;
    }
    QList<QVector<float>> vectors;
    int tokens = 0;
    for (const QJsonValue &p : predictions) {
        const QJsonObject embeddings = p.toObject().value(QLatin1String("embeddings")).toObject();
        QVector<float> v;
        if (!readVector(embeddings.value(QLatin1String("values")), &v)) {
            *error = malformedEmbeddingAnswer(QStringLiteral("numeric \"embeddings.values\""));
            return false;
        }
        vectors.append(std::move(v));
        tokens += embeddings.value(QLatin1String("statistics"))
                      .toObject()
                      .value(QLatin1String("token_count"))
                      .toInt();
    }
    *openAI = openAIEmbeddingList(vectors, request.model, tokens, wantsBase64(request.body));
    return true;
}

}  // namespace gatehouse
