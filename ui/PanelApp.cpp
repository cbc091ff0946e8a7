#include "PanelApp.h"

#include "GatewayController.h"
#include "MainWindow.h"
#include "PanelSession.h"
#include "PanelSettings.h"
#include "Screenshots.h"
#include "SingleInstance.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QIcon>
#include <cstdio>
#include <memory>

namespace gatehouse {

void applySavedSettings(const PanelSettings &settings, PanelOptions *options) {
    if (!options->addressGiven && settings.hasAddress()) {
        options->gateway.host = settings.host();
        options->gateway.port = settings.port();
    }
    if (settings.hasLogSettings()) {
        GatewayController::LogSettings log = settings.logSettings();
        if (!options->gateway.store.isEmpty()) log.store = options->gateway.store;
        GatewayController::applyLogSettings(log, &options->config, &options->gateway);
    }
}

int runPanel(QApplication &app, PanelOptions options) {
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/gatehouse/icons/gatehouse.svg")));
    const bool screenshots = !options.screenshotsDir.isEmpty();
    if (screenshots) applyScreenshotTheme();
    SingleInstance instance(singleInstanceName());
    if (!screenshots) {
        if (instance.notifyRunning()) {
            std::fprintf(stderr, "gatehouse: already running; brought its window forward\n");
            return 0;
        }
        instance.listen();
    }

    PanelSettings settings;
    // Screenshots show the given config, whatever this user chose.
    if (!screenshots) applySavedSettings(settings, &options);
    GatewayController controller(options.config, options.gateway);
    if (controller.start())
        std::fprintf(stderr, "gatehouse %s listening on %s\n", GATEHOUSE_VERSION,
                     qPrintable(controller.gateway()->baseUrl()));
    else
        // The panel still opens: it shows why and lets the user pick another port.
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(controller.lastError()));

    MainWindow window(&controller, &settings);
    std::unique_ptr<TrayIcon> tray;
    if (QSystemTrayIcon::isSystemTrayAvailable() && !screenshots) {
        tray = std::make_unique<TrayIcon>(&controller, &window);
        tray->show();
    }
    PanelSession session(&controller, &window, tray.get());
    // With the window hidden in the tray the app must not quit on its own.
    app.setQuitOnLastWindowClosed(!tray);
    QObject::connect(&session, &PanelSession::finished, &app, &QApplication::quit);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window,
                     &MainWindow::bringToFront);
    window.show();
    if (screenshots) return saveScreenshots(window, options.screenshotsDir) ? 0 : 1;
    const int code = app.exec();
    settings.setWindow(window.saveGeometry(), window.saveState());
    controller.stop();
    return code;
}

}  // namespace gatehouse
