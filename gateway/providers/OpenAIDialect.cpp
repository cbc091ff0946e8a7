#include "OpenAIDialect.h"

#include "CacheMarks.h"
#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

QString pathFor(Operation op) {
    switch (op) {
        case Operation::ChatCompletion:
            return QStringLiteral("/v1/chat/completions");
        case Operation::TextCompletion:
            return QStringLiteral("/v1/completions");
        case Operation::Embedding:
            return QStringLiteral("/v1/embeddings");
    }
    return {};
}

class OpenAIStreamDecoder : public StreamDecoder {
public:
    void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *done,
                GatewayError *error) override {
        const QByteArray data = event.data.trimmed();
        if (data == "[DONE]") {
            *done = true;
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
        if (!doc.isObject()) {
            *error = GatewayError::upstream(
                502, QStringLiteral("Provider sent a stream event that is not JSON: %1")
                         .arg(parseError.errorString()));
            error->code = QStringLiteral("upstream_protocol_error");
            return;
        }
        const QJsonObject obj = doc.object();
        if (obj.contains(QStringLiteral("error"))) {
            const QJsonObject e = obj.value(QStringLiteral("error")).toObject();
            *error = GatewayError::upstream(
                502, e.value(QStringLiteral("message"))
                         .toString(QStringLiteral("Provider reported an error mid-stream")));
            error->code = QStringLiteral("upstream_error");
            return;
        }
        if (obj.value(QStringLiteral("usage")).isObject())
            usage_ = obj.value(QStringLiteral("usage")).toObject();
        chunks->append(obj);
    }
    QJsonObject usage() const override { return usage_; }
    bool chunksAreEventData() const override { return true; }

private:
    QJsonObject usage_;
};

}  // namespace

bool OpenAIDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                 GatewayError *) const {
    out->method = "POST";
    out->url = joinProviderUrl(
        request.config->network.baseUrl,
        request.native ? QStringLiteral("/v1/responses") : pathFor(request.operation));
    // Literals: no allocation per request for the fixed headers.
    out->headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    out->headers.add(QByteArrayLiteral("Accept"), request.stream
                                                      ? QByteArrayLiteral("text/event-stream")
                                                      : QByteArrayLiteral("application/json"));
    if (!request.apiKey.isEmpty())
        out->headers.add(QByteArrayLiteral("Authorization"), "Bearer " + request.apiKey.toUtf8());
    // What OpenAI's own clients send beside the body (Codex: its session,
    // turn metadata and request shape) reaches OpenAI as they sent it.
    if (request.native)
        forwardClientHeaders(request,
                             {"openai-*", "x-openai-*", "x-codex-*", "originator", "session-id",
                              "session_id", "thread-id", "conversation_id"},
                             &out->headers);
    if (request.passThrough) {
        out->body = request.passThrough->withModel(request.model);
    } else {
        QJsonObject body = request.body;
        removeCacheMarks(&body);  // OpenAI refuses fields it does not know
        body.insert(QStringLiteral("model"), request.model);
        out->body = toCompactJson(body);
    }
    return true;
}

bool OpenAIDialect::decodeResponse(const ProviderRequest &, const QJsonObject &upstream,
                                   QJsonObject *openAI, GatewayError *) const {
    *openAI = upstream;
    return true;
}

std::unique_ptr<StreamDecoder> OpenAIDialect::streamDecoder(const ProviderRequest &) const {
    return std::make_unique<OpenAIStreamDecoder>();
}

QString OpenAIDialect::errorMessage(const QJsonObject &body) const {
    const QJsonValue e = body.value(QStringLiteral("error"));
    if (e.isObject()) return e.toObject().value(QStringLiteral("message")).toString();
    if (e.isString()) return e.toString();
    return body.value(QStringLiteral("message")).toString();
}

}  // namespace gatehouse
