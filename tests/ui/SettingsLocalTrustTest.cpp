// The Settings page says who uses the gateway without the API token
// (client.local_trust) and where its Unix socket is.
#include "PanelSettings.h"
#include "config/ConfigLoader.h"
#include "pages/SettingsPage.h"

#include <gtest/gtest.h>
#include <QTemporaryDir>

#include <unistd.h>

namespace gatehouse {
namespace {

struct Panel {
    Panel(const QByteArray &client, const QString &socket = {}) {
        GatewayConfig config;
        ConfigError error;
        EXPECT_TRUE(ConfigLoader::loadJson(
            R"({"providers": {"mock": {"keys": []}}, "client": )" + client + "}",
            QStringLiteral("trust-test.json"), &config, &error));
        GatewayOptions options;
        options.port = 0;
        options.workers = 1;
        options.apiTokenFile = dir.filePath(QStringLiteral("api-token"));
        options.store = dir.filePath(QStringLiteral("store.db"));
        options.unixSocket = socket;
        controller = std::make_unique<GatewayController>(config, options);
        EXPECT_TRUE(controller->start()) << controller->lastError().toStdString();
        page = std::make_unique<SettingsPage>(controller.get(), &settings);
    }
    QTemporaryDir dir;
    PanelSettings settings;
    std::unique_ptr<GatewayController> controller;
    std::unique_ptr<SettingsPage> page;
};

}  // namespace

TEST(SettingsLocalTrust, TheDefaultSaysOnlyTheOwnersProgramsGoWithoutTheToken) {
    Panel panel("{}");
    const QString text = panel.page->localTrustText();
    EXPECT_TRUE(
        text.contains(QStringLiteral("Only your own programs (user id %1)").arg(::geteuid())))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("virtual key"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("Unix socket"))) << text.toStdString();
}

TEST(SettingsLocalTrust, AnySaysEveryProgramGoesWithoutTheToken) {
    Panel panel(R"({"local_trust": "any"})");
    const QString text = panel.page->localTrustText();
    EXPECT_TRUE(text.contains(QStringLiteral("Every program that reaches the port")))
        << text.toStdString();
}

TEST(SettingsLocalTrust, TheUnixSocketIsShown) {
    QTemporaryDir dir;
    const QString socket = dir.filePath(QStringLiteral("gatehouse/gatehouse.sock"));
    Panel panel("{}", socket);
    EXPECT_TRUE(panel.page->localTrustText().contains(socket))
        << panel.page->localTrustText().toStdString();
}

}  // namespace gatehouse
