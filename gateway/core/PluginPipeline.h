#pragma once

#include "http/GatewayError.h"
#include "http/HttpHeaders.h"
#include "plugins/PluginHook.h"

#include <gatehouse/plugin.h>
#include <QElapsedTimer>
#include <memory>
#include <optional>

namespace gatehouse {

class PluginChain;
struct RequestTrace;

// Runs one request's plugin chain with Bifrost's semantics: transport
// interceptors and preHooks in configured order; postHooks (and stream chunk
// hooks) in reverse, only for the plugins whose preHook ran — if plugin i
// short-circuits, postHooks run for i, i-1, ... 0. Hook errors and
// exceptions are recorded against the plugin (by the hook call wrappers) and
// the chain goes on. Each target (primary, then each fallback) starts the
// chain afresh with beginTarget(). An empty chain costs nothing.
//
// Not thread-safe, but not tied to a thread either: the request hands its
// pipeline to a hook thread for a phase (see HookThreads) and takes it back,
// never using it from two threads at once.
class PluginPipeline {
public:
    PluginPipeline(std::shared_ptr<const PluginChain> chain, PluginContext &context);
    ~PluginPipeline();

    bool isEmpty() const { return plugins_ == 0; }
    // Records a span for every hook call into `trace` (timed from `clock`'s
    // start); null: no recording.
    void setTrace(RequestTrace *trace, const QElapsedTimer *clock) {
        trace_ = trace;
        clock_ = clock;
    }

    bool hasInterceptors() const;
    void interceptTransport(const QString &url, HttpHeaders &headers, QJsonObject &body);

    struct PreOutcome {
        std::optional<PluginResponse> response;  // short-circuited with an answer
        std::optional<PluginError> error;        // short-circuited with an error
        bool shortCircuited() const { return response || error; }
    };
    void beginTarget() { ran_ = 0; }
    PreOutcome runPreHooks(PluginRequest &request);

    // Whether a phase must leave the worker thread: a plugin whose hook runs
    // in it has not proven fast (ActivePlugin::hooksRunInline()). The post
    // phase counts the plugins whose preHook ran.
    bool interceptorsNeedHookThread() const {
        return needsHookThread(PluginHook::TransportInterceptor, plugins_);
    }
    bool preHooksNeedHookThread() const { return needsHookThread(PluginHook::PreHook, plugins_); }
    bool postHooksNeedHookThread() const { return needsHookThread(PluginHook::PostHook, ran_); }

    // Whether any plugin that ran has a postHook / streamChunk hook.
    bool hasPostHooks() const;
    bool hasStreamHooks() const;
    void runPostHooks(std::optional<PluginResponse> &response, std::optional<PluginError> &error);
    // False when a plugin dropped the chunk.
    bool runStreamChunk(QJsonObject &chunk);

private:
    bool needsHookThread(PluginHook hook, int firstPlugins) const;

    std::shared_ptr<const PluginChain> chain_;
    PluginContext &context_;
    int plugins_ = 0;
    int ran_ = 0;  // plugins whose preHook ran for the current target
    RequestTrace *trace_ = nullptr;
    const QElapsedTimer *clock_ = nullptr;
};

PluginError toPluginError(const GatewayError &error);
GatewayError fromPluginError(const PluginError &error);

}  // namespace gatehouse
