// Plugin code is arbitrary code: adding one by path over the API needs the
// API token even on loopback, and a plugin entry may pin the file's SHA-256.
#include "EventLoopWait.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>

#include <atomic>
#include <thread>

using namespace gatehouse;

namespace {

QString sha256Of(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QString errorMessage(const TestHttpResponse &r) {
    return jsonOf(r.body).value("error").toObject().value("message").toString();
}

class SecurityPluginTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
        pluginPath = dir.filePath("answer.so");
        ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V1_PATH, pluginPath));
    }

    void start(const QString &pluginsJson = QStringLiteral("[]")) {
        const QByteArray config =
            QStringLiteral(R"({ "providers": { "mock": { "keys": [] } }, "plugins": %1 })")
                .arg(pluginsJson)
                .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }

    // Plugin changes run on the main thread: call from another one and
    // keep this thread's events going meanwhile.
    TestHttpResponse call(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                          const HttpHeaders &headers = {}) {
        TestHttpResponse r;
        std::atomic<bool> done{false};
        std::thread api([&] {
            r = TestHttpClient::request(gateway.port(), method, path, body, headers);
            done = true;
        });
        runEventsUntil([&] { return done.load(); }, 20000);
        api.join();
        return r;
    }

    QByteArray addBody(const QString &sha256 = {}) const {
        QString body = QStringLiteral(R"({"name":"answer","path":"%1")").arg(pluginPath);
        if (!sha256.isEmpty()) body += QStringLiteral(R"(,"sha256":"%1")").arg(sha256);
        return (body + QLatin1Char('}')).toUtf8();
    }

    QTemporaryDir dir;
    QString pluginPath;
    GatewayHarness gateway;
};

TEST_F(SecurityPluginTest, AddingAPluginByPathNeedsTheTokenOnLoopback) {
    start();
    const auto refused = call("POST", "/api/plugins", addBody());
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(jsonOf(refused.body).value("error").toObject().value("code").toString(),
              "token_required");
    EXPECT_TRUE(errorMessage(refused).contains("runs its code")) << refused.body.toStdString();
    EXPECT_FALSE(gateway.gateway().plugins()->status("answer").has_value());

    const auto wrong = call("POST", "/api/plugins", addBody(), [] {
        HttpHeaders h;
        h.add("Authorization", "Bearer wrong-wrong-wrong-wrong");
        return h;
    }());
    EXPECT_EQ(wrong.status, 401);
    EXPECT_FALSE(gateway.gateway().plugins()->status("answer").has_value());

    const auto added = call("POST", "/api/plugins", addBody(), gateway.tokenHeader());
    ASSERT_EQ(added.status, 201) << added.body.toStdString();
    EXPECT_EQ(jsonOf(added.body).value("status").toString(), "active");
}

TEST_F(SecurityPluginTest, ChangingAPluginsPathNeedsTheToken) {
    start(QStringLiteral(R"([{"name":"answer","path":"%1"}])").arg(pluginPath));
    const auto r = call("PUT", "/api/plugins/answer", R"({"path":"/tmp/other.so"})");
    EXPECT_EQ(r.status, 401);
    // Changes that name no code need no token on loopback.
    EXPECT_EQ(call("PUT", "/api/plugins/answer", R"({"enabled":false})").status, 200);
}

TEST_F(SecurityPluginTest, APinnedPluginWithTheRightHashLoads) {
    start(QStringLiteral(R"([{"name":"answer","path":"%1","sha256":"%2"}])")
              .arg(pluginPath, sha256Of(pluginPath).toUpper()));
    const auto status = gateway.gateway().plugins()->status("answer");
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, PluginState::Active) << status->error.toStdString();
}

TEST_F(SecurityPluginTest, APinnedPluginWhoseFileChangedIsRefusedWithBothHashes) {
    const QString pinned = sha256Of(pluginPath);
    // The file is replaced after the pin was taken.
    QFile::remove(pluginPath);
    ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V2_PATH, pluginPath));
    start(
        QStringLiteral(R"([{"name":"answer","path":"%1","sha256":"%2"}])").arg(pluginPath, pinned));
    const auto status = gateway.gateway().plugins()->status("answer");
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->state, PluginState::Error);
    EXPECT_TRUE(status->error.contains(pinned)) << status->error.toStdString();
    EXPECT_TRUE(status->error.contains(sha256Of(pluginPath)));
    EXPECT_TRUE(status->error.contains("does not match its pin"));
    EXPECT_TRUE(status->error.contains("sha256sum"));
    // And nothing of it runs: the mock answers.
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "plain"));
    EXPECT_EQ(answerText(r.body), "plain");
    EXPECT_FALSE(jsonOf(r.body).contains("answer"));
}

TEST_F(SecurityPluginTest, APinGivenOverTheApiIsCheckedToo) {
    start();
    const QString wrongPin(64, QLatin1Char('0'));
    const auto r = call("POST", "/api/plugins", addBody(wrongPin), gateway.tokenHeader());
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(errorMessage(r).contains(wrongPin)) << r.body.toStdString();
    EXPECT_TRUE(errorMessage(r).contains(sha256Of(pluginPath)));
}

TEST_F(SecurityPluginTest, AMalformedPinIsAConfigErrorNamingTheField) {
    GatewayHarness other;
    QString error;
    EXPECT_FALSE(other.start(
        QStringLiteral(R"({ "plugins": [{"name":"answer","path":"%1","sha256":"abc"}] })")
            .arg(pluginPath)
            .toUtf8(),
        &error));
    EXPECT_TRUE(error.contains("plugins[0].sha256")) << error.toStdString();
    EXPECT_TRUE(error.contains("64 hex digits"));
}

}  // namespace
