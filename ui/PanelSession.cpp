#include "PanelSession.h"

#include "GatewayController.h"
#include "MainWindow.h"
#include "TrayIcon.h"

namespace gatehouse {

PanelSession::PanelSession(GatewayController *controller, MainWindow *window, TrayIcon *tray,
                           QObject *parent)
    : QObject(parent), controller_(controller) {
    // Without a tray a hidden window could never be brought back.
    window->setHidesOnClose(tray != nullptr);
    connect(window, &MainWindow::quitRequested, this, &PanelSession::quit);
    if (tray) connect(tray, &TrayIcon::quitRequested, this, &PanelSession::quit);
}

void PanelSession::quit() {
    // Requests in flight get the configured grace period before the app goes.
    controller_->stop();
    emit finished();
}

}  // namespace gatehouse
