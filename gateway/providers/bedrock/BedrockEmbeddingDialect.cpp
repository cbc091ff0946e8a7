#include "BedrockEmbeddingDialect.h"

#include "BedrockCredentials.h"
#include "BedrockDialect.h"
#include "BedrockEmbeddings.h"
#include "ConverseTranslate.h"
#include "SigV4.h"

#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"

namespace gatehouse {

namespace {

// Content type, accept and the SigV4 headers (or the API key as bearer).
void authorize(const BedrockAuth &auth, UpstreamRequest *out) {
    const QByteArray json = QByteArrayLiteral("application/json");
    out->headers.add(QByteArrayLiteral("Content-Type"), json);
    out->headers.add(QByteArrayLiteral("Accept"), json);
    if (!auth.bearerToken.isEmpty()) {
        out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + auth.bearerToken.toUtf8());
        return;
    }
    // The Host header as the upstream connection writes it.
    QByteArray host = out->url.host(QUrl::FullyEncoded).toUtf8();
    if (out->url.port() > 0) host += ':' + QByteArray::number(out->url.port());
    aws::SigV4Request toSign;
    toSign.method = out->method;
    toSign.path = out->url.path(QUrl::FullyEncoded).toUtf8();
    toSign.query = out->url.query(QUrl::FullyEncoded).toUtf8();
    toSign.headers = {{QByteArrayLiteral("host"), host},
                      {QByteArrayLiteral("content-type"), json},
                      {QByteArrayLiteral("accept"), json}};
    toSign.body = out->body;
    const aws::SigV4Params params{auth.region, QStringLiteral("bedrock"),
                                  QDateTime::currentDateTimeUtc()};
    for (const auto &h : aws::signV4(toSign, auth.credentials, params).addedHeaders)
        out->headers.add(h.first, h.second);
}

}  // namespace

QUrl bedrockInvokeUrl(const QString &baseUrl, const QString &modelId) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    // Strict parsing keeps %3A and %2F as they are: the path is signed as sent.
    return QUrl(base + QStringLiteral("/model/") +
                    QString::fromLatin1(QUrl::toPercentEncoding(modelId)) +
                    QStringLiteral("/invoke"),
                QUrl::StrictMode);
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
    QString why;
    if (!resolveBedrockAuth(request.key ? &request.key->bedrock : nullptr, request.apiKey, &auth,
                            &why)) {
        *error = GatewayError::upstream(
            401, QStringLiteral("Bedrock provider '%1' cannot sign its request. %2")
                     .arg(providerName, why));
        error->code = QStringLiteral("missing_credentials");
        return false;
    }
    out->method = "POST";
    out->url =
        bedrockInvokeUrl(bedrockBaseUrl(request.config->network.baseUrl, auth.region), modelId);
    out->body = toCompactJson(bedrockEmbedBody(family, texts, request.body));
    authorize(auth, out);
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
