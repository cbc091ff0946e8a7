#include "TrayIcon.h"

#include "GatewayController.h"
#include "MainWindow.h"

#include <QAction>
#include <QMenu>

namespace gatehouse {

TrayIcon::TrayIcon(GatewayController *controller, MainWindow *window, QObject *parent)
    : QSystemTrayIcon(QIcon(QStringLiteral(":/gatehouse/icons/gatehouse.svg")), parent),
      controller_(controller),
      window_(window) {
    auto *menu = new QMenu(window);
    status_ = menu->addAction(QString());
    status_->setEnabled(false);
    menu->addSeparator();
    open_ = menu->addAction(tr("Open Gatehouse"), window_, &MainWindow::bringToFront);
    start_ = menu->addAction(tr("Start gateway"), controller_, &GatewayController::start);
    stop_ = menu->addAction(tr("Stop gateway"), controller_, &GatewayController::stop);
    menu->addSeparator();
    quit_ = menu->addAction(tr("Quit"), this, &TrayIcon::quitRequested);
    setContextMenu(menu);
    connect(this, &QSystemTrayIcon::activated, this, [this](ActivationReason reason) {
        if (reason == Trigger || reason == DoubleClick) window_->bringToFront();
    });
    connect(controller_, &GatewayController::started, this, &TrayIcon::refresh);
    connect(controller_, &GatewayController::stopped, this, &TrayIcon::refresh);
    connect(controller_, &GatewayController::startFailed, this, &TrayIcon::refresh);
    connect(controller_, &GatewayController::gatewayChanged, this, &TrayIcon::refresh);
    refresh();
}

void TrayIcon::refresh() {
    const bool running = controller_->isRunning();
    const QString text = running
                             ? tr("Gateway running on %1").arg(controller_->gateway()->baseUrl())
                             : tr("Gateway stopped");
    status_->setText(text);
    setToolTip(QStringLiteral("Gatehouse — ") + text);
    start_->setEnabled(!running);
    stop_->setEnabled(running);
}

}  // namespace gatehouse
