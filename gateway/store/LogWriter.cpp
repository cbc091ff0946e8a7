#include "LogWriter.h"

#include "LogBatch.h"
#include "LogBatchWriter.h"
#include "LogRows.h"
#include "StoreConnection.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtDebug>
#include <algorithm>

namespace gatehouse {

LogWriter::LogWriter(Options options) : options_(std::move(options)) {
    setObjectName(QStringLiteral("gatehouse-log-writer"));
}

LogWriter::~LogWriter() {
    stopAndWait();
}

void LogWriter::stopAndWait() {
    {
        QMutexLocker lock(&mutex_);
        stopping_ = true;
        wake_.wakeAll();
    }
    wait();
}

bool LogWriter::push(Entry entry) {
    QMutexLocker lock(&mutex_);
    if (stopping_ || int(queue_.size()) >= options_.queueCapacity ||
        (queuedBytes_ + entry.bytes > options_.queueMaxBytes && !queue_.empty())) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    queuedBytes_ += entry.bytes;
    queue_.push_back(std::move(entry));
    ++enqueuedTotal_;
    // Wake the writer when a batch is worth writing, and when it sleeps
    // until the next flush with nothing to convert: the first entry starts
    // its conversion clock. Otherwise its timer does the rest.
    if (int(queue_.size()) == options_.batchMax || (queue_.size() == 1 && waitingForEntries_)) {
        waitingForEntries_ = false;
        wake_.wakeOne();
    }
    return true;
}

// The record, its strings and spans (a rough fixed share) and its bodies.
bool LogWriter::enqueue(std::shared_ptr<const RequestTrace> request) {
    const qint64 bytes = qint64(sizeof(RequestTrace)) + 512 + request->spans.size() * 160 +
                         request->sessionBody.size() + request->requestBody.size() +
                         request->responseBody.size();
    return push(Entry{std::move(request), nullptr, bytes});
}

bool LogWriter::enqueue(std::shared_ptr<const PluginLogLine> line) {
    const qint64 bytes = qint64(sizeof(PluginLogLine)) + 256 + line->message.size() * 2;
    return push(Entry{nullptr, std::move(line), bytes});
}

qint64 LogWriter::queuedBytes() const {
    QMutexLocker lock(&mutex_);
    return queuedBytes_;
}

int LogWriter::queued() const {
    QMutexLocker lock(&mutex_);
    return int(queue_.size());
}

QString LogWriter::lastError() const {
    QMutexLocker lock(&mutex_);
    return lastError_;
}

void LogWriter::setError(const QString &error) {
    QMutexLocker lock(&mutex_);
    if (lastError_ != error) qWarning().noquote() << "log store:" << error;
    lastError_ = error;
}

void LogWriter::flush(int timeoutMs) {
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&mutex_);
    const qint64 target = enqueuedTotal_;
    flushTarget_ = qMax(flushTarget_, target);
    wake_.wakeAll();
    while (processedTotal_ < target && isRunning() && !deadline.hasExpired())
        progress_.wait(&mutex_, 200);
}

void LogWriter::runMaintenanceNow() {
    QDeadlineTimer deadline(15000);
    QMutexLocker lock(&mutex_);
    maintenanceAsked_ = true;
    wake_.wakeAll();
    while (maintenanceAsked_ && isRunning() && !deadline.hasExpired()) progress_.wait(&mutex_, 200);
}

LogWriter::Link::~Link() {
    reset();
}

void LogWriter::Link::reset() {
    batches.reset();
    connection.reset();
}

bool LogWriter::connect(Link &link) {
    if (link && link.connection->isOpen()) return true;
    link.reset();
    link.connection = std::make_unique<StoreConnection>(
        options_.location, QStringLiteral("log-writer"), StoreConnection::Durability::Normal);
    QString error;
    if (link.connection->open(&error))
        link.batches = LogBatchWriter::create(*link.connection, &error);
    if (link) return true;
    link.reset();
    setError(error);
    return false;
}

void LogWriter::countFailed(qint64 entries) {
    failed_.fetch_add(entries);
    QMutexLocker lock(&mutex_);
    processedTotal_ += entries;
    progress_.wakeAll();
}

