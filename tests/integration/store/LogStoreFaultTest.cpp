// Store faults under traffic: the gateway keeps answering every request,
// the log catches up when the store is back, and what could not be written
// is counted, never silently lost.
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "TcpRelay.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

const QByteArray kConfig = R"({"client": {"enable_logging": true},
                               "providers": {"mock": {"keys": []}}})";

int sendChats(GatewayHarness &gateway, int n, const QString &text = QStringLiteral("hi")) {
    int ok = 0;
    for (int i = 0; i < n; ++i)
        ok += TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                   chatBody("mock/echo", text))
                  .status == 200;
    return ok;
}

qint64 listedTotal(GatewayHarness &gateway) {
    const auto r = TestHttpClient::get(gateway.port(), "/api/logs?limit=1");
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    return jsonOf(r.body).value("total").toInteger(-1);
}

TEST(LogStoreFaultTest, PostgresGoingAwayUnderTrafficLosesNothingOnceItIsBack) {
    TestStore store(TestStore::Backend::PostgreSQL);
    GATEHOUSE_REQUIRE_AVAILABLE(store);
    TcpRelay relay(store.location().host, quint16(store.location().port));
    ASSERT_TRUE(relay.start());
    StoreLocation viaRelay = store.location();
    viaRelay.port = relay.port();
    GatewayOptions options;
    options.port = 0;
    options.store = QStringLiteral("postgres://%1:%2@127.0.0.1:%3/%4")
                        .arg(viaRelay.user, viaRelay.password)
                        .arg(viaRelay.port)
                        .arg(viaRelay.database);
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(kConfig, options, &error)) << error.toStdString();
    EXPECT_EQ(sendChats(gateway, 30), 30);
    gateway.gateway().logs()->flush();
    relay.cut();                            // the database server is gone
    EXPECT_EQ(sendChats(gateway, 60), 60);  // serving never depends on the store
    const auto whileDown = TestHttpClient::get(gateway.port(), "/api/logs");
    EXPECT_EQ(whileDown.status, 503);
    EXPECT_NE(whileDown.body.indexOf("log store"), -1);
    relay.restore();  // and back
    EXPECT_EQ(sendChats(gateway, 30), 30);
    gateway.gateway().logs()->flush(30000);
    const LogStore::Counters c = gateway.gateway().logs()->counters();
    EXPECT_EQ(c.dropped, 0);
    EXPECT_EQ(c.failed, 0) << c.lastError.toStdString();
    EXPECT_EQ(listedTotal(gateway), 120);
}

TEST(LogStoreFaultTest, SQLiteLockedByAnotherProcessIsWaitedFor) {
    QTemporaryDir dir;
    GatewayOptions options;
    options.port = 0;
    options.store = dir.filePath("gatehouse.db");
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(kConfig, options, &error)) << error.toStdString();
    QProcess locker;
    locker.start("python3", {"-c",
                             "import sqlite3,sys,time\n"
                             "c=sqlite3.connect(sys.argv[1],isolation_level=None)\n"
                             "c.execute('BEGIN EXCLUSIVE')\n"
                             "print('locked',flush=True)\n"
                             "time.sleep(2)\n"
                             "c.execute('COMMIT')\n",
                             options.store});
    ASSERT_TRUE(locker.waitForReadyRead(10000)) << locker.readAllStandardError().toStdString();
    EXPECT_EQ(sendChats(gateway, 40), 40);
    ASSERT_TRUE(locker.waitForFinished(10000));
    gateway.gateway().logs()->flush(30000);
    const LogStore::Counters c = gateway.gateway().logs()->counters();
    EXPECT_EQ(c.failed, 0) << c.lastError.toStdString();
    EXPECT_EQ(c.dropped, 0);
    EXPECT_EQ(listedTotal(gateway), 40);
}

