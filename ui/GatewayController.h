#pragma once

#include "Gateway.h"

#include <QObject>
#include <memory>

namespace gatehouse {

// Owns the gateway the panel runs and starts, stops and re-binds it. A new
// address means a new Gateway object, and every start means a new plugin
// host (Gateway::plugins()), so views follow gatewayChanged() and
// started()/stopped() rather than keeping pointers. Main thread only.
class GatewayController : public QObject {
    Q_OBJECT
public:
    GatewayController(GatewayConfig config, GatewayOptions options, QObject *parent = nullptr);
    ~GatewayController() override;

    Gateway *gateway() const { return gateway_.get(); }  // never null
    const GatewayOptions &options() const { return options_; }
    bool isRunning() const { return gateway_->isRunning(); }
    // Why the last start failed ("" after a successful one).
    QString lastError() const { return lastError_; }

    bool start();
    void stop();
    bool restart();
    // Listens on a new host/port: stops, rebinds, starts. When the new port
    // cannot be had the gateway stays stopped and lastError() says why (and,
    // when the system tells, which program holds the port).
    bool setAddress(const QHostAddress &host, quint16 port);

    // The request log's settings, as config.json's "client" and "store"
    // would set them, for the running session: restarts the gateway with
    // them. `store` is a SQLite path or a postgres:// URL ("" = default).
    struct LogSettings {
        bool enabled = true;
        bool contentLogging = true;
        int retentionDays = 30;
        QString store;
    };
    LogSettings logSettings() const;
    bool setLogSettings(const LogSettings &settings);
    // Puts `settings` into a config and options the gateway is built from
    // (what setLogSettings() does; the panel's start-up uses it for the
    // settings saved last time).
    static void applyLogSettings(const LogSettings &settings, GatewayConfig *config,
                                 GatewayOptions *options);

signals:
    void started();
    void stopped();
    void startFailed(const QString &message);
    void gatewayChanged();

private:
    int graceMs() const;

    GatewayConfig config_;
    GatewayOptions options_;
    std::unique_ptr<Gateway> gateway_;
    QString lastError_;
};

}  // namespace gatehouse
