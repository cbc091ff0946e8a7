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

    // The menu's entries (also for tests: the offscreen platform has no tray
    // to click, but the icon and its menu work all the same).
    QAction *statusAction() const { return status_; }
    QAction *openAction() const { return open_; }
    QAction *startAction() const { return start_; }
    QAction *stopAction() const { return stop_; }
    QAction *quitAction() const { return quit_; }

signals:
    void quitRequested();

private:
    void refresh();

    GatewayController *controller_;
    MainWindow *window_;
    QAction *status_, *open_, *start_, *stop_, *quit_;
};

}  // namespace gatehouse
