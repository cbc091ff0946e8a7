#include "BedrockEmbeddingDialect.h"

#include "BedrockDialect.h"
#include "BedrockEmbeddings.h"
#include "BedrockHttp.h"
#include "ConverseTranslate.h"

#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"

namespace gatehouse {

QUrl bedrockInvokeUrl(const QString &baseUrl, const QString &modelId) {
    return bedrockModelUrl(baseUrl, modelId, QStringLiteral("invoke"));
}

bool BedrockEmbeddingDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                           GatewayError *error) const {
    const QString providerName = request.config->name;
    const QString modelId = bedrockModelIdFor(request);
    const BedrockEmbedFamily family = bedrockEmbedFamily(modelId);
    if (family == BedrockEmbedFamily::None) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unsupported_model"),
            QStringLiteral("Bedrock provider '%1' embeds with Amazon Titan text embeddings "
                           "(amazon.titan-embed-text-*) and Cohere Embed (cohere.embed-*); "
                           "model '%2' (id '%3') is neither.")
                .arg(providerName, request.model, modelId));
        error->allowFallbacks = false;
        return false;
    }
    QStringList texts;
    if (!readEmbeddingInput(request.body, providerName, bedrockEmbeddingLimits(family), &texts,
                            error))
        return false;
    if (family == BedrockEmbedFamily::Titan && texts.size() != 1) {
        // BedrockProvider sends a Titan list one text at a time.
        *error = GatewayError::invalidRequest(
            QStringLiteral("invalid_request"),
            QStringLiteral("Titan embeds one text per call; got %1.").arg(texts.size()));
        return false;
    }
    BedrockAuth auth;
    if (!bedrockAuthFor(request, &auth, error)) return false;
    out->method = "POST";
    out->url =
        bedrockInvokeUrl(bedrockBaseUrl(request.config->network.baseUrl, auth.region), modelId);
    out->body = toCompactJson(bedrockEmbedBody(family, texts, request.body));
    authorizeBedrockRequest(auth, QByteArrayLiteral("application/json"), out);
    return true;
}

bool BedrockEmbeddingDialect::decodeResponse(const ProviderRequest &request,
                                             const QJsonObject &upstream, QJsonObject *openAI,
                                             GatewayError *error) const {
    QList<QVector<float>> vectors;
    int tokens = 0;
    if (!readBedrockEmbedAnswer(bedrockEmbedFamily(bedrockModelIdFor(request)), upstream, &vectors,
                                &tokens, error))
        return false;
    *openAI = openAIEmbeddingList(vectors, request.model, tokens, wantsBase64(request.body));
    return true;
}

std::unique_ptr<StreamDecoder> BedrockEmbeddingDialect::streamDecoder(
    const ProviderRequest &) const {
    return nullptr;  // embeddings are never streamed
}

QString BedrockEmbeddingDialect::errorMessage(const QJsonObject &body) const {
    return bedrock::errorMessageFrom(body);
}

}  // namespace gatehouse
