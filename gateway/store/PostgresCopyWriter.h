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
// plans each statement again; COPY streams rows in PostgreSQL's binary
// format and is the server's fastest way in, several times the rows/s of
// multi-row INSERTs. One COPY per table in the batch's transaction; a
// table's rows are sent in slices as they are made (the writer makes them
// table by table), so the server inserts while the next rows are made.
class PostgresCopyWriter : public LogBatchWriter {
public:
    explicit PostgresCopyWriter(pg_conn *connection);
    ~PostgresCopyWriter() override;

    bool begin(QString *error) override;
    bool newBlockIds(LogTable table, int count, std::vector<qint64> *ids, QString *error) override;
    // The sequence's next values (outside a transaction too): never handed
    // out twice, so `above` needs no heed and reserved ids stay free.
    bool reserveBlockIds(LogTable table, int count, qint64 /*above*/, std::vector<qint64> *ids,
                         QString *error) override {
        return newBlockIds(table, count, ids, error);
    }
    bool reservedIdsFree(LogTable, qint64, qint64, bool *free, QString *) override {
        *free = true;
        return true;
    }
    RowSink &rows(LogTable table) override;
    bool commit(QString *error) override;
    void rollback() override;

private:
    friend class CopyRowSink;
    bool run(const char *sql, QString *error, const QString &what);
    bool readColumnTypes(QString *error);
    void clear();
    bool stream(LogTable table, QString *error);
    bool startCopy(LogTable table);
    bool send(QByteArray &data);
    bool endCopy();

    pg_conn *connection_;
    std::array<std::unique_ptr<CopyRowSink>, kLogTableCount> sinks_;
    int open_ = -1;  // the table whose COPY is open
    bool typesKnown_ = false;
    QString error_;  // the batch's first failure
};

}  // namespace gatehouse
