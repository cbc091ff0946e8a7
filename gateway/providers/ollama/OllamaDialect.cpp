#include "OllamaDialect.h"

#include "NdjsonFramer.h"
#include "OllamaTranslate.h"
#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"
#include "providers/CacheMarks.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

// Only plain chat completions take the native API.
bool native(const ProviderRequest &request) {
    return request.operation == Operation::ChatCompletion && !request.native;
}

class OllamaStreamDecoder : public StreamDecoder {
public:
    explicit OllamaStreamDecoder(const QString &model) : translator_(model) {}

    void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *done,
                GatewayError *error) override {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
        if (!doc.isObject()) {
            *error = GatewayError::upstream(
                502, QStringLiteral("Provider sent a stream line that is not a JSON object: %1")
                         .arg(parseError.error == QJsonParseError::NoError
                                  ? QStringLiteral("not an object")
                                  : parseError.errorString()));
            error->code = QStringLiteral("upstream_protocol_error");
            return;
        }
        chunks->append(translator_.onLine(doc.object()));
        if (translator_.hasError()) {
            *error = GatewayError::upstream(502, translator_.errorMessage());
            error->code = QStringLiteral("upstream_error");
            return;
        }
        *done = translator_.finished();
    }
    QJsonObject usage() const override { return translator_.usage(); }

private:
    ollama::OllamaStreamToChat translator_;
};

}  // namespace

QUrl ollamaChatUrl(const QString &baseUrl) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    // A base_url written for Ollama's OpenAI-compatible API.
    if (base.endsWith(QLatin1String("/v1"))) base.chop(3);
    return joinProviderUrl(base, QStringLiteral("/api/chat"));
}

bool OllamaDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                 GatewayError *error) const {
    if (!native(request)) return openAI_.buildRequest(request, out, error);
    QJsonObject chat = request.body;
    if (request.passThrough)  // the client's chat bytes, read once here
        chat = QJsonDocument::fromJson(request.passThrough->withModel(request.model)).object();
    removeCacheMarks(&chat);
    QJsonObject body;
    QString why;
    if (!ollama::chatRequestToOllama(chat, request.model,
                                     request.config->configuredContextWindow(request.model),
                                     request.stream, &body, &why)) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    out->method = "POST";
    out->url = ollamaChatUrl(request.config->network.baseUrl);
    out->headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    out->headers.add(QByteArrayLiteral("Accept"), request.stream
                                                      ? QByteArrayLiteral("application/x-ndjson")
                                                      : QByteArrayLiteral("application/json"));
    // Ollama itself wants no key; one in front of it (or ollama.com) takes a bearer token.
    if (!request.apiKey.isEmpty())
        out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + request.apiKey.toUtf8());
    out->body = toCompactJson(body);
    return true;
}

bool OllamaDialect::decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                                   QJsonObject *openAI, GatewayError *error) const {
    if (!native(request)) return openAI_.decodeResponse(request, upstream, openAI, error);
    *openAI = ollama::ollamaAnswerToChat(upstream, request.model);
    return true;
}

std::unique_ptr<StreamDecoder> OllamaDialect::streamDecoder(const ProviderRequest &request) const {
    if (!native(request)) return openAI_.streamDecoder(request);
    return std::make_unique<OllamaStreamDecoder>(request.model);
}

std::unique_ptr<StreamFramer> OllamaDialect::streamFramer(const ProviderRequest &request) const {
    if (!native(request)) return openAI_.streamFramer(request);
    return std::make_unique<NdjsonFramer>();
}

QString OllamaDialect::errorMessage(const QJsonObject &body) const {
    return ollama::errorMessageFrom(body);
}

}  // namespace gatehouse
