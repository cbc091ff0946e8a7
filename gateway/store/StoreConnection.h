#pragma once

#include "store/StoreLocation.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <memory>

class QSqlQuery;
struct sqlite3;  // sqlite3.h
struct pg_conn;  // libpq-fe.h (PGconn)

namespace gatehouse {

// One connection to the store, for the thread that opens it (Qt's SQL
// connections must be used on the thread that made them). Each thread that
// talks to the store — the log writer, the query thread — has its own.
//
// Opening refuses, with a message that says what to do and without writing
// a byte, a file that is not an SQLite database (corrupt, or something
// else). SQLite runs in WAL mode so readers never wait for the writer.
class StoreConnection {
public:
    enum class Durability {
        Full,   // every commit reaches the disk before it returns (settings, config)
        Normal  // commits survive a crash of Gatehouse; a power loss (or a crash of the
                // PostgreSQL server) may lose the last ones (logs)
    };

    StoreConnection(StoreLocation location, QString purpose, Durability durability);
    ~StoreConnection();
    StoreConnection(const StoreConnection &) = delete;
    StoreConnection &operator=(const StoreConnection &) = delete;

    bool open(QString *error);
    bool isOpen() const { return db_.isOpen(); }
    void close();
    QSqlDatabase &db() { return db_; }
    const StoreLocation &location() const { return location_; }
    bool isPostgres() const { return location_.isPostgres(); }
    // The native connection under Qt's driver, for writers that skip
    // QSqlQuery's per-value cost; null for the other database or when the
    // driver gives none.
    sqlite3 *sqliteHandle();
    pg_conn *postgresHandle();

    // Runs a statement that returns nothing; on failure says which and why.
    bool exec(const QString &sql, QString *error);
    // `sql` prepared once per connection and kept (a statement run per
    // batch costs its parse each time otherwise: ~60k instructions for an
    // INSERT with QSQLITE). Null when it does not prepare; the query is
    // gone with the connection.
    QSqlQuery *prepared(const QString &sql);

private:
    bool checkSqliteFile(QString *error) const;

    StoreLocation location_;
    QString name_;
    Durability durability_;
    QSqlDatabase db_;
    QHash<QString, std::shared_ptr<QSqlQuery>> prepared_;
    bool counted_ = false;  // in the process's table of open SQLite files
};

// "what failed: driver's text" for a failed query or connection.
QString describeSqlError(const QString &what, const class QSqlError &error);

}  // namespace gatehouse
