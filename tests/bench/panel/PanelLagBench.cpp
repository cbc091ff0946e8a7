// The panel under load: runs the real main window (hook log page showing,
// the busiest page) with a real gateway and the hello-world plugin, and
// reports how late the GUI event loop runs and how much memory the process
// holds while an outside load generator (tests/bench/panel.sh runs wrk)
// drives the gateway. Not a test: it measures and prints.
//   gatehouse_panel_bench <port> <seconds> <hello-world.so> [dashboard|hooklog]
#include "GatewayController.h"
#include "MainWindow.h"
#include "PanelSettings.h"
#include "config/ConfigLoader.h"
#include "models/HookLogModel.h"
#include "pages/HookLogPage.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gatehouse;

namespace {

long rssKib() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[size_t(p * double(v.size() - 1))];
}

}  // namespace

int main(int argc, char **argv) {
    qputenv("QT_NO_GLIB", "1");
    QApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <port> <seconds> <hello-world.so>\n", argv[0]);
        return 2;
    }
    const QByteArray config =
        R"({"providers": {"mock": {"keys": []}}, "plugins": [{"name": "hello-world", "path": ")" +
        QByteArray(argv[3]) + R"("}]})";
    GatewayConfig parsed;
    ConfigError error;
    if (!ConfigLoader::loadJson(config, QStringLiteral("bench.json"), &parsed, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error.toString()));
        return 1;
    }
    GatewayOptions options;
    options.port = quint16(QByteArray(argv[1]).toUInt());
    GatewayController controller(parsed, options);
    if (!controller.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(controller.lastError()));
        return 1;
    }
    PanelSettings settings;
    MainWindow window(&controller, &settings);
    const bool dashboard = argc > 4 && QByteArray(argv[4]) == "dashboard";
    window.showPage(dashboard ? MainWindow::Dashboard : MainWindow::HookLog);
    window.show();

    // A 10 ms tick; how much later than due each one runs is the lag a user
    // would feel as stutter.
    std::vector<double> lagMs;
    QElapsedTimer clock;
    clock.start();
    qint64 due = 10;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        lagMs.push_back(double(std::max<qint64>(0, now - due)));
        due = now + 10;
    });
    tick.start(10);
    long maxRss = 0;
    QTimer memory;
    QObject::connect(&memory, &QTimer::timeout, [&] { maxRss = std::max(maxRss, rssKib()); });
    memory.start(250);
    std::fprintf(stderr, "panel bench: gateway on %s, measuring for %s s\n",
                 qPrintable(controller.gateway()->baseUrl()), argv[2]);
    QTimer::singleShot(QByteArray(argv[2]).toInt() * 1000, &app, &QApplication::quit);
    app.exec();
    const auto m = controller.gateway()->metrics();
    std::printf(
        "requests=%llu hook_log_rows=%d event_loop_lag_ms_p50=%.1f p99=%.1f max=%.1f "
        "rss_mib_max=%.1f rss_mib_end=%.1f\n",
        static_cast<unsigned long long>(m.requests), window.hookLogPage()->model()->rowCount(),
        percentile(lagMs, 0.5), percentile(lagMs, 0.99), percentile(lagMs, 1.0),
        double(maxRss) / 1024.0, double(rssKib()) / 1024.0);
    return 0;
}
