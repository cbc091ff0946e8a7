#include "BedrockHttp.h"

#include "SigV4.h"

#include "config/GatewayConfig.h"
#include "providers/ProviderDialect.h"

#include <QDateTime>

namespace gatehouse {

QString bedrockModelIdFor(const ProviderRequest &request) {
    const BedrockKeyConfig *key = request.key ? &request.key->bedrock : nullptr;
    if (!key) return request.model;
    const QString deployment = resolveEnvReference(key->deployments.value(request.model));
    const QString arn = resolveEnvReference(key->arn);
    if (deployment.isEmpty()) return request.model;
    if (arn.isEmpty()) return deployment;
    return arn + QLatin1Char('/') + deployment;
}

QString bedrockBaseUrl(const QString &configuredBaseUrl, const QString &region) {
    if (!configuredBaseUrl.isEmpty()) return configuredBaseUrl;
    return QStringLiteral("https://bedrock-runtime.%1.amazonaws.com").arg(region);
}

QUrl bedrockModelUrl(const QString &baseUrl, const QString &modelId, const QString &method) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    // Strict parsing keeps %3A and %2F as they are.
    return QUrl(base + QStringLiteral("/model/") +
                    QString::fromLatin1(QUrl::toPercentEncoding(modelId)) + QLatin1Char('/') +
                    method,
                QUrl::StrictMode);
}

bool bedrockAuthFor(const ProviderRequest &request, BedrockAuth *auth, GatewayError *error) {
    QString why;
    if (resolveBedrockAuth(request.key ? &request.key->bedrock : nullptr, request.apiKey, auth,
                           &why))
        return true;
    *error = GatewayError::upstream(
        401, QStringLiteral("Bedrock provider '%1' cannot sign its request. %2")
                 .arg(request.config->name, why));
    error->code = QStringLiteral("missing_credentials");
    return false;
}

void authorizeBedrockRequest(const BedrockAuth &auth, const QByteArray &accept,
                             UpstreamRequest *out) {
    const QByteArray contentType = QByteArrayLiteral("application/json");
    out->headers.add(QByteArrayLiteral("Content-Type"), contentType);
    out->headers.add(QByteArrayLiteral("Accept"), accept);
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
                      {QByteArrayLiteral("content-type"), contentType},
                      {QByteArrayLiteral("accept"), accept}};
    toSign.body = out->body;
    const aws::SigV4Params params{auth.region, QStringLiteral("bedrock"),
                                  QDateTime::currentDateTimeUtc()};
    for (const auto &h : aws::signV4(toSign, auth.credentials, params).addedHeaders)
        out->headers.add(h.first, h.second);
}

}  // namespace gatehouse
