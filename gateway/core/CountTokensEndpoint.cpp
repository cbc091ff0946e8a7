#include "CountTokensEndpoint.h"

#include "GatewayState.h"
#include "InferencePause.h"
#include "JsonBody.h"
#include "PassThroughBody.h"
#include "ProviderAttempt.h"
#include "WorkerContext.h"
#include "codecs/TokenEstimate.h"
#include "config/GatewayConfig.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "translate/AnthropicTranslate.h"

namespace gatehouse {

namespace {

void respondError(const std::shared_ptr<HttpExchange> &exchange, const GatewayError &error) {
    HttpHeaders headers;
    if (error.retryAfterSeconds >= 0)
        headers.add("Retry-After", QByteArray::number(error.retryAfterSeconds));
    exchange->respond(error.status, error.toAnthropicJson(), "application/json", headers);
}

// The provider's own count, through a ProviderAttempt that lives until it answers.
void askProvider(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                 const ProviderConfig *provider, const QString &model, PassThroughBody body) {
    ProviderRequest request;
    request.model = model;
    request.passThrough = std::make_shared<const PassThroughBody>(std::move(body));
    request.native = true;
    request.nativePath = QStringLiteral("/v1/messages/count_tokens");
    request.clientHeaders = &exchange->request().headers;
    auto holder = std::make_shared<std::shared_ptr<ProviderAttempt>>();
    ProviderCallbacks cb;
    cb.onResponse = [exchange, holder](const QJsonObject &, const QByteArray &raw) {
        exchange->respond(200, raw, "application/json");
        holder->reset();
    };
    cb.onError = [exchange, holder](const GatewayError &error) {
        respondError(exchange, error);
        holder->reset();
    };
    cb.onChunk = [](const QJsonObject &) {};
    cb.onStreamEnd = [](const QJsonObject &) {};
    cb.onRawEvent = [](const SseEvent &) {};
    *holder = std::make_shared<ProviderAttempt>(worker, provider, request, std::move(cb));
    // The client leaving ends the call.
    exchange->setClientGoneHandler([holder] {
        if (*holder) (*holder)->cancel();
        holder->reset();
    });
    (*holder)->start();
}

}  // namespace

void countAnthropicTokens(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange) {
    // Paused like every inference endpoint, whatever would answer: for an
    // Anthropic model it is a provider call, and an agent whose messages are
    // refused has no use for a count anyway (one rule, one answer).
    if (worker->state().inferencePaused.load())
        return respondError(exchange, inference_pause::refusal());
    QJsonObject body;
    GatewayError error;
    if (!parseJsonObjectBody(exchange->request().body, &body, &error))
        return respondError(exchange, error);
    const QString spec = body.value(QStringLiteral("model")).toString();
    const qsizetype slash = spec.indexOf(QLatin1Char('/'));
    const QString providerName = slash > 0 ? spec.left(slash) : QStringLiteral("anthropic");
    const QString model = slash > 0 ? spec.mid(slash + 1) : spec;
    const auto config = worker->config();
    const ProviderConfig *provider = config->provider(providerName);
    if (spec.isEmpty() || !provider) {
        return respondError(
            exchange,
            GatewayError::invalidRequest(
                QStringLiteral("unknown_provider"),
                QStringLiteral("count_tokens needs a \"model\" of the form \"provider/model\" "
                               "with one of the configured providers: %1.")
                    .arg(config->providerNames().join(QStringLiteral(", ")))));
    }
    if (provider->kind == ProviderKind::Anthropic) {
        if (auto quick = PassThroughBody::read(exchange->request().body))
            return askProvider(worker, exchange, provider, model, std::move(*quick));
    }
    QJsonObject chat;
    QString why;
    if (!anthropic::messagesRequestToChat(body, &chat, &why))
        return respondError(exchange,
                            GatewayError::invalidRequest(QStringLiteral("invalid_request"), why));
    exchange->respond(
        200,
        toCompactJson(QJsonObject{{QStringLiteral("input_tokens"), estimateInputTokens(chat)}}),
        "application/json");
}

}  // namespace gatehouse
