#include "AnthropicDialect.h"

#include "config/GatewayConfig.h"
#include "json/JsonWriter.h"
#include "translate/AnthropicTranslate.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

class AnthropicStreamDecoder : public StreamDecoder {
public:
    explicit AnthropicStreamDecoder(const QString &model) : translator_(model) {}

    void decode(const SseEvent &event, QList<QJsonObject> *chunks, bool *done,
                GatewayError *error) override {
        const QJsonObject data = QJsonDocument::fromJson(event.data).object();
        QByteArray name = event.event;
        if (name.isEmpty()) name = data.value(QStringLiteral("type")).toString().toUtf8();
        chunks->append(translator_.onEvent(name, data));
        if (translator_.hasError()) {
            *error = GatewayError::upstream(502, translator_.errorMessage());
            error->code = QStringLiteral("upstream_error");
            return;
        }
        *done = translator_.finished();
    }
    QJsonObject usage() const override { return translator_.usage(); }

private:
    anthropic::MessagesStreamToChat translator_;
};

}  // namespace

bool AnthropicDialect::buildRequest(const ProviderRequest &request, UpstreamRequest *out,
                                    GatewayError *error) const {
    if (request.operation != Operation::ChatCompletion) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("unsupported_operation"),
            QStringLiteral("Anthropic offers only chat (messages); %1 is not available from "
                           "provider '%2'. Route this request to an OpenAI-compatible provider.")
                .arg(request.operation == Operation::Embedding ? QStringLiteral("embeddings")
                                                               : QStringLiteral("text completion"),
                     request.config->name));
        return false;
    }
    if (request.native) {
        // The client's own Messages request: its bytes, its version and betas.
        out->method = "POST";
        out->url = joinProviderUrl(
            request.config->network.baseUrl,
            request.nativePath.isEmpty() ? QStringLiteral("/v1/messages") : request.nativePath);
        out->headers.add("Content-Type", "application/json");
        out->headers.add("anthropic-version", "2023-06-01");
        forwardClientHeaders(request, {"anthropic-*"}, &out->headers);
        if (request.stream) out->headers.add("Accept", "text/event-stream");
        if (!request.apiKey.isEmpty()) out->headers.add("x-api-key", request.apiKey.toUtf8());
        out->body = request.passThrough->withModel(request.model);
        return true;
    }
    QJsonObject chat = request.body;
    chat.insert(QStringLiteral("model"), request.model);
    QJsonObject messages;
    QString why;
    if (!anthropic::chatRequestToMessages(chat, &messages, &why)) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    out->method = "POST";
    out->url = joinProviderUrl(request.config->network.baseUrl, QStringLiteral("/v1/messages"));
    out->headers.add("Content-Type", "application/json");
    out->headers.add("anthropic-version", "2023-06-01");
    if (request.stream) out->headers.add("Accept", "text/event-stream");
    if (!request.apiKey.isEmpty()) out->headers.add("x-api-key", request.apiKey.toUtf8());
    out->body = toCompactJson(messages);
    return true;
}

bool AnthropicDialect::decodeResponse(const ProviderRequest &, const QJsonObject &upstream,
                                      QJsonObject *openAI, GatewayError *) const {
    *openAI = anthropic::messagesResponseToChat(upstream);
    return true;
}

std::unique_ptr<StreamDecoder> AnthropicDialect::streamDecoder(
    const ProviderRequest &request) const {
    return std::make_unique<AnthropicStreamDecoder>(request.model);
}

QString AnthropicDialect::errorMessage(const QJsonObject &body) const {
    return anthropic::errorMessageFrom(body);
}

}  // namespace gatehouse
