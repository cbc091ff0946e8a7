#pragma once

#include <QSystemTrayIcon>

class QAction;

namespace gatehouse {

class GatewayController;
class MainWindow;
class SpendMeter;

// The tray icon: the gateway's state and the spend (today's, the current
// agent session's) in its tooltip and menu; Start/Stop/Open/Quit, so the
// gateway can run with the window closed; "Pause agents", which has the
// gateway refuse new inference requests; and a notification when a spend
// threshold is crossed.
class TrayIcon : public QSystemTrayIcon {
    Q_OBJECT
public:
    TrayIcon(GatewayController *controller, MainWindow *window, QObject *parent = nullptr);

    // The menu's entries (also for tests: the offscreen platform has no tray
    // to click, but the icon and its menu work all the same).
    QAction *statusAction() const { return status_; }
    QAction *spendAction() const { return spend_; }
    QAction *pauseAction() const { return pause_; }
    QAction *openAction() const { return open_; }
    QAction *startAction() const { return start_; }
    QAction *stopAction() const { return stop_; }
    QAction *quitAction() const { return quit_; }
    SpendMeter *spendMeter() const { return meter_; }

signals:
    void quitRequested();
    // A native notification was shown (also where tests see it: the
    // offscreen platform shows no balloon).
    void notified(const QString &title, const QString &message);

private:
    void refresh();
    void setPaused(bool paused);
    void notify(const QString &title, const QString &message);

    GatewayController *controller_;
    MainWindow *window_;
    SpendMeter *meter_;
    QAction *status_, *spend_, *pause_, *open_, *start_, *stop_, *quit_;
};

}  // namespace gatehouse
