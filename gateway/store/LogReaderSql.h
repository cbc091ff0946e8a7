#pragma once

#include "BodyBlock.h"

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
// Prepares, binds and runs; false with `error` saying what failed.
bool exec(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error);
// " WHERE a AND b", or nothing without clauses.
QString where(const QStringList &clauses);
// The condition finding the request `id` (its values appended to `values`),
// its columns prefixed with `table` ("r." or nothing).
QString requestWithId(const QString &id, const QString &table, QVariantList *values);
// A request's bodies and spans: none when it has none (or no such request);
// `damage` says why a block that holds it cannot be read.
bool readContent(StoreConnection &c, const QString &id, std::optional<BodyBlock::Content> *out,
                 QString *error, QString *damage);

}  // namespace LogReader

}  // namespace gatehouse
