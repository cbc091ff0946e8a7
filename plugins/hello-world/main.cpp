// Each hook only logs. qInfo() rather than host.log(): it is what the guide's
// fmt.Println maps to, and the host attributes such lines to the plugin, so
// this also shows that plain Qt logging is enough.
#include "HelloWorldPlugin.h"

#include <QtDebug>

namespace gatehouse {

bool HelloWorldPlugin::init(const QJsonObject &config, PluginHost &host, QString *error) {
    Q_UNUSED(config);
    Q_UNUSED(host);
    Q_UNUSED(error);
    qInfo("Init called");
    return true;
}

HookResult HelloWorldPlugin::transportInterceptor(PluginContext &ctx, const QString &url,
                                                  PluginHeaders &headers, QJsonObject &body) {
    Q_UNUSED(ctx);
    Q_UNUSED(url);
    Q_UNUSED(headers);
    Q_UNUSED(body);
    qInfo("TransportInterceptor called");
    return HookResult::ok();
}

PreHookResult HelloWorldPlugin::preHook(PluginContext &ctx, PluginRequest &request) {
    Q_UNUSED(ctx);
    Q_UNUSED(request);
    qInfo("PreHook called");
    return PreHookResult::proceed();
}

HookResult HelloWorldPlugin::postHook(PluginContext &ctx, std::optional<PluginResponse> &response,
                                      std::optional<PluginError> &error) {
    Q_UNUSED(ctx);
    Q_UNUSED(response);
    Q_UNUSED(error);
    qInfo("PostHook called");
    return HookResult::ok();
}

void HelloWorldPlugin::cleanup() {
    qInfo("Cleanup called");
}

}  // namespace gatehouse
