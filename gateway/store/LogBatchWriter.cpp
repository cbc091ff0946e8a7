#include "LogBatchWriter.h"

#include "PostgresCopyWriter.h"
#include "SqliteBatchWriter.h"
#include "StoreConnection.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <QSqlDriver>
#include <QVariant>

namespace gatehouse {

std::unique_ptr<LogBatchWriter> LogBatchWriter::create(StoreConnection &connection,
                                                       QString *error) {
    // Qt's drivers hand out their native handle as a QVariant holding the
    // pointer, its type named after the C type (QPSQL's under PGconn's
    // struct name). Debian's QSQLITE and QPSQL drivers use the system's
    // libsqlite3 and libpq, the same libraries this file is linked with.
    const QVariant handle = connection.db().driver()->handle();
    const char *type = handle.typeName();
    if (connection.isPostgres() && type &&
        (qstrcmp(type, "PGconn*") == 0 || qstrcmp(type, "pg_conn*") == 0)) {
        if (PGconn *pg = *static_cast<PGconn *const *>(handle.constData()))
            return std::make_unique<PostgresCopyWriter>(pg);
    } else if (!connection.isPostgres() && type && qstrcmp(type, "sqlite3*") == 0) {
        if (sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData()))
            return std::make_unique<SqliteBatchWriter>(db);
    }
    *error = QStringLiteral("the log store's connection (%1) gives no %2 handle to write with")
                 .arg(connection.location().display(),
                      connection.isPostgres() ? QStringLiteral("libpq") : QStringLiteral("SQLite"));
    return nullptr;
}

}  // namespace gatehouse
