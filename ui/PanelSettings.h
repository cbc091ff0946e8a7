#pragma once

#include "GatewayController.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>

namespace gatehouse {

// The panel's own preferences (QSettings, per user): what the user chose
// in the Settings page and the window's layout. Typed so a key is spelled
// once. Main thread.
class PanelSettings {
public:
    // Where the gateway listened last time; none saved means "use the
    // command line's" (which defaults to localhost:8080).
    bool hasAddress() const;
    QHostAddress host() const;
    quint16 port() const;
    void setAddress(const QHostAddress &host, quint16 port);

    // The request log's settings as last applied in the Settings page;
    // none saved means "as config.json says".
    bool hasLogSettings() const;
    GatewayController::LogSettings logSettings() const;
    void setLogSettings(const GatewayController::LogSettings &settings);

    // Closing the window leaves the gateway running in the tray (default on).
    bool keepRunningInTray() const;
    void setKeepRunningInTray(bool keep);

    // Spend thresholds in USD (0 = off): the tray announces today's spend
    // and the current agent session's when they first pass them (SpendMeter).
    double dayThresholdUsd() const;
    double sessionThresholdUsd() const;
    void setSpendThresholds(double dayUsd, double sessionUsd);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindow(const QByteArray &geometry, const QByteArray &state);
};

}  // namespace gatehouse
