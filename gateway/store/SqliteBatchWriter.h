#pragma once

#include "LogBatchWriter.h"

#include <array>
#include <memory>

struct sqlite3;

namespace gatehouse {

class SqliteRowSink;

// The log writer's batches into SQLite: one prepared single-row INSERT per
// table, kept for the connection's life and run through the C API with the
// values bound as they are (UTF-8 bodies as bytes, no QVariant, no UTF-16
// round trip). SQLite runs a reused statement in a couple of microseconds,
// so batching rows into multi-row statements gains nothing here.
class SqliteBatchWriter : public LogBatchWriter {
public:
    explicit SqliteBatchWriter(sqlite3 *db);
    ~SqliteBatchWriter() override;

    bool begin(QString *error) override;
    RowSink &rows(LogTable table) override;
    bool commit(QString *error) override;
    void rollback() override;

private:
    sqlite3 *db_;
    std::array<std::unique_ptr<SqliteRowSink>, kLogTableCount> sinks_;
};

}  // namespace gatehouse