bool LogWriter::convert(Link &link, LogBatch &batch, const std::function<void()> &pace) {
    std::vector<Entry> chunk;
    for (;;) {
        QString error;
        if (!connect(link) || !batch.reserve(*link.batches, kConvertChunk, &error)) {
            if (!error.isEmpty()) setError(error);
            link.reset();
            return false;
        }
        chunk.clear();
        {
            QMutexLocker lock(&mutex_);
            const qint64 room = options_.batchMax - batch.entries();
            const qint64 n = qMin<qint64>(qMin<qint64>(qint64(queue_.size()), kConvertChunk), room);
            if (n <= 0) return true;
            for (qint64 i = 0; i < n; ++i) {
                queuedBytes_ -= queue_.front().bytes;
                chunk.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        for (size_t i = 0; i < chunk.size(); ++i) {
            pace();
            if (!chunk[i].request) {
                batch.add(std::move(chunk[i].line));
            } else if (!batch.add(std::move(chunk[i].request), &error)) {
                // The compressor failed (out of memory): the batch's blocks are lost.
                setError(error);
                countFailed(batch.entries() + qint64(chunk.size() - i));
                batch.clear();
                break;
            }
        }
    }
}

// Converts what is queued every kConvertMs and writes the batch every
// flush interval (sooner when it is full, or asked for). When the store is
// unreachable (PostgreSQL restarting, network gone) the batch is kept and
// retried with backoff while new entries queue up unconverted (and are
// dropped and counted once the queue is full), so the log catches up when
// the store is back. A store that is reachable but refuses the batch (disk
// full, file read-only) gets three tries, then the batch is counted as
// failed.
//
// A transaction every flush interval rather than as soon as entries came:
// one for a few requests at a time when they came one by one cost
// PostgreSQL round trips (30 µs of the writer's CPU a request at c=1
// against 3 at c=64; docs/performance.md).
void LogWriter::run() {
    Link c;
    LogBatch batch(options_.instance);
    int failures = 0;
    QElapsedTimer sinceMaintenance;
    sinceMaintenance.start();
    QElapsedTimer sinceWrite;  // when the last batch was written (or tried)
    sinceWrite.start();
    QElapsedTimer sinceConvert;
    sinceConvert.start();
    bool maintainedOnce = false;
    // Entries came since the last conversion's turn: the next turn is
    // timed (one wake every kConvertMs while they keep coming). When a
    // turn finds none, the writer sleeps until the first entry wakes it
    // (push): at one request at a time it had woken twice a turn, once
    // for the entry and once for the turn.
    bool converting = false;
    // The writer works for at most ~kSliceUs at a time, then pauses: one
    // batch written in one go kept a core busy for milliseconds every
    // flush, and the requests in flight then waited that long (c=1 p99 3.2
    // ms against 1.2 ms in slices; docs/performance.md, "Request log").
    // Slices are timed, not counted in requests: a request whose plugins
    // fail or log has hook_calls rows besides its own. The pauses cost no
    // CPU. The clock (~27 ns a read) is read every eighth request
    // converted, and at every row written (each a block of up to 128
    // requests).
    QElapsedTimer slice;
    int steps = 0;
    const auto pauseWhenDue = [&] {
        if (slice.nsecsElapsed() < kSliceUs * 1000) return;
        QThread::usleep(kSlicePauseUs);
        slice.restart();
    };
    const std::function<void()> paceConverting = [&] {
        if (++steps % 8 == 0) pauseWhenDue();
    };
    const std::function<void()> paceWriting = pauseWhenDue;
    for (;;) {
        bool stop = false;
        bool maintenance = false;
        bool write = false;
        {
            QMutexLocker lock(&mutex_);
            if (failures == 0) {
                for (;;) {
                    if (stopping_ || maintenanceAsked_ || processedTotal_ < flushTarget_ ||
                        batch.entries() + qint64(queue_.size()) >= options_.batchMax) {
                        write = true;
                        break;
                    }
                    const bool idle = queue_.empty() && batch.empty();
                    const qint64 left = options_.flushIntervalMs - sinceWrite.elapsed();
                    if (left <= 0 && !idle) {
                        write = true;
                        break;
                    }
                    const qint64 convertLeft = kConvertMs - sinceConvert.elapsed();
                    if (!queue_.empty() && convertLeft <= 0) break;
                    if (queue_.empty() && converting && convertLeft <= 0) {
                        converting = false;  // a conversion's turn found nothing
                        continue;
                    }
                    qint64 wait = left > 0 ? left : options_.flushIntervalMs;
                    if (!queue_.empty() || converting) wait = qMin(wait, convertLeft);
                    waitingForEntries_ = !converting && queue_.empty();
                    wake_.wait(&mutex_, qMax<qint64>(wait, 1));
                    waitingForEntries_ = false;
                    if (idle && queue_.empty()) sinceWrite.restart();  // the interval starts anew
                }
            } else {
                // Backoff; when stopping, one last try at once.
                if (!stopping_) wake_.wait(&mutex_, qMin(200 << qMin(failures, 5), 5000));
                write = true;
            }
            stop = stopping_;
            maintenance = maintenanceAsked_;
            converting = !queue_.empty();
        }
        slice.start();  // the work starts now
        // When stopping, one last try whatever failed before.
        if (failures == 0 || stop) {
            if (!convert(c, batch, paceConverting)) ++failures;
            sinceConvert.restart();
        }
        qint64 settled = 0;  // entries written or given up on in this round
        if (write && !batch.empty()) {
            QString error;
            const bool reachable = connect(c);
            if (reachable && batch.write(*c.batches, paceWriting, &error)) {
                written_.fetch_add(batch.entries());
                settled = batch.entries();
                batch.clear();
                failures = 0;
            } else {
                ++failures;
                if (!error.isEmpty()) setError(error);
                c.reset();  // reconnect for the next try
                if ((reachable && failures >= 3) || stop) {
                    failed_.fetch_add(batch.entries());
                    settled = batch.entries();
                    batch.clear();
                    failures = 0;
                }
            }
            sinceWrite.restart();
        } else if (failures > 0 && batch.empty() && !stop && connect(c)) {
            failures = 0;  // the store is back: convert again
        }
        const bool due =
            options_.maintenanceIntervalMs > 0 &&
            (!maintainedOnce || sinceMaintenance.elapsed() >= options_.maintenanceIntervalMs);
        if ((maintenance || due) && batch.empty() && connect(c)) {
            maintain(*c.connection);
            maintainedOnce = true;
            sinceMaintenance.restart();
        }
        bool drained = false;
        {
            QMutexLocker lock(&mutex_);
            processedTotal_ += settled;
            if (maintenance && (batch.empty() || stop)) maintenanceAsked_ = false;
            progress_.wakeAll();
            drained = queue_.empty() && batch.empty();
            // Stopping with the store unreachable: what is left cannot be written.
            if (stop && !drained && !c) {
                const qint64 left = qint64(queue_.size()) + batch.entries();
                failed_.fetch_add(left);
                processedTotal_ += left;
                queue_.clear();
                queuedBytes_ = 0;
                batch.clear();
                drained = true;
                progress_.wakeAll();
            }
        }
        if (stop && drained) break;
    }
}

// Deletes what is older than the retention, then the oldest requests while
// the store is over its size cap, a slice at a time so the writer is never
// away long.
void LogWriter::maintain(StoreConnection &c) {
    QString error;
    if (options_.retentionDays > 0) {
        const qint64 cutoff =
            QDateTime::currentMSecsSinceEpoch() - qint64(options_.retentionDays) * 86'400'000;
        if (!LogRows::deleteBefore(c, cutoff, &error)) setError(error);
    }
    if (options_.maxSizeBytes > 0 && !c.isPostgres()) {
        for (int round = 0; round < 100; ++round) {
            const qint64 size = LogRows::storeSizeBytes(c, &error);
            if (size < 0) {
                setError(error);
                break;
            }
            if (size <= options_.maxSizeBytes) break;
            if (!LogRows::deleteOldestSlice(c, 0.1, &error)) {
                setError(error);
                break;
            }
        }
    }
}

}  // namespace gatehouse
