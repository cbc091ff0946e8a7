#pragma once

#include "store/StoreLocation.h"

#include <gtest/gtest.h>
#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <string>

namespace gatehouse {
class StoreConnection;
}

namespace gatehouse::test {

// A fresh, empty store for one test, on either backend: an SQLite file in
// a temporary folder, or a new database on the PostgreSQL server named by
// GATEHOUSE_TEST_POSTGRES (packaging/test-postgres.sh starts one and
// packaging/dev.sh test sets the variable). The database is dropped when
// the object goes away.
class TestStore {
public:
    enum class Backend { SQLite, PostgreSQL };

    explicit TestStore(Backend backend);
    ~TestStore();

    // False (with the reason in skipReason()) only for PostgreSQL without a
    // server configured; CI always configures one.
    bool isAvailable() const { return available_; }
    QString skipReason() const { return skipReason_; }
    const StoreLocation &location() const { return location_; }
    QString url() const;  // what --store / "store" would say
    // A connection of the test's own to the store, open (a failed open
    // fails the test).
    std::unique_ptr<StoreConnection> connect() const;

private:
    Backend backend_;
    bool available_ = false;
    QString skipReason_;
    std::unique_ptr<QTemporaryDir> dir_;
    StoreLocation location_;
    QString adminDatabase_;
};

const char *backendName(TestStore::Backend backend);
// GATEHOUSE_REQUIRE_POSTGRES is set (packaging/dev.sh test and sanitize.sh
// set it with the server they start): a PostgreSQL test that cannot run
// fails instead of skipping, so CI cannot pass with half its store tests
// silently left out.
bool postgresRequired();
std::string backendParamName(const ::testing::TestParamInfo<TestStore::Backend> &param);

}  // namespace gatehouse::test

// A TestStore that is not available: fails the test when CI asked for
// PostgreSQL (GATEHOUSE_REQUIRE_POSTGRES), skips it otherwise. For any test
// (TEST, TEST_F, SetUp) that makes its own PostgreSQL store.
#define GATEHOUSE_REQUIRE_AVAILABLE(store)                                                         \
    if (!(store).isAvailable() && ::gatehouse::test::postgresRequired())                           \
        FAIL() << "GATEHOUSE_REQUIRE_POSTGRES is set, but " << (store).skipReason().toStdString(); \
    if (!(store).isAvailable()) GTEST_SKIP() << (store).skipReason().toStdString()

// In a TEST_P over TestStore::Backend: makes `store` or skips the test.
#define GATEHOUSE_TEST_STORE(store)                 \
    ::gatehouse::test::TestStore store(GetParam()); \
    GATEHOUSE_REQUIRE_AVAILABLE(store)

// Runs a TEST_P suite once on SQLite and once on PostgreSQL.
#define GATEHOUSE_ON_EVERY_STORE(suite)                                                            \
    INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                      \
                             ::testing::Values(::gatehouse::test::TestStore::Backend::SQLite,      \
                                               ::gatehouse::test::TestStore::Backend::PostgreSQL), \
                             ::gatehouse::test::backendParamName)
