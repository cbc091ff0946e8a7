#include "StoreConnection.h"

#include "security/PrivateFile.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtDebug>

namespace gatehouse {

namespace {
QString uniqueName(const QString &purpose) {
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("gatehouse-%1-%2").arg(purpose).arg(counter.fetchAndAddRelaxed(1));
}
}  // namespace

QString describeSqlError(const QString &what, const QSqlError &error) {
    QString text = error.databaseText().trimmed();
    if (text.isEmpty()) text = error.driverText().trimmed();
    if (text.isEmpty()) text = error.text().trimmed();
    return QStringLiteral("%1: %2").arg(what, text);
}

StoreConnection::StoreConnection(StoreLocation location, QString purpose, Durability durability)
    : location_(std::move(location)), name_(uniqueName(purpose)), durability_(durability) {}

StoreConnection::~StoreConnection() {
    close();
}

namespace {
// SQLite files this process has connections to, with how many. POSIX file
// locks belong to the process and closing ANY descriptor of a file drops
// them all: opening the database file ourselves (to check its header or its
// mode) while SQLite holds locks on it would silently release SQLite's locks
// and corrupt its view of the file. So the file is only touched by us while
// no connection of this process has it open.
QMutex openFilesMutex;
QHash<QString, int> openFiles;
}  // namespace

QSqlQuery *StoreConnection::prepared(const QString &sql) {
    auto it = prepared_.constFind(sql);
    if (it != prepared_.constEnd()) return it->get();
    auto q = std::make_shared<QSqlQuery>(db_);
    if (!q->prepare(sql)) return nullptr;
    return prepared_.insert(sql, std::move(q))->get();
}

void StoreConnection::close() {
    prepared_.clear();  // before their connection goes
    if (db_.isValid()) {
        db_.close();
        db_ = QSqlDatabase();
        QSqlDatabase::removeDatabase(name_);
    }
    if (counted_) {
        QMutexLocker lock(&openFilesMutex);
        if (--openFiles[location_.sqlitePath] <= 0) openFiles.remove(location_.sqlitePath);
        counted_ = false;
    }
}

// SQLite would happily treat a foreign file as an empty database on first
// write, or fail halfway through a migration. Look at its header first.
bool StoreConnection::checkSqliteFile(QString *error) const {
    QFile file(location_.sqlitePath);
    if (!file.exists() || file.size() == 0) return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the store %1: %2")
                     .arg(location_.sqlitePath, file.errorString());
        return false;
    }
    static const QByteArray kMagic("SQLite format 3\0", 16);
    if (file.read(16) != kMagic) {
        *error = QStringLiteral(
                     "the store %1 is not an SQLite database (damaged, or another "
                     "kind of file). Gatehouse leaves it untouched: move it away to "
                     "start with a new store, or pass --store with another path.")
                     .arg(location_.sqlitePath);
        return false;
    }
    return true;
}

