#include "StoreTestKit.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class StoreSchemaTest : public ::testing::TestWithParam<TestStore::Backend> {};

TEST_P(StoreSchemaTest, EmptyStoreIsMigratedToTheLatestVersionAndAgainIsANoOp) {
    GATEHOUSE_TEST_STORE(store);
    StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error)) << error.toStdString();
    EXPECT_EQ(StoreSchema::currentVersion(c, &error), 0);
    ASSERT_TRUE(StoreSchema::migrate(c, &error)) << error.toStdString();
    EXPECT_EQ(StoreSchema::currentVersion(c, &error), StoreSchema::latestVersion());
    QSqlQuery q(c.db());
    ASSERT_TRUE(
        q.exec(QStringLiteral("INSERT INTO hook_calls (ts, plugin, kind) VALUES (1, 'p', 'log')")));
    // Reopening and migrating again keeps the data.
    c.close();
    ASSERT_TRUE(c.open(&error)) << error.toStdString();
    ASSERT_TRUE(StoreSchema::migrate(c, &error)) << error.toStdString();
    QSqlQuery count(c.db());
    ASSERT_TRUE(count.exec(QStringLiteral("SELECT count(*) FROM hook_calls")));
    ASSERT_TRUE(count.next());
    EXPECT_EQ(count.value(0).toInt(), 1);
}

TEST_P(StoreSchemaTest, StoreFromANewerGatehouseIsRefusedAndLeftAsItIs) {
    GATEHOUSE_TEST_STORE(store);
    StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error));
    ASSERT_TRUE(StoreSchema::migrate(c, &error));
    const int newer = StoreSchema::latestVersion() + 5;
    ASSERT_TRUE(
        c.exec(QStringLiteral("UPDATE gatehouse_schema SET version = %1").arg(newer), &error));
    EXPECT_FALSE(StoreSchema::migrate(c, &error));
    EXPECT_NE(error.indexOf(QStringLiteral("newer Gatehouse")), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(QString::number(newer)), -1) << error.toStdString();
    EXPECT_EQ(StoreSchema::currentVersion(c, &error), newer);
}

TEST_P(StoreSchemaTest, DatabaseWithForeignTablesIsRefused) {
    GATEHOUSE_TEST_STORE(store);
    StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error));
    ASSERT_TRUE(c.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)"), &error));
    EXPECT_FALSE(StoreSchema::migrate(c, &error));
    EXPECT_NE(error.indexOf(QStringLiteral("invoices")), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(QStringLiteral("no Gatehouse schema")), -1) << error.toStdString();
}

GATEHOUSE_ON_EVERY_STORE(StoreSchemaTest);

QByteArray fileBytes(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

TEST(StoreFileTest, FileThatIsNotSQLiteIsRefusedAndNotOverwritten) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("gatehouse.db"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(QByteArray("{\"this is\": \"not a database\"}\n").repeated(200));
    f.close();
    const QByteArray before = fileBytes(path);
    StoreLocation loc;
    loc.sqlitePath = path;
    StoreConnection c(loc, QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    EXPECT_FALSE(c.open(&error));
    EXPECT_NE(error.indexOf(QStringLiteral("not an SQLite database")), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(path), -1);
    EXPECT_EQ(fileBytes(path), before);
}

TEST(StoreFileTest, DamagedSQLiteFileIsRefusedAndNotOverwritten) {
    QTemporaryDir dir;
    StoreLocation loc;
    loc.sqlitePath = dir.filePath(QStringLiteral("gatehouse.db"));
    {
        StoreConnection c(loc, QStringLiteral("t"), StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error));
        ASSERT_TRUE(StoreSchema::migrate(c, &error));
        ASSERT_TRUE(c.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"), &error));
    }
    // Keep the header, scribble over the schema pages.
    QFile f(loc.sqlitePath);
    ASSERT_TRUE(f.open(QIODevice::ReadWrite));
    ASSERT_GT(f.size(), 8192);
    f.seek(100);
    f.write(QByteArray(8000, '\x5a'));
    f.close();
    const QByteArray before = fileBytes(loc.sqlitePath);
    StoreConnection c(loc, QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    const bool usable = c.open(&error) && StoreSchema::migrate(c, &error);
    EXPECT_FALSE(usable);
    EXPECT_FALSE(error.isEmpty());
    c.close();
    EXPECT_EQ(fileBytes(loc.sqlitePath), before);
}

TEST(StoreLocationTest, ParsesPostgresUrlsAndMasksThePassword) {
    StoreLocation loc;
    QString error;
    ASSERT_TRUE(StoreLocation::fromString(
        QStringLiteral("postgres://gh:s3cret@db.local:6543/gatehouse?sslmode=require"), &loc,
        &error));
    EXPECT_TRUE(loc.isPostgres());
    EXPECT_EQ(loc.host, QStringLiteral("db.local"));
    EXPECT_EQ(loc.port, 6543);
    EXPECT_EQ(loc.database, QStringLiteral("gatehouse"));
    EXPECT_EQ(loc.user, QStringLiteral("gh"));
    EXPECT_EQ(loc.password, QStringLiteral("s3cret"));
    EXPECT_EQ(loc.connectOptions, QStringLiteral("sslmode=require;connect_timeout=5"));
    EXPECT_EQ(loc.display().indexOf(QStringLiteral("s3cret")), -1);
    EXPECT_FALSE(StoreLocation::fromString(QStringLiteral("postgres://gh:pw@host"), &loc, &error));
    EXPECT_NE(error.indexOf(QStringLiteral("names no database")), -1);
    EXPECT_EQ(error.indexOf(QStringLiteral("pw")), -1);
    EXPECT_FALSE(StoreLocation::fromString(QStringLiteral("mysql://x/y"), &loc, &error));
    ASSERT_TRUE(StoreLocation::fromString(QStringLiteral("/tmp/x.db"), &loc, &error));
    EXPECT_FALSE(loc.isPostgres());
    EXPECT_EQ(loc.sqlitePath, QStringLiteral("/tmp/x.db"));
}

}  // namespace
