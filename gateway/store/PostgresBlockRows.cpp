#include "PostgresBlockRows.h"

#include <libpq-fe.h>
#include <QtEndian>
#include <string>
#include <vector>

namespace gatehouse {

namespace {

// "?" placeholders as PostgreSQL's $1, $2, ... (the log's queries have no
// "?" in a literal).
QByteArray numbered(const QString &sql) {
    const QByteArray utf8 = sql.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 16);
    int n = 0;
    for (const char ch : utf8) {
        if (ch == '?')
            out += '$' + QByteArray::number(++n);
        else
            out += ch;
    }
    return out;
}

QString failure(pg_conn *connection, const PGresult *r) {
    const char *message = r ? PQresultErrorMessage(r) : PQerrorMessage(connection);
    return QStringLiteral("log query: ") + QString::fromUtf8(message).trimmed();
}

// Reads what is left of the query's results (after a cancel: its error).
void drain(pg_conn *connection) {
    while (PGresult *r = PQgetResult(connection)) PQclear(r);
}

}  // namespace

bool forEachPostgresRow(pg_conn *connection, const QString &sql, const QVariantList &values,
                        int integers,
                        const std::function<bool(const qint64 *, QByteArrayView)> &visit,
                        QString *error) {
    std::vector<std::string> texts;
    texts.reserve(size_t(values.size()));
    for (const QVariant &v : values) texts.push_back(v.toString().toStdString());
    std::vector<const char *> params;
    for (const std::string &t : texts) params.push_back(t.c_str());
    const QByteArray query = numbered(sql);
    if (!PQsendQueryParams(connection, query.constData(), int(params.size()), nullptr,
                           params.data(), nullptr, nullptr, 1) ||
        !PQsetSingleRowMode(connection)) {
        *error = failure(connection, nullptr);
        drain(connection);
        return false;
    }
    std::vector<qint64> row(static_cast<size_t>(integers));
    bool ok = true;
    while (PGresult *r = PQgetResult(connection)) {
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE) {
            const bool bytes = PQnfields(r) == integers + 1;
            bool valid = bytes || PQnfields(r) == integers;
            for (int i = 0; valid && i < integers; ++i) {
                valid = PQgetlength(r, 0, i) == 8 && !PQgetisnull(r, 0, i);
                if (valid) row[size_t(i)] = qFromBigEndian<qint64>(PQgetvalue(r, 0, i));
            }
            if (!valid) {
                *error = QStringLiteral("log query: a row of an unexpected shape");
                ok = false;
            } else if (!visit(row.data(), bytes ? QByteArrayView(PQgetvalue(r, 0, integers),
                                                                 PQgetlength(r, 0, integers))
                                                : QByteArrayView())) {
                PQclear(r);
                // Done early: the rest of the result is not wanted.
                if (PGcancel *cancel = PQgetCancel(connection)) {
                    char reason[256];
                    PQcancel(cancel, reason, sizeof reason);
                    PQfreeCancel(cancel);
                }
                drain(connection);
                return true;
            }
            PQclear(r);
            if (!ok) break;
            continue;
        }
        if (status != PGRES_TUPLES_OK) {
            *error = failure(connection, r);
            ok = false;
        }
        PQclear(r);
    }
    drain(connection);
    return ok;
}

}  // namespace gatehouse
