#pragma once

#include "Gateway.h"

class QApplication;

namespace gatehouse {

struct PanelOptions {
    GatewayConfig config;
    GatewayOptions gateway;
    bool addressGiven = false;  // else the address saved in the panel's settings wins
    QString screenshotsDir;     // non-empty: save a PNG per page there and exit
};

class PanelSettings;

// What the user chose in the Settings page last time, over the defaults:
// the address (unless the command line gave one) and the request log's
// settings (the store unless the command line gave one).
void applySavedSettings(const PanelSettings &settings, PanelOptions *options);

// Runs the control panel with its gateway until the user quits: one
// instance per user (a second launch brings this one forward), a tray icon
// when the desktop has a tray, the window's layout remembered. Returns the
// exit code.
int runPanel(QApplication &app, PanelOptions options);

}  // namespace gatehouse
