// The gatehouse executable as a user runs it: options, config refusal,
// graceful shutdown on SIGTERM.
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QDir>
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

struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

RunResult runToEnd(const QStringList &args) {
    QProcess p;
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
    EXPECT_TRUE(r.err.contains("already in use")) << r.err.toStdString();
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
