// The gatehouse executable serves its Unix socket in $XDG_RUNTIME_DIR by
// default, says so at start, and removes it when it stops; --socket none
// turns it off.
#include "OtherUser.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <csignal>
#include <thread>

using namespace gatehouse;

namespace {

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// Starts the executable in its own XDG folders; waits until it serves.
bool startGatehouse(QProcess &p, const QTemporaryDir &dir, quint16 port,
                    const QStringList &extra = {}) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
    env.insert("XDG_CACHE_HOME", dir.filePath("cache"));
    env.insert("XDG_DATA_HOME", dir.filePath("data"));
    env.insert("XDG_RUNTIME_DIR", dir.filePath("runtime"));
    QDir().mkpath(dir.filePath("runtime"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEHOUSE_BINARY),
            QStringList{"--headless", "--port", QString::number(port)} + extra);
    if (!p.waitForStarted()) return false;
    for (int i = 0; i < 200; ++i) {
        if (TestHttpClient::get(port, "/health", {}, 500).status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// Everything it printed once it has stopped (SIGTERM).
QByteArray stop(QProcess &p, const char *untilPrinted) {
    QByteArray err;
    for (int i = 0; i < 100 && !err.contains(untilPrinted); ++i) {
        p.waitForReadyRead(100);
        err += p.readAllStandardError();
    }
    ::kill(pid_t(p.processId()), SIGTERM);
    p.waitForFinished(10000);
    return err + p.readAllStandardError();
}

}  // namespace

TEST(UnixSocketProcess, TheDefaultSocketServesAndIsRemovedOnStop) {
    QTemporaryDir dir;
    const QString socket = dir.filePath("runtime/gatehouse/gatehouse.sock");
    QProcess p;
    ASSERT_TRUE(startGatehouse(p, dir, freePort())) << p.readAllStandardError().toStdString();
    const auto a = RawClient().overUnixSocket(
        socket, {{"POST", "/v1/chat/completions", {}, R"({"model":"mock/echo","messages":[
                 {"role":"user","content":"over the socket"}]})"}});
    EXPECT_EQ(a.value(0).status, 200) << a.value(0).error.toStdString();
    const QByteArray err = stop(p, "also serving");
    EXPECT_TRUE(err.contains("also serving on the Unix socket " + socket.toUtf8()))
        << err.toStdString();
    EXPECT_FALSE(QFileInfo::exists(socket));
}

TEST(UnixSocketProcess, SocketNoneServesNoSocket) {
    QTemporaryDir dir;
    QProcess p;
    ASSERT_TRUE(startGatehouse(p, dir, freePort(), {"--socket", "none"}))
        << p.readAllStandardError().toStdString();
    EXPECT_FALSE(QFileInfo::exists(dir.filePath("runtime/gatehouse/gatehouse.sock")));
    const QByteArray err = stop(p, "listening on");
    EXPECT_FALSE(err.contains("Unix socket")) << err.toStdString();
}
