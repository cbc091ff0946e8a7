#include "GeminiDialect.h"

#include "GeminiEmbeddings.h"
#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"
#include "translate/GeminiTranslate.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace gatehouse {

namespace {

class GeminiStreamDecoder : public StreamDecoder {
public:
    explicit GeminiStreamDecoder(const QString &model) : translator_(model) {}

    void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *,
                GatewayError *error) override {
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
        chunks->append(translator_.onEvent(doc.object()));
        if (translator_.hasError()) {
            *error = GatewayError::upstream(502, translator_.errorMessage());
            error->code = QStringLiteral("upstream_error");
        }
        // No end marker: Gemini's stream ends with its connection.
    }
    QJsonObject usage() const override { return translator_.usage(); }

private:
    gemini::GeminiStreamToChat translator_;
};

}  // namespace

QUrl geminiMethodUrl(const QString &baseUrl, const QString &model, bool stream) {
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    const QString last = base.section(QLatin1Char('/'), -1);
    if (last != QLatin1String("v1") && last != QLatin1String("v1beta") &&
        last != QLatin1String("v1alpha"))
        base += QStringLiteral("/v1beta");
    // "models/x" and "tunedModels/x" are full names already.
    const QString name =
        model.contains(QLatin1Char('/')) ? model : QStringLiteral("models/") + model;
    QUrl url(
        base + QLatin1Char('/') + name +
        (stream ? QStringLiteral(":streamGenerateContent") : QStringLiteral(":generateContent")));
    if (stream) url.setQuery(QStringLiteral("alt=sse"));
    return url;
}

bool GeminiDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                 GatewayError *error) const {
    if (request.operation == Operation::TextCompletion) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unsupported_operation"),
            QStringLiteral("Text completion is not available from Gemini provider '%1'. Route "
                           "this request to an OpenAI-compatible provider.")
                .arg(request.config->name));
        return false;
    }
    out->method = "POST";
    out->url = geminiMethodUrl(request.config->network.baseUrl, request.model, request.stream);
    out->headers.add("Content-Type", "application/json");
    if (request.stream) out->headers.add("Accept", "text/event-stream");
    if (!request.apiKey.isEmpty()) out->headers.add("x-goog-api-key", request.apiKey.toUtf8());
    if (request.operation == Operation::Embedding) {
        QJsonObject embed;
        if (!geminiEmbedRequest(request, &embed, error)) return false;
        out->url = withGoogleMethod(out->url, QStringLiteral("batchEmbedContents"));
        out->body = toCompactJson(embed);
        return true;
    }
    if (request.native) {
        // The client's own generateContent body; the model is in the URL.
        out->body = request.passThrough->bytes;
        return true;
    }
    QJsonObject gemini;
    QString why;
    if (!gemini::chatRequestToGemini(request.body, &gemini, &why)) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    out->body = toCompactJson(gemini);
    return true;
}

bool GeminiDialect::decodeResponse(const ProviderRequest &request, const QJsonObject &upstream,
                                   QJsonObject *openAI, GatewayError *error) const {
    if (request.operation == Operation::Embedding)
        return geminiEmbedAnswer(request, upstream, openAI, error);
    *openAI = gemini::geminiResponseToChat(upstream, request.model);
    return true;
}

std::unique_ptr<StreamDecoder> GeminiDialect::streamDecoder(const ProviderRequest &request) const {
    return std::make_unique<GeminiStreamDecoder>(request.model);
}

QString GeminiDialect::errorMessage(const QJsonObject &body) const {
    return gemini::errorMessageFrom(body);
}

}  // namespace gatehouse
