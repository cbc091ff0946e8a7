#include "TraceRecorder.h"

#include "ChatStreamAssembler.h"
#include "WorkerContext.h"
#include "config/GatewayConfig.h"
#include "config/ModelAliases.h"
#include "http/HttpRequest.h"
#include "json/JsonWriter.h"
#include "security/SecretMask.h"
#include "store/LogStore.h"
#include "trace/AgentSession.h"
#include "trace/CostNote.h"
#include "trace/RequestTrace.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace gatehouse {

TraceRecorder::TraceRecorder(LogStore *logs, const QElapsedTimer *clock, const QString &requestId,
                             qint64 startedAtMs, const QString &endpoint,
                             const HttpRequest &request)
    : logs_(logs), clock_(clock) {
    if (!logs) return;
    contentLogging_ = logs->options().contentLogging;
    bodyCapBytes_ = logs->options().bodyCapBytes;
    trace_ = std::make_shared<RequestTrace>();
    trace_->id = requestId;
    trace_->startedAtMs = startedAtMs;
    trace_->client = request.peerAddress;
    trace_->endpoint = endpoint;
    // Masked as every secret is (a short key shows nothing of itself).
    trace_->virtualKey = SecretMask::mask(QString::fromUtf8(request.headers.value("x-bf-vk")));
    const AgentSession session = agentSessionOf(request.headers, request.body);
    trace_->agent = session.agent;
    trace_->sessionId = session.id;
    if (!session.id.isEmpty()) trace_->sessionBody = request.body;  // shared, not copied
    if (contentLogging_) capped(&trace_->requestBody, &trace_->requestTruncated, request.body);
}

TraceRecorder::~TraceRecorder() = default;

void TraceRecorder::capped(QByteArray *field, bool *truncated, const QByteArray &body) const {
    *truncated = body.size() > bodyCapBytes_;
    *field = *truncated ? body.left(bodyCapBytes_) : body;
}

void TraceRecorder::alias(const QString &asked, const ModelAliasHit &alias, const QString &match) {
    if (!trace_) return;
    TraceSpan span;
    span.kind = TraceSpan::Kind::Route;
    span.name = QStringLiteral("model_alias");
    span.startUs = clock_->nsecsElapsed() / 1000;
    span.outcome = QStringLiteral("alias");
    span.message = QStringLiteral("%1 -> %2 (client.model_aliases[%3]: %4)")
                       .arg(asked, alias.target)
                       .arg(alias.index)
                       .arg(match);
    trace_->spans.append(span);
}

// What a translation into the canonical model left out, as one span.
void TraceRecorder::dropped(const char *formatName, const QStringList &dropped) {
    if (!trace_ || dropped.isEmpty()) return;
    TraceSpan span;
    span.kind = TraceSpan::Kind::Translate;
    span.name = QLatin1String(formatName);
    span.startUs = clock_->nsecsElapsed() / 1000;
    span.outcome = QStringLiteral("dropped");
    span.message = QStringLiteral("Not translated: ") + dropped.join(QStringLiteral(", "));
    trace_->spans.append(span);
}

void TraceRecorder::spans(const QList<TraceSpan> &spans) {
    if (trace_) trace_->spans += spans;
}

void TraceRecorder::error(const QString &message) {
    if (trace_) trace_->error = message;
}

void TraceRecorder::attempts(int count) {
    if (trace_) trace_->attempts += count;
}

void TraceRecorder::answerHeaders(const QList<QPair<QByteArray, QByteArray>> &headers) {
    if (!trace_) return;
    for (const auto &h : headers)
        if (h.first.compare("x-gatehouse-cache", Qt::CaseInsensitive) == 0 && h.second == "hit")
            trace_->cacheHit = true;
}

void TraceRecorder::usage(const QJsonObject &usage) {
    if (!trace_ || usage.isEmpty()) return;
    this->usage(tokenCountsOf(usage));
}

