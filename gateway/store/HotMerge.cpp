#include "HotMerge.h"

#include "StoreConnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

namespace gatehouse {

namespace HotMerge {

namespace {

const char *const kColumns =
    "id, ts, instance, client, endpoint, provider, model, attempts, fallback_index, status, "
    "error, latency_us, ttft_us, stream, prompt_tokens, completion_tokens, total_tokens, "
    "cache_hit, virtual_key, plugins, body_block, cached_tokens, cache_write_tokens, "
    "reasoning_tokens, cost_nano_usd, saved_nano_usd, cost_note, agent, session_id, "
    "cache_report, prompt_cache_saved_nano_usd, context_warning";

bool run(QSqlQuery &q, const QString &sql, const QVariantList &values, QString *error) {
    q.setForwardOnly(true);
    bool ok = q.prepare(sql);
    for (int i = 0; ok && i < values.size(); ++i) q.bindValue(i, values[i]);
    ok = ok && q.exec();
    if (!ok) *error = describeSqlError(QStringLiteral("merging the log's hot rows"), q.lastError());
    return ok;
}

// PostgreSQL: one statement per part, so the rows deleted are exactly the
// rows inserted even with other gateways writing to the segment meanwhile.
// The seq comes from the same sequence for both tables, so it is kept.
int movePostgres(StoreConnection &c, int rows, QString *error) {
    QSqlQuery q(c.db());
    if (!run(q,
             QStringLiteral("WITH moved AS (DELETE FROM requests_hot WHERE seq IN (SELECT seq "
                            "FROM requests_hot ORDER BY seq LIMIT ?) RETURNING *), inserted AS "
                            "(INSERT INTO requests (seq, %1) SELECT seq, %1 FROM moved ORDER BY "
                            "seq ON CONFLICT DO NOTHING) SELECT count(*) FROM moved")
                 .arg(QLatin1String(kColumns)),
             {rows}, error) ||
        !q.next())
        return -1;
    return q.value(0).toInt();
}

// SQLite: inside the step's IMMEDIATE transaction nothing else adds to or
// takes from the segment between the copy and the delete. A hot row keeps
// its seq unless a row was put into `requests` directly since (only tests
// do), then it takes the next one.
int moveSqlite(StoreConnection &c, int rows, QString *error) {
    QSqlQuery last(c.db());
    if (!run(last,
             QStringLiteral(
                 "SELECT max(seq) FROM (SELECT seq FROM requests_hot ORDER BY seq LIMIT ?)"),
             {rows}, error) ||
        !last.next())
        return -1;
    if (last.value(0).isNull()) return 0;
    const qint64 upTo = last.value(0).toLongLong();
    last.finish();
    QSqlQuery copy(c.db()), drop(c.db());
    if (!run(copy,
             QStringLiteral("INSERT OR IGNORE INTO requests (seq, %1) SELECT CASE WHEN seq > "
                            "(SELECT coalesce(max(seq), 0) FROM requests) THEN seq END, %1 FROM "
                            "requests_hot WHERE seq <= ? ORDER BY seq")
                 .arg(QLatin1String(kColumns)),
             {upTo}, error) ||
        !run(drop, QStringLiteral("DELETE FROM requests_hot WHERE seq <= ?"), {upTo}, error))
        return -1;
    return drop.numRowsAffected();
}

}  // namespace

int step(StoreConnection &c, QString *error) {
    const bool pg = c.isPostgres();
    if (!c.exec(pg ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"), error)) return -1;
    int moved = 0;
    for (int part = 0; part < kStepRows / kPartRows; ++part) {
        if (part > 0) QThread::usleep(kPartPauseUs);
        const int n = pg ? movePostgres(c, kPartRows, error) : moveSqlite(c, kPartRows, error);
        if (n < 0) {
            QString ignored;
            c.exec(QStringLiteral("ROLLBACK"), &ignored);
            return -1;
        }
        moved += n;
        if (n < kPartRows) break;
    }
    if (c.exec(QStringLiteral("COMMIT"), error)) return moved;
    QString ignored;
    c.exec(QStringLiteral("ROLLBACK"), &ignored);
    return -1;
}

qint64 count(StoreConnection &c, QString *error) {
    QSqlQuery q(c.db());
    if (!run(q, QStringLiteral("SELECT count(*) FROM requests_hot"), {}, error) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

}  // namespace HotMerge

}  // namespace gatehouse
