#include "StoreTestKit.h"

#include "store/StoreConnection.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QSqlQuery>
#include <QUuid>

namespace gatehouse::test {

namespace {

// Runs `sql` on the server's administrative database (the one in the URL).
bool adminExec(const StoreLocation &admin, const QString &sql, QString *error) {
    StoreConnection c(admin, QStringLiteral("test-admin"), StoreConnection::Durability::Full);
    if (!c.open(error)) return false;
    return c.exec(sql, error);
}

}  // namespace

const char *backendName(TestStore::Backend backend) {
    return backend == TestStore::Backend::SQLite ? "SQLite" : "PostgreSQL";
}

std::string backendParamName(const ::testing::TestParamInfo<TestStore::Backend> &param) {
    return backendName(param.param);
}

bool postgresRequired() {
    return !qEnvironmentVariableIsEmpty("GATEHOUSE_REQUIRE_POSTGRES");
}

TestStore::TestStore(Backend backend) : backend_(backend) {
    if (backend == Backend::SQLite) {
        dir_ = std::make_unique<QTemporaryDir>();
        location_.kind = StoreLocation::Kind::SQLite;
        location_.sqlitePath = dir_->filePath(QStringLiteral("store.db"));
        available_ = dir_->isValid();
        return;
    }
    const QString url = qEnvironmentVariable("GATEHOUSE_TEST_POSTGRES");
    if (url.isEmpty()) {
        skipReason_ = QStringLiteral(
            "GATEHOUSE_TEST_POSTGRES is not set (run "
            "packaging/test-postgres.sh, or packaging/dev.sh test)");
        return;
    }
    StoreLocation admin;
    QString error;
    if (!StoreLocation::fromString(url, &admin, &error)) {
        skipReason_ = error;
        return;
    }
    const QString name =
        QStringLiteral("gh_test_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    if (!adminExec(admin, QStringLiteral("CREATE DATABASE ") + name, &error)) {
        // The variable is set, so a server is expected: that is a failure, not a skip.
        qFatal("cannot create a test database on %s: %s", qPrintable(admin.display()),
               qPrintable(error));
    }
    adminDatabase_ = admin.database;
    location_ = admin;
    location_.database = name;
    available_ = true;
}

TestStore::~TestStore() {
    if (backend_ != Backend::PostgreSQL || !available_) return;
    StoreLocation admin = location_;
    admin.database = adminDatabase_;
    QString error;
    adminExec(admin,
              QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(location_.database),
              &error);
}

QString TestStore::url() const {
    if (location_.kind == StoreLocation::Kind::SQLite) return location_.sqlitePath;
    return QStringLiteral("postgres://%1:%2@%3:%4/%5")
        .arg(location_.user, location_.password, location_.host)
        .arg(location_.port)
        .arg(location_.database);
}

std::unique_ptr<StoreConnection> TestStore::connect() const {
    auto c = std::make_unique<StoreConnection>(location_, QStringLiteral("test"),
                                               StoreConnection::Durability::Full);
    QString error;
    EXPECT_TRUE(c->open(&error)) << error.toStdString();
    return c;
}

}  // namespace gatehouse::test
