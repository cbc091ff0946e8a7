#include "GovernancePlugin.h"

#include <QDateTime>

namespace gatehouse::governance {

namespace {

const QByteArray kHeader = QByteArrayLiteral("x-bf-vk");
// The admitted key's hash, from preHook to postHook and to the fallbacks' preHooks.
const QString kAdmitted = QStringLiteral("governance.key");
// The provider and model the last preHook saw: what the answer is priced as.
const QString kTarget = QStringLiteral("governance.target");

// Wall-clock time: the counters' windows are calendar windows.
qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

PluginError refusal(int status, const QString &code, const QString &message, bool allowFallbacks) {
    PluginError e;
    e.status = status;
    e.type = status == 403 ? QStringLiteral("permission_error")
                           : QStringLiteral("invalid_request_error");
    e.code = code;
    e.message = message;
    e.allowFallbacks = allowFallbacks;
    return e;
}

// A cache hit (the cache plugin's header) cost no provider tokens.
bool servedFromCache(const PluginResponse &response) {
    for (const auto &[name, value] : response.headers)
        if (name.compare("x-gatehouse-cache", Qt::CaseInsensitive) == 0 && value == "hit")
            return true;
    return false;
}

}  // namespace

bool GovernancePlugin::init(const QJsonObject &config, PluginHost &host, QString *error) {
    Q_UNUSED(host);
    GovernanceConfig parsed;
    if (!parseGovernanceConfig(config, &parsed, error)) return false;
    required_ = parsed.required;
    keys_.clear();
    SharedCounters *counters = hostService<SharedCounters>(this);
    if (!counters) counters = &localCounters_;
    const PricingService *pricing = hostService<PricingService>(this);
    for (const VirtualKey &vk : parsed.keys) {
        auto key = std::make_shared<Key>();
        key->config = vk;
        key->limiter = std::make_unique<KeyLimiter>(vk, *counters, pricing);
        keys_.insert(vk.hash, key);
    }
    return true;
}

PreHookResult GovernancePlugin::preHook(PluginContext &ctx, PluginRequest &request) {
    const QString sent = QString::fromUtf8(ctx.clientHeader(kHeader)).trimmed();
    if (sent.isEmpty()) {
        if (!required_) return PreHookResult::proceed();
        return PreHookResult::reject(refusal(
            401, QStringLiteral("missing_virtual_key"),
            QStringLiteral("a virtual key is required: send it in the x-bf-vk header"), false));
    }
    const QString hash = keyHash(sent);
    const auto found = keys_.constFind(hash);
    if (found == keys_.constEnd())
        return PreHookResult::reject(refusal(
            401, QStringLiteral("invalid_virtual_key"),
            QStringLiteral("unknown virtual key: check the x-bf-vk header against the keys in "
                           "the governance config"),
            false));
    const Key &key = **found;

    // A fallback may name a model the key allows, so a 403 lets it be tried.
    if (!key.config.allowsModel(request.provider, request.model))
        return PreHookResult::reject(
            refusal(403, QStringLiteral("model_not_allowed"),
                    QStringLiteral("virtual key '%1' may not use %2/%3; allowed: %4")
                        .arg(key.config.name, request.provider, request.model,
                             key.config.allowedModels.join(QStringLiteral(", "))),
                    true));

    ctx.setValue(kTarget, QStringList{request.provider, request.model});
    // Admitted once per request: its fallbacks are not counted again.
    if (ctx.value(kAdmitted).toString() == hash) return PreHookResult::proceed();
    if (std::optional<PluginError> limited = key.limiter->admit(nowMs()))
        return PreHookResult::reject(*limited);
    ctx.setValue(kAdmitted, hash);
    return PreHookResult::proceed();
}

HookResult GovernancePlugin::postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                                      std::optional<PluginError> &error) {
    Q_UNUSED(error);
    if (!response || servedFromCache(*response)) return HookResult::ok();
    const auto found = keys_.constFind(ctx.value(kAdmitted).toString());
    if (found == keys_.constEnd()) return HookResult::ok();  // not admitted by a key
    const QStringList target = ctx.value(kTarget).toStringList();
    (*found)->limiter->record(target.value(0), target.value(1),
                              response->body.value(QLatin1String("usage")).toObject());
    return HookResult::ok();
}

void GovernancePlugin::cleanup() {
    keys_.clear();
}

}  // namespace gatehouse::governance
