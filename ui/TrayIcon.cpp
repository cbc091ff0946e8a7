#include "TrayIcon.h"

#include "GatewayController.h"
#include "MainWindow.h"
#include "SpendMeter.h"

#include <QAction>
#include <QMenu>
#include <QSignalBlocker>

namespace gatehouse {

TrayIcon::TrayIcon(GatewayController *controller, MainWindow *window, QObject *parent)
    : QSystemTrayIcon(QIcon(QStringLiteral(":/gatehouse/icons/gatehouse.svg")), parent),
      controller_(controller),
      window_(window),
      meter_(new SpendMeter(controller, this)) {
    auto *menu = new QMenu(window);
    status_ = menu->addAction(QString());
    status_->setEnabled(false);
    spend_ = menu->addAction(QString());
    spend_->setEnabled(false);
    menu->addSeparator();
    pause_ = menu->addAction(tr("Pause agents"));
    pause_->setCheckable(true);
    pause_->setToolTip(tr("New inference requests are answered 429 until unchecked"));
    connect(pause_, &QAction::toggled, this, &TrayIcon::setPaused);
    open_ = menu->addAction(tr("Open Gatehouse"), window_, &MainWindow::bringToFront);
    start_ = menu->addAction(tr("Start gateway"), controller_, &GatewayController::start);
    stop_ = menu->addAction(tr("Stop gateway"), controller_, &GatewayController::stop);
    menu->addSeparator();
    quit_ = menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);
    setContextMenu(menu);
    // The menu shows the spend as of its opening, not of the last tick.
    connect(menu, &QMenu::aboutToShow, meter_, &SpendMeter::refresh);
    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger || reason == DoubleClick) window_->bringToFront();
    });
    connect(this, &QSystemTrayIcon::messageClicked, window_, &MainWindow::bringToFront);
    connect(controller_, &GatewayController::started, this, &TrayIcon::refresh);
    connect(controller_, &GatewayController::stopped, this, &TrayIcon::refresh);
    connect(controller_, &GatewayController::startFailed, this, &TrayIcon::refresh);
    // A new Gateway object (a new address) starts unpaused: keep the switch.
    connect(controller_, &GatewayController::gatewayChanged, this, [this] {
        controller_->gateway()->setInferencePaused(pause_->isChecked());
        refresh();
    });
    connect(meter_, &SpendMeter::updated, this, &TrayIcon::refresh);
    connect(meter_, &SpendMeter::thresholdCrossed, this, &TrayIcon::notify);
    refresh();
}

void TrayIcon::setPaused(bool paused) {
    controller_->gateway()->setInferencePaused(paused);
    refresh();
}

void TrayIcon::notify(const QString &title, const QString &message) {
    showMessage(title, message, QSystemTrayIcon::Warning);
    emit notified(title, message);
}

void TrayIcon::refresh() {
    // /api/pause may have changed the switch: the menu follows the gateway.
    const bool paused = controller_->gateway()->inferencePaused();
    if (pause_->isChecked() != paused) {
        const QSignalBlocker block(pause_);
        pause_->setChecked(paused);
    }
    const bool running = controller_->isRunning();
    QString text = running ? tr("Gateway running on %1").arg(controller_->gateway()->baseUrl())
                           : tr("Gateway stopped");
    if (paused) text += tr(" — agents paused");
    status_->setText(text);
    const QString spend = SpendMeter::summary(meter_->reading());
    spend_->setText(spend.isEmpty() ? tr("Spend: request log off") : spend);
    spend_->setVisible(running || !spend.isEmpty());
    setToolTip(QStringLiteral("Gatehouse — ") + text +
               (spend.isEmpty() ? QString() : QLatin1Char('\n') + spend));
    // The pause glyph while paused, so a glance at the tray tells.
    setIcon(QIcon(paused ? QStringLiteral(":/gatehouse/icons/pause.svg")
                         : QStringLiteral(":/gatehouse/icons/gatehouse.svg")));
    start_->setEnabled(!running);
    stop_->setEnabled(running);
}

}  // namespace gatehouse
