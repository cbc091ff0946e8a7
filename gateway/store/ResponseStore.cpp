#include "ResponseStore.h"

#include "BlockBuilder.h"
#include "ResponseBlock.h"
#include "StoreConnection.h"
#include "StoreExecutor.h"
#include "json/ByteAppend.h"

#include <sqlite3.h>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace gatehouse {

namespace {

constexpr qint64 kPruneEveryMs = 60 * 60 * 1000;
// The pending buffer is kept from batch to batch (so a batch's saves
// append without reallocating) up to this capacity.
constexpr qsizetype kSpareKept = 32 << 20;
constexpr unsigned long long kMaxDecompressed = 512ull * 1024 * 1024;
const char kZstdMagic[] = "\x28\xB5\x2F\xFD";

// A row of stored_responses, the table of one row per response that
// schema versions 4 to 11 wrote: zstd frames, or the JSON as it is when
// short. Still read, never written.
bool decompressLegacy(const QByteArray &frame, QByteArray *raw) {
    if (!frame.startsWith(QByteArrayView(kZstdMagic, 4))) {
        // Stored as it is (short): a JSON object or array, or damaged.
        const bool json = (frame.startsWith('{') && frame.endsWith('}')) ||
                          (frame.startsWith('[') && frame.endsWith(']'));
        if (json) *raw = frame;
        return json;
    }
    QString why;
    return decompressFrame(frame, kMaxDecompressed, raw, &why);
}

// The creation time an id of newResponseId()'s shape (codecs/responses:
// "resp_", then 12 hex digits of the time in ms) carries, or -1. An id of
// another shape is found through stored_response_ids, as are the ids older
// versions wrote there; a random one that only looks timed is first looked
// for in the blocks of its apparent time (a block is only a candidate: its
// entries are checked).
qint64 idTimeMs(QByteArrayView id) {
    constexpr qsizetype kPrefix = 5, kDigits = 12;
    if (id.size() < kPrefix + kDigits || !id.startsWith("resp_")) return -1;
    qint64 ms = 0;
    for (qsizetype i = kPrefix; i < kPrefix + kDigits; ++i) {
        const char c = id[i];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return -1;
        ms = ms * 16 + digit;
    }
    return ms;
}

// What a block records about its entries' ids: the range of the times they
// carry (both -1 when none does), and the entries whose ids carry none.
struct BlockIds {
    qint64 firstMs = -1, lastMs = -1;
    std::vector<const ResponseBlock::EntryView *> untimed;
};

BlockIds blockIdsOf(const std::vector<ResponseBlock::EntryView> &entries) {
    BlockIds ids;
    for (const ResponseBlock::EntryView &e : entries) {
        const qint64 ms = idTimeMs(e.id);
        if (ms < 0) {
            ids.untimed.push_back(&e);
            continue;
        }
        ids.firstMs = ids.firstMs < 0 ? ms : std::min(ids.firstMs, ms);
        ids.lastMs = std::max(ids.lastMs, ms);
    }
    return ids;
}

qint64 oldestKept(int retentionDays) {
    return retentionDays > 0
               ? QDateTime::currentMSecsSinceEpoch() - qint64(retentionDays) * 86'400'000
               : 0;
}

// An id (UTF-8, as a QString's toUtf8() made it) as a JSON string, without
// decoding it: it needs only quotes, backslashes and control characters
// escaped.
void appendIdJson(QByteArray &out, QByteArrayView id) {
    appendBytes(out, "\"");
    for (const char c : id) {
        if (c == '"' || c == '\\') {
            const char escaped[2] = {'\\', c};
            appendBytes(out, escaped, 2);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            const char escaped[6] = {'\\', 'u', '0', '0', hex[(c >> 4) & 0xf], hex[c & 0xf]};
            appendBytes(out, escaped, 6);
        } else {
            appendBytes(out, &c, 1);
        }
    }
    appendBytes(out, "\"");
}

struct StoredBlock {
    qint64 id = 0;
    QByteArray data;
};

// Store thread: the blocks written at `oldestMs` or later that may hold
// `id`, in the order they were written: those whose range of id times
// holds the time in `id`, then the one stored_response_ids names (blocks
// written before the ranges, and ids without a time).
bool blocksThatMayHold(StoreConnection &c, const QString &id, qint64 oldestMs,
                       std::vector<StoredBlock> *blocks, QString *error) {
    QSqlQuery q(c.db());
    auto collect = [&] {
        if (!q.exec()) {
            *error = describeSqlError(QStringLiteral("reading a stored response"), q.lastError());
            return false;
        }
        while (q.next()) {
            const qint64 block = q.value(0).toLongLong();
            const bool seen = std::any_of(blocks->begin(), blocks->end(),
                                          [&](const StoredBlock &b) { return b.id == block; });
            if (!seen) blocks->push_back({block, q.value(1).toByteArray()});
        }
        return true;
    };
    const qint64 ms = idTimeMs(id.toUtf8());
    if (ms >= 0) {
        // A block begins at most the widest block's range before the time.
        q.prepare(
            QStringLiteral("SELECT id, data FROM response_blocks WHERE first_ms BETWEEN "
                           "? - (SELECT MAX(last_ms - first_ms) FROM response_blocks) AND ? "
                           "AND last_ms >= ? AND created_ms >= ? ORDER BY id"));
        for (int i = 0; i < 3; ++i) q.bindValue(i, ms);
        q.bindValue(3, oldestMs);
        if (!collect()) return false;
    }
    q.prepare(QStringLiteral(
        "SELECT b.id, b.data FROM stored_response_ids i JOIN response_blocks b ON b.id = i.block "
        "WHERE i.id = ? AND b.created_ms >= ?"));
    q.bindValue(0, id);
    q.bindValue(1, oldestMs);
    return collect();
}

const char kInsertBlock[] =
    "INSERT INTO response_blocks (id, created_ms, data, first_ms, last_ms) "
    "VALUES (NULL, ?, ?, ?, ?)";
// The ids without a time of a block in one statement, as a JSON array.
// "WHERE true" keeps SQLite from reading ON CONFLICT as a join's.
const char kInsertIds[] =
    "INSERT INTO stored_response_ids (id, block) SELECT value, ? FROM json_each(?) WHERE true "
    "ON CONFLICT (id) DO NOTHING";

}  // namespace

