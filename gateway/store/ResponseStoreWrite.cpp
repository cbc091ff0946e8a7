// Writing the pending saves, a block per row of response_blocks, with the
// ids without a time in stored_response_ids: through SQLite's own API or
// PostgreSQL's prepared statements. The rest of ResponseStore is in
// ResponseStore.cpp.
#include "ResponseBlock.h"
#include "ResponseIds.h"
#include "ResponseStore.h"
#include "StoreConnection.h"
#include "json/ByteAppend.h"

#include <sqlite3.h>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

const char kInsertBlock[] =
    "INSERT INTO response_blocks (id, created_ms, data, first_ms, last_ms) "
    "VALUES (NULL, ?, ?, ?, ?)";
// The ids without a time of a block in one statement, as a JSON array.
// "WHERE true" keeps SQLite from reading ON CONFLICT as a join's.
const char kInsertIds[] =
    "INSERT INTO stored_response_ids (id, block) SELECT value, ? FROM json_each(?) WHERE true "
    "ON CONFLICT (id) DO NOTHING";

}  // namespace

bool ResponseStore::forEachBlock(
    const Batch &batch, QString *error,
    const std::function<bool(const QByteArray &frame, const ResponseBlock::Ids &ids,
                             const PendingBlock &)> &write) {
    std::vector<ResponseBlock::EntryView> entries;
    for (const PendingBlock &block : batch.blocks) {
        const QByteArrayView raw(batch.raw.constData() + block.start, block.end - block.start);
        const QByteArray frame = builder_->compress(raw, error);
        if (frame.isNull()) return false;
        if (!ResponseBlock::readEntries(raw, &entries)) {
            *error = QStringLiteral("a pending block ends inside an entry");
            return false;
        }
        if (!write(frame, ResponseBlock::idsOf(entries), block)) return false;
    }
    return true;
}

// SQLite through its own API: Qt's bindValue and exec cost ~25k
// instructions a row, several times SQLite's insert itself (callgrind).
// The statements are prepared per batch, so none outlives the connection.
bool ResponseStore::writeSqlite(sqlite3 *db, const Batch &batch, QString *error) {
    auto failed = [&](const char *what) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(what),
                                              QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    };
    sqlite3_stmt *insertBlock = nullptr, *insertIds = nullptr;
    auto finalize = [&] {
        sqlite3_finalize(insertBlock);
        sqlite3_finalize(insertIds);
    };
    QByteArray ids;
    if (sqlite3_prepare_v2(db, kInsertBlock, int(sizeof(kInsertBlock) - 1), &insertBlock,
                           nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(db, kInsertIds, int(sizeof(kInsertIds) - 1), &insertIds, nullptr) !=
            SQLITE_OK) {
        failed("preparing the save");
        finalize();
        return false;
    }
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
        failed("starting the save");
        finalize();
        return false;
    }
    const bool ok = forEachBlock(
        batch, error,
        [&](const QByteArray &frame, const ResponseBlock::Ids &blockIds,
            const PendingBlock &block) {
            sqlite3_bind_int64(insertBlock, 1, block.lastCreatedMs);
            sqlite3_bind_blob(insertBlock, 2, frame.constData(), int(frame.size()), SQLITE_STATIC);
            for (int column : {3, 4}) {
                const qint64 ms = column == 3 ? blockIds.firstMs : blockIds.lastMs;
                if (ms < 0)
                    sqlite3_bind_null(insertBlock, column);
                else
                    sqlite3_bind_int64(insertBlock, column, ms);
            }
            const bool stored = sqlite3_step(insertBlock) == SQLITE_DONE;
            sqlite3_reset(insertBlock);
            if (!stored) return failed("saving");
            if (blockIds.untimed.empty()) return true;
            const sqlite3_int64 blockId = sqlite3_last_insert_rowid(db);
            ids.resize(0);
            appendBytes(ids, "[");
            for (const ResponseBlock::EntryView *e : blockIds.untimed) {
                if (ids.size() > 1) appendBytes(ids, ",");
                ResponseBlock::appendIdJson(ids, e->id);
            }
            appendBytes(ids, "]");
            sqlite3_bind_int64(insertIds, 1, blockId);
            sqlite3_bind_text(insertIds, 2, ids.constData(), int(ids.size()), SQLITE_STATIC);
            const bool indexed = sqlite3_step(insertIds) == SQLITE_DONE;
            sqlite3_reset(insertIds);
            if (!indexed) return failed("saving");
            return true;
        });
    finalize();
    if (!ok) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        failed("committing the save");
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }
    return true;
}

// PostgreSQL: a block row numbered by its sequence (several gateways may
// share the store), then its ids without a time in one statement.
bool ResponseStore::writePostgres(StoreConnection &c, const Batch &batch, QString *error) {
    QSqlDatabase &db = c.db();
    QSqlQuery *insertBlock = c.prepared(
        QStringLiteral("INSERT INTO response_blocks (id, created_ms, data, first_ms, last_ms) "
                       "VALUES (nextval('response_blocks_id'), ?, ?, ?, ?) RETURNING id"));
    QSqlQuery *insertIds = c.prepared(QStringLiteral(
        "INSERT INTO stored_response_ids (id, block) SELECT unnest(CAST(? AS text[])), ? "
        "ON CONFLICT (id) DO NOTHING"));
    if (!insertBlock || !insertIds || !db.transaction()) {
        *error = describeSqlError(QStringLiteral("preparing the save"), db.lastError());
        return false;
    }
    const bool ok = forEachBlock(
        batch, error,
        [&](const QByteArray &frame, const ResponseBlock::Ids &blockIds,
            const PendingBlock &block) {
            const QVariant noTime(QMetaType::fromType<qint64>());
            insertBlock->bindValue(0, block.lastCreatedMs);
            insertBlock->bindValue(1, frame);
            insertBlock->bindValue(2, blockIds.firstMs < 0 ? noTime : QVariant(blockIds.firstMs));
            insertBlock->bindValue(3, blockIds.lastMs < 0 ? noTime : QVariant(blockIds.lastMs));
            if (!insertBlock->exec() || !insertBlock->next()) {
                *error = describeSqlError(QStringLiteral("saving"), insertBlock->lastError());
                return false;
            }
            const qint64 blockId = insertBlock->value(0).toLongLong();
            insertBlock->finish();
            if (blockIds.untimed.empty()) return true;
            // An array literal, each id quoted.
            QString ids = QStringLiteral("{");
            for (const ResponseBlock::EntryView *e : blockIds.untimed) {
                if (ids.size() > 1) ids += QLatin1Char(',');
                QString id = QString::fromUtf8(e->id);
                id.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                    .replace(QLatin1Char('"'), QLatin1String("\\\""));
                ids += QLatin1Char('"') + id + QLatin1Char('"');
            }
            ids += QLatin1Char('}');
            insertIds->bindValue(0, ids);
            insertIds->bindValue(1, blockId);
            if (!insertIds->exec()) {
                *error = describeSqlError(QStringLiteral("saving"), insertIds->lastError());
                return false;
            }
            return true;
        });
    if (!ok) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *error = describeSqlError(QStringLiteral("committing the save"), db.lastError());
        return false;
    }
    return true;
}

}  // namespace gatehouse
