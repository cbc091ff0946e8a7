#include "Screenshots.h"

#include <QTableView>
#include "Gateway.h"
#include "GatewayController.h"
#include "MainWindow.h"
#include "models/PluginTableModel.h"
#include "models/ProviderTableModel.h"
#include "models/RequestTableModel.h"
#include "pages/DashboardPage.h"
#include "pages/PluginsPage.h"
#include "pages/PricesPage.h"
#include "pages/ProvidersPage.h"
#include "pages/RequestsPage.h"
#include "pages/SessionsPage.h"
#include "widgets/SpendPanel.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPalette>
#include <QPixmap>
#include <QPushButton>
#include <QStyleFactory>
#include <QThread>
#include <QTimer>
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

void applyScreenshotTheme() {
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (qEnvironmentVariable("GATEHOUSE_SCREENSHOT_THEME") != QLatin1String("dark")) return;
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2c));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x7d, 0xd8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Mid, QColor(0x4a, 0x4d, 0x52));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x40));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1b, 0x1d));
    p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    QApplication::setPalette(p);
}

namespace {

// A few turns of two agent sessions, sent as the agents send them (their
// user agent and session header), for the Sessions page.
void sendAgentTurns(QNetworkAccessManager &net, const QString &baseUrl) {
    struct Turn {
        const char *userAgent, *sessionHeader, *session, *path, *body;
    };
    const Turn turns[] = {
        {"claude-cli/2.1.197 (external, sdk-cli)", "x-claude-code-session-id",
         "8aebe87f-c897-4823-a0b9-072a75d56700", "/anthropic/v1/messages",
         R"({"model":"mock/echo","max_tokens":256,"messages":[{"role":"user","content":"Fix the failing test in src/parser.cpp"}]})"},
        {"codex_exec/0.171.0", "session-id", "01a23f79-ace4-76e3-bfa4-23bab631de15",
         "/v1/responses", R"({"model":"mock/echo","input":"Add a --json flag to the CLI"})"},
    };
    for (int round = 0; round < 3; ++round) {
        for (const Turn &t : turns) {
            QNetworkRequest request(QUrl(baseUrl + QLatin1String(t.path)));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            request.setRawHeader("User-Agent", t.userAgent);
            request.setRawHeader(t.sessionHeader, t.session);
            request.setRawHeader("anthropic-version", "2023-06-01");
            QNetworkReply *reply = net.post(request, QByteArray(t.body));
            QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        }
    }
}

}  // namespace

bool saveScreenshots(MainWindow &window, const QString &dir) {
    QDir().mkpath(dir);
    window.resize(1100, 720);
    // Steady requests while the pictures are taken, so charts and logs have lines.
    QTimer traffic;
    QObject::connect(&traffic, &QTimer::timeout, &window, [&window] {
        if (window.dashboardPage()->testButton()->isEnabled())
            window.dashboardPage()->testButton()->click();
    });
    traffic.start(150);
    QNetworkAccessManager net;
    sendAgentTurns(net, window.controller()->gateway()->baseUrl());
    settle(8000);
    // The last plugin: the bundled example config puts one with settings there.
    const int plugins = window.pluginsPage()->model()->rowCount();
    if (plugins > 0)
        window.pluginsPage()->selectPlugin(
            window.pluginsPage()->model()->statusAt(plugins - 1).name);
    // A request with its trace in the detail pane.
    auto *requests = window.requestsPage();
    if (requests->model()->rowCount() > 0) requests->table()->selectRow(0);
    // The first provider tested (its outcome in the table), the last one in the editor.
    auto *providers = window.providersPage();
    if (const int count = providers->model()->rowCount()) {
        providers->testProvider(providers->model()->providerAt(0).name);
        settle(500);
        providers->selectProvider(providers->model()->providerAt(count - 1).name);
    }
    // Which price a model gets, and from where.
    window.pricesPage()->lookUp(QStringLiteral("openai"), QStringLiteral("gpt-4o"));
    // The spend as of now (the panel refreshes itself every half minute).
    window.dashboardPage()->spendPanel()->refresh();
    settle(500);
    window.sessionsPage()->refresh();
    settle(500);
    const char *names[] = {"dashboard", "requests",  "sessions",     "plugins",
                           "hook-log",  "providers", "virtual-keys", "prices",
                           "mcp",       "agents",    "settings"};
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