ResponseStore::ResponseStore(Options options)
    : options_(std::move(options)),
      executor_(std::make_unique<StoreExecutor>(options_.location, QStringLiteral("responses"),
                                                StoreConnection::Durability::Normal)),
      builder_(std::make_unique<ResponseBlock::Builder>()) {}

ResponseStore::~ResponseStore() {
    flush();
    executor_.reset();  // its thread is gone before the builder it uses
}

void ResponseStore::save(QByteArrayView idBytes, QByteArrayView conversation,
                         QByteArrayView response) {
    const qsizetype size = ResponseBlock::entrySize(idBytes, conversation, response);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&mutex_);
        if (pendingBytes_ + size > options_.maxPendingBytes) {
            dropped_.fetch_add(1);
            return;
        }
        pendingBytes_ += size;
        std::vector<PendingBlock> &blocks = pending_.blocks;
        const bool first = blocks.empty();
        if (first ||
            ResponseBlock::isFull(blocks.back().count, blocks.back().end - blocks.back().start)) {
            blocks.push_back({pending_.raw.size(), 0, 0, 0});
            ResponseBlock::beginRaw(pending_.raw);
        }
        ResponseBlock::appendEntry(pending_.raw, idBytes, conversation, response);
        PendingBlock &block = blocks.back();
        block.end = pending_.raw.size();
        ++block.count;
        block.lastCreatedMs = now;
        // Work is already queued that will take this one too.
        if (!first) return;
    }
    executor_->postAfter(options_.batchMs, nullptr,
                         [this](StoreConnection *c, const QString &error) {
                             writePending(c, error);
                             return std::function<void()>();
                         });
}

