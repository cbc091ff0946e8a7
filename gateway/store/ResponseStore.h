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
}

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
    };
    struct Found {
        bool ok = false;     // false: the store failed (error says why)
        bool found = false;  // no such id (or it expired)
        QByteArray conversation, response;
        QString error;
    };

    explicit ResponseStore(Options options);
    ~ResponseStore();  // saves what is pending

    void save(const QString &id, const QByteArray &conversation, const QByteArray &response);
    // `done` runs on `context`'s thread. A save made before is found.
    void fetch(QObject *context, const QString &id, std::function<void(const Found &)> done);
    // `done(ok, removed, error)` on `context`'s thread.
    void remove(QObject *context, const QString &id,
                std::function<void(bool ok, bool removed, const QString &error)> done);
    // Waits until what was saved so far is written (tests, shutdown).
    void flush();
    qint64 dropped() const { return dropped_.load(); }

private:
    struct Pending {
        QString id;
        qint64 createdMs;
        QByteArray conversation, response;
    };
    void writePending(StoreConnection *c, const QString &error);
    bool forEachBlock(const std::vector<Pending> &batch, QString *error,
                      const std::function<bool(const QByteArray &, size_t, size_t)> &write);
    bool writeSqlite(sqlite3 *db, const std::vector<Pending> &batch, QString *error);
    bool writePostgres(StoreConnection &c, const std::vector<Pending> &batch, QString *error);
    Found find(StoreConnection &c, const QString &id);
    bool erase(StoreConnection &c, const QString &id, bool *removed, QString *error);
    void prune(StoreConnection &c);

    Options options_;
    std::unique_ptr<StoreExecutor> executor_;
    QMutex mutex_;
    std::vector<Pending> pending_;
    qint64 pendingBytes_ = 0;
    std::atomic<qint64> dropped_{0};
    QElapsedTimer sincePrune_;                         // store thread only
    std::unique_ptr<ResponseBlock::Builder> builder_;  // store thread only
};

}  // namespace gatehouse
