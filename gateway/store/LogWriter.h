#pragma once

#include "store/StoreLocation.h"
#include "trace/PluginLogLine.h"
#include "trace/RequestTrace.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace gatehouse {

class LogBatch;
class LogBatchWriter;
class StoreConnection;

// Writes request traces and plugin log lines to the store on its own
// thread, in batches (one transaction per batch), so a request never waits
// for the disk. Every few milliseconds it takes what is queued and converts
// it into the batch's blocks (LogBatch), freeing the records; the batch is
// written every flush interval. The queue is bounded: when it is full a new
// entry is dropped and counted, never waited for. Also enforces retention
// (age and size) in the background.
class LogWriter : public QThread {
public:
    struct Options {
        StoreLocation location;
        QString instance;  // written with every request (several gateways, one store)
        int queueCapacity =
            20000;  // ~20k requests of backlog: a few seconds at full load, bounded memory
        // What the queued entries may hold in memory (bodies included): big
        // bodies fill this before the entry count does.
        qint64 queueMaxBytes = 32 * 1024 * 1024;
        int batchMax = 5000;  // entries per transaction
        // Longest an entry waits before being written: big enough that a busy
        // gateway writes few, large transactions (each rewrites the tail page
        // of every table and index it touches), small enough that the
        // Requests page is current.
        int flushIntervalMs = 200;
        int retentionDays = 30;   // 0: keep forever
        qint64 maxSizeBytes = 0;  // 0: no cap; SQLite only (see LogRows::storeSizeBytes)
        int maintenanceIntervalMs = 10 * 60 * 1000;
    };

    explicit LogWriter(Options options);
    ~LogWriter() override;  // writes what is queued, then stops

    // Any thread; never blocks beyond a short lock. False: dropped (queue full).
    bool enqueue(std::shared_ptr<const RequestTrace> request);
    bool enqueue(std::shared_ptr<const PluginLogLine> line);

    // Waits until everything queued so far is written (or given up on), at
    // most `timeoutMs` (a store that is down must not hang a shutdown).
    void flush(int timeoutMs = 15000);
    // Runs retention now (tests; normally every maintenanceIntervalMs).
    void runMaintenanceNow();
    void stopAndWait();

    qint64 written() const { return written_.load(); }
    qint64 dropped() const { return dropped_.load(); }
    qint64 queuedBytes() const;
    qint64 failed() const { return failed_.load(); }  // lost to a store error
    int queued() const;
    QString lastError() const;

protected:
    void run() override;

private:
    // The batch is written in slices of at most ~kSliceUs, with pauses.
    static constexpr qint64 kSliceUs = 300;
    static constexpr unsigned long kSlicePauseUs = 200;
    // What is queued is converted this often, kConvertChunk entries at a
    // time (the queue's lock is taken once per chunk): at full load a few
    // hundred records are alive at once rather than thousands.
    static constexpr int kConvertMs = 3;
    static constexpr int kConvertChunk = 256;

    struct Entry {
        std::shared_ptr<const RequestTrace> request;
        std::shared_ptr<const PluginLogLine> line;
        qint64 bytes = 0;  // roughly what it holds in memory
    };
    bool push(Entry entry);
    // The writer's connection and what writes batches through it (which
    // must go before the connection does).
    struct Link {
        std::unique_ptr<StoreConnection> connection;
        std::unique_ptr<LogBatchWriter> batches;
        ~Link();
        void reset();
        explicit operator bool() const { return bool(batches); }
    };
    // Moves what is queued into `batch` (up to its batchMax entries). False:
    // the store is unreachable (body block ids cannot be reserved).
    bool convert(Link &link, LogBatch &batch, const std::function<void()> &pace);
    void maintain(StoreConnection &c);
    bool connect(Link &link);
    void setError(const QString &error);
    void countFailed(qint64 entries);

    Options options_;
    mutable QMutex mutex_;
    QWaitCondition wake_;      // entries arrived, flush asked, or stop
    QWaitCondition progress_;  // a batch was written
    std::deque<Entry> queue_;
    qint64 queuedBytes_ = 0;
    bool stopping_ = false;
    bool maintenanceAsked_ = false;
    // The writer sleeps until the next flush with nothing queued: the next
    // entry wakes it, so what comes in is converted every kConvertMs (at
    // c=1 it had slept the whole interval and converted ~200 ms of
    // requests in one burst, while the requests in flight waited).
    bool waitingForEntries_ = false;
    qint64 enqueuedTotal_ = 0;   // entries ever accepted
    qint64 processedTotal_ = 0;  // entries written or failed
    qint64 flushTarget_ = 0;     // flush() waits for the entries up to here
    QString lastError_;
    std::atomic<qint64> written_{0};
    std::atomic<qint64> dropped_{0};
    std::atomic<qint64> failed_{0};
};

}  // namespace gatehouse