// Store thread. One transaction for everything pending, in blocks of up to
// ResponseBlock::kMaxEntries; ids already there (two instances never make
// the same id) keep the block they had.
void ResponseStore::writePending(StoreConnection *c, const QString &error) {
    Batch batch;
    {
        QMutexLocker lock(&mutex_);
        if (pending_.blocks.empty()) return;
        std::swap(batch, pending_);
        pending_.raw.swap(spare_);  // the saves go on in the last batch's buffer
        pendingBytes_ = 0;
    }
    QString why = error;
    const bool ok = c && (c->sqliteHandle() ? writeSqlite(c->sqliteHandle(), batch, &why)
                                            : writePostgres(*c, batch, &why));
    if (!ok) {
        qWarning("gatehouse: stored responses not saved: %s", qPrintable(why));
        qint64 lost = 0;
        for (const PendingBlock &block : batch.blocks) lost += block.count;
        dropped_.fetch_add(lost);
    }
    // Kept for the next batch unless a burst made it large.
    batch.raw.resize(0);
    if (batch.raw.capacity() <= kSpareKept) spare_.swap(batch.raw);
    if (c) prune(*c);
}

bool ResponseStore::forEachBlock(
    const Batch &batch, QString *error,
    const std::function<bool(const QByteArray &, const std::vector<ResponseBlock::EntryView> &,
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
        if (!write(frame, entries, block)) return false;
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
        [&](const QByteArray &frame, const std::vector<ResponseBlock::EntryView> &entries,
            const PendingBlock &block) {
            const BlockIds blockIds = blockIdsOf(entries);
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
                appendIdJson(ids, e->id);
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
        [&](const QByteArray &frame, const std::vector<ResponseBlock::EntryView> &entries,
            const PendingBlock &block) {
            const BlockIds blockIds = blockIdsOf(entries);
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

// Responses older than the retention go, at most once an hour: the blocks
// by the time they were written, with the rows of stored_response_ids that
// name them.
void ResponseStore::prune(StoreConnection &c) {
    if (options_.retentionDays <= 0 ||
        (sincePrune_.isValid() && sincePrune_.elapsed() <= kPruneEveryMs))
        return;
    sincePrune_.start();
    const qint64 oldest = oldestKept(options_.retentionDays);
    QSqlQuery q(c.db());
    // By their block: the ids left in this table (of blocks written before
    // the ranges, or without a time) cannot be told apart by their text.
    q.prepare(
        QStringLiteral("DELETE FROM stored_response_ids WHERE block IN "
                       "(SELECT id FROM response_blocks WHERE created_ms < ?)"));
    q.bindValue(0, oldest);
    q.exec();
    q.prepare(QStringLiteral("DELETE FROM response_blocks WHERE created_ms < ?"));
    q.bindValue(0, oldest);
    q.exec();
    q.prepare(QStringLiteral("DELETE FROM stored_responses WHERE created_ms < ?"));
    q.bindValue(0, oldest);
    q.exec();
}

// Store thread: the response `id`, from its block or else from the table
// of one row per response that older versions wrote.
ResponseStore::Found ResponseStore::find(StoreConnection &c, const QString &id) {
    Found found;
    const qint64 oldest = oldestKept(options_.retentionDays);
    std::vector<StoredBlock> blocks;
    if (!blocksThatMayHold(c, id, oldest, &blocks, &found.error)) return found;
    const QByteArray wanted = id.toUtf8();
    QString damaged;
    for (const StoredBlock &block : blocks) {
        QByteArray raw;
        std::vector<ResponseBlock::EntryView> entries;
        QString why;
        if (!ResponseBlock::read(block.data, &raw, &entries, &why)) {
            damaged = why;  // it may have been there: said if no other block has it
            continue;
        }
        for (const ResponseBlock::EntryView &e : entries) {
            if (e.id != wanted) continue;
            found.ok = found.found = true;
            found.conversation = e.conversation.toByteArray();
            found.response = e.response.toByteArray();
            return found;
        }
    }
    QSqlQuery q(c.db());
    q.prepare(
        QStringLiteral("SELECT conversation, response FROM stored_responses "
                       "WHERE id = ? AND created_ms >= ?"));
    q.bindValue(0, id);
    q.bindValue(1, oldest);
    if (!q.exec()) {
        found.error = describeSqlError(QStringLiteral("reading a stored response"), q.lastError());
        return found;
    }
    found.ok = true;
    if (q.next()) {
        if (decompressLegacy(q.value(0).toByteArray(), &found.conversation) &&
            decompressLegacy(q.value(1).toByteArray(), &found.response)) {
            found.found = true;
        } else {
            damaged = QStringLiteral("not a block Gatehouse wrote");
        }
    }
    if (!found.found && !damaged.isEmpty()) {
        found.ok = false;
        found.error = QStringLiteral("the stored response '%1' is damaged (%2)").arg(id, damaged);
    }
    return found;
}

// Store thread: deletes `id`, its entry in its block too (the block is
// written again without it), so the conversation is gone from the file's
// live pages, not only unreachable.
bool ResponseStore::erase(StoreConnection &c, const QString &id, bool *removed, QString *error) {
    QSqlDatabase &db = c.db();
    if (!db.transaction()) {
        *error = describeSqlError(QStringLiteral("deleting a stored response"), db.lastError());
        return false;
    }
    auto fail = [&](const QSqlQuery &q) {
        *error = describeSqlError(QStringLiteral("deleting a stored response"), q.lastError());
        db.rollback();
        return false;
    };
    std::vector<StoredBlock> blocks;
    if (!blocksThatMayHold(c, id, 0, &blocks, error)) {
        db.rollback();
        return false;
    }
    const QByteArray wanted = id.toUtf8();
    QSqlQuery q(db);
    for (const StoredBlock &block : blocks) {
        QByteArray raw;
        std::vector<ResponseBlock::EntryView> entries;
        QString why;
        // A damaged block stays as it is: the others it holds report it.
        if (!ResponseBlock::read(block.data, &raw, &entries, &why)) continue;
        const bool holds =
            std::any_of(entries.begin(), entries.end(),
                        [&](const ResponseBlock::EntryView &e) { return e.id == wanted; });
        if (!holds) continue;
        *removed = true;
        for (const ResponseBlock::EntryView &e : entries)
            if (e.id != wanted) builder_->add(e.id, e.conversation, e.response);
        if (builder_->count() == 0) {
            q.prepare(QStringLiteral("DELETE FROM response_blocks WHERE id = ?"));
            q.bindValue(0, block.id);
        } else {
            const QByteArray rewritten = builder_->finish(&why);
            if (rewritten.isNull()) {
                *error = why;
                db.rollback();
                return false;
            }
            // Its range stays: still around every time its entries carry.
            q.prepare(QStringLiteral("UPDATE response_blocks SET data = ? WHERE id = ?"));
            q.bindValue(0, rewritten);
            q.bindValue(1, block.id);
        }
        if (!q.exec()) return fail(q);
    }
    for (const char *table : {"stored_response_ids", "stored_responses"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE id = ?").arg(QLatin1String(table)));
        q.bindValue(0, id);
        if (!q.exec()) return fail(q);
        if (q.numRowsAffected() > 0) *removed = true;
    }
    if (!db.commit()) {
        *error = describeSqlError(QStringLiteral("deleting a stored response"), db.lastError());
        return false;
    }
    return true;
}

void ResponseStore::fetch(QObject *context, const QString &id,
                          std::function<void(const Found &)> done) {
    executor_->post(context,
                    [this, id, done = std::move(done)](StoreConnection *c, const QString &error) {
                        writePending(c, error);  // a save queued before this fetch is found
                        Found found;
                        if (c)
                            found = find(*c, id);
                        else
                            found.error = error;
                        return std::function<void()>([done, found] { done(found); });
                    });
}

void ResponseStore::remove(QObject *context, const QString &id,
                           std::function<void(bool, bool, const QString &)> done) {
    executor_->post(
        context, [this, id, done = std::move(done)](StoreConnection *c, const QString &error) {
            writePending(c, error);
            bool ok = false, removed = false;
            QString why = error;
            if (c) ok = erase(*c, id, &removed, &why);
            return std::function<void()>([done, ok, removed, why] { done(ok, removed, why); });
        });
}

void ResponseStore::flush() {
    executor_->runAndWait(
        [this](StoreConnection *c, const QString &error) { writePending(c, error); });
}

}  // namespace gatehouse
