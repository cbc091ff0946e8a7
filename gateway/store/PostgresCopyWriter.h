#pragma once

#include "LogBatchWriter.h"

#include <array>
#include <memory>

struct pg_conn;

namespace gatehouse {

class CopyRowSink;

// The log writer's batches into PostgreSQL with COPY ... FROM STDIN through
// libpq, on the connection Qt's QPSQL driver opened. QPSQL sends every
// bound value inlined into the statement's text and the server parses and
// plans each statement again; COPY streams rows in PostgreSQL's own text
// format and is the server's fastest way in, several times the rows/s of
// multi-row INSERTs. Rows are gathered per table, then sent one COPY per
// table in the batch's transaction.
class PostgresCopyWriter : public LogBatchWriter {
public:
    explicit PostgresCopyWriter(pg_conn *connection);
    ~PostgresCopyWriter() override;

    bool begin(QString *error) override;
    RowSink &rows(LogTable table) override;
    bool commit(QString *error) override;
    void rollback() override;

private:
    bool run(const char *sql, QString *error, const QString &what);
    bool copy(LogTable table, QString *error);

    pg_conn *connection_;
    std::array<std::unique_ptr<CopyRowSink>, kLogTableCount> sinks_;
};

}  // namespace gatehouse
