#include "BedrockDialect.h"

#include "BedrockCredentials.h"
#include "ConverseReasoning.h"
#include "ConverseTranslate.h"
#include "EventStreamFramer.h"
#include "SigV4.h"

#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

// The HTTP status an exception in a stream stands for (the status the same
// exception has as a plain answer).
int statusForException(const QByteArray &type) {
    if (type == "throttlingException") return 429;
    if (type == "validationException") return 400;
    if (type == "accessDeniedException") return 403;
    if (type == "serviceUnavailableException") return 503;
    if (type == "modelTimeoutException") return 504;
    return 502;  // internalServerException, modelStreamErrorException, ...
}

class BedrockStreamDecoder : public StreamDecoder {
public:
    explicit BedrockStreamDecoder(const QString &model) : translator_(model) {}

    void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *done,
                GatewayError *error) override {
        if (event.event == "exception" || event.event == "error") {
            const QJsonObject body = QJsonDocument::fromJson(event.data).object();
            QString message = bedrock::errorMessageFrom(body);
            if (message.isEmpty()) message = QString::fromUtf8(event.data.left(500));
            *error = GatewayError::upstream(
                statusForException(event.id),
                QStringLiteral("%1: %2").arg(QString::fromUtf8(event.id), message));
            error->code = QStringLiteral("upstream_error");
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
        if (!doc.isObject()) {
            *error = GatewayError::upstream(
                502, QStringLiteral("Provider sent a stream event that is not a JSON object: %1")
                         .arg(parseError.error == QJsonParseError::NoError
                                  ? QStringLiteral("not an object")
                                  : parseError.errorString()));
            error->code = QStringLiteral("upstream_protocol_error");
            return;
        }
        chunks->append(translator_.onEvent(event.event, doc.object()));
        *done = translator_.finished();
    }
    QJsonObject usage() const override { return translator_.usage(); }

private:
    bedrock::ConverseStreamToChat translator_;
};

// The model id a request goes to: the key's deployment for the model (under
// its ARN prefix when one is set), else the model name itself.
QString modelIdFor(const ProviderRequest &request) {
    const BedrockKeyConfig *key = request.key ? &request.key->bedrock : nullptr;
    if (!key) return request.model;
    const QString deployment = resolveEnvReference(key->deployments.value(request.model));
    const QString arn = resolveEnvReference(key->arn);
    if (deployment.isEmpty()) return request.model;
    if (arn.isEmpty()) return deployment;
    return arn + QLatin1Char('/') + deployment;
}

}  // namespace

QString bedrockBaseUrl(const QString &configuredBaseUrl, const QString &region) {
    if (!configuredBaseUrl.isEmpty()) return configuredBaseUrl;
    return QStringLiteral("https://bedrock-runtime.%1.amazonaws.com").arg(region);
}

QUrl bedrockConverseUrl(const QString &baseUrl, const QString &modelId, bool stream) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    const QString path =
        QStringLiteral("/model/") + QString::fromLatin1(QUrl::toPercentEncoding(modelId)) +
        (stream ? QStringLiteral("/converse-stream") : QStringLiteral("/converse"));
    // Strict parsing keeps %3A and %2F as they are: the path is signed as sent.
    return QUrl(base + path, QUrl::StrictMode);
}

bool BedrockDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                  GatewayError *error) const {
    const QString providerName = request.config->name;
    if (request.operation != Operation::ChatCompletion) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unsupported_operation"),
            QStringLiteral("%1 is not available from Bedrock provider '%2' yet. Route this "
                           "request to an OpenAI-compatible provider.")
                .arg(request.operation == Operation::Embedding ? QStringLiteral("Embeddings")
                                                               : QStringLiteral("Text completion"),
                     providerName));
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
    QJsonObject converse;
    const QString modelId = modelIdFor(request);
    if (!bedrock::chatRequestToConverse(request.body, &converse, &why,
                                        bedrock::modelTakesCachePoints(modelId),
                                        bedrock::isClaudeModel(modelId))) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    out->method = "POST";
    out->url = bedrockConverseUrl(bedrockBaseUrl(request.config->network.baseUrl, auth.region),
                                  modelIdFor(request), request.stream);
    out->body = toCompactJson(converse);
    const QByteArray contentType = QByteArrayLiteral("application/json");
    const QByteArray accept = request.stream
                                  ? QByteArrayLiteral("application/vnd.amazon.eventstream")
                                  : QByteArrayLiteral("application/json");
    out->headers.add(QByteArrayLiteral("Content-Type"), contentType);
    out->headers.add(QByteArrayLiteral("Accept"), accept);
    if (!auth.bearerToken.isEmpty()) {
        out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + auth.bearerToken.toUtf8());
        return true;
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
    aws::SigV4Params params{auth.region, QStringLiteral("bedrock"),
                            QDateTime::currentDateTimeUtc()};
    for (const auto &h : aws::signV4(toSign, auth.credentials, params).addedHeaders)
        out->headers.add(h.first, h.second);
    return true;
}

bool BedrockDialect::decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                                    QJsonObject *openAI, GatewayError *) const {
    *openAI = bedrock::converseResponseToChat(upstream, request.model);
    return true;
}

std::unique_ptr<StreamDecoder> BedrockDialect::streamDecoder(const ProviderRequest &request) const {
    return std::make_unique<BedrockStreamDecoder>(request.model);
}

std::unique_ptr<StreamFramer> BedrockDialect::streamFramer() const {
    return std::make_unique<EventStreamFramer>();
}

QString BedrockDialect::errorMessage(const QJsonObject &body) const {
    return bedrock::errorMessageFrom(body);
}

}  // namespace gatehouse
