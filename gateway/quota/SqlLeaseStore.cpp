#include "SqlLeaseStore.h"

#include "store/StoreConnection.h"
#include "store/StoreExecutor.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

// What a claim grants from a window already `claimed` this much: all it
// wants while the limit allows, then what is left, then nothing. Written
// once per use with its own parameters (limit, want, want, limit, limit);
// typed, because PostgreSQL cannot guess the type of "? >= ?".
QString grantFrom(const QString &claimed) {
    return QStringLiteral(
               "CASE WHEN CAST(? AS BIGINT) - %1 >= CAST(? AS BIGINT) THEN CAST(? AS BIGINT) "
               "WHEN CAST(? AS BIGINT) - %1 > 0 THEN CAST(? AS BIGINT) - %1 ELSE 0 END")
        .arg(claimed);
}

const QString &claimSql() {
    static const QString sql =
        QStringLiteral(
            "INSERT INTO shared_counters (counter, window_start, window_end, claimed, granted) "
            "VALUES (?, ?, ?, %1, %1) "
            "ON CONFLICT (counter, window_start) DO UPDATE SET "
            "granted = %2, claimed = shared_counters.claimed + %2 "
            "RETURNING claimed, granted")
            .arg(grantFrom(QStringLiteral("0")),
                 grantFrom(QStringLiteral("shared_counters.claimed")));
    return sql;
}

void bindGrant(QSqlQuery &q, qint64 limit, qint64 want) {
    for (qint64 v : {limit, want, want, limit, limit}) q.addBindValue(v);
}

// Windows that ended a day ago are read by nobody.
constexpr qint64 kKeepEndedMs = 86'400'000;
constexpr qint64 kPruneEveryMs = 3'600'000;

}  // namespace

SqlLeaseStore::SqlLeaseStore(StoreLocation location)
    : executor_(std::make_unique<StoreExecutor>(std::move(location), QStringLiteral("counters"))) {}

SqlLeaseStore::~SqlLeaseStore() = default;

std::optional<LeaseStore::Claim> SqlLeaseStore::claim(const QString &counter, qint64 windowStartMs,
                                                      qint64 windowEndMs, qint64 limit, qint64 want,
                                                      QString *error) {
    std::optional<Claim> result;
    executor_->runAndWait([&](StoreConnection *c, const QString &why) {
        reachable_->store(c != nullptr);
        if (!c) {
            *error = why;
            return;
        }
        QSqlQuery q(c->db());
        q.prepare(claimSql());
        q.addBindValue(counter);
        q.addBindValue(windowStartMs);
        q.addBindValue(windowEndMs);
        for (int use = 0; use < 4; ++use)  // a new row's claimed and granted, an old one's
            bindGrant(q, limit, want);
        if (!q.exec() || !q.next()) {
            *error = describeSqlError(QStringLiteral("claiming from counter %1").arg(counter),
                                      q.lastError());
            c->db().close();  // reopened for the next claim
            return;
        }
        result = Claim{q.value(1).toLongLong(), q.value(0).toLongLong()};
        static thread_local qint64 prunedAtMs = 0;  // the store thread's
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - prunedAtMs > kPruneEveryMs) {
            prunedAtMs = now;
            QSqlQuery prune(c->db());
            prune.prepare(QStringLiteral("DELETE FROM shared_counters WHERE window_end < ?"));
            prune.addBindValue(now - kKeepEndedMs);
            prune.exec();  // best effort: tried again in an hour
        }
    });
    return result;
}

void SqlLeaseStore::adjust(const QString &counter, qint64 windowStartMs, qint64 windowEndMs,
                           qint64 delta) {
    if (delta == 0 || (delta < 0 && !reachable_->load())) return;
    auto reachable = reachable_;
    executor_->post(nullptr, [=](StoreConnection *c, const QString &why) -> std::function<void()> {
        reachable->store(c != nullptr);
        if (!c) {
            qWarning("gatehouse: counter %s not adjusted by %lld: %s", qPrintable(counter), delta,
                     qPrintable(why));
            return {};
        }
        QSqlQuery q(c->db());
        q.prepare(QStringLiteral(
            "INSERT INTO shared_counters (counter, window_start, window_end, claimed, granted) "
            "VALUES (?, ?, ?, ?, 0) ON CONFLICT (counter, window_start) DO UPDATE SET "
            "claimed = shared_counters.claimed + excluded.claimed"));
        q.addBindValue(counter);
        q.addBindValue(windowStartMs);
        q.addBindValue(windowEndMs);
        q.addBindValue(delta);
        if (!q.exec())
            qWarning("gatehouse: %s",
                     qPrintable(describeSqlError(
                         QStringLiteral("adjusting counter %1").arg(counter), q.lastError())));
        return {};
    });
}

}  // namespace gatehouse
