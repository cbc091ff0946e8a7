// The window around the pages: status bar, Start/Stop, the address setting
// and the dashboard's test request, against a real gateway.
#include "PanelTestEnv.h"

#include "MainWindow.h"
#include "MetricsSampler.h"
#include "PanelSettings.h"
#include "StatusBar.h"
#include "pages/DashboardPage.h"
#include "pages/PricesPage.h"
#include "pages/ProvidersPage.h"
#include "pages/SessionsPage.h"
#include "pages/SettingsPage.h"
#include "store/LogStore.h"
#include "widgets/ConnectPanel.h"
#include "widgets/Sparkline.h"

#include <gtest/gtest.h>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>

namespace gatehouse {
namespace {

class Window : public ::testing::Test {
protected:
    Window() { window.show(); }
    PanelTestEnv env;
    PanelSettings settings;
    MainWindow window{&env.controller(), &settings};
};

TEST_F(Window, StatusBarShowsWhereAndWhetherItRuns) {
    StatusBar *status = window.panelStatusBar();
    EXPECT_EQ(status->urlText(), env.controller().gateway()->baseUrl());
    EXPECT_TRUE(status->stateText().contains("Running"));
    EXPECT_TRUE(status->countersText().contains("req/s"));
    EXPECT_TRUE(status->countersText().contains("in flight"));
}

TEST_F(Window, StopAndStartFromTheToolbar) {
    window.stopAction()->trigger();
    EXPECT_FALSE(env.controller().isRunning());
    EXPECT_TRUE(window.panelStatusBar()->stateText().contains("Stopped"));
    EXPECT_TRUE(window.startAction()->isEnabled());
    EXPECT_FALSE(window.stopAction()->isEnabled());
    window.startAction()->trigger();
    EXPECT_TRUE(env.controller().isRunning());
    EXPECT_EQ(env.sendChat(), 200);
}

TEST_F(Window, RequestsShowInTheSampledRate) {
    for (int i = 0; i < 5; ++i) ASSERT_EQ(env.sendChat(), 200);
    window.sampler()->sampleNow();
    EXPECT_GT(window.sampler()->latest().requestsPerSecond, 0.0);
    EXPECT_GT(window.sampler()->latest().p50Ms, 0.0);
    EXPECT_EQ(window.sampler()->latest().requestsByProvider.value("mock"), 5u);
}

TEST_F(Window, ARequestsLatencyStaysOnTheDashboardAfterItsInterval) {
    ASSERT_EQ(env.sendChat(), 200);
    window.sampler()->sampleNow();
    window.sampler()->sampleNow();  // an interval without requests
    EXPECT_EQ(window.sampler()->latest().p50Ms, 0.0);
    EXPECT_GT(window.sampler()->recentQuantileMs(60000, 0.5), 0.0);
    EXPECT_TRUE(window.dashboardPage()->p50Chart()->latestText().startsWith(QStringLiteral("≤ ")))
        << window.dashboardPage()->p50Chart()->latestText().toStdString();
}

// The three base URLs and each agent's settings carry the running gateway's address.
TEST_F(Window, DashboardShowsBaseUrlsAndAgentSettingsForThisGateway) {
    ConnectPanel *panel = window.dashboardPage()->connectPanel();
    const QString base = env.controller().gateway()->baseUrl();
    EXPECT_EQ(panel->baseUrlText(0), base + "/v1");
    EXPECT_EQ(panel->baseUrlText(1), base + "/anthropic");
    EXPECT_EQ(panel->baseUrlText(2), base + "/genai");
    QComboBox *clients = panel->clientChoice();
    const QStringList expected{"Claude Code", "Codex", "Gemini CLI"};
    for (const QString &name : expected) {
        const int i = clients->findText(name);
        ASSERT_GE(i, 0) << name.toStdString();
        clients->setCurrentIndex(i);
        EXPECT_TRUE(panel->snippetText().contains(base)) << panel->snippetText().toStdString();
    }
    clients->setCurrentIndex(clients->findText("Claude Code"));
    EXPECT_TRUE(panel->snippetText().contains("ANTHROPIC_BASE_URL=" + base + "/anthropic"));
}

TEST_F(Window, DashboardListsTheTopModels) {
    for (int i = 0; i < 2; ++i) ASSERT_EQ(env.sendChat(), 200);
    // The model's row with its count of exactly 2 (the log may show 1 first).
    const QString row = QStringLiteral("<td>mock/echo</td><td align=right>&nbsp;&nbsp;2</td>");
    EXPECT_TRUE(waitUntil([&] {
        window.sampler()->sampleNow();
        return window.dashboardPage()->topText().contains(row);
    })) << window.dashboardPage()->topText().toStdString();
}

TEST_F(Window, ATakenPortIsReportedAndTheGatewayStaysStopped) {
    QTcpServer squatter;
    ASSERT_TRUE(squatter.listen(QHostAddress::LocalHost, 0));
    SettingsPage *page = window.settingsPage();
    page->hostEdit()->setText("127.0.0.1");
    page->portEdit()->setValue(squatter.serverPort());
    QTest::mouseClick(page->applyButton(), Qt::LeftButton);
    EXPECT_FALSE(env.controller().isRunning());
    EXPECT_TRUE(page->message().contains("already in use")) << page->message().toStdString();
    // The system says who holds it: this very test.
    EXPECT_TRUE(page->message().contains("held by")) << page->message().toStdString();
    // And offers a way out.
    EXPECT_TRUE(page->message().contains("is free: choose it in Settings"))
        << page->message().toStdString();
}

TEST_F(Window, MovingToAFreePortRestartsThere) {
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    SettingsPage *page = window.settingsPage();
    page->portEdit()->setValue(port);
    QTest::mouseClick(page->applyButton(), Qt::LeftButton);
    ASSERT_TRUE(env.controller().isRunning()) << page->message().toStdString();
    EXPECT_EQ(env.controller().gateway()->port(), port);
    EXPECT_EQ(window.panelStatusBar()->urlText(), QStringLiteral("http://127.0.0.1:%1").arg(port));
    EXPECT_EQ(env.sendChat(), 200);
}

TEST_F(Window, TurningContentLoggingOffRestartsWithoutBodies) {
    SettingsPage *page = window.settingsPage();
    ASSERT_TRUE(env.controller().gateway()->logs());
    EXPECT_TRUE(env.controller().gateway()->logs()->options().contentLogging);
    page->contentLoggingBox()->setChecked(false);
    QTest::mouseClick(page->logApplyButton(), Qt::LeftButton);
    ASSERT_TRUE(env.controller().isRunning()) << env.controller().lastError().toStdString();
    ASSERT_TRUE(env.controller().gateway()->logs());
    EXPECT_FALSE(env.controller().gateway()->logs()->options().contentLogging);
    EXPECT_EQ(env.sendChat(), 200);
}

TEST_F(Window, SendTestRequestShowsTheAnswer) {
    DashboardPage *dashboard = window.dashboardPage();
    QSignalSpy finished(dashboard, &DashboardPage::testFinished);
    QTest::mouseClick(dashboard->testButton(), Qt::LeftButton);
    ASSERT_TRUE(finished.wait(10000));
    EXPECT_TRUE(finished.first().first().toBool()) << dashboard->testAnswer().toStdString();
    EXPECT_TRUE(dashboard->testAnswer().contains("Hello from the Gatehouse control panel"))
        << dashboard->testAnswer().toStdString();
}

TEST_F(Window, ClosingHidesToTheTrayAndTheGatewayKeepsServing) {
    settings.setKeepRunningInTray(true);
    window.setHidesOnClose(true);
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.close();
    EXPECT_FALSE(window.isVisible());
    EXPECT_EQ(quit.count(), 0);
    EXPECT_EQ(env.sendChat(), 200);
    window.bringToFront();
    EXPECT_TRUE(window.isVisible());
}

TEST_F(Window, ClosingQuitsWhenTheTrayIsNotWanted) {
    settings.setKeepRunningInTray(false);
    window.setHidesOnClose(true);
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.close();
    EXPECT_EQ(quit.count(), 1);
}

TEST_F(Window, EveryPageIsInTheSidebar) {
    EXPECT_EQ(window.pageTitle(MainWindow::Providers), "Providers");
    EXPECT_EQ(window.page(MainWindow::Providers), window.providersPage());
    window.showPage(MainWindow::Providers);
    EXPECT_TRUE(window.providersPage()->isVisible());
    EXPECT_EQ(window.page(MainWindow::Settings), window.settingsPage());
    EXPECT_EQ(window.pageTitle(MainWindow::Prices), "Prices");
    EXPECT_EQ(window.page(MainWindow::Prices), window.pricesPage());
    EXPECT_EQ(window.pageTitle(MainWindow::Sessions), "Sessions");
    EXPECT_EQ(window.page(MainWindow::Sessions), window.sessionsPage());
}

TEST_F(Window, TheNextWindowOpensWithTheSameGeometry) {
    window.resize(901, 643);
    window.close();
    MainWindow next(&env.controller(), &settings);
    EXPECT_EQ(next.size(), QSize(901, 643));
}

}  // namespace
}  // namespace gatehouse
