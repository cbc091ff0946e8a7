#include "LogBatchWriter.h"

#include "PostgresCopyWriter.h"
#include "SqliteBatchWriter.h"
#include "StoreConnection.h"

#include <libpq-fe.h>
#include <sqlite3.h>

namespace gatehouse {

std::unique_ptr<LogBatchWriter> LogBatchWriter::create(StoreConnection &connection,
                                                       QString *error) {
    if (PGconn *pg = connection.postgresHandle()) return std::make_unique<PostgresCopyWriter>(pg);
    if (sqlite3 *db = connection.sqliteHandle()) return std::make_unique<SqliteBatchWriter>(db);
    *error = QStringLiteral("the log store's connection (%1) gives no %2 handle to write with")
                 .arg(connection.location().display(),
                      connection.isPostgres() ? QStringLiteral("libpq") : QStringLiteral("SQLite"));
    return nullptr;
}

}  // namespace gatehouse
