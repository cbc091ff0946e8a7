#include "InferenceHandler.h"
#include "WeakHandle.h"

#include "ChatStreamAssembler.h"
#include "InferencePause.h"
#include "JsonBody.h"
#include "PassThroughBody.h"
#include "PluginPipeline.h"
#include "ProviderAttempt.h"
#include "VirtualKeys.h"
#include "WorkerContext.h"
#include "codecs/responses/ResponseToChat.h"
#include "http/HttpExchange.h"
#include "http/SseParser.h"
#include "json/JsonWriter.h"
#include "mcp/McpAgentLoop.h"
#include "mcp/McpToolSelection.h"
#include "plugins/HookThreads.h"
#include "providers/vertex/VertexDialects.h"
#include "store/LogStore.h"
#include "trace/LogIds.h"
#include "trace/RequestTrace.h"
#include "translate/AnthropicTranslate.h"
#include "translate/GeminiTranslate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <utility>

namespace gatehouse {

namespace {

QString newRequestId() {
    static LogIdSequence ids("");
    return ids.next();
}

QByteArray compact(const QJsonObject &o) {
    return toCompactJson(o);
}

// The "usage" object of an answer passed through as raw bytes, without
// parsing the whole answer (which may be large) just for it.
QJsonObject usageInRawAnswer(const QByteArray &raw) {
    qsizetype key = raw.lastIndexOf("\"usage\"");
    if (key < 0) key = raw.lastIndexOf("\"usageMetadata\"");  // Gemini's
    if (key < 0) return {};
    const qsizetype open = raw.indexOf('{', key);
    if (open < 0) return {};
    int depth = 0;
    for (qsizetype i = open; i < raw.size(); ++i) {
        if (raw[i] == '{') ++depth;
        if (raw[i] == '}' && --depth == 0)
            return QJsonDocument::fromJson(raw.mid(open, i - open + 1)).object();
    }
    return {};
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
      requestId_(newRequestId()),
      pluginContext_(requestId_, &exchange_->request().headers),
      trace_(worker->state().logs.get(), &clock_, requestId_, endpointLabel_,
             exchange_->request()) {
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
template <typename Phase, typename Then>
void InferenceHandler::runHooks(bool needHookThread, Phase &&phase, Then &&then) {
    HookThreads *threads = worker_->hookThreads();
    if (!threads || !(needHookThread || threads->offloadAll())) {
        phase();
        then();
        return;
    }
    hooksOut_ = true;
    threads->run(worker_, std::forward<Phase>(phase),
                 [self = shared_from_this(), then = std::forward<Then>(then)]() mutable {
                     self->hooksOut_ = false;
                     // The client's leaving waited for the phase to be back.
                     if (self->clientLeftDuringHooks_) return self->onClientGone();
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
    if (codec_->format() != WireFormat::Gemini && plugins_->isEmpty() && !mcpTools_.wanted()) {
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
    const bool translated = codec_->format() != WireFormat::OpenAIChat;
    if (translated && !decodeClientFormat(&body, error)) return false;
    const QJsonValue model = body.value(QStringLiteral("model"));
    if (!model.isString() || model.toString().trimmed().isEmpty()) {
        *error = GatewayError::invalidRequest(
            QStringLiteral("model_required"),
            QStringLiteral("The request needs a \"model\" of the form \"provider/model\" (for "
                           "example \"mock/echo\"). Configured providers: %1.")
                .arg(config_->providerNames().join(QStringLiteral(", "))));
        return false;
    }
    QStringList specs{model.toString()};
    const QJsonValue fallbacks = body.value(QStringLiteral("fallbacks"));
    if (!fallbacks.isUndefined() && !fallbacks.isNull()) {
        if (!fallbacks.isArray()) {
            *error = GatewayError::invalidRequest(
                QStringLiteral("invalid_fallbacks"),
                QStringLiteral("\"fallbacks\" must be an array of \"provider/model\" strings."));
            return false;
        }
        for (const auto &f : fallbacks.toArray()) {
            if (!f.isString()) {
                *error = GatewayError::invalidRequest(
                    QStringLiteral("invalid_fallbacks"),
                    QStringLiteral("\"fallbacks\" must contain only \"provider/model\" strings."));
                return false;
            }
            specs << f.toString();
        }
    }
    body.remove(QStringLiteral("fallbacks"));
    body.remove(QStringLiteral("model"));
    const QJsonValue stream = body.value(QStringLiteral("stream"));
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool()) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_stream"),
                                              QStringLiteral("\"stream\" must be true or false."));
        return false;
    }
    stream_ = stream.toBool(false);
    if (!acceptTargets(specs, error)) return false;
    if (stream_ && translated) askForStreamUsage(&body);
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
    geminiToChat_.reset();
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
    shortCircuited_ = pre.shortCircuited();
    postHooksRan_ = false;
    if (!shortCircuited_) return;
    // Short-circuit: the provider is skipped; postHooks still run (i..0).
    postAnswer_ = std::move(pre.response);
    postError_ = std::move(pre.error);
    // Already off the worker: they run here, which saves a second trip.
    if (HookThreads::onHookThread()) {
        plugins_->runPostHooks(postAnswer_, postError_);
        postHooksRan_ = true;
    }
}

void InferenceHandler::afterPreHooks() {
    if (!shortCircuited_) {
        if (routed_) targets_[current_] = *routed_;
        return callProvider(hookRequest_);
    }
    if (postHooksRan_) return answerFromPostHooks();
    runPostHooks([this] { answerFromPostHooks(); });
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
    const Target &t = targets_[current_];
    const ProviderConfig *provider = config_->provider(t.provider);
    ProviderRequest request;
    request.operation = operation_;
    request.model = t.model;
    nativeAnswer_ = false;
    // Through plugins that only read, a provider of the client's format still
    // gets the client's own bytes (a stream only when no hook rewrites chunks).
    const bool intact =
        !passThrough_ && bodyIntact_ &&
        (plugins_->isEmpty() || pluginRequest.body == preHookBody_) &&
        speaksClientFormat(*provider, t.model) &&
        (codec_->format() == WireFormat::OpenAIChat || !stream_ || !plugins_->hasStreamHooks());
    if (intact && clientBytes()) {
        request.passThrough = clientBytes_;
        request.native = nativeAnswer_ = codec_->format() != WireFormat::OpenAIChat;
        request.clientHeaders = &exchange_->request().headers;
    } else if (!passThrough_) {
        request.body = pluginRequest.body;
    } else if (speaksClientFormat(*provider, t.model)) {
        request.passThrough = passThrough_;
        request.native = nativeAnswer_ = codec_->format() != WireFormat::OpenAIChat;
        request.clientHeaders = &exchange_->request().headers;
    } else if (auto chatBytes = translatedClientBytes(*provider)) {
        request.passThrough = std::move(chatBytes);
    } else {
        GatewayError error;
        if (!translatedPassThroughBody(&request.body, &error)) {
            error.allowFallbacks = false;
            return failTarget(error);
        }
    }
    request.stream = pluginRequest.stream;
    ProviderCallbacks cb;
    const auto weak = WeakHandle<InferenceHandler>::make(shared_from_this(), &cb.keepAlive);
    cb.onResponse = [weak](const QJsonObject &r, const QByteArray &raw) {
        if (auto s = weak.lock()) s->onResponse(r, raw);
    };
    cb.onChunk = [weak](const QJsonObject &c) {
        if (auto s = weak.lock()) s->onChunk(c);
    };
    cb.onStreamEnd = [weak](const QJsonObject &usage) {
        if (auto s = weak.lock()) s->onStreamEnd(usage);
    };
    cb.onRawEvent = [weak](const SseEvent &event) {
        if (auto s = weak.lock()) s->onRawEvent(event);
    };
    cb.onError = [weak](const GatewayError &e) {
        if (auto s = weak.lock()) s->onError(e);
    };
    attempt_ = std::make_shared<ProviderAttempt>(worker_, provider, request, std::move(cb));
    if (trace_) attempt_->setTrace(trace_.record(), clock_);
    attempt_->start();
}

// True when `provider` takes the client's wire format as it is.
bool InferenceHandler::speaksClientFormat(const ProviderConfig &provider,
                                          const QString &model) const {
    // Vertex serves Gemini models in Gemini's format, Claude in Anthropic's.
    const bool vertexGemini =
        provider.kind == ProviderKind::Vertex && vertexPublisher(model) == VertexPublisher::Google;
    const bool vertexClaude = provider.kind == ProviderKind::Vertex &&
                              vertexPublisher(model) == VertexPublisher::Anthropic;
    switch (codec_->format()) {
        case WireFormat::OpenAIChat:
            // Ollama's native API is not chat: its requests are translated.
            return (provider.kind == ProviderKind::OpenAI && !provider.ollamaNative) ||
                   provider.kind == ProviderKind::Azure;
        case WireFormat::AnthropicMessages:
            return provider.kind == ProviderKind::Anthropic || vertexClaude;
        case WireFormat::OpenAIResponses:
            return (provider.kind == ProviderKind::OpenAI ||
                    provider.kind == ProviderKind::Azure) &&
                   provider.responsesApi;
        case WireFormat::Gemini:
            // Gemini's stream as a JSON array (no ?alt=sse) is translated:
            // the provider is asked for server-sent events.
            return (provider.kind == ProviderKind::Gemini || vertexGemini) &&
                   (!stream_ || call_.sse);
    }
    return false;
}

// The client's body read for pass-through (null when it is not plain enough).
std::shared_ptr<const PassThroughBody> InferenceHandler::clientBytes() {
    if (codec_->format() == WireFormat::Gemini) {
        // The model is in the path: the body goes as it is, unless it holds
        // a gateway key Google would refuse (or may: such bytes are translated).
        const QByteArray &body = exchange_->request().body;
        if (!std::exchange(clientBytesRead_, true) && !body.contains("\"fallbacks\"") &&
            !body.contains("\"model\"")) {
            PassThroughBody whole;
            whole.bytes = body;
            clientBytes_ = std::make_shared<const PassThroughBody>(std::move(whole));
        }
        return clientBytes_;
    }
    if (!std::exchange(clientBytesRead_, true))
        if (auto quick = PassThroughBody::read(exchange_->request().body))
            clientBytes_ = std::make_shared<const PassThroughBody>(std::move(*quick));
    return clientBytes_;
}

// A native answer (the provider's own format) as the canonical model, for
// the postHooks.
QJsonObject InferenceHandler::nativeAnswerAsChat(const QByteArray &raw) const {
    const QJsonObject answer = QJsonDocument::fromJson(raw).object();
    if (codec_->format() == WireFormat::Gemini)
        return gemini::geminiResponseToChat(answer, targets_[current_].model);
    return codec_->format() == WireFormat::AnthropicMessages
               ? anthropic::messagesResponseToChat(answer)
               : responses::responseToChat(answer);
}

// A pass-through body of another format as chat bytes written by its codec
// (no QJsonDocument, no canonical QJsonObject), for a provider that takes
// chat's own bytes; null when the codec leaves the body's shape to
// decodeRequest(). Written once; its context is the answer's.
std::shared_ptr<const PassThroughBody> InferenceHandler::translatedClientBytes(
    const ProviderConfig &provider) {
    if ((provider.kind != ProviderKind::OpenAI || provider.ollamaNative) &&
        provider.kind != ProviderKind::Azure)
        return nullptr;
    if (!std::exchange(translatedBytesRead_, true)) {
        PassThroughBody chat;
        QJsonObject context;
        QStringList dropped;
        if (codec_->decodeRequestBytes(exchange_->request().body, &chat.bytes, &chat.modelAt,
                                       &context, &dropped)) {
            trace_.dropped(wireFormatName(codec_->format()), dropped);
            chat.model = passThrough_->model;
            chat.fallbacks = passThrough_->fallbacks;
            chat.stream = passThrough_->stream;
            codecContext_ = std::move(context);
            translatedBytes_ = std::make_shared<const PassThroughBody>(std::move(chat));
        }
    }
    return translatedBytes_;
}

// A pass-through body in the canonical model, for a provider that needs
// it (the mock, another format's provider): decoded once, on first need.
// The bytes were checked to be JSON; the translation may still refuse them.
bool InferenceHandler::translatedPassThroughBody(QJsonObject *body, GatewayError *error) {
    if (body_.isEmpty()) {
        QJsonObject parsed = QJsonDocument::fromJson(exchange_->request().body).object();
        if (codec_->format() != WireFormat::OpenAIChat) {
            if (!decodeClientFormat(&parsed, error)) return false;
            if (stream_) askForStreamUsage(&parsed);
        }
        parsed.remove(QStringLiteral("fallbacks"));
        parsed.remove(QStringLiteral("model"));
        body_ = std::move(parsed);
    }
    *body = body_;
    return true;
}

// The client's body (another format than chat) in the canonical model; what
// the codec left out goes into the trace, what it keeps for the answer into
// codecContext_.
bool InferenceHandler::decodeClientFormat(QJsonObject *body, GatewayError *error) {
    DecodedRequest decoded;
    QString why;
    if (!codec_->decodeRequest(*body, call_, &decoded, &why)) {
        *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), why);
        return false;
    }
    trace_.dropped(wireFormatName(codec_->format()), decoded.dropped);
    codecContext_ = std::move(decoded.context);
    *body = std::move(decoded.chat);
    return true;
}

// The other formats' streams report usage at their end: ask the provider for it.
void InferenceHandler::askForStreamUsage(QJsonObject *chat) {
    QJsonObject opts = chat->value(QStringLiteral("stream_options")).toObject();
    opts.insert(QStringLiteral("include_usage"), true);
    chat->insert(QStringLiteral("stream_options"), opts);
}

void InferenceHandler::onResponse(const QJsonObject &response, const QByteArray &raw) {
    Q_ASSERT(!hooksOut_);
    if (finished_) return;
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
            if (!self || self->finished_) return;
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
        PluginResponse{nativeAnswer_ ? nativeAnswerAsChat(raw) : responseObject(response, raw), {}};
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

void InferenceHandler::deliver(const QJsonObject &response, const QByteArray &raw,
                               const PluginHeaders &pluginHeaders) {
    if (finished_) return;
    const HttpHeaders headers = answerHeaders(pluginHeaders);
    // The provider's bytes are the answer when they are in the client's
    // format already: a native answer, or chat to a chat client.
    const bool rawIsAnswer =
        !raw.isEmpty() && (nativeAnswer_ || codec_->format() == WireFormat::OpenAIChat);
    QByteArray body;
    if (rawIsAnswer)
        body = raw;
    else if (codec_->format() == WireFormat::OpenAIChat)
        body = compact(response);
    // Another format: written from the provider's bytes when the codec
    // reads them itself, else from the parsed answer.
    else if (!response.isEmpty() || raw.isEmpty() ||
             !codec_->encodeResponseBytes(raw, codecContext_, call_, &body))
        body = codec_->encodeResponse(responseObject(response, raw), codecContext_, call_);
    if (trace_) {
        trace_.answerHeaders(pluginHeaders);
        trace_.usage(response.isEmpty() && !raw.isEmpty()
                         ? usageInRawAnswer(raw)
                         : response.value(QStringLiteral("usage")).toObject());
        trace_.answerBody(body);
    }
    finish(200, QString());
    exchange_->respond(200, body, "application/json", headers);
    release();
}

void InferenceHandler::deliverAsStream(const QJsonObject &response, const PluginHeaders &headers) {
    const QList<QJsonObject> chunks = chunksForResponse(response);
    startStream(response.value(QStringLiteral("model")).toString(targets_[current_].model),
                headers);
    for (const QJsonObject &chunk : chunks) relayChunk(chunk);
    onStreamEnd();
}

// The request id, which target answered, and what plugins added.
HttpHeaders InferenceHandler::answerHeaders(const PluginHeaders &pluginHeaders) const {
    HttpHeaders headers;
    headers.add(QByteArrayLiteral("X-Request-Id"), requestId_.toUtf8());
    const Target &t = targets_[current_];
    headers.add(QByteArrayLiteral("X-Gatehouse-Provider"),
                (t.provider + QLatin1Char('/') + t.model).toUtf8());
    for (const auto &h : pluginHeaders) headers.add(h.first, h.second);
    return headers;
}

void InferenceHandler::startStream(const QString &model, const PluginHeaders &pluginHeaders) {
    const Target &t = targets_[current_];
    trace_.answerHeaders(pluginHeaders);
    exchange_->beginStream(200, codec_->streamContentType(codecContext_),
                           answerHeaders(pluginHeaders));
    encoder_ = codec_->streamEncoder(model.isEmpty() ? t.model : model, codecContext_, call_);
}

void InferenceHandler::onChunk(const QJsonObject &original) {
    Q_ASSERT(!hooksOut_);
    if (finished_) return;
    if (!exchange_->hasStarted())
        startStream(original.value(QStringLiteral("model")).toString(), {});
    QJsonObject chunk = original;
    if (!plugins_->isEmpty()) {
        if (plugins_->hasStreamHooks() && !plugins_->runStreamChunk(chunk)) return;
        if (plugins_->hasPostHooks()) {
            if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
            assembled_->add(chunk);
        }
    }
    relayChunk(chunk);
}

void InferenceHandler::relayChunk(const QJsonObject &chunk) {
    trace_.chunk(chunk);
    exchange_->sendChunk(encoder_->onChunk(chunk));
}

// One event of a native stream, already in the client's format.
void InferenceHandler::onRawEvent(const SseEvent &sse) {
    Q_ASSERT(!hooksOut_);
    if (finished_) return;
    if (!exchange_->hasStarted()) startStream(QString(), {});
    if (!plugins_->isEmpty() && plugins_->hasPostHooks()) assembleNativeEvent(sse);
    const QByteArray event = formatSseEvent(sse.event, sse.data);
    trace_.nativeEvent(event);
    exchange_->sendChunk(event);
}

// A native stream's events read as the canonical model, for the postHooks:
// Anthropic's event by event, a Responses stream from its last response.
void InferenceHandler::assembleNativeEvent(const SseEvent &event) {
    const QJsonObject data = QJsonDocument::fromJson(event.data).object();
    if (codec_->format() == WireFormat::Gemini) {
        if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
        if (!geminiToChat_)
            geminiToChat_ = std::make_unique<gemini::GeminiStreamToChat>(targets_[current_].model);
        for (const QJsonObject &chunk : geminiToChat_->onEvent(data)) assembled_->add(chunk);
        return;
    }
    QByteArray name = event.event;
    if (name.isEmpty()) name = data.value(QLatin1String("type")).toString().toUtf8();
    if (codec_->format() == WireFormat::OpenAIResponses) {
        if (data.value(QLatin1String("response")).isObject())
            nativeFinalResponse_ = data.value(QLatin1String("response")).toObject();
        return;
    }
    if (!nativeToChat_)
        nativeToChat_ = std::make_unique<anthropic::MessagesStreamToChat>(targets_[current_].model);
    if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
    for (const QJsonObject &chunk : nativeToChat_->onEvent(name, data)) assembled_->add(chunk);
}

void InferenceHandler::onStreamEnd(const QJsonObject &usage) {
    Q_ASSERT(!hooksOut_);
    if (finished_) return;
    if (nativeAnswer_) trace_.usage(usage);
    if (nativeAnswer_ && !nativeFinalResponse_.isEmpty()) {
        if (!assembled_) assembled_ = std::make_unique<ChatStreamAssembler>();
        for (const QJsonObject &chunk :
             chunksForResponse(responses::responseToChat(std::exchange(nativeFinalResponse_, {}))))
            assembled_->add(chunk);
    }
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

void InferenceHandler::closeStream() {
    // A native stream's own last event went out with the others.
    if (!nativeAnswer_) exchange_->sendChunk(encoder_->finish());
    finish(200, QString());
    exchange_->endStream();
    release();
}

void InferenceHandler::onError(const GatewayError &error) {
    Q_ASSERT(!hooksOut_);
    if (finished_) return;
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
    if (finished_) return;
    if (!havePrimaryError_) {
        primaryError_ = error;
        havePrimaryError_ = true;
    }
    if (error.allowFallbacks && current_ + 1 < targets_.size()) {
        tryTarget(current_ + 1);
        return;
    }
    respondError(primaryError_);
}

void InferenceHandler::respondError(const GatewayError &error) {
    if (finished_) return;
    trace_.error(error.message);
    HttpHeaders headers;
    headers.add(QByteArrayLiteral("X-Request-Id"), requestId_.toUtf8());
    if (error.retryAfterSeconds >= 0)
        headers.add("Retry-After", QByteArray::number(error.retryAfterSeconds));
    finish(error.status, error.type);
    exchange_->respond(error.status, codec_->encodeError(error), "application/json", headers);
    release();
}

// Counted before the answer's last bytes go out: once the client has them it
// may ask /metrics (on another worker) and must see this request.
void InferenceHandler::finish(int status, const QString &errorType) {
    if (finished_) return;
    finished_ = true;
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
    if (finished_) return;
    // A phase on a hook thread is using the request: its end handles this.
    if (hooksOut_) {
        clientLeftDuringHooks_ = true;
        return;
    }
    if (attempt_) attempt_->cancel();
    finish(499, QStringLiteral("client_closed_request"));
    release();
}

}  // namespace gatehouse
