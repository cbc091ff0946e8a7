#pragma once

#include "GatewayController.h"

#include <QByteArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <functional>
#include <memory>

namespace gatehouse {

// A running gateway for one panel test: built from a config.json text on a
// free port, plugins from the test build.
class PanelTestEnv {
public:
    // `plugins`: the config's "plugins" array as JSON text; `providers`: its
    // "providers" object. `listProviderModels`: the gateway asks providers
    // for their models (off by default: the fakes count what they receive).
    explicit PanelTestEnv(const QByteArray &pluginsJson = "[]",
                          const QByteArray &providersJson = R"({"mock": {"keys": []}})",
                          bool listProviderModels = false);
    ~PanelTestEnv();

    GatewayController &controller() { return *controller_; }
    quint16 port() const { return controller_->gateway()->port(); }
    QString scratch() const { return dir_.path(); }
    // Sends one chat completion to mock/echo; returns the HTTP status.
    int sendChat(QByteArray *body = nullptr) const;

private:
    QTemporaryDir dir_;
    std::unique_ptr<GatewayController> controller_;
};

// A "plugins" entry for config.json.
QByteArray pluginJson(const QString &name, const QString &path, const QJsonObject &config = {},
                      bool enabled = true);

// Processes events until `done` or 10 s pass.
bool waitUntil(const std::function<bool()> &done, int timeoutMs = 10000);

}  // namespace gatehouse
