#pragma once

#include "store/StoreLocation.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

struct sqlite3;

namespace gatehouse {

class StoreConnection;
class StoreExecutor;
namespace ResponseBlock {
class Builder;
struct EntryView;
struct Ids;
}  // namespace ResponseBlock

// The Responses API's stored responses in the store (zstd-compressed
// blocks of up to 128, store/ResponseBlock.h), so `previous_response_id` and
// GET /v1/responses/{id} work after a restart and on every gateway sharing
// a PostgreSQL store. Saves are batched on the store thread (one
// transaction for what arrived within 200 ms), never waited
// for; a fetch or removal writes the pending saves first, so it always
// finds a response saved before it. Rows older than the retention are
// deleted as the log's are. Like the log, a save may be lost to a power cut
// (commits skip the fsync), and the last 200 ms of saves to a crash.
class ResponseStore {
public:
    struct Options {
        StoreLocation location;
        int retentionDays = 30;                     // 0: forever
        qint64 maxPendingBytes = 64 * 1024 * 1024;  // unsaved backlog; beyond it saves are dropped
        // How long a save waits for others to share its commit and its
        // blocks, as long as the request log's flushes. A batch has a fixed
        // cost (statements, commit, the caches the thread finds cold after
        // sleeping): at 25 ms and ~5,000 answers a second a save cost 7.4 us
        // of the store thread, at 200 ms 2.5-4.3 (docs/performance.md). The
        // response is in ResponseMemory meanwhile, and a fetch or removal
        // writes what is pending before it reads; another gateway on the
        // store finds it after the batch.
        int batchMs = 200;
    };
    struct Found {
        bool ok = false;     // false: the store failed (error says why)
        bool found = false;  // no such id (or it expired)
        QByteArray conversation, response;
        QString error;
    };

    explicit ResponseStore(Options options);
    ~ResponseStore();  // saves what is pending

    // `id` in UTF-8.
    void save(QByteArrayView id, QByteArrayView conversation, QByteArrayView response);
    void save(const QString &id, QByteArrayView conversation, QByteArrayView response) {
        const QByteArray utf8 = id.toUtf8();
        save(QByteArrayView(utf8), conversation, response);
    }
    // `done` runs on `context`'s thread. A save made before is found.
    void fetch(QObject *context, const QString &id, std::function<void(const Found &)> done);
    // `done(ok, removed, error)` on `context`'s thread.
    void remove(QObject *context, const QString &id,
                std::function<void(bool ok, bool removed, const QString &error)> done);
    // Waits until what was saved so far is written (tests, shutdown).
    void flush();
    qint64 dropped() const { return dropped_.load(); }

private:
    // A block of pending saves: its bytes in the pending buffer, laid out as
    // the block is before compression (ResponseBlock::beginRaw/appendEntry).
    struct PendingBlock {
        qsizetype start = 0, end = 0;
        int count = 0;
        qint64 lastCreatedMs = 0;
    };
    struct Batch {
        QByteArray raw;
        std::vector<PendingBlock> blocks;
    };
    void writePending(StoreConnection *c, const QString &error);
    // Compresses each block of `batch` and calls `write(frame, ids, block)`:
    // the compressed block, what its entries' ids record (ResponseIds.h).
    bool forEachBlock(
        const Batch &batch, QString *error,
        const std::function<bool(const QByteArray &frame, const ResponseBlock::Ids &ids,
                                 const PendingBlock &)> &write);
    bool writeSqlite(sqlite3 *db, const Batch &batch, QString *error);
    bool writePostgres(StoreConnection &c, const Batch &batch, QString *error);
    Found find(StoreConnection &c, const QString &id);
    bool erase(StoreConnection &c, const QString &id, bool *removed, QString *error);
    void prune(StoreConnection &c);

    Options options_;
    std::unique_ptr<StoreExecutor> executor_;
    QMutex mutex_;
    // The saves not yet written, copied in as they come: the store thread
    // compresses them where they are, rather than gathering responses the
    // workers made and freeing them (cold by then: perf).
    Batch pending_;
    qint64 pendingBytes_ = 0;
    QByteArray spare_;  // store thread only: the last batch's buffer, emptied, for the next
    std::atomic<qint64> dropped_{0};
    QElapsedTimer sincePrune_;                         // store thread only
    std::unique_ptr<ResponseBlock::Builder> builder_;  // store thread only
};

}  // namespace gatehouse
