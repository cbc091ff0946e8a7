#include "PluginPipeline.h"

#include "plugins/HookCalls.h"
#include "plugins/PluginChain.h"
#include "trace/RequestTrace.h"

namespace gatehouse {

namespace {

// Times one hook call into a span of the request's trace (when it has one).
class SpanTimer {
public:
    SpanTimer(RequestTrace *trace, const QElapsedTimer *clock, TraceSpan::Kind kind,
              const QString &plugin)
        : trace_(trace), clock_(clock) {
        if (!trace_) return;
        span_.kind = kind;
        span_.name = plugin;
        span_.startUs = clock_->nsecsElapsed() / 1000;
    }
    void finish(const QString &outcome, const QString &message = {}) {
        if (!trace_) return;
        span_.durationUs = clock_->nsecsElapsed() / 1000 - span_.startUs;
        span_.outcome = outcome;
        span_.message = message;
        trace_->spans.append(std::move(span_));
        trace_ = nullptr;
    }

private:
    RequestTrace *trace_;
    const QElapsedTimer *clock_;
    TraceSpan span_;
};

}  // namespace

PluginPipeline::PluginPipeline(std::shared_ptr<const PluginChain> chain, PluginContext &context)
    : chain_(std::move(chain)), context_(context) {
    plugins_ = chain_ ? int(chain_->plugins().size()) : 0;
}

PluginPipeline::~PluginPipeline() = default;

bool PluginPipeline::hasInterceptors() const {
    for (const auto &p : chain_->plugins())
        if (p->hasHook(PluginHook::TransportInterceptor)) return true;
    return false;
}

bool PluginPipeline::needsHookThread(PluginHook hook, int firstPlugins) const {
    for (int i = 0; i < firstPlugins; ++i) {
        const auto &p = chain_->plugins()[i];
        if (p->hasHook(hook) && !p->hooksRunInline()) return true;
    }
    return false;
}

void PluginPipeline::interceptTransport(const QString &url, HttpHeaders &headers,
                                        QJsonObject &body) {
    if (!hasInterceptors()) return;
    PluginHeaders fields = headers.fields();
    for (const auto &p : chain_->plugins()) {
        if (!p->hasHook(PluginHook::TransportInterceptor)) continue;
        SpanTimer span(trace_, clock_, TraceSpan::Kind::Interceptor, p->name());
        const HookResult r = callTransportInterceptor(*p, context_, url, fields, body);
        span.finish(r.hookError.isEmpty() ? QStringLiteral("continue") : QStringLiteral("error"),
                    r.hookError);
    }
    HttpHeaders changed;
    for (const auto &f : fields) changed.add(f.first, f.second);
    headers = changed;
}

PluginPipeline::PreOutcome PluginPipeline::runPreHooks(PluginRequest &request) {
    PreOutcome outcome;
    ran_ = 0;
    for (const auto &p : chain_->plugins()) {
        // A plugin without a preHook has "run" its (empty) one: its postHook still runs.
        ++ran_;
        if (!p->hasHook(PluginHook::PreHook)) continue;
        SpanTimer span(trace_, clock_, TraceSpan::Kind::PreHook, p->name());
        PreHookResult result = callPreHook(*p, context_, request);
        const bool shortCircuit = result.action == PreHookResult::Action::ShortCircuit;
        if (!result.hookError.isEmpty())
            span.finish(QStringLiteral("error"), result.hookError);
        else if (shortCircuit)
            span.finish(QStringLiteral("short_circuit"),
                        result.error ? result.error->message : QString());
        else
            span.finish(QStringLiteral("continue"));
        if (!shortCircuit) continue;
        // An empty object is no answer to any endpoint: sent on, the client
        // would get "200 {}".
        if (result.response && !result.response->body.isEmpty()) {
            outcome.response = std::move(result.response);
            return outcome;
        }
        if (result.error) {
            outcome.error = std::move(result.error);
            return outcome;
        }
        // A short-circuit with neither answer nor error is a plugin bug: go on.
        p->log(
            QStringLiteral("error"),
            result.response
                ? QStringLiteral("preHook short-circuited with an empty response; ignored")
                : QStringLiteral("preHook short-circuited without a response or an error; ignored"),
            QStringLiteral("preHook"), context_.requestId());
    }
    return outcome;
}

bool PluginPipeline::hasPostHooks() const {
    for (int i = 0; i < ran_; ++i)
        if (chain_->plugins()[i]->hasHook(PluginHook::PostHook)) return true;
    return false;
}

bool PluginPipeline::hasStreamHooks() const {
    for (int i = 0; i < ran_; ++i)
        if (chain_->plugins()[i]->hasHook(PluginHook::StreamChunk)) return true;
    return false;
}

void PluginPipeline::runPostHooks(std::optional<PluginResponse> &response,
                                  std::optional<PluginError> &error) {
    for (int i = ran_ - 1; i >= 0; --i) {
        const auto &p = chain_->plugins()[i];
        if (!p->hasHook(PluginHook::PostHook)) continue;
        SpanTimer span(trace_, clock_, TraceSpan::Kind::PostHook, p->name());
        const bool hadError = error.has_value();
        const HookResult r = callPostHook(*p, context_, response, error);
        if (!r.hookError.isEmpty())
            span.finish(QStringLiteral("error"), r.hookError);
        else if (hadError && response)
            span.finish(QStringLiteral("recovered"));  // turned the error into an answer
        else if (!hadError && error)
            span.finish(QStringLiteral("failed"),
                        error->message);  // turned the answer into an error
        else
            span.finish(QStringLiteral("continue"));
        // A hook that leaves neither (or both) broke the contract: keep one.
        if (!response && !error) {
            p->log(QStringLiteral("error"),
                   QStringLiteral("postHook left neither a response nor an error; answering 500"),
                   QStringLiteral("postHook"), context_.requestId());
            PluginError e;
            e.status = 500;
            e.code = QStringLiteral("plugin_error");
            e.message = QStringLiteral("Plugin '%1' returned no answer").arg(p->name());
            error = e;
        } else if (response && error) {
            response.reset();  // an error set by a hook wins
        }
    }
}

bool PluginPipeline::runStreamChunk(QJsonObject &chunk) {
    for (int i = ran_ - 1; i >= 0; --i) {
        const auto &p = chain_->plugins()[i];
        if (!p->hasHook(PluginHook::StreamChunk)) continue;
        if (callStreamChunk(*p, context_, chunk).drop) return false;
    }
    return true;
}

PluginError toPluginError(const GatewayError &error) {
    PluginError e;
    e.status = error.status;
    e.type = error.type;
    e.code = error.code;
    e.message = error.message;
    e.allowFallbacks = error.allowFallbacks;
    return e;
}

GatewayError fromPluginError(const PluginError &error) {
    GatewayError e;
    e.status = error.status >= 400 && error.status <= 599 ? error.status : 500;
    e.type = error.type.isEmpty() ? openAIErrorTypeFor(e.status) : error.type;
    // A plugin may leave these empty; the client is still owed a reason.
    e.code = error.code.isEmpty() ? QStringLiteral("plugin_error") : error.code;
    e.message = error.message.trimmed().isEmpty()
                    ? QStringLiteral(
                          "A plugin answered with error status %1 but no message; its log says "
                          "more (GET /api/plugins/<name>/logs)")
                          .arg(e.status)
                    : error.message;
    e.allowFallbacks = error.allowFallbacks;
    return e;
}

}  // namespace gatehouse
