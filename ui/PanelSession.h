#pragma once

#include <QObject>

namespace gatehouse {

class GatewayController;
class MainWindow;
class TrayIcon;

// How the window, the tray icon and the gateway end together: with a tray,
// closing the window only hides it (when the settings say so) and the
// gateway keeps serving; Quit, from the window's menu or the tray's, or
// closing the window without a tray, stops the gateway and then emits
// finished() (the app quits on it). Main thread.
class PanelSession : public QObject {
    Q_OBJECT
public:
    // `tray` may be null: the desktop has no system tray.
    PanelSession(GatewayController *controller, MainWindow *window, TrayIcon *tray,
                 QObject *parent = nullptr);

    void quit();

signals:
    void finished();

private:
    GatewayController *controller_;
};

}  // namespace gatehouse
