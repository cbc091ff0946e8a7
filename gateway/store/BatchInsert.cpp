#include "BatchInsert.h"

#include "StoreConnection.h"

#include <QSqlError>

namespace gatehouse {

BatchInsert::BatchInsert(QSqlDatabase db, QString table, QStringList columns, int rowsPerStatement)
    : db_(std::move(db)),
      table_(std::move(table)),
      columns_(std::move(columns)),
      rowsPerStatement_(rowsPerStatement) {}

QSqlQuery &BatchInsert::statementFor(int rows) {
    auto it = statements_.find(rows);
    if (it != statements_.end()) return it->second;
    QString one = QStringLiteral("(?");
    for (int i = 1; i < columns_.size(); ++i) one += QStringLiteral(",?");
    one += QLatin1Char(')');
    QStringList values;
    for (int i = 0; i < rows; ++i) values << one;
    QSqlQuery q(db_);
    q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                  .arg(table_, columns_.join(QLatin1Char(',')), values.join(QLatin1Char(','))));
    return statements_.emplace(rows, std::move(q)).first->second;
}

bool BatchInsert::send(int rows, QString *error) {
    QSqlQuery &q = statementFor(rows);
    int index = 0;
    for (int r = 0; r < rows; ++r)
        for (const QVariant &v : pending_[r]) q.bindValue(index++, v);
    const bool ok = q.exec();
    if (!ok) *error = describeSqlError(QStringLiteral("writing to %1").arg(table_), q.lastError());
    pending_.erase(pending_.begin(), pending_.begin() + rows);
    return ok;
}

bool BatchInsert::add(QVariantList row, QString *error) {
    pending_.append(std::move(row));
    if (pending_.size() < rowsPerStatement_) return true;
    return send(rowsPerStatement_, error);
}

bool BatchInsert::flush(QString *error) {
    while (!pending_.isEmpty()) {
        const int rows = int(qMin<qsizetype>(pending_.size(), rowsPerStatement_));
        // Odd-sized tails go one row at a time so few statement shapes are prepared.
        if (!send(rows == rowsPerStatement_ ? rows : 1, error)) {
            pending_.clear();
            return false;
        }
    }
    return true;
}

}  // namespace gatehouse
