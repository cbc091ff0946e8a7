// The gatehouse executable as a user runs it: options, config refusal,
// the first run's config, a taken port, graceful shutdown on SIGTERM. Each
// run gets its own HOME and XDG directories, so none touches the user's.
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <csignal>
#include <thread>

using namespace gatehouse;

namespace {

QString binary() {
    return QStringLiteral(GATEHOUSE_BINARY);
}

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// HOME and the XDG directories inside `root`.
QProcessEnvironment isolatedEnvironment(const QString &root) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("HOME", root + "/home");
    env.insert("XDG_CONFIG_HOME", root + "/config");
    env.insert("XDG_DATA_HOME", root + "/data");
    env.insert("XDG_CACHE_HOME", root + "/cache");
    env.insert("XDG_STATE_HOME", root + "/state");
    return env;
}

struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

RunResult runToEnd(const QStringList &args) {
    QTemporaryDir root;
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(root.path()));
    p.start(binary(), args);
    p.waitForFinished(20000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

bool waitUntilServing(quint16 port) {
    for (int i = 0; i < 200; ++i) {
        if (TestHttpClient::get(port, "/health", {}, 500).status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace

TEST(GatehouseProcess, VersionPrintsTheProjectVersion) {
    const auto r = runToEnd({"--version"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains(GATEHOUSE_VERSION)) << r.out.toStdString();
}

TEST(GatehouseProcess, HelpListsTheOptions) {
    const auto r = runToEnd({"--help"});
    EXPECT_EQ(r.exitCode, 0);
    for (const char *option : {"--headless", "--config", "--host", "--port"})
        EXPECT_TRUE(r.out.contains(option)) << option;
}

TEST(GatehouseProcess, BadPortIsAUsageError) {
    const auto r = runToEnd({"--headless", "--port", "99999"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("--port")) << r.err.toStdString();
}

TEST(GatehouseProcess, MalformedConfigIsRefusedWithFileLineAndReason) {
    QTemporaryDir dir;
    const QString path = dir.filePath("config.json");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("{\n  \"providers\": {\n    \"mock\": { \"keys\": [] },\n  }\n}\n");
    f.close();
    const auto r = runToEnd({"--headless", "--port", "0", "--config", path});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("config.json:4")) << r.err.toStdString();
}

TEST(GatehouseProcess, MissingConfigIsRefused) {
    const auto r = runToEnd({"--headless", "--port", "0", "--config", "/nonexistent/config.json"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("/nonexistent/config.json")) << r.err.toStdString();
}

TEST(GatehouseProcess, TakenPortIsReportedAndExitsNonZero) {
    QTcpServer holder;
    ASSERT_TRUE(holder.listen(QHostAddress::LocalHost, 0));
    const auto r = runToEnd({"--headless", "--port", QString::number(holder.serverPort())});
    EXPECT_EQ(r.exitCode, 1);
    const QString expected =
        QStringLiteral("port %1 is already in use (by another program); try --port ")
            .arg(holder.serverPort());
    EXPECT_TRUE(QString::fromLocal8Bit(r.err).contains(expected)) << r.err.toStdString();
}

TEST(GatehouseProcess, TakenPortSuggestsAPortThatIsFree) {
    QTcpServer holder;
    ASSERT_TRUE(holder.listen(QHostAddress::LocalHost, 0));
    const auto r = runToEnd({"--headless", "--port", QString::number(holder.serverPort())});
    const QString err = QString::fromLocal8Bit(r.err);
    const qsizetype at = err.indexOf("try --port ");
    ASSERT_GE(at, 0) << r.err.toStdString();
    const quint16 suggested = quint16(err.mid(at + 11).section(QLatin1Char('\n'), 0, 0).toUInt());
    EXPECT_GT(suggested, holder.serverPort());
    QTcpServer taker;
    EXPECT_TRUE(taker.listen(QHostAddress::LocalHost, suggested)) << suggested;
}

TEST(GatehouseProcess, PortHeldByAnotherGatehouseSaysSo) {
    QTemporaryDir root;
    const quint16 port = freePort();
    QProcess first;
    first.setProcessEnvironment(isolatedEnvironment(root.path()));
    first.start(binary(), {"--headless", "--port", QString::number(port)});
    ASSERT_TRUE(waitUntilServing(port)) << first.readAllStandardError().toStdString();
    const auto r = runToEnd({"--headless", "--port", QString::number(port)});
    first.terminate();
    first.waitForFinished(10000);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("by Gatehouse " GATEHOUSE_VERSION ", which is already running"))
        << r.err.toStdString();
}

// The first run without --config writes the default config to
// $XDG_CONFIG_HOME/gatehouse/config.json (owner-only) and serves from it:
// the mock provider answers, through the bundled hello-world plugin.
TEST(GatehouseProcess, FirstRunWritesTheDefaultConfigAndRunsHelloWorld) {
    QTemporaryDir root;
    const QString configPath = root.path() + "/config/gatehouse/config.json";
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(root.path()));
    p.start(binary(), {"--headless", "--port", QString::number(port)});
    ASSERT_TRUE(waitUntilServing(port)) << p.readAllStandardError().toStdString();

    QFile written(configPath);
    ASSERT_TRUE(written.exists());
    // Owner-only (0600): API keys go in this file.
    EXPECT_EQ(written.permissions(),
              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
    ASSERT_TRUE(written.open(QIODevice::ReadOnly));
    const QJsonObject config = QJsonDocument::fromJson(written.readAll()).object();
    EXPECT_EQ(config["plugins"].toArray().at(0)["name"].toString(), "hello-world");

    const auto chat = TestHttpClient::post(
        port, "/v1/chat/completions",
        R"({"model":"mock/echo","messages":[{"role":"user","content":"first run"}]})", {}, 10000);
    EXPECT_EQ(chat.status, 200) << chat.body.toStdString();
    EXPECT_TRUE(chat.body.contains("first run"));
    const auto plugin = TestHttpClient::get(port, "/api/plugins/hello-world", {}, 5000);
    const QJsonObject status = QJsonDocument::fromJson(plugin.body).object();
    EXPECT_EQ(status["status"].toString(), "active") << plugin.body.toStdString();
    EXPECT_GE(status["stats"]["preHook"]["calls"].toInt(), 1) << plugin.body.toStdString();

    p.terminate();
    ASSERT_TRUE(p.waitForFinished(10000));
    EXPECT_TRUE(p.readAllStandardError().contains("first run: wrote the default configuration"));
}

TEST(GatehouseProcess, LaterRunsUseTheUsersConfig) {
    QTemporaryDir root;
    QDir().mkpath(root.path() + "/config/gatehouse");
    QFile f(root.path() + "/config/gatehouse/config.json");
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"providers":{"mock":{"keys":[],"mock_config":{"response_text":"users own"}}}})");
    f.close();
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(root.path()));
    p.start(binary(), {"--headless", "--port", QString::number(port)});
    ASSERT_TRUE(waitUntilServing(port)) << p.readAllStandardError().toStdString();
    const auto chat = TestHttpClient::post(
        port, "/v1/chat/completions",
        R"({"model":"mock/fixed","messages":[{"role":"user","content":"hi"}]})", {}, 10000);
    EXPECT_TRUE(chat.body.contains("users own")) << chat.body.toStdString();
    p.terminate();
    ASSERT_TRUE(p.waitForFinished(10000));
    EXPECT_FALSE(p.readAllStandardError().contains("first run"));
}

TEST(GatehouseProcess, ServesWithTheBuiltInConfigAndStopsGracefullyOnSigterm) {
    QTemporaryDir dir;
    const QString path = dir.filePath("config.json");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    // A slow mock: the request is still in flight when SIGTERM arrives.
    f.write(R"({"providers":{"mock":{"keys":[],"mock_config":{"latency_ms":1500}}}})");
    f.close();
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(isolatedEnvironment(dir.path()));
    p.start(binary(), {"--headless", "--port", QString::number(port), "--config", path});
    ASSERT_TRUE(p.waitForStarted());
    ASSERT_TRUE(waitUntilServing(port)) << p.readAllStandardError().toStdString();

    TestHttpResponse slow;
    std::thread client([&] {
        slow = TestHttpClient::post(
            port, "/v1/chat/completions",
            R"({"model":"mock/echo","messages":[{"role":"user","content":"finish me"}]})", {},
            10000);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    ::kill(pid_t(p.processId()), SIGTERM);
    client.join();
    ASSERT_TRUE(p.waitForFinished(10000));
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0);
    EXPECT_EQ(slow.status, 200) << slow.error.toStdString();
    EXPECT_TRUE(slow.body.contains("finish me"));
    // And it no longer listens.
    EXPECT_EQ(TestHttpClient::get(port, "/health", {}, 500).status, 0);
}
