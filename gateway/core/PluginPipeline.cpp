#include "PluginPipeline.h"

#include "plugins/HookCalls.h"
#include "plugins/PluginChain.h"

namespace gatehouse {

PluginPipeline::PluginPipeline(std::shared_ptr<const PluginChain> chain, PluginContext &context)
    : chain_(std::move(chain)), context_(context) {
    plugins_ = chain_ ? int(chain_->plugins().size()) : 0;
}

PluginPipeline::~PluginPipeline() = default;

void PluginPipeline::interceptTransport(const QString &url, HttpHeaders &headers,
                                        QJsonObject &body) {
    bool any = false;
    for (const auto &p : chain_->plugins())
        any = any || p->hasHook(PluginHook::TransportInterceptor);
    if (!any) return;
    PluginHeaders fields = headers.fields();
    for (const auto &p : chain_->plugins())
        if (p->hasHook(PluginHook::TransportInterceptor))
            callTransportInterceptor(*p, context_, url, fields, body);
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
        PreHookResult result = callPreHook(*p, context_, request);
        if (result.action != PreHookResult::Action::ShortCircuit) continue;
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
        callPostHook(*p, context_, response, error);
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
