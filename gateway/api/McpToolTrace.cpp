#include "McpToolTrace.h"

#include "core/GatewayState.h"
#include "http/HttpRequest.h"
#include "store/LogStore.h"
#include "trace/LogIds.h"
#include "trace/RequestTrace.h"

#include <QDateTime>

namespace gatehouse {

namespace {

QString newToolCallId(qint64 startedAtMs) {
    static LogIdSequence ids("mcp");
    return ids.next(startedAtMs);
}

void capped(const LogStore &logs, QByteArray *field, bool *truncated, const QByteArray &body) {
    const int cap = logs.options().bodyCapBytes;
    *truncated = body.size() > cap;
    *field = *truncated ? body.left(cap) : body;
}

}  // namespace

McpToolTrace::McpToolTrace(const GatewayState &state, const HttpRequest &request,
                           const QString &endpoint, const QString &tool,
                           const QByteArray &arguments)
    : logs_(state.logs) {
    clock_.start();
    if (!logs_) return;
    trace_ = std::make_shared<RequestTrace>();
    trace_->startedAtMs = QDateTime::currentMSecsSinceEpoch();
    trace_->id = newToolCallId(trace_->startedAtMs);
    trace_->client = request.peerAddress;
    trace_->endpoint = endpoint;
    trace_->provider = QStringLiteral("mcp");
    trace_->model = tool;
    if (logs_->options().contentLogging)
        capped(*logs_, &trace_->requestBody, &trace_->requestTruncated, arguments);
}

QString McpToolTrace::id() const {
    return trace_ ? trace_->id : QString();
}

void McpToolTrace::finish(const McpToolResult &result, int status, const QByteArray &answer) {
    if (!trace_) return;
    RequestTrace &t = *trace_;
    t.status = status;
    t.latencyUs = clock_.nsecsElapsed() / 1000;
    t.attempts = 1;
    if (result.isError()) t.error = result.ok ? result.text().left(500) : result.error;
    TraceSpan span;
    span.kind = TraceSpan::Kind::Tool;
    span.name = t.model;
    span.durationUs = t.latencyUs;
    span.outcome = !result.ok         ? QStringLiteral("error")
                   : result.isError() ? QStringLiteral("tool_error")
                                      : QStringLiteral("ok");
    span.message = result.ok
                       ? QStringLiteral("%1 bytes of result").arg(result.text().toUtf8().size())
                       : result.error;
    t.spans.append(span);
    if (logs_->options().contentLogging)
        capped(*logs_, &t.responseBody, &t.responseTruncated, answer);
    logs_->record(std::move(trace_));
}

}  // namespace gatehouse
