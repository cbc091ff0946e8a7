#pragma once

#include "LogRows.h"

#include <QString>
#include <memory>
#include <vector>

namespace gatehouse {

class StoreConnection;

// Writes the log writer's batches, one transaction each, on the log
// writer's own connection, through the database's own client library
// rather than QSqlQuery (see RowSink): SQLite's C API on the handle Qt's
// QSQLITE driver opened, libpq's COPY on the one QPSQL opened. Lives no
// longer than its connection.
class LogBatchWriter {
public:
    // A writer for the backend of `connection` (open); null with the reason
    // when the driver's handle is not the expected one.
    static std::unique_ptr<LogBatchWriter> create(StoreConnection &connection, QString *error);
    virtual ~LogBatchWriter() = default;

    virtual bool begin(QString *error) = 0;
    // `count` new ids for rows of `table` (request_bodies or
    // request_blocks), unique in the store even when several gateways
    // share it (inside the transaction begin() opened).
    virtual bool newBlockIds(LogTable table, int count, std::vector<qint64> *ids,
                             QString *error) = 0;
    // Outside a transaction: `count` ids for rows of `table` that a later
    // transaction of this writer's will insert, all above `above` (the
    // highest it holds already, not yet written). PostgreSQL's are the
    // sequence's, never handed out twice; SQLite's follow the table's
    // highest id, which another process writing the same file may take
    // first: reservedIdsFree tells.
    virtual bool reserveBlockIds(LogTable table, int count, qint64 above, std::vector<qint64> *ids,
                                 QString *error) = 0;
    // Inside the transaction: whether no row of `table` has an id in
    // first..last (reserved ones the writer is about to insert).
    virtual bool reservedIdsFree(LogTable table, qint64 first, qint64 last, bool *free,
                                 QString *error) = 0;
    virtual RowSink &rows(LogTable table) = 0;
    // Sends what is pending and commits. False: rolled back (nothing of the
    // batch is in the store), with the store's reason.
    virtual bool commit(QString *error) = 0;
    virtual void rollback() = 0;
};

}  // namespace gatehouse
