// The gatehouse executable listening beyond loopback: it says so at start,
// names the token file, and /api answers only with the token.
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <csignal>
#include <thread>

using namespace gatehouse;

namespace {

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::Any, 0);
    return probe.serverPort();
}

bool waitUntilServing(quint16 port) {
    for (int i = 0; i < 200; ++i) {
        if (TestHttpClient::get(port, "/health", {}, 500).status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace

TEST(SecurityProcess, BeyondLoopbackItWarnsAndTheApiNeedsTheTokenFromTheFile) {
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
    env.insert("XDG_CACHE_HOME", dir.filePath("cache"));
    env.insert("XDG_DATA_HOME", dir.filePath("data"));
    const quint16 port = freePort();
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(GATEHOUSE_BINARY),
            {"--headless", "--host", "0.0.0.0", "--port", QString::number(port)});
    ASSERT_TRUE(p.waitForStarted());
    ASSERT_TRUE(waitUntilServing(port)) << p.readAllStandardError().toStdString();

    const QString tokenPath = dir.filePath("config/gatehouse/api-token");
    QFile file(tokenPath);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray token = file.readAll().trimmed();
    EXPECT_EQ(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
              QFileDevice::Permissions());
    EXPECT_EQ(TestHttpClient::get(port, "/api/plugins").status, 401);
    HttpHeaders auth;
    auth.add("Authorization", "Bearer " + token);
    EXPECT_EQ(TestHttpClient::get(port, "/api/plugins", auth).status, 200);

    // The workers serve as soon as they listen; the main thread prints the
    // warning (and installs its signal handler) just after. On a loaded
    // machine a SIGTERM sent before that would end it with no word.
    QByteArray err;
    for (int i = 0; i < 100 && !err.contains("/api requires the token"); ++i) {
        p.waitForReadyRead(100);
        err += p.readAllStandardError();
    }
    ::kill(pid_t(p.processId()), SIGTERM);
    ASSERT_TRUE(p.waitForFinished(10000));
    err += p.readAllStandardError();
    EXPECT_TRUE(err.contains(QStringLiteral("listening on 0.0.0.0:%1").arg(port).toUtf8()))
        << err.toStdString();
    EXPECT_TRUE(err.contains("/api requires the token in " + tokenPath.toUtf8()))
        << err.toStdString();
    EXPECT_FALSE(err.contains(token)) << "the token itself is never printed";
}
