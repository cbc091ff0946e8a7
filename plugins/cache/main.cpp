#include "CacheKey.h"
#include "CachePlugin.h"

namespace gatehouse::cache {

namespace {

// The key travels from preHook to postHook in the request's context.
const QString kKey = QStringLiteral("cache.key");
const QByteArray kHeader = QByteArrayLiteral("x-gatehouse-cache");

}  // namespace

bool CachePlugin::init(const QJsonObject &config, PluginHost &host, QString *error) {
    Q_UNUSED(host);
    CacheConfig parsed;
    if (!parseCacheConfig(config, &parsed, error)) return false;
    config_ = std::move(parsed);
    store_.clear();
    store_.setLimits({config_.ttlMs, config_.maxEntries, config_.maxBytes});
    return true;
}

PreHookResult CachePlugin::preHook(PluginContext &ctx, PluginRequest &request) {
    // The context outlives one attempt: a fallback runs this hook again, and
    // must not inherit the key of the attempt before it.
    ctx.setValue(kKey, QVariant());
    if (!config_.cachesModel(request.provider, request.model)) return PreHookResult::proceed();
    const QByteArray partition =
        config_.cacheByHeader.isEmpty() ? QByteArray() : ctx.clientHeader(config_.cacheByHeader);
    const QByteArray key = cacheKey(request, partition);
    if (std::optional<QJsonObject> hit = store_.find(key)) {
        PluginResponse response;
        response.body = std::move(*hit);
        response.headers << qMakePair(kHeader, QByteArrayLiteral("hit"));
        return PreHookResult::respond(std::move(response));
    }
    ctx.setValue(kKey, key);
    return PreHookResult::proceed();
}

HookResult CachePlugin::postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                                 std::optional<PluginError> &error) {
    const QByteArray key = ctx.value(kKey).toByteArray();
    if (key.isEmpty()) return HookResult::ok();  // a hit, or a model not cached
    ctx.setValue(kKey, QVariant());
    // Errors are never stored: the next identical request tries again.
    if (!response || error) return HookResult::ok();
    store_.insert(key, response->body);
    response->headers << qMakePair(kHeader, QByteArrayLiteral("miss"));
    return HookResult::ok();
}

void CachePlugin::cleanup() {
    store_.clear();
}

}  // namespace gatehouse::cache