void TraceRecorder::usage(const TokenCounts &c) {
    if (!trace_) return;
    tokens_ = c;
    writeTokens(c, trace_.get());
}

void TraceRecorder::answerBody(const QByteArray &body) {
    if (trace_ && contentLogging_) capped(&trace_->responseBody, &trace_->responseTruncated, body);
}

void TraceRecorder::firstChunk() {
    if (firstChunkUs_ < 0) firstChunkUs_ = clock_->nsecsElapsed() / 1000;
    ++chunks_;
}

void TraceRecorder::chunk(const QJsonObject &chunk) {
    if (!trace_) return;
    firstChunk();
    const QJsonValue usage = chunk.value(QLatin1String("usage"));
    if (usage.isObject()) this->usage(usage.toObject());
    if (contentLogging_) {
        if (!stream_) stream_ = std::make_unique<ChatStreamAssembler>();
        stream_->add(chunk);
    }
}

void TraceRecorder::nativeEvent(const QByteArray &event) {
    if (!trace_) return;
    firstChunk();
    if (contentLogging_ && nativeStream_.size() <= bodyCapBytes_) nativeStream_ += event;
}

// What the answer cost at its model's price, in the record and the
// metrics. A cache hit cost nothing; what it saved is what the provider
// would have charged.
void TraceRecorder::price(const GatewayConfig &config, WorkerContext *worker) {
    RequestTrace &t = *trace_;
    const ProviderConfig *provider = config.provider(t.provider);
    // The window the log writer's ContextGuard checks the prompt against.
    if (provider && provider->kind == ProviderKind::OpenAI)
        t.contextWindow = provider->contextWindowFor(t.model, &t.contextWindowAssumed);
    std::optional<qint64> nano;
    if (provider)
        nano = worker->state().prices()->nanoUsd(*provider, t.model, tokens_, &t.costNote);
    else
        t.costNote = CostNote::providerGone();
    if (provider && nano &&
        (tokens_.cached.value_or(0) > 0 || tokens_.cacheWrite.value_or(0) > 0)) {
        TokenCounts uncached = tokens_;  // every input token at the plain input price
        uncached.cached.reset();
        uncached.cacheWrite.reset();
        QString note;
        if (const auto plain =
                worker->state().prices()->nanoUsd(*provider, t.model, uncached, &note))
            t.promptCacheSavedNanoUsd = *plain - *nano;
    }
    if (t.cacheHit && nano) {
        t.savedNanoUsd = nano;
        nano = 0;
    }
    t.costNanoUsd = nano;
    worker->metrics().spend(t.provider, t.model, tokens_, nano);
}

void TraceRecorder::finish(int status, bool stream, const Target *target, int fallbackIndex,
                           const GatewayConfig &config, WorkerContext *worker) {
    if (!trace_) return;
    RequestTrace &t = *trace_;
    t.status = status;
    t.latencyUs = clock_->nsecsElapsed() / 1000;
    t.stream = stream;
    if (target) {
        t.provider = target->provider;
        t.model = target->model;
        t.fallbackIndex = fallbackIndex;
    }
    if (firstChunkUs_ >= 0) {
        t.timeToFirstTokenUs = firstChunkUs_;
        TraceSpan span;
        span.kind = TraceSpan::Kind::Stream;
        span.name = QStringLiteral("stream");
        span.startUs = firstChunkUs_;
        span.durationUs = t.latencyUs - firstChunkUs_;
        span.outcome = t.error.isEmpty() ? QStringLiteral("ok") : QStringLiteral("error");
        span.message = QStringLiteral("%1 chunks").arg(chunks_);
        t.spans.append(span);
    }
    if (status < 400 && target) price(config, worker);
    if (stream_) {
        capped(&t.responseBody, &t.responseTruncated, toCompactJson(stream_->result()));
        stream_.reset();
    } else if (!nativeStream_.isEmpty()) {
        capped(&t.responseBody, &t.responseTruncated, nativeStream_);
    }
    logs_->record(std::move(trace_));
}

}  // namespace gatehouse
