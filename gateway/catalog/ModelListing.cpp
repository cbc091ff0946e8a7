#include "ModelListing.h"

#include "providers/ProviderDialect.h"
#include "providers/bedrock/BedrockCredentials.h"
#include "providers/bedrock/SigV4.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::model_listing {
namespace {

// The first key: listing needs one identity, and every key of a provider
// reaches the same account's models.
const KeyConfig *firstKey(const ProviderConfig &provider) {
    return provider.keys.isEmpty() ? nullptr : &provider.keys.first();
}

bool buildBedrock(const ProviderConfig &provider, UpstreamRequest *out, QString *error) {
    const KeyConfig *key = firstKey(provider);
    BedrockAuth auth;
    if (!resolveBedrockAuth(key ? &key->bedrock : nullptr, key ? key->resolve() : QString(), &auth,
                            error))
        return false;
    // The control plane (bedrock.), not the runtime (bedrock-runtime.); a
    // configured base_url stands for both.
    QString base = provider.network.baseUrl;
    if (base.isEmpty()) base = QStringLiteral("https://bedrock.%1.amazonaws.com").arg(auth.region);
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    out->url = QUrl(base + QStringLiteral("/foundation-models"), QUrl::StrictMode);
    const QByteArray accept = QByteArrayLiteral("application/json");
    out->headers.add(QByteArrayLiteral("Accept"), accept);
    if (!auth.bearerToken.isEmpty()) {
        out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + auth.bearerToken.toUtf8());
        return true;
    }
    QByteArray host = out->url.host(QUrl::FullyEncoded).toUtf8();
    if (out->url.port() > 0) host += ':' + QByteArray::number(out->url.port());
    aws::SigV4Request toSign;
    toSign.method = out->method;
    toSign.path = out->url.path(QUrl::FullyEncoded).toUtf8();
    toSign.query = out->url.query(QUrl::FullyEncoded).toUtf8();
    toSign.headers = {{QByteArrayLiteral("host"), host}, {QByteArrayLiteral("accept"), accept}};
    aws::SigV4Params params{auth.region, QStringLiteral("bedrock"),
                            QDateTime::currentDateTimeUtc()};
    for (const auto &h : aws::signV4(toSign, auth.credentials, params).addedHeaders)
        out->headers.add(h.first, h.second);
    return true;
}

QUrl geminiModelsUrl(const QString &baseUrl) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    const QString last = base.section(QLatin1Char('/'), -1);
    if (last != QLatin1String("v1") && last != QLatin1String("v1beta") &&
        last != QLatin1String("v1alpha"))
        base += QStringLiteral("/v1beta");
    QUrl url(base + QStringLiteral("/models"));
    url.setQuery(QStringLiteral("pageSize=1000"));
    return url;
}

}  // namespace

bool buildRequest(const ProviderConfig &provider, UpstreamRequest *out, QString *error) {
    error->clear();
    out->method = "GET";
    out->body.clear();
    out->timeoutMs = provider.network.requestTimeoutMs;
    const KeyConfig *key = firstKey(provider);
    const QString apiKey = key ? key->resolve() : QString();
    switch (provider.kind) {
        case ProviderKind::OpenAI:
            out->url = joinProviderUrl(provider.network.baseUrl, QStringLiteral("/v1/models"));
            if (!apiKey.isEmpty())
                out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + apiKey.toUtf8());
            break;
        case ProviderKind::Anthropic:
            out->url = joinProviderUrl(provider.network.baseUrl, QStringLiteral("/v1/models"));
            out->url.setQuery(QStringLiteral("limit=1000"));
            out->headers.add(QByteArrayLiteral("anthropic-version"),
                             QByteArrayLiteral("2023-06-01"));
            if (!apiKey.isEmpty())
                out->headers.add(QByteArrayLiteral("x-api-key"), apiKey.toUtf8());
            break;
        case ProviderKind::Gemini:
            out->url = geminiModelsUrl(provider.network.baseUrl);
            if (!apiKey.isEmpty())
                out->headers.add(QByteArrayLiteral("x-goog-api-key"), apiKey.toUtf8());
            break;
        case ProviderKind::Bedrock:
            return buildBedrock(provider, out, error);
        case ProviderKind::Azure:
        case ProviderKind::Vertex:
        case ProviderKind::Mock:
        case ProviderKind::Unsupported:
            return false;
    }
    for (const auto &h : provider.network.extraHeaders)
        out->headers.add(h.first.toUtf8(), h.second.toUtf8());
    return true;
}

bool parseAnswer(ProviderKind kind, const QByteArray &body, QStringList *models, QString *error) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("the model list is not a JSON object");
        return false;
    }
    const QJsonObject root = doc.object();
    models->clear();
    if (kind == ProviderKind::Gemini) {
        // "models/gemini-2.0-flash"; only those that answer generateContent
        // (embedding-only and AQA models cannot serve a chat).
        for (const QJsonValue &v : root.value(QStringLiteral("models")).toArray()) {
            const QJsonObject m = v.toObject();
            const QJsonArray methods =
                m.value(QStringLiteral("supportedGenerationMethods")).toArray();
            if (!methods.contains(QStringLiteral("generateContent"))) continue;
            QString name = m.value(QStringLiteral("name")).toString();
            if (name.startsWith(QLatin1String("models/"))) name = name.mid(7);
            if (!name.isEmpty()) models->append(name);
        }
        return true;
    }
    if (kind == ProviderKind::Bedrock) {
        if (!root.value(QStringLiteral("modelSummaries")).isArray()) {
            *error = QStringLiteral("the answer has no modelSummaries");
            return false;
        }
        for (const QJsonValue &v : root.value(QStringLiteral("modelSummaries")).toArray()) {
            const QString id = v.toObject().value(QStringLiteral("modelId")).toString();
            if (!id.isEmpty()) models->append(id);
        }
        return true;
    }
    if (!root.value(QStringLiteral("data")).isArray()) {
        *error = QStringLiteral("the answer has no \"data\" list");
        return false;
    }
    for (const QJsonValue &v : root.value(QStringLiteral("data")).toArray()) {
        const QString id = v.toObject().value(QStringLiteral("id")).toString();
        if (!id.isEmpty()) models->append(id);
    }
    return true;
}

QStringList configuredModels(const ProviderConfig &provider) {
    QStringList out = provider.models();
    auto add = [&out](const QString &model) {
        if (!model.isEmpty() && !out.contains(model)) out.append(model);
    };
    for (const KeyConfig &key : provider.keys) {
        if (provider.kind == ProviderKind::Azure)
            for (auto it = key.azure.deployments.cbegin(); it != key.azure.deployments.cend(); ++it)
                add(it.key());
        if (provider.kind == ProviderKind::Bedrock)
            for (auto it = key.bedrock.deployments.cbegin(); it != key.bedrock.deployments.cend();
                 ++it)
                add(it.key());
    }
    return out;
}

QStringList merge(const ProviderConfig &provider, const QStringList &configured,
                  const QStringList &listed) {
    QStringList out = configured;
    for (const QString &model : listed) {
        if (out.contains(model)) continue;
        bool usable = provider.keys.isEmpty();
        for (const KeyConfig &key : provider.keys) usable = usable || key.allowsModel(model);
        if (usable) out.append(model);
    }
    return out;
}

}  // namespace gatehouse::model_listing
