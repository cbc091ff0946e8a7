#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariantList>
#include <map>

namespace gatehouse {

// Inserts many rows into one table with few statements: rows are sent
// `rowsPerStatement` at a time as one multi-row INSERT (one round trip to
// PostgreSQL instead of one per row; fewer statement runs in SQLite). The
// caller holds the transaction. Prepared statements are kept for reuse.
class BatchInsert {
public:
    BatchInsert(QSqlDatabase db, QString table, QStringList columns, int rowsPerStatement = 64);

    // Queues a row (one value per column, in order); sends a full batch.
    bool add(QVariantList row, QString *error);
    // Sends what is queued.
    bool flush(QString *error);
    void clear() { pending_.clear(); }

private:
    bool send(int rows, QString *error);
    QSqlQuery &statementFor(int rows);

    QSqlDatabase db_;
    QString table_;
    QStringList columns_;
    int rowsPerStatement_;
    QList<QVariantList> pending_;
    std::map<int, QSqlQuery> statements_;  // by row count
};

}  // namespace gatehouse
