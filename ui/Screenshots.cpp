#include "Screenshots.h"

#include "MainWindow.h"
#include "models/PluginTableModel.h"
#include "pages/DashboardPage.h"
#include "pages/PluginsPage.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QPixmap>
#include <QPushButton>
#include <QThread>
#include <cstdio>

namespace gatehouse {

namespace {
void settle(int ms) {
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(10);
    }
}
}  // namespace

bool saveScreenshots(MainWindow &window, const QString &dir) {
    QDir().mkpath(dir);
    window.resize(1100, 720);
    // Some requests spread over a few seconds, so the charts and logs have lines.
    for (int i = 0; i < 8; ++i) {
        if (window.dashboardPage()->testButton()->isEnabled())
            window.dashboardPage()->testButton()->click();
        settle(500);
    }
    settle(1000);
    if (window.pluginsPage()->model()->rowCount() > 0)
        window.pluginsPage()->selectPlugin(window.pluginsPage()->model()->statusAt(0).name);
    const char *names[] = {"dashboard", "plugins", "hook-log", "settings"};
    bool ok = true;
    for (int i = 0; i < MainWindow::PageCount; ++i) {
        window.showPage(MainWindow::Page(i));
        settle(300);
        const QString path = QStringLiteral("%1/%2-%3.png")
                                 .arg(dir)
                                 .arg(i + 1, 2, 10, QLatin1Char('0'))
                                 .arg(QLatin1String(names[i]));
        if (!window.grab().save(path)) {
            std::fprintf(stderr, "gatehouse: cannot write %s\n", qPrintable(path));
            ok = false;
        } else {
            std::fprintf(stderr, "gatehouse: saved %s\n", qPrintable(path));
        }
    }
    return ok;
}

}  // namespace gatehouse
