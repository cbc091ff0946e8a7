#pragma once

#include <QSystemTrayIcon>

class QAction;

namespace gatehouse {

class GatewayController;
class MainWindow;

// The tray icon: the gateway's state in its tooltip and menu, and
// Start/Stop/Open/Quit, so the gateway can run with the window closed.
class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT
public:
    TrayIcon(GatewayController *controller, MainWindow *window, QObject *parent = nullptr);

signals:
    void quitRequested();

private:
    void refresh();

    GatewayController *controller_;
    MainWindow *window_;
    QAction *status_, *start_, *stop_;
};

}  // namespace gatehouse
