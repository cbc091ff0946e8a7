// The tray icon and how the panel ends: its menu's Start/Stop/Open/Quit on
// the running gateway, its tooltip, and closing the window with and without
// "keep running in the tray". The offscreen platform has no system tray to
// click, so the tests drive the icon's own menu actions, as a click would.
#include "PanelTestEnv.h"

#include "MainWindow.h"
#include "PanelSession.h"
#include "PanelSettings.h"
#include "TrayIcon.h"

#include <gtest/gtest.h>
#include <QAction>
#include <QMenu>
#include <QSignalSpy>

namespace gatehouse {
namespace {

class Tray : public ::testing::Test {
protected:
    Tray() { window.show(); }
    PanelTestEnv env;
    PanelSettings settings;
    MainWindow window{&env.controller(), &settings};
    TrayIcon tray{&env.controller(), &window};
    PanelSession session{&env.controller(), &window, &tray};
};

TEST_F(Tray, TheMenuHasStatusOpenStartStopAndQuit) {
    const QList<QAction *> actions = tray.contextMenu()->actions();
    EXPECT_TRUE(actions.contains(tray.statusAction()));
    EXPECT_TRUE(actions.contains(tray.openAction()));
    EXPECT_TRUE(actions.contains(tray.startAction()));
    EXPECT_TRUE(actions.contains(tray.stopAction()));
    EXPECT_TRUE(actions.contains(tray.quitAction()));
    EXPECT_FALSE(tray.statusAction()->isEnabled()) << "a label, not a command";
}

TEST_F(Tray, StopAndStartActOnTheRunningGateway) {
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_FALSE(tray.startAction()->isEnabled());
    tray.stopAction()->trigger();
    EXPECT_FALSE(env.controller().isRunning());
    EXPECT_EQ(env.sendChat(), 0) << "nothing listens any more";
    EXPECT_TRUE(tray.startAction()->isEnabled());
    EXPECT_FALSE(tray.stopAction()->isEnabled());

    tray.startAction()->trigger();
    ASSERT_TRUE(env.controller().isRunning()) << env.controller().lastError().toStdString();
    EXPECT_EQ(env.sendChat(), 200);
    EXPECT_FALSE(tray.startAction()->isEnabled());
    EXPECT_TRUE(tray.stopAction()->isEnabled());
}

TEST_F(Tray, TooltipAndStatusFollowTheGateway) {
    const QString url = env.controller().gateway()->baseUrl();
    // The first line; the spend follows on the next (SpendMeterTest).
    auto state = [&] { return tray.toolTip().section('\n', 0, 0); };
    EXPECT_EQ(state(), "Gatehouse — Gateway running on " + url);
    EXPECT_EQ(tray.statusAction()->text(), "Gateway running on " + url);
    // Stopped from the window's toolbar: the tray follows too.
    window.stopAction()->trigger();
    EXPECT_EQ(state(), "Gatehouse — Gateway stopped");
    EXPECT_EQ(tray.statusAction()->text(), "Gateway stopped");
    window.startAction()->trigger();
    EXPECT_TRUE(state().contains("running")) << tray.toolTip().toStdString();
}

TEST_F(Tray, OpenBringsTheHiddenWindowBack) {
    settings.setKeepRunningInTray(true);
    window.close();
    ASSERT_FALSE(window.isVisible());
    tray.openAction()->trigger();
    EXPECT_TRUE(window.isVisible());
    EXPECT_FALSE(window.isMinimized());
}

TEST_F(Tray, QuitStopsTheGatewayAndEndsTheSession) {
    QSignalSpy finished(&session, &PanelSession::finished);
    tray.quitAction()->trigger();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_FALSE(env.controller().isRunning());
    EXPECT_EQ(env.sendChat(), 0);
}

TEST_F(Tray, ClosingTheWindowKeepsTheGatewayServingInTheTray) {
    settings.setKeepRunningInTray(true);
    QSignalSpy finished(&session, &PanelSession::finished);
    window.close();
    EXPECT_FALSE(window.isVisible());
    EXPECT_EQ(finished.count(), 0);
    EXPECT_TRUE(env.controller().isRunning());
    QByteArray body;
    EXPECT_EQ(env.sendChat(&body), 200);
    EXPECT_TRUE(body.contains("hi")) << body.toStdString();
}

TEST_F(Tray, ClosingTheWindowWithoutTheTrayOptionQuitsAndStops) {
    settings.setKeepRunningInTray(false);
    QSignalSpy finished(&session, &PanelSession::finished);
    window.close();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_FALSE(env.controller().isRunning());
    EXPECT_EQ(env.sendChat(), 0);
}

TEST(TraylessDesktop, ClosingTheWindowQuitsEvenWithTheTrayOptionOn) {
    PanelTestEnv env;
    PanelSettings settings;
    settings.setKeepRunningInTray(true);
    MainWindow window(&env.controller(), &settings);
    window.show();
    // No tray to bring it back from, so hiding would strand the gateway.
    PanelSession session(&env.controller(), &window, nullptr);
    QSignalSpy finished(&session, &PanelSession::finished);
    window.close();
    EXPECT_EQ(finished.count(), 1);
    EXPECT_FALSE(env.controller().isRunning());
}

}  // namespace
}  // namespace gatehouse
