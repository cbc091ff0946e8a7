// Hot reload through the running gateway: a rebuilt plugin (v1 -> v2) is
// swapped in by bumping its version — through PluginManager and through
// /api/plugins — while 50 clients keep sending requests. Zero may fail.
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <atomic>
#include <mutex>
#include <thread>

using namespace gatehouse;

namespace {

class PluginReloadUnderLoadTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        // Shadow copies and plugin data go to this test's own directories.
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
        pluginPath = dir.filePath("answer.so");
        ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V1_PATH, pluginPath));
        const QByteArray config = QStringLiteral(R"({
          "providers": { "mock": { "keys": [] } },
          "plugins": [ { "enabled": true, "name": "answer", "path": "%1", "version": 1 } ] })")
                                      .arg(pluginPath)
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
        ASSERT_EQ(gateway.gateway().plugins()->status("answer")->state, PluginState::Active);
    }

    // "Rebuilds" the plugin: the v2 build replaces the file at the configured path.
    void replaceWithV2() {
        const QString tmp = pluginPath + ".new";
        ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V2_PATH, tmp));
        ASSERT_EQ(::rename(tmp.toLocal8Bit().constData(), pluginPath.toLocal8Bit().constData()), 0);
    }

    struct Load {
        std::atomic<bool> stop{false};
        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        std::atomic<int> v2{0};
        std::atomic<bool> v2AfterSwapOnly{true};
        std::atomic<bool> swapped{false};
        std::vector<std::thread> threads;
        std::mutex mutex;
        QStringList failures;
    };

    void startLoad(Load &load, int clients) {
        for (int i = 0; i < clients; ++i) {
            load.threads.emplace_back([this, &load] {
                while (!load.stop) {
                    const bool swappedBefore = load.swapped;
                    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                                        chatBody("mock/echo", "x"));
                    const QString answer = jsonOf(r.body).value("answer").toString();
                    if (r.status != 200 || !answer.startsWith("hello from v")) {
                        ++load.failed;
                        std::lock_guard<std::mutex> lock(load.mutex);
                        load.failures << QString::number(r.status) + ' ' + r.error + ' ' +
                                             QString::fromUtf8(r.body.left(200));
                        continue;
                    }
                    ++load.ok;
                    if (answer == "hello from v2") {
                        ++load.v2;
                    } else if (swappedBefore) {
                        // Sent after the swap finished yet answered by v1.
                        load.v2AfterSwapOnly = false;
                    }
                }
            });
        }
    }

    static void runEventsFor(int ms) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (std::chrono::steady_clock::now() < end) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }

    static void finish(Load &load) {
        load.stop = true;
        for (auto &t : load.threads) t.join();
    }

    QTemporaryDir dir;
    QString pluginPath;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(PluginReloadUnderLoadTest, VersionBumpRunsTheRebuiltCodeWithZeroFailedRequests) {
    Load load;
    startLoad(load, 50);
    runEventsFor(500);
    const int beforeSwap = load.ok;
    replaceWithV2();
    QString error;
    ASSERT_TRUE(gateway.gateway().setPluginVersion("answer", 2, &error)) << error.toStdString();
    load.swapped = true;
    runEventsFor(700);
    finish(load);
    EXPECT_EQ(load.failed, 0) << load.failures.mid(0, 5).join(" | ").toStdString();
    EXPECT_GT(beforeSwap, 0);
    EXPECT_GT(load.v2, 0);
    EXPECT_TRUE(load.v2AfterSwapOnly);
    const auto status = gateway.gateway().plugins()->status("answer");
    EXPECT_EQ(status->version, 2);
    EXPECT_EQ(status->state, PluginState::Active);
}

TEST_F(PluginReloadUnderLoadTest, ApiVersionBumpUnderLoad) {
    Load load;
    startLoad(load, 50);
    runEventsFor(300);
    replaceWithV2();
    // The API call blocks its client; the manager's thread (ours) must keep
    // processing events meanwhile.
    TestHttpResponse put;
    std::atomic<bool> done{false};
    std::thread api([&] {
        put = TestHttpClient::request(gateway.port(), "PUT", "/api/plugins/answer",
                                      R"({"version":2})");
        done = true;
    });
    while (!done) runEventsFor(10);
    api.join();
    load.swapped = true;
    runEventsFor(500);
    finish(load);
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_EQ(jsonOf(put.body).value("version").toInt(), 2);
    EXPECT_EQ(jsonOf(put.body).value("status").toString(), "active");
    EXPECT_EQ(load.failed, 0) << load.failures.mid(0, 5).join(" | ").toStdString();
    EXPECT_GT(load.v2, 0);
    EXPECT_TRUE(load.v2AfterSwapOnly);
}

