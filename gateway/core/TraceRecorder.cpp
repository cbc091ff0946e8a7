#include "TraceRecorder.h"

#include "AnswerUsage.h"
#include "ChatStreamAssembler.h"
#include "WorkerContext.h"
#include "config/GatewayConfig.h"
#include "config/ModelAliases.h"
#include "http/HttpRequest.h"
#include "json/JsonWriter.h"
#include "security/SecretMask.h"
#include "store/LogStore.h"
#include "trace/AgentSession.h"
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

void TraceRecorder::usageIn(const QByteArray &rawAnswer) {
    if (trace_) usageAnswer_ = rawAnswer;
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

void TraceRecorder::finish(int status, bool stream, const Target *target, int fallbackIndex,
                           const std::shared_ptr<const GatewayConfig> &config,
                           WorkerContext *worker) {
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
    const bool priced = status < 400 && target;
    if (!usageAnswer_.isEmpty())
        t.deferredUsage =
            std::make_shared<const AnswerUsage>(std::move(usageAnswer_), priced, config,
                                                worker->state().prices(), worker->state().metrics);
    else if (priced)
        priceTrace(t, tokens_, *config, *worker->state().prices(), *worker->state().metrics);
    if (stream_) {
        capped(&t.responseBody, &t.responseTruncated, toCompactJson(stream_->result()));
        stream_.reset();
    } else if (!nativeStream_.isEmpty()) {
        capped(&t.responseBody, &t.responseTruncated, nativeStream_);
    }
    logs_->record(std::move(trace_));
}

}  // namespace gatehouse
