#pragma once

#include "LogBatchWriter.h"

#include <array>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace gatehouse {

class SqliteRowSink;

// The log writer's batches into SQLite, through its C API on the handle
// Qt's QSQLITE driver opened: per table a prepared 16-row INSERT (and a
// one-row one for the tail), kept for the connection's life, with values
// bound as they are (UTF-8 bodies as bytes, no QVariant, no UTF-16 round
// trip). Its own connection gets a bigger page cache (see the constructor).
class SqliteBatchWriter : public LogBatchWriter {
public:
    explicit SqliteBatchWriter(sqlite3 *db);
    ~SqliteBatchWriter() override;

    bool begin(QString *error) override;
    bool newBlockIds(LogTable table, int count, std::vector<qint64> *ids, QString *error) override;
    bool reserveBlockIds(LogTable table, int count, qint64 above, std::vector<qint64> *ids,
                         QString *error) override;
    bool reservedIdsFree(LogTable table, qint64 first, qint64 last, bool *free,
                         QString *error) override;
    RowSink &rows(LogTable table) override;
    bool commit(QString *error) override;
    void rollback() override;

private:
    // Runs `sql` (a one-value query on `table`, prepared on first use into
    // `statement`) with `bound` as its parameters.
    bool queryInt(sqlite3_stmt *&statement, LogTable table, const char *sql,
                  std::initializer_list<qint64> bound, qint64 *value, QString *error);
    bool lastId(LogTable table, qint64 *last, QString *error);
    sqlite3 *db_;
    std::array<sqlite3_stmt *, kLogTableCount> lastBlockId_{};  // prepared on first use
    std::array<sqlite3_stmt *, kLogTableCount> countInRange_{};
    std::array<std::unique_ptr<SqliteRowSink>, kLogTableCount> sinks_;
};

}  // namespace gatehouse
