#include "ResponseStore.h"

#include "BlockBuilder.h"
#include "ResponseBlock.h"
#include "ResponseIds.h"
#include "StoreConnection.h"
#include "StoreExecutor.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

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

qint64 oldestKept(int retentionDays) {
    return retentionDays > 0
               ? QDateTime::currentMSecsSinceEpoch() - qint64(retentionDays) * 86'400'000
               : 0;
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
    const qint64 ms = ResponseBlock::idTimeMs(id.toUtf8());
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
