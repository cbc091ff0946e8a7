// The tray's spend meter against a real gateway and its request log:
// today's spend and the current agent session's in the tooltip and menu,
// each spend threshold announced once, and "Pause agents" stopping and
// resuming inference requests.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "MainWindow.h"
#include "PanelSettings.h"
#include "SpendMeter.h"
#include "TrayIcon.h"
#include "models/RequestTableModel.h"
#include "store/LogStore.h"
#include "trace/RequestTrace.h"
#include "widgets/SpendThresholdsBox.h"

#include <gtest/gtest.h>
#include <QAction>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QSignalSpy>

namespace gatehouse {
namespace {

constexpr qint64 kMinuteMs = 60 * 1000;

class SpendMeterTray : public ::testing::Test {
protected:
    SpendMeterTray() { settings.setSpendThresholds(0, 0); }
    ~SpendMeterTray() override { settings.setSpendThresholds(0, 0); }

    // One priced turn in the log, `agoMs` before now.
    void log(const QString &id, const QString &agent, const QString &session, qint64 agoMs,
             double usd) {
        auto t = std::make_shared<RequestTrace>();
        t->id = id;
        t->startedAtMs = now - agoMs;
        t->provider = QStringLiteral("anthropic");
        t->model = QStringLiteral("claude-sonnet-4-5");
        t->status = 200;
        t->costNanoUsd = qint64(usd * 1e9);
        t->agent = agent;
        t->sessionId = session;
        env.controller().gateway()->logs()->record(t);
        if (t->startedAtMs >= midnight) todayUsd += usd;
    }
    // Reads the log again and waits for the meter's answer.
    bool reread() {
        env.controller().gateway()->logs()->flush();
        QSignalSpy updated(tray.spendMeter(), &SpendMeter::updated);
        tray.spendMeter()->refresh();
        return waitUntil([&] { return updated.count() > 0; });
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 midnight = QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch();
    double todayUsd = 0;
    PanelTestEnv env;
    PanelSettings settings;
    MainWindow window{&env.controller(), &settings};
    TrayIcon tray{&env.controller(), &window};
};

TEST_F(SpendMeterTray, TooltipAndMenuShowTodayAndTheCurrentSession) {
    // s-now's turns: one 40 minutes ago, one just now; it is the current
    // session and its spend is both turns. s-old's last turn is 35 minutes
    // old: not current any more.
    log("a", "claude-code", "s-now", 40 * kMinuteMs, 0.25);
    log("b", "codex", "s-old", 35 * kMinuteMs, 0.50);
    log("c", "claude-code", "s-now", 1000, 0.15);
    log("d", QString(), QString(), 2000, 0.33);
    ASSERT_TRUE(reread());
    // Written as the panel writes costs (4 decimals under $1): near midnight
    // only some of the turns are today's.
    const QString today =
        QStringLiteral("Today ") + RequestTableModel::costText(QJsonValue(todayUsd));
    const QString expected = today + QStringLiteral(" · Session (Claude Code) $0.4000");
    EXPECT_EQ(tray.spendAction()->text(), expected);
    EXPECT_FALSE(tray.spendAction()->isEnabled()) << "a label, not a command";
    EXPECT_TRUE(tray.toolTip().endsWith("\n" + expected)) << tray.toolTip().toStdString();
    EXPECT_EQ(tray.spendMeter()->reading().sessionId, "s-now");
}

TEST_F(SpendMeterTray, WithoutACurrentSessionOnlyTodayIsShown) {
    log("a", "codex", "s-old", 45 * kMinuteMs, 0.50);
    ASSERT_TRUE(reread());
    EXPECT_FALSE(tray.spendAction()->text().contains("Session"))
        << tray.spendAction()->text().toStdString();
    EXPECT_TRUE(tray.spendAction()->text().startsWith("Today $"));
}

TEST_F(SpendMeterTray, EachThresholdIsAnnouncedOnce) {
    settings.setSpendThresholds(1.00, 0.30);
    QSignalSpy notified(&tray, &TrayIcon::notified);
    log("a", "claude-code", "s1", 1000, 0.40);
    ASSERT_TRUE(reread());
    ASSERT_EQ(notified.count(), 1) << "the session's threshold only";
    EXPECT_TRUE(notified.at(0).at(0).toString().contains("Claude Code"))
        << notified.at(0).at(0).toString().toStdString();
    EXPECT_TRUE(notified.at(0).at(1).toString().contains("$0.3000"));

    log("b", "claude-code", "s1", 500, 0.90);
    ASSERT_TRUE(reread());
    ASSERT_EQ(notified.count(), 2) << "today's passed too; the session's was said";
    EXPECT_TRUE(notified.at(1).at(0).toString().contains("today"))
        << notified.at(1).at(0).toString().toStdString();

    ASSERT_TRUE(reread());
    EXPECT_EQ(notified.count(), 2) << "each once";
}

TEST_F(SpendMeterTray, BelowTheThresholdsNothingIsAnnounced) {
    settings.setSpendThresholds(100, 50);
    QSignalSpy notified(&tray, &TrayIcon::notified);
    log("a", "claude-code", "s1", 1000, 0.40);
    ASSERT_TRUE(reread());
    EXPECT_EQ(tray.spendMeter()->reading().sessionId, "s1");
    EXPECT_EQ(notified.count(), 0);
}

TEST_F(SpendMeterTray, PauseAgentsStopsAndResumesInference) {
    ASSERT_EQ(env.sendChat(), 200);
    EXPECT_FALSE(tray.pauseAction()->isChecked());
    tray.pauseAction()->trigger();
    EXPECT_TRUE(tray.pauseAction()->isChecked());
    EXPECT_TRUE(env.controller().gateway()->inferencePaused());
    QByteArray body;
    EXPECT_EQ(env.sendChat(&body), 429);
    EXPECT_TRUE(body.contains("Gatehouse is paused")) << body.toStdString();
    EXPECT_TRUE(tray.toolTip().contains("paused")) << tray.toolTip().toStdString();

    tray.pauseAction()->trigger();
    EXPECT_FALSE(env.controller().gateway()->inferencePaused());
    EXPECT_EQ(env.sendChat(), 200);
    EXPECT_FALSE(tray.toolTip().contains("paused"));
}

TEST_F(SpendMeterTray, ThePauseSetElsewhereShowsInTheMenu) {
    env.controller().gateway()->setInferencePaused(true);  // as PUT /api/pause does
    ASSERT_TRUE(reread());
    EXPECT_TRUE(tray.pauseAction()->isChecked());
    tray.pauseAction()->trigger();
    EXPECT_EQ(env.sendChat(), 200);
}

TEST_F(SpendMeterTray, ClickingTheNotificationOpensThePanel) {
    settings.setKeepRunningInTray(true);
    window.show();
    window.close();
    ASSERT_FALSE(window.isVisible());
    emit tray.messageClicked();
    EXPECT_TRUE(window.isVisible());
}

TEST_F(SpendMeterTray, OpeningTheMenuReadsTheSpendAgain) {
    log("a", "claude-code", "s1", 1000, 0.40);
    env.controller().gateway()->logs()->flush();
    QSignalSpy updated(tray.spendMeter(), &SpendMeter::updated);
    emit tray.contextMenu()->aboutToShow();
    ASSERT_TRUE(waitUntil([&] { return updated.count() > 0; }));
    EXPECT_TRUE(tray.spendAction()->text().contains("Session (Claude Code) $0.4000"))
        << tray.spendAction()->text().toStdString();
}

TEST(SpendThresholds, TheSettingsBoxSavesBothThresholds) {
    PanelSettings settings;
    settings.setSpendThresholds(0, 0);
    SpendThresholdsBox box(&settings);
    EXPECT_EQ(box.dayEdit()->value(), 0);
    box.dayEdit()->setValue(12.5);
    box.sessionEdit()->setValue(3);
    EXPECT_EQ(settings.dayThresholdUsd(), 12.5);
    EXPECT_EQ(settings.sessionThresholdUsd(), 3);
    SpendThresholdsBox reopened(&settings);
    EXPECT_EQ(reopened.dayEdit()->value(), 12.5);
    settings.setSpendThresholds(0, 0);
}

}  // namespace
}  // namespace gatehouse
