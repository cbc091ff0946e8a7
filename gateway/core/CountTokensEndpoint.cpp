#include "CountTokensEndpoint.h"

#include "GatewayState.h"
#include "InferencePause.h"
#include "JsonBody.h"
#include "ProviderAttempt.h"
#include "WorkerContext.h"
#include "codecs/TokenEstimate.h"
#include "config/GatewayConfig.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "translate/AnthropicTranslate.h"
#include "translate/PassThroughBody.h"

namespace gatehouse {

namespace {

void respondError(const std::shared_ptr<HttpExchange> &exchange, const GatewayError &error) {
    HttpHeaders headers;
    if (error.retryAfterSeconds >= 0)
        headers.add("Retry-After", QByteArray::number(error.retryAfterSeconds));
    exchange->respond(error.status, anthropic::errorJson(error), "application/json", headers);
}

// One count asked of the provider: answers the client with the provider's
// bytes or error. Kept alive by the exchange until it answers or the client
// leaves (which ends the call).
class CountTokensCall : public ProviderListener,
                        public std::enable_shared_from_this<CountTokensCall> {
public:
    explicit CountTokensCall(std::shared_ptr<HttpExchange> exchange)
        : exchange_(std::move(exchange)) {}

    void start(WorkerContext *worker, const ProviderConfig *provider, ProviderRequest request) {
        attempt_ = std::make_shared<ProviderAttempt>(worker, provider, std::move(request),
                                                     ProviderCallbacks::to(shared_from_this()));
        exchange_->setClientGoneHandler([self = shared_from_this()] { self->end(); });
        attempt_->start();
    }

private:
    void onResponse(const QJsonObject &, const QByteArray &raw) override {
        exchange_->respond(200, raw, "application/json");
        end();
    }
    void onError(const GatewayError &error) override {
        respondError(exchange_, error);
        end();
    }
    void onChunk(const QJsonObject &) override {}
    void onStreamEnd(const QJsonObject &) override {}
    void onRawEvent(const SseEvent &) override {}

    // Lets go of the call and of the exchange's reference to this.
    void end() {
        if (attempt_) attempt_->cancel();
        attempt_.reset();
        exchange_->setClientGoneHandler(nullptr);
    }

    std::shared_ptr<HttpExchange> exchange_;
    std::shared_ptr<ProviderAttempt> attempt_;
};

// The provider's own count, through a ProviderAttempt.
void askProvider(WorkerContext *worker, const std::shared_ptr<HttpExchange> &exchange,
                 const ProviderConfig *provider, const QString &model, PassThroughBody body) {
    ProviderRequest request;
    request.model = model;
    request.passThrough = std::make_shared<const PassThroughBody>(std::move(body));
    request.native = true;
    request.nativePath = QStringLiteral("/v1/messages/count_tokens");
    request.clientHeaders = &exchange->request().headers;
    auto call = std::make_shared<CountTokensCall>(exchange);
    call->start(worker, provider, std::move(request));
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