TEST_F(PluginReloadUnderLoadTest, ApiListsPluginsWithStatusHooksAndStats) {
    ASSERT_EQ(
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "x"))
            .status,
        200);
    const auto r = TestHttpClient::get(gateway.port(), "/api/plugins");
    ASSERT_EQ(r.status, 200);
    const QJsonObject p = jsonOf(r.body).value("plugins").toArray().at(0).toObject();
    EXPECT_EQ(p.value("name").toString(), "answer");
    EXPECT_EQ(p.value("status").toString(), "active");
    EXPECT_EQ(p.value("version").toInt(), 1);
    EXPECT_GE(p.value("stats").toObject().value("preHook").toObject().value("calls").toInt(), 1);
    EXPECT_EQ(p.value("hook_pace").toString(), "unproven");  // one call: on the hook threads
    const auto logs = TestHttpClient::get(gateway.port(), "/api/plugins/answer/logs");
    ASSERT_EQ(logs.status, 200);
    bool init = false;
    for (const auto &l : jsonOf(logs.body).value("lines").toArray())
        init = init || l.toObject().value("message").toString().contains("init hello from v1");
    EXPECT_TRUE(init) << logs.body.toStdString();
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/api/plugins/nosuch").status, 404);
}

TEST_F(PluginReloadUnderLoadTest, ApiDisableTakesThePluginOutOfTheChain) {
    TestHttpResponse put;
    std::atomic<bool> done{false};
    std::thread api([&] {
        put = TestHttpClient::request(gateway.port(), "PUT", "/api/plugins/answer",
                                      R"({"enabled":false})");
        done = true;
    });
    while (!done) runEventsFor(10);
    api.join();
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_EQ(jsonOf(put.body).value("status").toString(), "disabled");
    // Without the plugin the mock answers.
    const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "plain"));
    EXPECT_EQ(jsonOf(r.body)
                  .value("choices")
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("message")
                  .toObject()
                  .value("content")
                  .toString(),
              "plain");
}

TEST_F(PluginReloadUnderLoadTest, ApiRefusesABadChangeWithAClearError) {
    TestHttpResponse put;
    std::atomic<bool> done{false};
    std::thread api([&] {
        put = TestHttpClient::request(gateway.port(), "PUT", "/api/plugins/answer",
                                      R"({"version":"two"})");
        done = true;
    });
    while (!done) runEventsFor(10);
    api.join();
    EXPECT_EQ(put.status, 400);
    EXPECT_TRUE(
        jsonOf(put.body).value("error").toObject().value("message").toString().contains("version"));
}

TEST_F(PluginReloadUnderLoadTest, ApiAddsAndRemovesAPluginAtRunTime) {
    auto call = [this](const QByteArray &method, const QByteArray &path, const QByteArray &body) {
        TestHttpResponse r;
        std::atomic<bool> done{false};
        std::thread api([&] {
            // Adding a plugin by path needs the API token.
            r = TestHttpClient::request(gateway.port(), method, path, body, gateway.tokenHeader());
            done = true;
        });
        while (!done) runEventsFor(10);
        api.join();
        return r;
    };
    // Remove the answer plugin: the mock answers again.
    const auto removed = call("DELETE", "/api/plugins/answer", {});
    ASSERT_EQ(removed.status, 200) << removed.body.toStdString();
    EXPECT_EQ(jsonOf(removed.body).value("status").toString(), "unloaded");
    auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                  chatBody("mock/echo", "plain"));
    EXPECT_FALSE(jsonOf(r.body).contains("answer"));
    // Add it back (a v2 build) under a new entry: it answers at once.
    const QString v2 = dir.filePath("answer-v2.so");
    ASSERT_TRUE(QFile::copy(ANSWER_PLUGIN_V2_PATH, v2));
    const auto added =
        call("POST", "/api/plugins",
             QStringLiteral(R"({"name":"answer2","path":"%1","config":{"greeting":"hi"}})")
                 .arg(v2)
                 .toUtf8());
    ASSERT_EQ(added.status, 201) << added.body.toStdString();
    EXPECT_EQ(jsonOf(added.body).value("status").toString(), "active");
    r = TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "x"));
    EXPECT_EQ(jsonOf(r.body).value("answer").toString(), "hi from v2");
    // A broken file is added in state error, with a message that says what to do.
    const QString broken = dir.filePath("broken.so");
    QFile f(broken);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("not a library");
    f.close();
    const auto bad = call("POST", "/api/plugins",
                          QStringLiteral(R"({"name":"broken","path":"%1"})").arg(broken).toUtf8());
    EXPECT_EQ(bad.status, 400);
    EXPECT_FALSE(jsonOf(bad.body).value("error").toObject().value("message").toString().isEmpty());
    const auto list = TestHttpClient::get(gateway.port(), "/api/plugins/broken");
    EXPECT_EQ(jsonOf(list.body).value("status").toString(), "error");
    // The gateway keeps serving through all of it.
    EXPECT_EQ(
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "x"))
            .status,
        200);
}
