#pragma once

#include "store/LiveFeed.h"
#include "store/LogQuery.h"
#include "store/LogReader.h"
#include "store/SessionReader.h"
#include "store/StoreLocation.h"

#include <QObject>
#include <functional>
#include <memory>

namespace gatehouse {

class LogWriter;
class StoreExecutor;

// The request-trace and hook-call log: records arrive from the request
// pipeline (any thread, never waiting), go to the live feed at once and to
// the store through the writer thread; queries run on a query thread and
// answer on the asking object's thread. What the panel and /api/logs use.
class LogStore {
public:
    struct Options {
        StoreLocation location;
        QString instance;               // this gateway's name in a shared store
        bool contentLogging = true;     // keep request and response bodies
        int bodyCapBytes = 256 * 1024;  // per body; longer ones are cut and flagged
        int retentionDays = 30;         // 0: forever
        qint64 maxSizeBytes = 0;        // 0: no cap (SQLite only)
        int queueCapacity =
            20000;  // ~20k requests of backlog: a few seconds at full load, bounded memory
        qint64 queueMaxBytes = 32 * 1024 * 1024;  // and at most this much memory
        int maintenanceIntervalMs = 10 * 60 * 1000;
    };
    struct Counters {
        qint64 written = 0;
        qint64 dropped = 0;  // queue full (entries or bytes)
        qint64 failed = 0;   // the store refused a batch (e.g. disk full)
        int queued = 0;
        qint64 queuedBytes = 0;
        QString lastError;
    };

    explicit LogStore(Options options);
    ~LogStore();  // writes what is queued, then stops

    // Opens and migrates the store. False with a message that says what to
    // do (a corrupt or newer store is refused and left untouched).
    bool open(QString *error);
    const Options &options() const { return options_; }

    // Any thread; never blocks on the store.
    void record(std::shared_ptr<const RequestTrace> trace);
    void recordLog(const PluginLogLine &line);
    LiveFeed &feed() { return feed_; }
    Counters counters() const;
    // Waits until what was recorded is written or given up on, at most
    // `timeoutMs` (tests, shutdown).
    void flush(int timeoutMs = 15000);
    void runMaintenanceNow();

    // Queries: `done` runs on `context`'s thread; ok=false with `error` when
    // the store failed.
    void list(QObject *context, LogFilter filter,
              std::function<void(bool ok, const LogPage &page, const QString &error)> done);
    void get(QObject *context, QString id,
             std::function<void(bool ok, const std::optional<QJsonObject> &, const QString &error)>
                 done);
    // Agent sessions (SessionReader.h), newest activity first.
    void sessions(QObject *context, SessionReader::Filter filter,
                  std::function<void(bool ok, const QJsonArray &, const QString &error)> done);
    void stats(QObject *context, LogReader::StatsWindow window,
               std::function<void(bool ok, const QJsonObject &, const QString &error)> done);
    void hookLines(QObject *context, LogReader::HookFilter filter,
                   std::function<void(bool ok, const QJsonObject &, const QString &error)> done);
    void removeBefore(QObject *context, qint64 beforeMs,
                      std::function<void(bool ok, qint64 deleted, const QString &error)> done);

private:
    Options options_;
    LiveFeed feed_;
    std::unique_ptr<LogWriter> writer_;
    std::unique_ptr<StoreExecutor> queries_;
};

}  // namespace gatehouse
