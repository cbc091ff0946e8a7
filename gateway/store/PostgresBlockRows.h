#pragma once

#include <QByteArrayView>
#include <QString>
#include <QVariantList>
#include <functional>

struct pg_conn;

namespace gatehouse {

// Streams the rows of a query whose columns are BIGINTs, maybe followed by
// one BYTEA, from PostgreSQL, in libpq's binary format, a row at a time.
// Qt's QPSQL driver hands a bytea over as hex text, unescaped into a new
// QByteArray, one QVariant per value: reading the request log's blocks
// (RequestBlocks.h) that way took ~75 µs a block of ~8 KiB.
//
// `sql` takes its values as "?" (as QSqlQuery does), sent as text. `visit`
// gets the integers (`integers` of them) and the bytes; returning false
// stops the query (the server is asked to cancel it). False with `error`
// when the query fails. The connection must have nothing else under way.
bool forEachPostgresRow(pg_conn *connection, const QString &sql, const QVariantList &values,
                        int integers,
                        const std::function<bool(const qint64 *, QByteArrayView)> &visit,
                        QString *error);

}  // namespace gatehouse
