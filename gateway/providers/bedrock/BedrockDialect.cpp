#include "BedrockDialect.h"

#include "BedrockHttp.h"
#include "ConverseReasoning.h"
#include "ConverseTranslate.h"
#include "EventStreamFramer.h"

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

}  // namespace

QUrl bedrockConverseUrl(const QString &baseUrl, const QString &modelId, bool stream) {
    return bedrockModelUrl(baseUrl, modelId,
                           stream ? QStringLiteral("converse-stream") : QStringLiteral("converse"));
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
    if (!bedrockAuthFor(request, &auth, error)) return false;
    QString why;
    QJsonObject converse;
    const QString modelId = bedrockModelIdFor(request);
    if (!bedrock::chatRequestToConverse(request.body, &converse, &why,
                                        bedrock::modelTakesCachePoints(modelId),
                                        bedrock::claudeModelThinks(modelId))) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    out->method = "POST";
    out->url = bedrockConverseUrl(bedrockBaseUrl(request.config->network.baseUrl, auth.region),
                                  modelId, request.stream);
    out->body = toCompactJson(converse);
    authorizeBedrockRequest(auth,
                            request.stream ? QByteArrayLiteral("application/vnd.amazon.eventstream")
                                           : QByteArrayLiteral("application/json"),
                            out);
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

std::unique_ptr<StreamFramer> BedrockDialect::streamFramer(const ProviderRequest &) const {
    return std::make_unique<EventStreamFramer>();
}

QString BedrockDialect::errorMessage(const QJsonObject &body) const {
    return bedrock::errorMessageFrom(body);
}

}  // namespace gatehouse
