// Mock answers by rule: a request whose model, provider and last user
// message match a rule is answered by that rule (a completion or an error)
// without calling the provider. Unmatched requests go on, unless a default
// answer is configured.
#pragma once

#include "MockerConfig.h"

#include <gatehouse/plugin.h>

#include <QObject>

namespace gatehouse::mocker {

class MockerPlugin : public QObject, public GatewayPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID GATEHOUSE_PLUGIN_IID FILE "plugin.json")
    Q_INTERFACES(gatehouse::GatewayPlugin)

public:
    QString name() const override { return QStringLiteral("mocker"); }
    bool init(const QJsonObject &config, PluginHost &host, QString *error) override;
    PreHookResult preHook(PluginContext &ctx, PluginRequest &request) override;

private:
    // Written only by init(), which never overlaps the hooks: the hooks read
    // it from many threads at once without a lock.
    MockerConfig config_;
};

}  // namespace gatehouse::mocker
