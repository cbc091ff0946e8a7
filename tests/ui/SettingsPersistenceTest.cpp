// "Restarting the app keeps every setting": each setting of the Settings
// page is changed, the panel's objects are built again from scratch as the
// next launch builds them (PanelSettings, applySavedSettings, a new
// controller and page), and every setting reads back — and is in force in
// the new gateway, not only shown.
#include "PanelTestEnv.h"

#include "PanelApp.h"
#include "PanelSettings.h"
#include "config/ConfigLoader.h"
#include "pages/SettingsPage.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace gatehouse {
namespace {

// The options the app builds from its command line: config.json, no --port/--store.
PanelOptions launchOptions(const QTemporaryDir &dir) {
    PanelOptions options;
    ConfigError error;
    EXPECT_TRUE(ConfigLoader::loadJson(R"({"providers": {"mock": {"keys": []}}})",
                                       QStringLiteral("restart-test.json"), &options.config,
                                       &error));
    options.gateway.port = 0;
    options.gateway.workers = 1;
    options.gateway.apiTokenFile = dir.filePath(QStringLiteral("api-token"));
    return options;
}

// One launch of the panel: what runPanel builds before the window.
struct Launch {
    explicit Launch(const QTemporaryDir &dir) : options(launchOptions(dir)) {
        applySavedSettings(settings, &options);
        controller = std::make_unique<GatewayController>(options.config, options.gateway);
        EXPECT_TRUE(controller->start()) << controller->lastError().toStdString();
        page = std::make_unique<SettingsPage>(controller.get(), &settings);
    }
    PanelOptions options;
    PanelSettings settings;
    std::unique_ptr<GatewayController> controller;
    std::unique_ptr<SettingsPage> page;
};

void clearPanelSettings() {
    QSettings(QSettings::NativeFormat, QSettings::UserScope, "gatehouse", "panel").clear();
}

// Starts and ends with no saved settings, so other tests see the defaults.
class SettingsPersistence : public ::testing::Test {
protected:
    SettingsPersistence() { clearPanelSettings(); }
    ~SettingsPersistence() override { clearPanelSettings(); }
};

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

TEST_F(SettingsPersistence, EverySettingSurvivesARestart) {
    QTemporaryDir dir;
    const quint16 port = freePort();
    const QString store = dir.filePath("elsewhere.sqlite");
    QString token;
    {
        Launch first(dir);
        SettingsPage *page = first.page.get();
        // Defaults before: nothing of what follows is already so.
        ASSERT_TRUE(page->contentLoggingBox()->isChecked());
        ASSERT_NE(page->retentionEdit()->value(), 12);
        ASSERT_TRUE(page->trayBox()->isChecked());

        page->hostEdit()->setText("127.0.0.1");
        page->portEdit()->setValue(port);
        QTest::mouseClick(page->applyButton(), Qt::LeftButton);
        ASSERT_TRUE(first.controller->isRunning()) << page->message().toStdString();

        page->contentLoggingBox()->setChecked(false);
        page->retentionEdit()->setValue(12);
        page->storeEdit()->setText(store);
        QTest::mouseClick(page->logApplyButton(), Qt::LeftButton);
        ASSERT_TRUE(first.controller->isRunning()) << first.controller->lastError().toStdString();

        page->trayBox()->setChecked(false);
        token = page->tokenEdit()->text();
        ASSERT_FALSE(token.isEmpty());
        EXPECT_EQ(token, first.controller->gateway()->apiToken());
    }
    Launch next(dir);
    SettingsPage *page = next.page.get();
    EXPECT_EQ(page->hostEdit()->text(), "127.0.0.1");
    EXPECT_EQ(page->portEdit()->value(), port);
    EXPECT_TRUE(page->loggingBox()->isChecked());
    EXPECT_FALSE(page->contentLoggingBox()->isChecked());
    EXPECT_EQ(page->retentionEdit()->value(), 12);
    EXPECT_EQ(page->storeEdit()->text(), store);
    EXPECT_FALSE(page->trayBox()->isChecked());
    EXPECT_FALSE(next.settings.keepRunningInTray());
    EXPECT_EQ(page->tokenEdit()->text(), token);

    // In force, not only shown.
    Gateway *gateway = next.controller->gateway();
    EXPECT_EQ(gateway->port(), port);
    ASSERT_TRUE(gateway->logs());
    EXPECT_FALSE(gateway->logs()->options().contentLogging);
    EXPECT_EQ(gateway->logs()->options().retentionDays, 12);
    EXPECT_EQ(gateway->logs()->options().location.sqlitePath, store);
    EXPECT_EQ(gateway->apiToken(), token);
}

TEST_F(SettingsPersistence, TurningTheLogOffSurvivesARestart) {
    QTemporaryDir dir;
    {
        Launch first(dir);
        first.page->loggingBox()->setChecked(false);
        QTest::mouseClick(first.page->logApplyButton(), Qt::LeftButton);
        ASSERT_TRUE(first.controller->isRunning());
        EXPECT_EQ(first.controller->gateway()->logs(), nullptr);
    }
    Launch next(dir);
    EXPECT_FALSE(next.page->loggingBox()->isChecked());
    EXPECT_EQ(next.controller->gateway()->logs(), nullptr);
}

TEST_F(SettingsPersistence, TheCommandLineStillWins) {
    PanelSettings saved;
    saved.setAddress(QHostAddress("127.0.0.1"), 18555);
    GatewayController::LogSettings log;
    log.store = "/saved/store.sqlite";
    log.retentionDays = 3;
    saved.setLogSettings(log);
    QTemporaryDir dir;
    PanelOptions options = launchOptions(dir);
    options.addressGiven = true;
    options.gateway.port = 9999;
    options.gateway.store = dir.filePath("given.sqlite");
    applySavedSettings(saved, &options);
    EXPECT_EQ(options.gateway.port, 9999);
    EXPECT_EQ(options.gateway.store, dir.filePath("given.sqlite"));
    EXPECT_EQ(options.config.client.logRetentionDays, 3);
}

}  // namespace
}  // namespace gatehouse