// A tiny file system the test can fill and make read-only (needs root, as CI has).
class TinyDisk {
public:
    explicit TinyDisk(const char *size) {
        ok_ = dir_.isValid() && ::mount("tmpfs", dir_.path().toLocal8Bit().constData(), "tmpfs", 0,
                                        (QByteArray("size=") + size).constData()) == 0;
    }
    ~TinyDisk() {
        if (ok_) ::umount2(dir_.path().toLocal8Bit().constData(), MNT_DETACH);
    }
    bool ok() const { return ok_; }
    QString path(const char *name) const { return dir_.filePath(QLatin1String(name)); }
    bool setReadOnly(bool ro) {
        return ::mount("tmpfs", dir_.path().toLocal8Bit().constData(), "tmpfs",
                       MS_REMOUNT | (ro ? MS_RDONLY : 0), nullptr) == 0;
    }

private:
    QTemporaryDir dir_;
    bool ok_ = false;
};

TEST(LogStoreFaultTest, FullDiskIsCountedAndLoggingResumesWhenSpaceReturns) {
    TinyDisk disk("2m");
    if (!disk.ok()) GTEST_SKIP() << "mounting a tmpfs needs root";
    QFile filler(disk.path("filler"));
    ASSERT_TRUE(filler.open(QIODevice::WriteOnly));
    GatewayOptions options;
    options.port = 0;
    options.store = disk.path("gatehouse.db");
    GatewayHarness gateway;
    QString error;
    ASSERT_TRUE(gateway.start(kConfig, options, &error)) << error.toStdString();
    EXPECT_EQ(sendChats(gateway, 5), 5);
    gateway.gateway().logs()->flush();
    // Fill the disk, then keep serving with big prompts the log cannot hold.
    while (filler.write(QByteArray(64 * 1024, 'f')) > 0) {
    }
    filler.flush();
    const QString big(200 * 1024, QLatin1Char('x'));
    EXPECT_EQ(sendChats(gateway, 10, big), 10);
    gateway.gateway().logs()->flush(30000);
    LogStore::Counters c = gateway.gateway().logs()->counters();
    EXPECT_GT(c.failed, 0);
    EXPECT_FALSE(c.lastError.isEmpty());
    const auto metrics = TestHttpClient::get(gateway.port(), "/metrics");
    EXPECT_EQ(metrics.body.indexOf("gatehouse_log_failed_total 0\n"), -1);
    // Space returns: new requests are logged again; the first ones are still there.
    filler.close();
    filler.remove();
    EXPECT_EQ(sendChats(gateway, 3), 3);
    gateway.gateway().logs()->flush(30000);
    EXPECT_EQ(listedTotal(gateway), 5 + 3 + (10 - c.failed));
}

// A store that cannot be written (a read-only file system) is refused at
// start with the reason, and nothing in it changes.
TEST(LogStoreFaultTest, ReadOnlyStoreIsRefusedAtStartWithTheReason) {
    TinyDisk disk("8m");
    if (!disk.ok()) GTEST_SKIP() << "mounting a tmpfs needs root";
    GatewayOptions options;
    options.port = 0;
    options.store = disk.path("gatehouse.db");
    {
        GatewayHarness gateway;
        QString error;
        ASSERT_TRUE(gateway.start(kConfig, options, &error)) << error.toStdString();
        EXPECT_EQ(sendChats(gateway, 3), 3);
    }
    QFile before(options.store);
    ASSERT_TRUE(before.open(QIODevice::ReadOnly));
    const QByteArray bytes = before.readAll();
    before.close();
    ASSERT_TRUE(disk.setReadOnly(true));
    GatewayHarness gateway;
    QString error;
    EXPECT_FALSE(gateway.start(kConfig, options, &error));
    EXPECT_NE(error.indexOf("log store"), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(options.store), -1) << error.toStdString();
    QFile after(options.store);
    ASSERT_TRUE(after.open(QIODevice::ReadOnly));
    EXPECT_EQ(after.readAll(), bytes);
    disk.setReadOnly(false);
}

}  // namespace
