#pragma once

#include "BodyBlock.h"
#include "RequestScan.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <optional>

class QSqlQuery;

namespace gatehouse {

class StoreConnection;

// What the log's queries (LogReader.cpp, LogHookLines.cpp) share.
namespace LogReader {

// A time as the API shows it: ISO 8601 UTC with milliseconds.
QString isoTime(qint64 ms);
// Prepares, binds and runs; false with `error` saying what failed (`what`
// was under way).
bool exec(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error,
          const char *what = "log query");
// " WHERE a AND b", or nothing without clauses.
QString where(const QStringList &clauses);
// A request's bodies and spans: none when it has none (or no such request);
// `damage` says why a block that holds it cannot be read. The second reads
// them for the row already found.
bool readContent(StoreConnection &c, const QString &id, std::optional<BodyBlock::Content> *out,
                 QString *error, QString *damage);
bool readContent(StoreConnection &c, const QString &id, const RequestScan::Found &row,
                 std::optional<BodyBlock::Content> *out, QString *error, QString *damage);
// A request's row of a block as the API shows it (no bodies, no spans).
QJsonObject summaryOf(ColumnBlock::Reader &block, int row);

}  // namespace LogReader

}  // namespace gatehouse
