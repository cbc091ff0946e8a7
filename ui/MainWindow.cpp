#include "MainWindow.h"

#include "GatewayController.h"
#include "MetricsSampler.h"
#include "PanelSettings.h"
#include "StatusBar.h"
#include "pages/AgentsPage.h"
#include "pages/DashboardPage.h"
#include "pages/HookLogPage.h"
#include "pages/McpPage.h"
#include "pages/PluginsPage.h"
#include "pages/PricesPage.h"
#include "pages/ProvidersPage.h"
#include "pages/RequestsPage.h"
#include "pages/SessionsPage.h"
#include "pages/SettingsPage.h"
#include "pages/VirtualKeysPage.h"

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QStackedWidget>
#include <QToolBar>

namespace gatehouse {

namespace {
// The icon, plus a copy in the highlighted-text colour for the selected
// row: the blue line icons would vanish on the blue selection otherwise.
QIcon sidebarIcon(const QString &path, const QColor &selected) {
    // Pixmaps, not the SVG engine: it would ignore the added Selected pixmap.
    const QPixmap normal = QIcon(path).pixmap(QSize(40, 40));
    QPixmap tinted = normal;
    QPainter painter(&tinted);
    painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
    painter.fillRect(tinted.rect(), selected);
    painter.end();
    QIcon icon;
    icon.addPixmap(normal, QIcon::Normal);
    icon.addPixmap(tinted, QIcon::Selected);
    return icon;
}
}  // namespace

MainWindow::MainWindow(GatewayController *controller, PanelSettings *settings, QWidget *parent)
    : QMainWindow(parent),
      controller_(controller),
      settings_(settings),
      sampler_(new MetricsSampler(controller, 500, this)),
      sidebar_(new QListWidget(this)),
      pages_(new QStackedWidget(this)) {
    setWindowTitle(QStringLiteral("Gatehouse"));
    setWindowIcon(QIcon(QStringLiteral(":/gatehouse/icons/gatehouse.svg")));
    setObjectName(QStringLiteral("mainWindow"));
    setMinimumSize(820, 560);

    dashboard_ = new DashboardPage(controller_, sampler_, this);
    requests_ = new RequestsPage(controller_, this);
    sessions_ = new SessionsPage(controller_, this);
    plugins_ = new PluginsPage(controller_, this);
    hookLog_ = new HookLogPage(controller_, this);
    providers_ = new ProvidersPage(controller_, this);
    virtualKeys_ = new VirtualKeysPage(controller_, this);
    prices_ = new PricesPage(controller_, this);
    mcp_ = new McpPage(controller_, this);
    agents_ = new AgentsPage(controller_, this);
    settingsPage_ = new SettingsPage(controller_, settings_, this);
    const struct {
        QWidget *page;
        const char *icon;
    } pages[] = {{dashboard_, "dashboard"}, {requests_, "requests"},    {sessions_, "sessions"},
                 {plugins_, "plugins"},     {hookLog_, "hooklog"},      {providers_, "providers"},
                 {virtualKeys_, "keys"},    {prices_, "prices"},        {mcp_, "mcp"},
                 {agents_, "agents"},       {settingsPage_, "settings"}};
    for (int i = 0; i < PageCount; ++i) {
        pages_->addWidget(pages[i].page);
        auto *item = new QListWidgetItem(
            sidebarIcon(
                QStringLiteral(":/gatehouse/icons/%1.svg").arg(QLatin1String(pages[i].icon)),
                palette().color(QPalette::HighlightedText)),
            pageTitle(Page(i)), sidebar_);
        item->setSizeHint(QSize(0, 36));
    }
    sidebar_->setIconSize(QSize(20, 20));
    sidebar_->setFixedWidth(170);
    sidebar_->setFrameShape(QFrame::NoFrame);
    // The window colour, so the sidebar reads as navigation, not as a list of data.
    sidebar_->setStyleSheet(
        QStringLiteral("QListWidget { background: palette(window); padding: 8px 4px; }"));
    connect(hookLog_, &HookLogPage::requestActivated, this, [this](const QString &id) {
        showPage(Requests);
        requests_->openRequest(id);
    });
    connect(sessions_, &SessionsPage::requestActivated, this, [this](const QString &id) {
        showPage(Requests);
        requests_->openRequest(id);
    });
    connect(sidebar_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(sidebar_);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(pages_, 1);
    setCentralWidget(central);

    auto *toolbar = addToolBar(tr("Gateway"));
    toolbar->setObjectName(QStringLiteral("gatewayToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    start_ = toolbar->addAction(QIcon(QStringLiteral(":/gatehouse/icons/start.svg")), tr("Start"));
    stop_ = toolbar->addAction(QIcon(QStringLiteral(":/gatehouse/icons/stop.svg")), tr("Stop"));
    restart_ =
        toolbar->addAction(QIcon(QStringLiteral(":/gatehouse/icons/restart.svg")), tr("Restart"));
    connect(start_, &QAction::triggered, controller_, &GatewayController::start);
    connect(stop_, &QAction::triggered, controller_, &GatewayController::stop);
    connect(restart_, &QAction::triggered, controller_, &GatewayController::restart);
    connect(controller_, &GatewayController::started, this, &MainWindow::updateActions);
    connect(controller_, &GatewayController::stopped, this, &MainWindow::updateActions);
    connect(controller_, &GatewayController::startFailed, this, &MainWindow::updateActions);
    connect(controller_, &GatewayController::gatewayChanged, this, &MainWindow::updateActions);

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quitRequested);
    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Gatehouse"), this, &MainWindow::showAbout);

    status_ = new StatusBar(controller_, sampler_, this);
    setStatusBar(status_);

    sidebar_->setCurrentRow(Dashboard);
    resize(1040, 700);
    if (!settings_->windowGeometry().isEmpty()) restoreGeometry(settings_->windowGeometry());
    if (!settings_->windowState().isEmpty()) restoreState(settings_->windowState());
    updateActions();
}

QString MainWindow::pageTitle(Page page) const {
    switch (page) {
        case Dashboard:
            return tr("Dashboard");
        case Requests:
            return tr("Requests");
        case Sessions:
            return tr("Sessions");
        case Plugins:
            return tr("Plugins");
        case HookLog:
            return tr("Hook log");
        case Providers:
            return tr("Providers");
        case VirtualKeys:
            return tr("Virtual keys");
        case Prices:
            return tr("Prices");
        case Mcp:
            return tr("MCP servers");
        case Agents:
            return tr("Coding agents");
        case Settings:
            return tr("Settings");
        default:
            return {};
    }
}

void MainWindow::showPage(Page page) {
    sidebar_->setCurrentRow(page);
}

QWidget *MainWindow::page(Page page) const {
    return pages_->widget(page);
}

void MainWindow::bringToFront() {
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::updateActions() {
    const bool running = controller_->isRunning();
    start_->setEnabled(!running);
    stop_->setEnabled(running);
    restart_->setEnabled(running);
    setWindowTitle(running ? QStringLiteral("Gatehouse — %1").arg(controller_->gateway()->baseUrl())
                           : QStringLiteral("Gatehouse — stopped"));
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Gatehouse"),
        tr("<h3>Gatehouse %1</h3>"
           "<p>A local LLM gateway (OpenAI and Anthropic compatible) with plugins, "
           "and this control panel.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QStringLiteral(GATEHOUSE_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event) {
    settings_->setWindow(saveGeometry(), saveState());
    if (hidesOnClose_ && settings_->keepRunningInTray()) {
        hide();
        event->ignore();
        return;
    }
    event->accept();
    emit quitRequested();
}

}  // namespace gatehouse
