#include "RequestRouter.h"

#include "catalog/ModelCatalog.h"
#include "core/CountTokensEndpoint.h"
#include "core/GeminiEndpoint.h"
#include "core/InferenceHandler.h"
#include "core/InferencePause.h"
#include "core/StoredResponses.h"
#include "core/WorkerContext.h"
#include "http/HttpExchange.h"
#include "json/JsonWriter.h"
#include "mcp/McpHost.h"
#include "security/RequestGuard.h"
#include "store/LogStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstring>

namespace gatehouse {

namespace {

struct Route {
    QByteArrayView path;
    const char *method;
    enum Kind {
        Chat,
        Completion,
        Embedding,
        Messages,
        Responses,
        CountTokens,
        Models,
        Health,
        MetricsText
    } kind;
};

// The OpenAI routes also answer under /openai so SDKs only change their base URL.
constexpr Route kRoutes[] = {
    {"/v1/chat/completions", "POST", Route::Chat},
    {"/openai/v1/chat/completions", "POST", Route::Chat},
    {"/v1/completions", "POST", Route::Completion},
    {"/openai/v1/completions", "POST", Route::Completion},
    {"/v1/embeddings", "POST", Route::Embedding},
    {"/openai/v1/embeddings", "POST", Route::Embedding},
    {"/v1/models", "GET", Route::Models},
    {"/openai/v1/models", "GET", Route::Models},
    {"/v1/responses", "POST", Route::Responses},
    {"/openai/v1/responses", "POST", Route::Responses},
    {"/anthropic/v1/messages", "POST", Route::Messages},
    {"/anthropic/v1/messages/count_tokens", "POST", Route::CountTokens},
    {"/anthropic/v1/models", "GET", Route::Models},
    {"/health", "GET", Route::Health},
    {"/metrics", "GET", Route::MetricsText},
};

void respondJson(const std::shared_ptr<HttpExchange> &exchange, int status, const QJsonObject &o) {
    exchange->respond(status, toCompactJson(o));
}

}  // namespace

RequestRouter::RequestRouter(WorkerContext *worker)
    : worker_(worker),
      pluginsApi_(worker->state().plugins, &worker->state(), worker, worker->state().guard),
      logsApi_(worker->state().logs.get(), worker, &worker->state().stopping),
      sessionsApi_(worker->state().logs.get(), worker),
      configApi_(worker->state().configStore, worker, worker->state().guard),
      virtualKeysApi_(&worker->state(), worker),
      pricingApi_(&worker->state(), worker),
      mcpApi_(&worker->state(), worker->state().mcp, worker, worker->state().guard),
      mcpEndpoint_(&worker->state(), worker->state().mcp, worker),
      pauseApi_(&worker->state()) {}

void RequestRouter::handle(const std::shared_ptr<HttpExchange> &exchange) {
    // Host, Origin and API token, for every path (security/RequestGuard.h).
    if (!worker_->state().guard->admit(*exchange)) return;
    const HttpRequest &request = exchange->request();
    QByteArray path = request.path;
    if (path.size() > 1 && path.endsWith('/')) path.chop(1);
    // The model routes first (exact paths, matched by length and bytes):
    // nearly every request is one of them, and none is a path the API
    // handlers below take.
    const Route *match = nullptr;
    const char *allowed = nullptr;
    for (const Route &r : kRoutes) {
        if (path.size() != r.path.size() ||
            std::memcmp(path.constData(), r.path.data(), size_t(path.size())) != 0)
            continue;
        const bool methodOk = request.method == r.method ||
                              (request.method == "HEAD" && qstrcmp(r.method, "GET") == 0);
        if (methodOk) {
            match = &r;
            break;
        }
        allowed = r.method;
    }
    if (!match) return routeOther(exchange, path, allowed);
    switch (match->kind) {
        case Route::Health:
            return health(exchange);
        case Route::Models:
            return models(exchange);
        case Route::CountTokens:
            return countAnthropicTokens(worker_, exchange);
        case Route::MetricsText:
            exchange->respond(
                200,
                worker_->metrics().prometheusText() + logMetricsText() +
                    inference_pause::prometheusText(worker_->state()) +
                    (worker_->state().mcp ? worker_->state().mcp->prometheusText() : QByteArray()),
                "text/plain; version=0.0.4; charset=utf-8");
            return;
        case Route::Chat:
        case Route::Completion:
        case Route::Embedding:
        case Route::Messages:
        case Route::Responses: {
            const Operation op = match->kind == Route::Completion  ? Operation::TextCompletion
                                 : match->kind == Route::Embedding ? Operation::Embedding
                                                                   : Operation::ChatCompletion;
            const WireFormat format = match->kind == Route::Messages ? WireFormat::AnthropicMessages
                                      : match->kind == Route::Responses
                                          ? WireFormat::OpenAIResponses
                                          : WireFormat::OpenAIChat;
            QByteArrayView labelPath = match->path;
            if (labelPath.startsWith("/openai")) labelPath = labelPath.sliced(7);
            QString label = QString::fromLatin1(labelPath);
            WorkerContext *worker = worker_;
            auto run = [worker, exchange, format, op, label] {
                std::make_shared<InferenceHandler>(worker, exchange, format, op, label)->run();
            };
            if (format == WireFormat::OpenAIResponses)
                return StoredResponses::whenPreviousLoaded(worker_, exchange, std::move(run));
            run();
            return;
        }
    }
}

// The management API, MCP, Gemini and stored responses; else a 404, or a
// 405 naming `allowed` when `path` is a model route's.
void RequestRouter::routeOther(const std::shared_ptr<HttpExchange> &exchange,
                               const QByteArray &path, const char *allowed) {
    if (!allowed) {
        if (path == "/api/plugins" || path.startsWith("/api/plugins/"))
            return pluginsApi_.handle(exchange);
        if (path == "/api/logs" || path.startsWith("/api/logs/")) return logsApi_.handle(exchange);
        if (SessionsApi::handles(path)) return sessionsApi_.handle(exchange);
        if (ConfigApi::handles(path)) return configApi_.handle(exchange);
        if (VirtualKeysApi::handles(path)) return virtualKeysApi_.handle(exchange);
        if (PricingApi::handles(path)) return pricingApi_.handle(exchange);
        if (McpApi::handles(path)) return mcpApi_.handle(exchange);
        if (PauseApi::handles(path)) return pauseApi_.handle(exchange);
        if (path == "/mcp") return mcpEndpoint_.handle(exchange);
        if (routeGemini(worker_, exchange, path)) return;
        if (path.startsWith("/v1/responses/") || path.startsWith("/openai/v1/responses/"))
            return StoredResponses::serve(worker_, exchange,
                                          path.mid(path.indexOf("/responses/") + 11));
    }
    const HttpRequest &request = exchange->request();
    const bool known = allowed != nullptr;
    GatewayError e =
        known
            ? GatewayError::invalidRequest(
                  QStringLiteral("method_not_allowed"),
                  QStringLiteral("%1 is not allowed on %2; use %3.")
                      .arg(QString::fromLatin1(request.method), QString::fromUtf8(path),
                           QString::fromLatin1(allowed)))
            : GatewayError::notFound(
                  QStringLiteral("not_found"),
                  QStringLiteral("No endpoint at %1 %2. Inference endpoints: POST "
                                 "/v1/chat/completions, /v1/responses, "
                                 "/v1/completions, /v1/embeddings, "
                                 "/anthropic/v1/messages, "
                                 "/genai/v1beta/models/{model}:generateContent, "
                                 "/v1/mcp/tool/execute, /mcp; GET "
                                 "/v1/models, /health, /metrics.")
                      .arg(QString::fromLatin1(request.method), QString::fromUtf8(path.left(200))));
    HttpHeaders headers;
    if (known) {
        e.status = 405;
        headers.add("Allow", allowed);
    }
    exchange->respond(e.status, e.toOpenAIJson(), "application/json", headers);
}

// The log store's queue, so a store that cannot keep up is visible.
QByteArray RequestRouter::logMetricsText() const {
    const auto &logs = worker_->state().logs;
    if (!logs) return {};
    const LogStore::Counters c = logs->counters();
    QByteArray out;
    auto metric = [&](const char *name, const char *type, const char *help, qint64 value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' +
               name + ' ' + QByteArray::number(value) + '\n';
    };
    metric("gatehouse_log_written_total", "counter", "Log entries written to the store.",
           c.written);
    metric("gatehouse_log_dropped_total", "counter",
           "Log entries dropped because the writer queue was full.", c.dropped);
    metric("gatehouse_log_failed_total", "counter",
           "Log entries lost because the store refused a batch.", c.failed);
    metric("gatehouse_log_queue_length", "gauge", "Log entries waiting for the writer.", c.queued);
    metric("gatehouse_log_queue_bytes", "gauge",
           "Memory the log entries waiting for the writer hold (bounded).", c.queuedBytes);
    return out;
}

void RequestRouter::health(const std::shared_ptr<HttpExchange> &exchange) {
    const auto &state = worker_->state();
    const auto snap = state.metrics.snapshot();
    QJsonArray providers;
    // Each provider's model listing: how many it listed, when, and why the
    // last attempt failed (the last good list is still offered).
    QJsonObject modelLists;
    for (const auto &provider : state.config()->providers) {
        providers.append(provider.name);
        if (!state.models) continue;
        const ModelCatalog::Listing listing = state.models->listing(provider.name);
        if (!listing.listed && listing.error.isEmpty()) continue;
        QJsonObject entry{{QStringLiteral("models"), listing.models.size()}};
        if (listing.refreshedAt.isValid())
            entry.insert(QStringLiteral("refreshed_at"), listing.refreshedAt.toString(Qt::ISODate));
        if (!listing.error.isEmpty()) entry.insert(QStringLiteral("models_error"), listing.error);
        modelLists.insert(provider.name, entry);
    }
    respondJson(exchange, 200,
                {{QStringLiteral("status"), QStringLiteral("ok")},
                 {QStringLiteral("version"), QStringLiteral(GATEHOUSE_VERSION)},
                 {QStringLiteral("uptime_seconds"),
                  state.startedAt.secsTo(QDateTime::currentDateTimeUtc())},
                 {QStringLiteral("in_flight"), snap.inFlight},
                 {QStringLiteral("providers"), providers},
                 {QStringLiteral("model_lists"), modelLists}});
}

void RequestRouter::models(const std::shared_ptr<HttpExchange> &exchange) {
    QJsonArray data;
    const qint64 created = worker_->state().startedAt.toSecsSinceEpoch();
    const auto config = worker_->config();
    for (const auto &provider : config->providers) {
        for (const auto &model : offeredModels(worker_->state().models, provider)) {
            data.append(
                QJsonObject{{QStringLiteral("id"), provider.name + QLatin1Char('/') + model},
                            {QStringLiteral("object"), QStringLiteral("model")},
                            {QStringLiteral("created"), created},
                            {QStringLiteral("owned_by"), provider.name}});
        }
    }
    respondJson(
        exchange, 200,
        {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
}

}  // namespace gatehouse
