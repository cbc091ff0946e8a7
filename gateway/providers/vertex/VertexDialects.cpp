#include "VertexDialects.h"

#include "config/GatewayConfig.h"
#include "json/JsonValidator.h"
#include "json/JsonWriter.h"
#include "providers/GeminiEmbeddings.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

constexpr char kAnthropicVertexVersion[] = "vertex-2023-10-16";

// Vertex's own error body: {"error": {"code", "message", "status"}}.
QString vertexErrorMessage(const QJsonObject &body) {
    const QJsonValue error = body.value(QLatin1String("error"));
    if (error.isObject()) return error.toObject().value(QLatin1String("message")).toString();
    return {};
}

bool fail(const QString &why, GatewayError *error) {
    *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
    return false;
}

// The URL and bearer token every Vertex request carries.
bool address(const ProviderRequest &request, UpstreamRequest *out, GatewayError *error) {
    const QString project =
        request.key ? resolveEnvReference(request.key->vertex.projectId) : QString();
    if (project.isEmpty())
        return fail(QStringLiteral("Vertex provider '%1' has no project: set "
                                   "vertex_key_config.project_id in its key.")
                        .arg(request.config->name),
                    error);
    out->url = vertexModelUrl(request.config->network.baseUrl, project, vertexRegion(request.key),
                              request.model, request.stream);
    out->headers.remove("x-goog-api-key");
    out->headers.remove("x-api-key");
    if (!request.apiKey.isEmpty())
        out->headers.set("Authorization", "Bearer " + request.apiKey.toUtf8());
    return true;
}

}  // namespace

VertexPublisher vertexPublisher(const QString &model) {
    return model.startsWith(QLatin1String("claude")) ? VertexPublisher::Anthropic
                                                     : VertexPublisher::Google;
}

QString vertexRegion(const KeyConfig *key) {
    const QString region = key ? resolveEnvReference(key->vertex.region).trimmed() : QString();
    return region.isEmpty() ? QStringLiteral("us-central1") : region;
}

QUrl vertexModelUrl(const QString &baseUrl, const QString &project, const QString &region,
                    const QString &model, bool stream) {
    QString host = baseUrl;
    while (host.endsWith(QLatin1Char('/'))) host.chop(1);
    if (host.endsWith(QLatin1String("/v1"))) host.chop(3);
    if (host.isEmpty())
        host = region == QLatin1String("global")
                   ? QStringLiteral("https://aiplatform.googleapis.com")
                   : QStringLiteral("https://%1-aiplatform.googleapis.com").arg(region);
    const bool anthropic = vertexPublisher(model) == VertexPublisher::Anthropic;
    const QString method =
        anthropic ? (stream ? QStringLiteral("streamRawPredict") : QStringLiteral("rawPredict"))
                  : (stream ? QStringLiteral("streamGenerateContent")
                            : QStringLiteral("generateContent"));
    // '@' stays: Vertex names model versions "claude-sonnet-4@20250514".
    auto part = [](const QString &s) {
        return QString::fromUtf8(QUrl::toPercentEncoding(s, QByteArrayLiteral("@")));
    };
    QUrl url(host + QStringLiteral("/v1/projects/") + part(project) +
             QStringLiteral("/locations/") + part(region) + QStringLiteral("/publishers/") +
             (anthropic ? QStringLiteral("anthropic") : QStringLiteral("google")) +
             QStringLiteral("/models/") + part(model) + QLatin1Char(':') + method);
    if (stream && !anthropic) url.setQuery(QStringLiteral("alt=sse"));
    return url;
}

bool VertexGeminiDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                       GatewayError *error) const {
    if (request.operation != Operation::Embedding)
        return GeminiDialect::buildRequest(request, out, error) && address(request, out, error);
    QJsonObject embed;
    if (!vertexEmbedRequest(request, &embed, error) || !address(request, out, error)) return false;
    out->method = "POST";
    out->headers.add("Content-Type", "application/json");
    out->url = withGoogleMethod(out->url, QStringLiteral("predict"));
    out->body = toCompactJson(embed);
    return true;
}

bool VertexGeminiDialect::decodeResponse(const ProviderRequest &request,
                                         const QJsonObject &upstream, QJsonObject *openAI,
                                         GatewayError *error) const {
    if (request.operation == Operation::Embedding)
        return vertexEmbedAnswer(request, upstream, openAI, error);
    return GeminiDialect::decodeResponse(request, upstream, openAI, error);
}

QString VertexGeminiDialect::errorMessage(const QJsonObject &body) const {
    const QString message = vertexErrorMessage(body);
    return message.isEmpty() ? GeminiDialect::errorMessage(body) : message;
}

// An escaped key could still spell "model": such bodies take the rewrite.
QByteArray vertexMessagesBytes(const QByteArray &body) {
    QList<JsonMemberSpan> members;
    if (!scanJsonObject(body, &members)) return {};
    qsizetype model = -1;
    for (qsizetype i = 0; i < members.size(); ++i) {
        const JsonMemberSpan &m = members.at(i);
        const QByteArrayView key(body.constData() + m.keyBegin, m.keyEnd - m.keyBegin);
        if (key.contains('\\') || key == "\"anthropic_version\"") return {};
        if (key != "\"model\"") continue;
        if (model >= 0) return {};
        model = i;
    }
    QByteArray out = body;
    qsizetype left = members.size();
    if (model >= 0) {
        const JsonMemberSpan &m = members.at(model);
        if (model + 1 < members.size())  // up to the next member's key: its comma goes too
            out.remove(m.keyBegin, members.at(model + 1).keyBegin - m.keyBegin);
        else if (model > 0)  // the last one: from the end of the one before it
            out.remove(members.at(model - 1).valueEnd, m.valueEnd - members.at(model - 1).valueEnd);
        else
            out.remove(m.keyBegin, m.valueEnd - m.keyBegin);
        --left;
    }
    const QByteArray version = QByteArray("\"anthropic_version\":\"") + kAnthropicVertexVersion +
                               (left > 0 ? "\"," : "\"");
    out.insert(out.indexOf('{') + 1, version);
    return out;
}

bool VertexAnthropicDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                          GatewayError *error) const {
    if (!AnthropicDialect::buildRequest(request, out, error)) return false;
    // Vertex names the model in the URL and the API version in the body.
    out->headers.remove("anthropic-version");
    QByteArray edited = vertexMessagesBytes(out->body);
    if (!edited.isEmpty()) {
        out->body = std::move(edited);
        return address(request, out, error);
    }
    QJsonParseError parseError;
    QJsonObject body = QJsonDocument::fromJson(out->body, &parseError).object();
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("The Messages request is not valid JSON: %1")
                        .arg(parseError.errorString()),
                    error);
    body.remove(QStringLiteral("model"));
    body.insert(QStringLiteral("anthropic_version"), QLatin1String(kAnthropicVertexVersion));
    out->body = toCompactJson(body);
    return address(request, out, error);
}

QString VertexAnthropicDialect::errorMessage(const QJsonObject &body) const {
    const QString message = AnthropicDialect::errorMessage(body);
    return message.isEmpty() ? vertexErrorMessage(body) : message;
}

}  // namespace gatehouse