bool StoreConnection::open(QString *error) {
    close();
    if (location_.isPostgres()) {
        if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL"))) {
            *error = QStringLiteral(
                "Qt's PostgreSQL driver is not installed (Debian: apt install "
                "libqt6sql6-psql)");
            return false;
        }
        db_ = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name_);
        db_.setHostName(location_.host);
        db_.setPort(location_.port);
        db_.setDatabaseName(location_.database);
        db_.setUserName(location_.user);
        db_.setPassword(location_.password);
        db_.setConnectOptions(location_.connectOptions);
        if (!db_.open()) {
            *error = describeSqlError(
                QStringLiteral("cannot connect to the store %1").arg(location_.display()),
                db_.lastError());
            close();
            return false;
        }
        if (!exec(QStringLiteral("SET client_min_messages TO WARNING"), error)) return false;
        // Values too big to keep in their row (the log's request blocks,
        // ~7 KB of ColumnBlock each) are compressed with lz4 rather than
        // PostgreSQL's own pglz, several times faster both ways; a server
        // built without lz4 (or older than 14) refuses, and keeps pglz.
        QString unsupported;
        exec(QStringLiteral("SET default_toast_compression TO lz4"), &unsupported);
        // Normal durability, as SQLite's synchronous=NORMAL: a commit returns
        // before the server has flushed it to disk (it does so within a
        // fraction of a second), so the log writer does not wait for a disk
        // flush per batch. A crash of the server or the machine may lose the
        // last moment of log entries, never corrupt anything.
        if (durability_ == Durability::Normal)
            return exec(QStringLiteral("SET synchronous_commit TO off"), error);
        return true;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        *error = QStringLiteral(
            "Qt's SQLite driver is not installed (Debian: apt install libqt6sql6-sqlite)");
        return false;
    }
    {
        QMutexLocker lock(&openFilesMutex);
        if (openFiles.value(location_.sqlitePath) == 0) {
            // First connection of this process: the file may be looked at (see openFiles).
            if (!checkSqliteFile(error)) return false;
            const QString dir = QFileInfo(location_.sqlitePath).absolutePath();
            if (!QDir().mkpath(dir)) {
                *error = QStringLiteral("cannot create the folder %1 for the store").arg(dir);
                return false;
            }
            // Logs hold prompts and answers, the config store keys: only the
            // user may read them. Made private before SQLite creates it, which
            // gives its -wal and -shm files the same mode.
            QString why;
            if (!PrivateFile::makePrivate(location_.sqlitePath, &why))
                qWarning().noquote()
                    << QStringLiteral("store %1: %2").arg(location_.sqlitePath, why);
        }
        ++openFiles[location_.sqlitePath];
        counted_ = true;
    }
    db_ = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
    db_.setDatabaseName(location_.sqlitePath);
    db_.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db_.open()) {
        *error = describeSqlError(
            QStringLiteral("cannot open the store %1").arg(location_.sqlitePath), db_.lastError());
        close();
        return false;
    }
    // A damaged file with an intact header fails here, before anything is written.
    const QString synchronous =
        durability_ == Durability::Full ? QStringLiteral("FULL") : QStringLiteral("NORMAL");
    // 16 KiB pages for a new store (an existing one keeps its own): a block
    // of request rows (RequestBlocks.h, ~8 KiB) then fits in its B-tree
    // page instead of spilling over two more, and a list query reading
    // thousands of blocks makes a third of the reads.
    QSqlQuery q(db_);
    q.exec(QStringLiteral("PRAGMA page_size=16384"));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next()) {
        *error = describeSqlError(
            QStringLiteral("the store %1 cannot be used (Gatehouse leaves it untouched; move it "
                           "away to start with a new store)")
                .arg(location_.sqlitePath),
            q.lastError());
        close();
        return false;
    }
    if (!exec(QStringLiteral("PRAGMA synchronous=") + synchronous, error)) return false;
    return true;
}

bool StoreConnection::exec(const QString &sql, QString *error) {
    QSqlQuery q(db_);
    if (q.exec(sql)) return true;
    *error = describeSqlError(sql.left(80), q.lastError());
    return false;
}

// Qt's drivers hand out their native handle as a QVariant holding the
// pointer, its type named after the C type (QPSQL's under PGconn's struct
// name). Debian's QSQLITE and QPSQL drivers use the system's libsqlite3 and
// libpq, the same libraries the gateway links.
namespace {

void *nativeHandle(QSqlDatabase &db, std::initializer_list<const char *> typeNames) {
    const QVariant handle = db.driver()->handle();
    const char *type = handle.typeName();
    if (!type) return nullptr;
    for (const char *name : typeNames)
        if (qstrcmp(type, name) == 0) return *static_cast<void *const *>(handle.constData());
    return nullptr;
}

}  // namespace

sqlite3 *StoreConnection::sqliteHandle() {
    return isPostgres() ? nullptr : static_cast<sqlite3 *>(nativeHandle(db_, {"sqlite3*"}));
}

pg_conn *StoreConnection::postgresHandle() {
    return isPostgres() ? static_cast<pg_conn *>(nativeHandle(db_, {"PGconn*", "pg_conn*"}))
                        : nullptr;
}

}  // namespace gatehouse
