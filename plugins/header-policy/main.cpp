#include "HeaderPolicyPlugin.h"
#include "PolicyEdits.h"

namespace gatehouse::headerpolicy {

bool HeaderPolicyPlugin::init(const QJsonObject &config, PluginHost &host, QString *error) {
    Q_UNUSED(host);
    HeaderPolicy parsed;
    if (!parseHeaderPolicy(config, &parsed, error)) return false;
    policy_ = std::move(parsed);
    return true;
}

HookResult HeaderPolicyPlugin::transportInterceptor(PluginContext &ctx, const QString &url,
                                                    PluginHeaders &headers, QJsonObject &body) {
    Q_UNUSED(ctx);
    Q_UNUSED(url);
    applyHeaderEdits(policy_, headers);
    // No body (GET /v1/models): setting fields would invent one.
    if (!body.isEmpty()) applyBodyEdits(policy_, body);
    return HookResult::ok();
}

}  // namespace gatehouse::headerpolicy
