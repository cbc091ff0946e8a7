#include "InferenceHandler.h"

#include "ChatStreamAssembler.h"
#include "InferencePause.h"
#include "JsonBody.h"
#include "PluginPipeline.h"
#include "ProviderAttempt.h"
#include "ProviderFormats.h"
#include "RoutingFields.h"
#include "VirtualKeys.h"
#include "WorkerContext.h"
#include "http/HttpExchange.h"
#include "http/SseParser.h"
#include "mcp/McpAgentLoop.h"
#include "mcp/McpToolSelection.h"
#include "plugins/HookThreads.h"
#include "store/LogStore.h"
#include "trace/LogIds.h"
#include "trace/RequestTrace.h"
#include "translate/PassThroughBody.h"

#include <QDateTime>
#include <QJsonArray>
#include <utility>

namespace gatehouse {

namespace {

QString newRequestId(qint64 startedAtMs) {
    static LogIdSequence ids("");
    return ids.next(startedAtMs);
}

}  // namespace

InferenceHandler::InferenceHandler(WorkerContext *worker, std::shared_ptr<HttpExchange> exchange,
                                   WireFormat format, Operation operation, QString endpointLabel,
                                   ClientCall call)
    : worker_(worker),
      config_(worker->config()),
      exchange_(std::move(exchange)),
      codec_(&clientCodec(format)),
      call_(std::move(call)),
      operation_(operation),
      endpointLabel_(std::move(endpointLabel)),
      startedAtMs_(QDateTime::currentMSecsSinceEpoch()),
      requestId_(newRequestId(startedAtMs_)),
      pluginContext_(requestId_, &exchange_->request().headers),
      trace_(worker->state().logs.get(), &clock_, requestId_, startedAtMs_, endpointLabel_,
             exchange_->request()),
      client_(codec_, &exchange_->request().body, &call_, &trace_) {
    call_.responses = worker_->state().responses.get();
    clock_.start();
    worker_->metrics().requestStarted();
}

InferenceHandler::~InferenceHandler() = default;

// Runs one phase of the plugin chain, then `then`: inline when every plugin
// in it has proven fast (or there are no hook threads), else on a hook
// thread, so that a hook that blocks holds up only this request. The
// handler stays alive while the phase is out (the continuation holds it),
// and so do the chain and its plugin instances (the pipeline holds them).
template <typename Work, typename Then>
void InferenceHandler::runHooks(bool needHookThread, Work &&work, Then &&then) {
    HookThreads *threads = worker_->hookThreads();
    if (!threads || !(needHookThread || threads->offloadAll())) {
        work();
        then();
        return;
    }
    phase_.hooksOut();
    threads->run(worker_, std::forward<Work>(work),
                 [self = shared_from_this(), then = std::forward<Then>(then)]() mutable {
                     // The client's leaving waited for the phase to be back.
                     if (!self->phase_.hooksBack()) return self->onClientGone();
                     then();
                 });
}

// The postHooks over postAnswer_ / postError_, then `then`.
template <typename Then>
void InferenceHandler::runPostHooks(Then &&then) {
    runHooks(
        plugins_->postHooksNeedHookThread(),
        [this] { plugins_->runPostHooks(postAnswer_, postError_); }, std::forward<Then>(then));
}

void InferenceHandler::run() {
    // The handler keeps itself alive through the exchange's callback until it
    // answers; the exchange drops the callback when the client leaves.
    exchange_->setClientGoneHandler([self = shared_from_this()] { self->onClientGone(); });
    // Checked before anything else so a paused gateway starts no provider
    // call, runs no plugin, and answers in the client's own error format.
    if (worker_->state().inferencePaused.load()) return respondError(inference_pause::refusal());
    // The chain is taken once: a plugin reloaded meanwhile does not change
    // the plugins under this request.
    plugins_ = std::make_unique<PluginPipeline>(worker_->pluginChain(), pluginContext_);
    if (trace_) plugins_->setTrace(trace_.record().get(), &clock_);
    GatewayError error;
    // Through no plugins, a plain body is read without a JSON parse and goes
    // on as the client's bytes to a provider that speaks its format (chat to
    // OpenAI-compatible ones, Messages to Anthropic, Responses to OpenAI).
    // Gemini's model is in its path: its bodies always take the full decode.
    // A request that asks for MCP tools is decoded: they go into its body.
    mcpTools_ = mcpSelection();
    if (!codec_->modelInPath() && plugins_->isEmpty() && !mcpTools_.wanted()) {
        if (auto quick = PassThroughBody::read(exchange_->request().body)) {
            stream_ = quick->stream;
            if (!acceptTargets(QStringList{quick->model} + quick->fallbacks, &error))
                return respondError(error);
            passThrough_ = std::make_shared<const PassThroughBody>(std::move(*quick));
            return tryTarget(0);
        }
    }
    QJsonObject body;
    if (!parseJsonObjectBody(exchange_->request().body, &body, &error)) {
        respondError(error);
        return;
    }
    if (plugins_->isEmpty() || !plugins_->hasInterceptors()) return decodeAndStart(std::move(body));
    originalBody_ = body;
    hookBody_ = std::move(body);
    runHooks(
        plugins_->interceptorsNeedHookThread(),
        [this] {
            plugins_->interceptTransport(QString::fromUtf8(exchange_->request().path),
                                         exchange_->request().headers, hookBody_);
        },
        [this] {
            bodyIntact_ = hookBody_ == originalBody_;
            originalBody_ = QJsonObject();
            decodeAndStart(std::move(hookBody_));
        });
}

void InferenceHandler::decodeAndStart(QJsonObject body) {
    GatewayError error;
    if (!decode(std::move(body), &error)) {
        respondError(error);
        return;
    }
    tryTarget(0);
}

bool InferenceHandler::decode(QJsonObject body, GatewayError *error) {
    QStringList specs;
    if (!client_.decode(&body, error) ||
        !takeRoutingFields(&body, *config_, &specs, &stream_, error) ||
        !acceptTargets(specs, error))
        return false;
    if (stream_ && !codec_->isCanonical()) ClientBody::askForStreamUsage(&body);
    body_ = body;
    addMcpTools();
    return true;
}

// The MCP tools the request asks for (x-bf-mcp-include-* headers), as its
// virtual key's mcp_configs allow, or mcp.default_include_clients; none
// without MCP servers.
McpToolSelection InferenceHandler::mcpSelection() const {
    if (config_->mcp.clients.isEmpty() || !worker_->state().mcp) return {};
    const HttpHeaders &headers = exchange_->request().headers;
    std::optional<QJsonObject> virtualKey;
    if (const QByteArray vk = headers.value("x-bf-vk").trimmed(); !vk.isEmpty())
        virtualKey = virtualKeyEntry(worker_->state(), vk);
    return McpToolSelection::forRequest(headers, config_->mcp, virtualKey);
}

// The MCP tools the request gets, after the client's own tools (so a
// provider's prompt cache of the client's part still holds); the client's
// bytes can no longer go on as they are. Those that may run on their own
// start agent mode (not for streams: a round needs the whole answer).
void InferenceHandler::addMcpTools() {
    McpHost *host = worker_->state().mcp;
    if (!mcpTools_.wanted() || !host || operation_ != Operation::ChatCompletion) return;
    const QList<McpOfferedTool> tools = mcpTools_.select(host->offeredTools());
    if (appendMcpTools(&body_, tools) > 0) bodyIntact_ = false;
    if (stream_) return;
    agent_ = std::make_unique<McpAgentLoop>(host, config_->mcp, tools, requestId_);
    if (!agent_->active()) agent_.reset();
}

// The model and its fallbacks, each a provider that serves it, for a
// request that streams (stream_) or not.
bool InferenceHandler::acceptTargets(const QStringList &specs, GatewayError *error) {
    ResolvedTargets resolved;
    const bool ok =
        resolveTargets(*config_, specs, codec_->format(), operation_, stream_, &resolved, error);
    for (const ResolvedTargets::AppliedAlias &a : resolved.aliases)
        trace_.alias(a.asked, a.alias, config_->client.modelAliases.at(a.alias.index).match);
    targets_ << resolved.targets;
    return ok;
}

void InferenceHandler::tryTarget(int index) {
    endAttempt();
    current_ = index;
    assembled_.reset();
    nativeReader_.reset();
    if (agent_) agent_->reset();
    const Target &t = targets_[index];
    PluginRequest request{endpointLabel_, t.provider, t.model, body_, stream_};
    if (plugins_->isEmpty()) return callProvider(request);

    plugins_->beginTarget();
    preHookBody_ = request.body;
    hookRequest_ = std::move(request);
    runHooks(
        plugins_->preHooksNeedHookThread(), [this] { runPreHooks(); }, [this] { afterPreHooks(); });
}

// The current target's preHooks over hookRequest_ (on a hook thread or not).
void InferenceHandler::runPreHooks() {
    const Target &t = targets_[current_];
    PluginPipeline::PreOutcome pre = plugins_->runPreHooks(hookRequest_);
    routed_.reset();
    if (!pre.shortCircuited() &&
        (hookRequest_.provider != t.provider || hookRequest_.model != t.model)) {
        // A preHook re-routed the request: the new target must exist too.
        Target routed{hookRequest_.provider, hookRequest_.model};
        GatewayError error;
        if (!checkTarget(*config_, routed, routed.provider + QLatin1Char('/') + routed.model,
                         &error))
            pre.error = toPluginError(error);
        else
            routed_ = routed;
    }
    preOutcome_ = PreHookOutcome::CallProvider;
    if (!pre.shortCircuited()) return;
    // Short-circuit: the provider is skipped; postHooks still run (i..0).
    preOutcome_ = PreHookOutcome::ShortCircuit;
    postAnswer_ = std::move(pre.response);
    postError_ = std::move(pre.error);
    // Already off the worker: they run here, which saves a second trip.
    if (HookThreads::onHookThread()) {
        plugins_->runPostHooks(postAnswer_, postError_);
        preOutcome_ = PreHookOutcome::ShortCircuitAnswered;
    }
}

void InferenceHandler::afterPreHooks() {
    switch (preOutcome_) {
        case PreHookOutcome::CallProvider:
            if (routed_) targets_[current_] = *routed_;
            return callProvider(hookRequest_);
        case PreHookOutcome::ShortCircuitAnswered:
            return answerFromPostHooks();
        case PreHookOutcome::ShortCircuit:
            return runPostHooks([this] { answerFromPostHooks(); });
    }
}

// What the postHooks left after a short-circuit or a failed provider call:
// an answer (sent as the client asked for it) or an error (this target failed).
void InferenceHandler::answerFromPostHooks() {
    std::optional<PluginResponse> answer = std::exchange(postAnswer_, std::nullopt);
    std::optional<PluginError> error = std::exchange(postError_, std::nullopt);
    if (answer) {
        if (stream_)
            deliverAsStream(answer->body, answer->headers);
        else
            deliver(answer->body, QByteArray(), answer->headers);
        return;
    }
    failTarget(fromPluginError(*error));
}

void InferenceHandler::callProvider(const PluginRequest &pluginRequest) {
    if (agent_ && &pluginRequest != &agentRequest_) agentRequest_ = pluginRequest;
    const ProviderConfig *provider = config_->provider(targets_[current_].provider);
    ProviderRequest request;
    if (!providerRequest(pluginRequest, *provider, &request)) return;
    attempt_ = std::make_shared<ProviderAttempt>(worker_, provider, std::move(request),
                                                 ProviderCallbacks::to(shared_from_this()));
    if (trace_) attempt_->setTrace(trace_.record(), clock_);
    attempt_->start();
}

// The request for the current target's provider: the client's own bytes
// when the provider speaks its format and they are still what it sent,
// else chat bytes its codec writes, else the canonical body. False when
// the translation the provider needs refuses the body (the target failed).
bool InferenceHandler::providerRequest(const PluginRequest &pluginRequest,
                                       const ProviderConfig &provider, ProviderRequest *request) {
    const Target &t = targets_[current_];
    request->operation = operation_;
    request->model = t.model;
    request->stream = pluginRequest.stream;
    nativeAnswer_ = false;
    const bool native = speaksClientFormat(provider, t.model);
    // Through plugins that only read, a provider of the client's format still
    // gets the client's own bytes (a stream only when no hook rewrites chunks).
    const bool intact = !passThrough_ && bodyIntact_ &&
                        (plugins_->isEmpty() || pluginRequest.body == preHookBody_) && native &&
                        (codec_->isCanonical() || !stream_ || !plugins_->hasStreamHooks());
    std::shared_ptr<const PassThroughBody> own = intact                   ? client_.ownBytes()
                                                 : native && passThrough_ ? passThrough_
                                                                          : nullptr;
    if (own) {
        request->passThrough = std::move(own);
        request->native = nativeAnswer_ = !codec_->isCanonical();
        request->clientHeaders = &exchange_->request().headers;
        return true;
    }
    if (!passThrough_) {
        request->body = pluginRequest.body;
        return true;
    }
    if (providerWireFormats(provider, t.model) & wireFormatBit(WireFormat::OpenAIChat))
        if ((request->passThrough = client_.chatBytes(*passThrough_))) return true;
    GatewayError error;
    if (client_.canonical(stream_, &request->body, &error)) return true;
    error.allowFallbacks = false;
    failTarget(error);
    return false;
}

// True when `provider` takes the client's wire format as it is.
bool InferenceHandler::speaksClientFormat(const ProviderConfig &provider,
                                          const QString &model) const {
    return codec_->speaksNatively(providerWireFormats(provider, model), stream_, call_);
}

void InferenceHandler::onResponse(const QJsonObject &response, const QByteArray &raw) {
    Q_ASSERT(!phase_.hooksAreOut());
    if (phase_.finished()) return;
    if (!agent_) return answered(response, raw);
    const QJsonObject answer = responseObject(response, raw);
    if (runAgentStep(answer)) return;
    // The model is done (or the rounds are): its answer, with every round's usage.
    answered(agent_->rounds() > 0 ? agent_->withTotalUsage(answer) : response,
             agent_->rounds() > 0 ? QByteArray() : raw);
}

// Agent mode: runs the MCP tools `answer` calls that may run on their own,
// then asks the model again with their results (or answers the client when
// calls are left for it). False when there is nothing to run.
bool InferenceHandler::runAgentStep(const QJsonObject &answer) {
    std::optional<McpAgentLoop::Step> step = agent_->nextStep(answer);
    if (!step) return false;
    const auto weak = weak_from_this();
    agent_->run(
        *step, answer.value(QStringLiteral("usage")).toObject(), clock_.nsecsElapsed() / 1000,
        worker_, [weak, step = *step, answer](QJsonArray results, QList<TraceSpan> spans) {
            const auto self = weak.lock();
            if (!self || self->phase_.finished()) return;
            self->trace_.spans(spans);
            if (!step.pendingCalls.isEmpty())
                return self->answered(self->agent_->withTotalUsage(
                                          McpAgentLoop::pendingAnswer(answer, step, results)),
                                      QByteArray());
            McpAgentLoop::extend(&self->agentRequest_.body, step, results);
            self->endAttempt();
            self->callProvider(self->agentRequest_);
        });
    return true;
}

void InferenceHandler::answered(const QJsonObject &response, const QByteArray &raw) {
    if (plugins_->isEmpty() || !plugins_->hasPostHooks()) return deliver(response, raw, {});
    postAnswer_ =
        PluginResponse{nativeAnswer_ ? codec_->nativeAnswerToChat(raw, targets_[current_].model)
                                     : responseObject(response, raw),
                       {}};
    postError_.reset();
    answerBefore_ = postAnswer_->body;
    rawAnswer_ = raw;
    runPostHooks([this] {
        std::optional<PluginResponse> answer = std::exchange(postAnswer_, std::nullopt);
        std::optional<PluginError> error = std::exchange(postError_, std::nullopt);
        const QJsonObject before = std::exchange(answerBefore_, QJsonObject());
        const QByteArray providerBytes = std::exchange(rawAnswer_, QByteArray());
        if (!answer) return failTarget(fromPluginError(*error));
        // Unchanged by the hooks: the provider's bytes can still go out as they are.
        deliver(answer->body, answer->body == before ? providerBytes : QByteArray(),
                answer->headers);
    });
}

void InferenceHandler::onStreamEnd(const QJsonObject &usage) {
    Q_ASSERT(!phase_.hooksAreOut());
    if (phase_.finished()) return;
    if (nativeAnswer_) trace_.usage(usage);
    if (nativeReader_)
        if (const QJsonObject whole = nativeReader_->finalAnswer(); !whole.isEmpty())
            assemble(chunksForResponse(whole));
    if (!exchange_->hasStarted()) startStream(QString(), {});  // an empty stream is still a stream
    if (!assembled_) return closeStream();
    // The client has its answer already; postHooks see it whole (e.g. to
    // cache it). One that turns it into an error adds an error event.
    postAnswer_ = PluginResponse{assembled_->result(), {}};
    postError_.reset();
    assembled_.reset();
    runPostHooks([this] {
        postAnswer_.reset();
        const std::optional<PluginError> error = std::exchange(postError_, std::nullopt);
        if (error) return onError(fromPluginError(*error));
        closeStream();
    });
}

void InferenceHandler::onError(const GatewayError &error) {
    Q_ASSERT(!phase_.hooksAreOut());
    if (phase_.finished()) return;
    if (exchange_->hasStarted()) {
        trace_.error(error.message);
        // Headers are out: the error travels as a stream event, then the stream ends.
        exchange_->sendChunk(nativeAnswer_ ? codec_->nativeStreamError(error)
                                           : encoder_->error(error));
        finish(error.status, error.type);
        exchange_->endStream();
        release();
        return;
    }
    if (!plugins_->isEmpty() && plugins_->hasPostHooks()) {
        // postHooks may turn the failure into an answer.
        postAnswer_.reset();
        postError_ = toPluginError(error);
        return runPostHooks([this] { answerFromPostHooks(); });
    }
    failTarget(error);
}

// This target failed for good: try the next fallback (a fresh trip through
// the chain) if allowed, else answer with the primary's error.
void InferenceHandler::failTarget(const GatewayError &error) {
    if (phase_.finished()) return;
    if (!primaryError_) primaryError_ = error;
    if (error.allowFallbacks && current_ + 1 < targets_.size()) {
        tryTarget(current_ + 1);
        return;
    }
    respondError(*primaryError_);
}

// Counted before the answer's last bytes go out: once the client has them it
// may ask /metrics (on another worker) and must see this request.
void InferenceHandler::finish(int status, const QString &errorType) {
    if (!phase_.finish()) return;
    const QString provider = current_ >= 0 ? targets_[current_].provider : QString();
    worker_->metrics().requestFinished(endpointLabel_, provider, status,
                                       clock_.nsecsElapsed() / 1e9, errorType);
    endAttempt();
    trace_.finish(status, stream_, current_ >= 0 ? &targets_[current_] : nullptr, current_,
                  *config_, worker_);
}

// The last provider call of a target is over: count its calls.
void InferenceHandler::endAttempt() {
    if (!attempt_ || !trace_) return;
    trace_.attempts(attempt_->attemptsMade());
    attempt_->setTrace(nullptr, clock_);  // the record is about to leave this thread
    attempt_.reset();
}

// Drops the self-reference held through the exchange; the caller still holds one.
void InferenceHandler::release() {
    exchange_->setClientGoneHandler(nullptr);
}

void InferenceHandler::onClientGone() {
    // A phase on a hook thread is using the request: its end handles this.
    if (!phase_.clientGone()) return;
    if (attempt_) attempt_->cancel();
    finish(499, QStringLiteral("client_closed_request"));
    release();
}

}  // namespace gatehouse
