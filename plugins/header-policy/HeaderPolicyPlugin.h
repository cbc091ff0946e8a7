// Rewrites each HTTP request before the gateway reads it: headers added,
// removed or renamed, top-level body fields set, defaulted or removed. For
// policies like "every request carries user=team-a" or "never forward the
// client's temperature".
#pragma once

#include "HeaderPolicy.h"

#include <gatehouse/plugin.h>

#include <QObject>

namespace gatehouse::headerpolicy {

class HeaderPolicyPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral("header-policy"); }
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override;
    HookResult transportInterceptor(PluginContext &ctx, const QString &url, PluginHeaders &headers,
                                    QJsonObject &body) override;

private:
    // Written only by init(), which never overlaps the hooks.
    HeaderPolicy policy_;
};

}  // namespace gatehouse::headerpolicy
