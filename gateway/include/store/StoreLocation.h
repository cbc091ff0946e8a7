#pragma once

#include <QString>

namespace gatehouse {

// Where a store lives: an SQLite file (the default, in the XDG data dir) or
// a PostgreSQL database given as a URL, e.g.
//   postgres://user:password@host:5432/gatehouse?sslmode=require
// Parsed from `--store` or config.json's "store"; never holds a half-parsed
// value: fromString() either fills it or says what is wrong.
struct StoreLocation {
    enum class Kind { SQLite, PostgreSQL };
    Kind kind = Kind::SQLite;
    QString sqlitePath;  // absolute
    QString host;
    int port = 5432;
    QString database;
    QString user;
    QString password;
    QString connectOptions;  // QPSQL's setConnectOptions(): "sslmode=require;connect_timeout=5"

    // "" -> the default SQLite file; "postgres://..." / "postgresql://...";
    // "sqlite:///abs/path" or a plain path -> SQLite.
    static bool fromString(const QString &text, StoreLocation *out, QString *error);
    static StoreLocation defaultSqlite();  // <AppDataLocation>/gatehouse.db

    bool isPostgres() const { return kind == Kind::PostgreSQL; }
    // For people: the path, or the URL with the password masked.
    QString display() const;
};

}  // namespace gatehouse
