// `gatehouse --store`: the real executable refuses a store it cannot use,
// says why, and leaves the file as it was.
#include <gtest/gtest.h>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace {

TEST(StoreCommandLineTest, ForeignFileGivenWithStoreIsRefusedWithAReasonAndKept) {
    QTemporaryDir dir;
    const QString path = dir.filePath("notes.txt");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("my notes, not a database\n");
    f.close();
    QProcess p;
    const QString config = dir.filePath("config.json");
    QFile c(config);
    ASSERT_TRUE(c.open(QIODevice::WriteOnly));
    c.write(R"({"providers": {"mock": {"keys": []}}})");
    c.close();
    p.start(QStringLiteral(GATEHOUSE_BINARY),
            {"--headless", "--port", "0", "--store", path, "--config", config});
    ASSERT_TRUE(p.waitForFinished(20000));
    EXPECT_NE(p.exitCode(), 0);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    EXPECT_NE(err.indexOf("not an SQLite database"), -1) << err.toStdString();
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(f.readAll(), QByteArray("my notes, not a database\n"));
}

TEST(StoreCommandLineTest, UnreachablePostgresIsRefusedWithoutShowingThePassword) {
    QTemporaryDir dir;
    const QString config = dir.filePath("config.json");
    QFile c(config);
    ASSERT_TRUE(c.open(QIODevice::WriteOnly));
    c.write(R"({"providers": {"mock": {"keys": []}}})");
    c.close();
    QProcess p;
    // Port 1 on loopback: nothing listens there.
    p.start(QStringLiteral(GATEHOUSE_BINARY),
            {"--headless", "--port", "0", "--store",
             "postgres://gh:hunter2secret@127.0.0.1:1/gatehouse", "--config", config});
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_NE(p.exitCode(), 0);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    EXPECT_NE(err.indexOf("cannot connect to the store"), -1) << err.toStdString();
    EXPECT_EQ(err.indexOf("hunter2secret"), -1) << err.toStdString();
}

}  // namespace
