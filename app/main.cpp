// gatehouse: the gateway with its control panel, or headless with --headless.
#include "BundledPlugins.h"
#include "CommandLine.h"
#include "ConnectCommand.h"
#include "PortProbe.h"
#include "SignalWatcher.h"
#include "UserConfig.h"

#include "Gateway.h"
#include "config/ConfigLoader.h"

#ifdef GATEHOUSE_WITH_UI
#include <QApplication>
#include "PanelApp.h"
#endif
#include <QCoreApplication>
#include <cstdio>
#include <memory>

using namespace gatehouse;

namespace {

// Unused when built without the panel (GATEHOUSE_BUILD_UI=OFF).
[[maybe_unused]] bool displayAvailable() {
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen");
}

GatewayConfig loadConfigOrExit(const QString &path) {
    GatewayConfig config;
    ConfigError error;
    if (!ConfigLoader::loadFile(path, &config, &error)) {
        std::fprintf(stderr, "gatehouse: configuration refused: %s\n",
                     qPrintable(error.toString()));
        std::exit(1);
    }
    return config;
}

// --config, or the user's config.json (written with the defaults on the
// first run).
QString configPathOrExit(const CommandLine &cl) {
    if (!cl.configPath.isEmpty()) return cl.configPath;
    UserConfig user;
    QString error;
    if (!ensureUserConfig(&user, &error)) {
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(error));
        std::exit(1);
    }
    if (user.created)
        std::fprintf(stderr, "gatehouse: first run: wrote the default configuration to %s\n",
                     qPrintable(user.path));
    return user.path;
}

#ifdef GATEHOUSE_WITH_UI
int runWithPanel(QApplication &app, const CommandLine &cl) {
    PanelOptions options;
    options.config = loadConfigOrExit(configPathOrExit(cl));
    options.gateway = cl.gateway;
    options.gateway.systemPluginDirectories = bundledPluginDirectories();
    options.addressGiven = cl.addressGiven;
    options.screenshotsDir = cl.screenshotsDir;
    SignalWatcher signals_;
    QObject::connect(&signals_, &SignalWatcher::terminationRequested, &app,
                     [&](int) { app.quit(); });
    const int code = runPanel(app, std::move(options));
    std::fprintf(stderr, "gatehouse: stopped\n");
    return code;
}
#endif

int run(QCoreApplication &app, const CommandLine &cl) {
    const QString configPath = configPathOrExit(cl);
    GatewayOptions options = cl.gateway;
    options.systemPluginDirectories = bundledPluginDirectories();
    Gateway gateway(loadConfigOrExit(configPath), options);
    QString error;
    if (!gateway.start(&error)) {
        // Say who has the port and which one is free, rather than only that
        // listening failed.
        if (options.port != 0 && PortProbe::inUse(options.host, options.port))
            error = PortProbe::takenMessage(options.host, options.port);
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(error));
        return 1;
    }
    // Watching for signals before the first line is printed: a script that
    // stops the gateway as soon as it reads that line must stop it cleanly
    // (the Unix socket removed), not kill it.
    SignalWatcher signals_;
    int terminations = 0;
    QObject::connect(&signals_, &SignalWatcher::terminationRequested, &app, [&](int) {
        if (++terminations > 1) {
            std::fprintf(stderr, "gatehouse: stopping now\n");
            std::_Exit(130);
        }
        std::fprintf(stderr,
                     "gatehouse: finishing requests in progress, then stopping "
                     "(press Ctrl-C again to stop at once)\n");
        gateway.stop(gateway.config().client.shutdownGraceMs);
        app.quit();
    });
    std::fprintf(stderr, "gatehouse %s listening on %s (config %s)\n", GATEHOUSE_VERSION,
                 qPrintable(gateway.baseUrl()), qPrintable(configPath));
    if (!gateway.unixSocketPath().isEmpty())
        std::fprintf(stderr, "gatehouse: also serving on the Unix socket %s\n",
                     qPrintable(gateway.unixSocketPath()));
    if (gateway.apiTokenRequired())
        std::fprintf(stderr,
                     "gatehouse: warning: listening on %s, reachable from other machines: /api "
                     "requires the token in %s\n",
                     qPrintable(gateway.baseUrl().mid(7)), qPrintable(gateway.apiTokenFile()));

    const int code = app.exec();
    gateway.stop(gateway.config().client.shutdownGraceMs);
    std::fprintf(stderr, "gatehouse: stopped\n");
    return code;
}

}  // namespace

int main(int argc, char **argv) {
    // Qt's own poll-based event dispatcher instead of GLib's: measured 20-30%
    // more requests/s on the gateway's worker threads (docs/performance.md).
    // Must be set before the first event loop exists, in every thread.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB")) qputenv("QT_NO_GLIB", "1");
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    // A subcommand: edits files and exits, with neither gateway nor panel.
    if (arguments.size() > 1 && arguments[1] == QLatin1String("connect")) {
        QCoreApplication app(argc, argv);
        return runConnectCommand(arguments.mid(1));
    }
    bool wantsPanel = !arguments.contains(QStringLiteral("--headless"));
    // --help and --version print and exit before any app object needs a display.
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")) ||
        arguments.contains(QStringLiteral("--version")) ||
        arguments.contains(QStringLiteral("-v"))) {
        QCoreApplication app(argc, argv);
        parseCommandLine(arguments);
        return 0;
    }
    const CommandLine cl = parseCommandLine(arguments);
#ifdef GATEHOUSE_WITH_UI
    if (wantsPanel && displayAvailable()) {
        QApplication app(argc, argv);
        // Desktops find the menu entry's name and icon by this (Wayland's
        // app id; packaging/ installs <id>.desktop).
        QGuiApplication::setDesktopFileName(QStringLiteral(GATEHOUSE_APP_ID));
        return runWithPanel(app, cl);
    }
    if (wantsPanel)
        std::fprintf(stderr, "gatehouse: no display found, running the gateway headless\n");
#else
    if (wantsPanel)
        std::fprintf(stderr, "gatehouse: built without the control panel, running headless\n");
#endif
    QCoreApplication app(argc, argv);
    return run(app, cl);
}
