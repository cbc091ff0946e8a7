#include "PanelTestEnv.h"

#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "config/ConfigLoader.h"

#include <gtest/gtest.h>
#include <QJsonDocument>
#include <QTest>

namespace gatehouse {

PanelTestEnv::PanelTestEnv(const QByteArray &pluginsJson, const QByteArray &providersJson,
                           bool listProviderModels) {
    const QByteArray json =
        R"({"providers": )" + providersJson + R"(, "plugins": )" + pluginsJson + "}";
    GatewayConfig config;
    ConfigError error;
    EXPECT_TRUE(ConfigLoader::loadJson(json, QStringLiteral("panel-test.json"), &config, &error))
        << error.toString().toStdString();
    GatewayOptions options;
    options.port = 0;
    options.workers = 2;
    options.store = dir_.filePath(QStringLiteral("logs.sqlite"));
    options.listProviderModels = listProviderModels;
    controller_ = std::make_unique<GatewayController>(config, options);
    EXPECT_TRUE(controller_->start()) << controller_->lastError().toStdString();
}

PanelTestEnv::~PanelTestEnv() = default;

int PanelTestEnv::sendChat(QByteArray *body) const {
    const TestHttpResponse r =
        TestHttpClient::post(port(), "/v1/chat/completions",
                             chatBody(QStringLiteral("mock/echo"), QStringLiteral("hi")));
    if (body) *body = r.body;
    return r.status;
}

QByteArray pluginJson(const QString &name, const QString &path, const QJsonObject &config,
                      bool enabled) {
    const QJsonObject entry{{QStringLiteral("name"), name},
                            {QStringLiteral("path"), path},
                            {QStringLiteral("enabled"), enabled},
                            {QStringLiteral("config"), config}};
    return QJsonDocument(entry).toJson(QJsonDocument::Compact);
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs) {
    return QTest::qWaitFor(done, timeoutMs);
}

}  // namespace gatehouse
