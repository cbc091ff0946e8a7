#include "ResponseStore.h"

#include "StoreConnection.h"
#include "StoreExecutor.h"

#include <sqlite3.h>
#include <zstd.h>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace gatehouse {

namespace {

constexpr qint64 kPruneEveryMs = 60 * 60 * 1000;
// How long a save waits for others to share its commit. At one request at
// a time each answer was its own transaction, and SQLite's commit is half
// of a save (callgrind); the response is in ResponseMemory meanwhile, and
// a fetch or removal writes what is pending before it reads.
constexpr int kBatchMs = 25;
constexpr unsigned long long kMaxDecompressed = 512ull * 1024 * 1024;
// Shorter texts are stored as they are: zstd saves little on a few hundred
// bytes and its per-frame set-up costs more than the rest of the save.
// A JSON text never starts with zstd's magic number, so reading tells them apart.
constexpr qsizetype kCompressFrom = 1024;
const char kZstdMagic[] = "\x28\xB5\x2F\xFD";

}  // namespace

// One zstd context for the store thread's saves: ZSTD_compress() makes and
// frees one per call, which for a conversation of a few hundred bytes cost
// ~60k instructions, twenty times the compression itself (callgrind).
struct ResponseStore::Compressor {
    ZSTD_CCtx *context = ZSTD_createCCtx();
    ~Compressor() { ZSTD_freeCCtx(context); }

    QByteArray compress(const QByteArray &raw) const {
        if (raw.size() < kCompressFrom) return raw;
        QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw.size()))), Qt::Uninitialized);
        const size_t n = ZSTD_compressCCtx(context, out.data(), size_t(out.size()), raw.constData(),
                                           size_t(raw.size()), 3);
        if (ZSTD_isError(n)) return QByteArray();
        out.resize(qsizetype(n));
        return out;
    }
};

namespace {

bool decompress(const QByteArray &frame, QByteArray *raw) {
    if (!frame.startsWith(QByteArrayView(kZstdMagic, 4))) {
        // Stored as it is (short): a JSON object or array, or damaged.
        const bool json = (frame.startsWith('{') && frame.endsWith('}')) ||
                          (frame.startsWith('[') && frame.endsWith(']'));
        if (json) *raw = frame;
        return json;
    }
    const unsigned long long size =
        ZSTD_getFrameContentSize(frame.constData(), size_t(frame.size()));
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > kMaxDecompressed)
        return false;
    raw->resize(qsizetype(size));
    const size_t n =
        ZSTD_decompress(raw->data(), size_t(raw->size()), frame.constData(), size_t(frame.size()));
    return !ZSTD_isError(n) && n == size;
}

const char kInsert[] =
    "INSERT INTO stored_responses (id, created_ms, conversation, response) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

}  // namespace

ResponseStore::ResponseStore(Options options)
    : options_(std::move(options)),
      executor_(std::make_unique<StoreExecutor>(options_.location, QStringLiteral("responses"),
                                                StoreConnection::Durability::Normal)),
      compressor_(std::make_unique<Compressor>()) {}

ResponseStore::~ResponseStore() {
    flush();
    executor_.reset();  // its thread is gone before the compressor it uses
}

void ResponseStore::save(const QString &id, const QByteArray &conversation,
                         const QByteArray &response) {
    const qint64 size = conversation.size() + response.size();
    {
        QMutexLocker lock(&mutex_);
        if (pendingBytes_ + size > options_.maxPendingBytes) {
            dropped_.fetch_add(1);
            return;
        }
        pendingBytes_ += size;
        pending_.push_back({id, QDateTime::currentMSecsSinceEpoch(), conversation, response});
        // Work is already queued that will take this one too.
        if (pending_.size() > 1) return;
    }
    executor_->postAfter(kBatchMs, nullptr, [this](StoreConnection *c, const QString &error) {
        writePending(c, error);
        return std::function<void()>();
    });
}

// Store thread. One transaction for everything pending; rows whose id is
// already there (two instances never make the same id) are left as they are.
void ResponseStore::writePending(StoreConnection *c, const QString &error) {
    std::vector<Pending> batch;
    {
        QMutexLocker lock(&mutex_);
        batch.swap(pending_);
        pendingBytes_ = 0;
    }
    if (batch.empty()) return;
    if (!c) {
        dropped_.fetch_add(qint64(batch.size()));
        qWarning("gatehouse: stored responses not saved: %s", qPrintable(error));
        return;
    }
    if (sqlite3 *handle = c->sqliteHandle()) {
        QString why;
        if (!writeSqlite(handle, batch, &why)) {
            qWarning("gatehouse: stored responses not saved: %s", qPrintable(why));
            dropped_.fetch_add(qint64(batch.size()));
        }
        prune(*c);
        return;
    }
    QSqlDatabase &db = c->db();
    QSqlQuery *q = c->prepared(
        QStringLiteral("INSERT INTO stored_responses (id, created_ms, conversation, response) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"));
    if (!q) {
        qWarning("gatehouse: stored responses not saved: %s", qPrintable(db.lastError().text()));
        dropped_.fetch_add(qint64(batch.size()));
        return;
    }
    // One row (c=1: each answer saved on its own) is its own transaction:
    // no BEGIN and COMMIT statements, which Qt's driver prepares anew each
    // time (callgrind: ~10k instructions of a save). Several share one.
    const bool transaction = batch.size() > 1;
    if (transaction) db.transaction();
    for (const Pending &p : batch) {
        q->bindValue(0, p.id);
        q->bindValue(1, p.createdMs);
        q->bindValue(2, compressor_->compress(p.conversation));
        q->bindValue(3, compressor_->compress(p.response));
        if (!q->exec()) {
            qWarning("gatehouse: stored responses not saved: %s",
                     qPrintable(q->lastError().text()));
            if (transaction) db.rollback();
            dropped_.fetch_add(qint64(batch.size()));
            return;
        }
    }
    prune(*c);
    if (transaction && !db.commit()) {
        qWarning("gatehouse: stored responses not saved: %s", qPrintable(db.lastError().text()));
        dropped_.fetch_add(qint64(batch.size()));
    }
}

