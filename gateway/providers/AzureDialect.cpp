#include "AzureDialect.h"

#include "CacheMarks.h"
#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"

namespace gatehouse {

namespace {

QString operationPath(Operation op) {
    switch (op) {
        case Operation::ChatCompletion:
            return QStringLiteral("chat/completions");
        case Operation::TextCompletion:
            return QStringLiteral("completions");
        case Operation::Embedding:
            return QStringLiteral("embeddings");
    }
    return {};
}

// An Entra ID access token is a JWT: three base64url parts, the first a
// JSON header ("eyJ..."). API keys are hex strings.
bool isBearerToken(const QString &key) {
    return key.startsWith(QLatin1String("eyJ")) && key.count(QLatin1Char('.')) == 2;
}

}  // namespace

AzureTarget azureTarget(const QString &endpoint, const QString &apiVersion,
                        const QString &deployment, Operation operation, bool responses) {
    QString base = endpoint.trimmed();
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    const QString version =
        apiVersion.isEmpty() ? QLatin1String(kAzureDefaultApiVersion) : apiVersion;
    const bool v1 = version == QLatin1String("v1") || version == QLatin1String("preview") ||
                    base.endsWith(QLatin1String("/openai/v1"));
    if (base.endsWith(QLatin1String("/openai/v1")))
        base.chop(3);
    else if (base.endsWith(QLatin1String("/openai")))
        base.chop(7);
    const QString tail = responses ? QStringLiteral("responses") : operationPath(operation);
    AzureTarget target;
    target.bodyModel = deployment;
    if (v1) {
        // The v1 API names the deployment in the body, like OpenAI's own.
        target.url = QUrl(base + QStringLiteral("/openai/v1/") + tail);
        if (version == QLatin1String("preview"))
            target.url.setQuery(QStringLiteral("api-version=preview"));
        return target;
    }
    // Dated versions: the Responses API lives beside the deployments and
    // came with 2025-03-01-preview; older versions than that cannot reach it.
    QString dated = version;
    if (responses && dated < QLatin1String("2025-03-01-preview"))
        dated = QStringLiteral("2025-04-01-preview");
    target.url = QUrl(responses ? base + QStringLiteral("/openai/responses")
                                : base + QStringLiteral("/openai/deployments/") +
                                      QString::fromUtf8(QUrl::toPercentEncoding(deployment)) +
                                      QLatin1Char('/') + tail);
    target.url.setQuery(QStringLiteral("api-version=") + dated);
    return target;
}

bool AzureDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                GatewayError *error) const {
    const AzureKeyConfig *azure = request.key ? &request.key->azure : nullptr;
    QString endpoint = azure ? resolveEnvReference(azure->endpoint) : QString();
    if (endpoint.isEmpty()) endpoint = request.config->network.baseUrl;
    if (endpoint.isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("missing_endpoint"),
            QStringLiteral("Azure provider '%1' has no endpoint: set azure_key_config.endpoint in "
                           "its key (or the environment variable it names).")
                .arg(request.config->name));
        return false;
    }
    const QString deployment =
        azure ? azure->deployments.value(request.model, request.model) : request.model;
    const AzureTarget target =
        azureTarget(endpoint, azure ? resolveEnvReference(azure->apiVersion) : QString(),
                    deployment, request.operation, request.native);
    out->method = "POST";
    out->url = target.url;
    out->headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    out->headers.add(QByteArrayLiteral("Accept"), request.stream
                                                      ? QByteArrayLiteral("text/event-stream")
                                                      : QByteArrayLiteral("application/json"));
    if (!request.apiKey.isEmpty()) {
        if (isBearerToken(request.apiKey))
            out->headers.add(QByteArrayLiteral("Authorization"),
                             "Bearer " + request.apiKey.toUtf8());
        else
            out->headers.add(QByteArrayLiteral("api-key"), request.apiKey.toUtf8());
    }
    if (request.passThrough) {
        out->body = request.passThrough->withModel(target.bodyModel);
    } else {
        QJsonObject body = request.body;
        removeCacheMarks(&body);  // Azure OpenAI refuses fields it does not know
        body.insert(QStringLiteral("model"), target.bodyModel);
        out->body = toCompactJson(body);
    }
    return true;
}

}  // namespace gatehouse
