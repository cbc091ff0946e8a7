#pragma once

#include <QMainWindow>

class QAction;
class QListWidget;
class QStackedWidget;

namespace gatehouse {

class AgentsPage;
class DashboardPage;
class GatewayController;
class HookLogPage;
class McpPage;
class MetricsSampler;
class PanelSettings;
class PluginsPage;
class PricesPage;
class ProvidersPage;
class RequestsPage;
class SessionsPage;
class SettingsPage;
class VirtualKeysPage;
class StatusBar;

// The control panel: a sidebar of pages (dashboard, requests, plugins, hook
// log, providers, virtual keys, MCP servers, settings), Start/Stop/Restart in the toolbar and the
// gateway's vital signs in the status bar. Closing it hides it to the tray when the settings say
// so; the gateway keeps running. Main thread.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page {
        Dashboard,
        Requests,
        Sessions,
        Plugins,
        HookLog,
        Providers,
        VirtualKeys,
        Prices,
        Mcp,
        Agents,
        Settings,
        PageCount
    };

    MainWindow(GatewayController *controller, PanelSettings *settings, QWidget *parent = nullptr);

    void showPage(Page page);
    QWidget *page(Page page) const;
    QString pageTitle(Page page) const;
    DashboardPage *dashboardPage() const { return dashboard_; }
    RequestsPage *requestsPage() const { return requests_; }
    SessionsPage *sessionsPage() const { return sessions_; }
    GatewayController *controller() const { return controller_; }
    PluginsPage *pluginsPage() const { return plugins_; }
    HookLogPage *hookLogPage() const { return hookLog_; }
    ProvidersPage *providersPage() const { return providers_; }
    VirtualKeysPage *virtualKeysPage() const { return virtualKeys_; }
    PricesPage *pricesPage() const { return prices_; }
    McpPage *mcpPage() const { return mcp_; }
    AgentsPage *agentsPage() const { return agents_; }
    SettingsPage *settingsPage() const { return settingsPage_; }
    StatusBar *panelStatusBar() const { return status_; }
    MetricsSampler *sampler() const { return sampler_; }
    QAction *startAction() const { return start_; }
    QAction *stopAction() const { return stop_; }
    QAction *restartAction() const { return restart_; }

    // Whether closing the window hides it (tray) instead of quitting.
    void setHidesOnClose(bool hides) { hidesOnClose_ = hides; }
    // Raises and focuses the window (a second launch asks for this).
    void bringToFront();

signals:
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateActions();
    void showAbout();

    GatewayController *controller_;
    PanelSettings *settings_;
    MetricsSampler *sampler_;
    QListWidget *sidebar_;
    QStackedWidget *pages_;
    DashboardPage *dashboard_;
    RequestsPage *requests_;
    SessionsPage *sessions_ = nullptr;
    McpPage *mcp_ = nullptr;
    AgentsPage *agents_ = nullptr;
    PluginsPage *plugins_;
    HookLogPage *hookLog_;
    ProvidersPage *providers_;
    VirtualKeysPage *virtualKeys_ = nullptr;
    PricesPage *prices_ = nullptr;
    SettingsPage *settingsPage_;
    StatusBar *status_;
    QAction *start_, *stop_, *restart_;
    bool hidesOnClose_ = false;
};

}  // namespace gatehouse