// SQLite through its own API: Qt's bindValue and exec cost ~25k
// instructions a row, several times SQLite's insert itself (callgrind).
// The statement is prepared per batch, so none outlives the connection.
bool ResponseStore::writeSqlite(sqlite3 *db, const std::vector<Pending> &batch, QString *error) {
    auto failed = [&](const char *what) {
        *error = QStringLiteral("%1: %2").arg(QLatin1String(what),
                                              QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    };
    sqlite3_stmt *insert = nullptr;
    if (sqlite3_prepare_v2(db, kInsert, int(sizeof(kInsert) - 1), &insert, nullptr) != SQLITE_OK)
        return failed("preparing the save");
    // One row (c=1: each answer saved on its own) is its own transaction.
    const bool transaction = batch.size() > 1;
    if (transaction && sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
        sqlite3_finalize(insert);
        return failed("starting the save");
    }
    bool ok = true;
    for (const Pending &p : batch) {
        const QByteArray id = p.id.toUtf8();
        const QByteArray conversation = compressor_->compress(p.conversation);
        const QByteArray response = compressor_->compress(p.response);
        sqlite3_bind_text(insert, 1, id.constData(), int(id.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert, 2, p.createdMs);
        sqlite3_bind_blob(insert, 3, conversation.constData(), int(conversation.size()),
                          SQLITE_STATIC);
        sqlite3_bind_blob(insert, 4, response.constData(), int(response.size()), SQLITE_STATIC);
        ok = sqlite3_step(insert) == SQLITE_DONE;
        sqlite3_reset(insert);
        if (!ok) break;
    }
    if (!ok) failed("saving");
    sqlite3_finalize(insert);
    if (transaction) {
        if (!ok) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            failed("committing the save");
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            return false;
        }
    }
    return ok;
}

// Rows older than the retention go, at most once an hour.
void ResponseStore::prune(StoreConnection &c) {
    if (options_.retentionDays <= 0 ||
        (sincePrune_.isValid() && sincePrune_.elapsed() <= kPruneEveryMs))
        return;
    sincePrune_.start();
    QSqlQuery prune(c.db());
    prune.prepare(QStringLiteral("DELETE FROM stored_responses WHERE created_ms < ?"));
    prune.bindValue(
        0, QDateTime::currentMSecsSinceEpoch() - qint64(options_.retentionDays) * 86'400'000);
    prune.exec();
}

void ResponseStore::fetch(QObject *context, const QString &id,
                          std::function<void(const Found &)> done) {
    const qint64 oldest =
        options_.retentionDays > 0
            ? QDateTime::currentMSecsSinceEpoch() - qint64(options_.retentionDays) * 86'400'000
            : 0;
    executor_->post(context, [this, id, oldest, done = std::move(done)](StoreConnection *c,
                                                                        const QString &error) {
        writePending(c, error);  // a save queued before this fetch is found
        Found found;
        if (!c) {
            found.error = error;
        } else {
            QSqlQuery q(c->db());
            q.prepare(
                QStringLiteral("SELECT conversation, response FROM stored_responses "
                               "WHERE id = ? AND created_ms >= ?"));
            q.bindValue(0, id);
            q.bindValue(1, oldest);
            if (!q.exec()) {
                found.error =
                    describeSqlError(QStringLiteral("reading a stored response"), q.lastError());
            } else {
                found.ok = true;
                if (q.next()) {
                    if (decompress(q.value(0).toByteArray(), &found.conversation) &&
                        decompress(q.value(1).toByteArray(), &found.response)) {
                        found.found = true;
                    } else {
                        found.ok = false;
                        found.error =
                            QStringLiteral(
                                "the stored response '%1' is damaged (not a block Gatehouse "
                                "wrote)")
                                .arg(id);
                    }
                }
            }
        }
        return std::function<void()>([done, found] { done(found); });
    });
}

void ResponseStore::remove(QObject *context, const QString &id,
                           std::function<void(bool, bool, const QString &)> done) {
    executor_->post(context, [this, id, done = std::move(done)](StoreConnection *c,
                                                                const QString &error) {
        writePending(c, error);
        bool ok = false, removed = false;
        QString why = error;
        if (c) {
            QSqlQuery q(c->db());
            q.prepare(QStringLiteral("DELETE FROM stored_responses WHERE id = ?"));
            q.bindValue(0, id);
            ok = q.exec();
            removed = ok && q.numRowsAffected() > 0;
            if (!ok)
                why = describeSqlError(QStringLiteral("deleting a stored response"), q.lastError());
        }
        return std::function<void()>([done, ok, removed, why] { done(ok, removed, why); });
    });
}

void ResponseStore::flush() {
    executor_->runAndWait(
        [this](StoreConnection *c, const QString &error) { writePending(c, error); });
}

}  // namespace gatehouse
