#include "LogWriter.h"

#include "LogBatchWriter.h"
#include "LogRows.h"
#include "StoreConnection.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonDocument>
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
    // Wake the writer only when a batch is worth writing; the timer does the rest.
    if (int(queue_.size()) == options_.batchMax) wake_.wakeOne();
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

// Takes a batch from the queue and writes it in one transaction. When the
// store is unreachable (PostgreSQL restarting, network gone) the batch is
// kept and retried with backoff while new entries queue up (and are dropped
// and counted once the queue is full), so the log catches up when the store
// is back. A store that is reachable but refuses the batch (disk full, file
// read-only) gets three tries, then the batch is counted as failed.
void LogWriter::run() {
    Link c;
    std::vector<Entry> batch;
    int failures = 0;
    QElapsedTimer sinceMaintenance;
    sinceMaintenance.start();
    QElapsedTimer sinceBatch;  // when the last batch was taken
    sinceBatch.start();
    bool maintainedOnce = false;
    for (;;) {
        bool stop = false;
        bool maintenance = false;
        {
            QMutexLocker lock(&mutex_);
            if (batch.empty()) {
                // A batch every flush interval (sooner when one is full, or
                // asked for): taking whatever was queued as soon as the last
                // batch was written made a transaction of a few requests at a
                // time when they came one by one, and on PostgreSQL each
                // costs round trips (30 µs of the writer's CPU a request at
                // c=1 against 3 at c=64; docs/performance.md).
                for (;;) {
                    if (stopping_ || maintenanceAsked_ || processedTotal_ < flushTarget_ ||
                        int(queue_.size()) >= options_.batchMax)
                        break;
                    const qint64 left = options_.flushIntervalMs - sinceBatch.elapsed();
                    if (left <= 0 && !queue_.empty()) break;
                    wake_.wait(&mutex_, left > 0 ? left : options_.flushIntervalMs);
                    if (queue_.empty()) sinceBatch.restart();  // idle: the interval starts anew
                }
                sinceBatch.restart();
                const int n = int(qMin<size_t>(queue_.size(), size_t(options_.batchMax)));
                batch.reserve(n);
                for (int i = 0; i < n; ++i) {
                    queuedBytes_ -= queue_.front().bytes;
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            } else if (!stopping_) {
                wake_.wait(&mutex_, qMin(200 << qMin(failures, 5), 5000));  // backoff
            }
            stop = stopping_;
            maintenance = maintenanceAsked_;
        }
        qint64 settled = 0;  // entries written or given up on in this round
        if (!batch.empty()) {
            QString error;
            const bool reachable = connect(c);
            if (reachable && writeBatch(*c.batches, batch, &error)) {
                written_.fetch_add(qint64(batch.size()));
                settled = qint64(batch.size());
                batch.clear();
                failures = 0;
            } else {
                ++failures;
                if (!error.isEmpty()) setError(error);
                c.reset();  // reconnect for the next try
                if ((reachable && failures >= 3) || stop) {
                    failed_.fetch_add(qint64(batch.size()));
                    settled = qint64(batch.size());
                    batch.clear();
                    failures = 0;
                }
            }
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
                const qint64 left = qint64(queue_.size() + batch.size());
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

LogWriter::Findings LogWriter::findings(const RequestTrace &trace) {
    Findings out;
    const std::optional<CachePrefix> prefix =
        trace.sessionId.isEmpty() ? std::nullopt : cachePrefixOf(trace);
    out.contextWarning = contextGuard_.observe(trace, prefix ? &*prefix : nullptr);
    if (!prefix) return out;
    const QJsonObject report = cacheWatch_.observe(*prefix, trace.sessionId);
    if (!report.isEmpty()) out.cacheReport = QJsonDocument(report).toJson(QJsonDocument::Compact);
    return out;
}

// The batch's bodies are compressed into blocks first (outside the
// transaction); then table by table (PostgreSQL takes one COPY at a time on
// a connection and inserts a table's rows while the next table's are made),
// within a table in the order the entries came.
//
// It works in slices of ~kSliceUs with a short pause between them: one
// batch written in one go kept a core busy for milliseconds every flush,
// and the requests in flight then waited that long (c=1 p99 3.2 ms against
// 1.2 ms in slices; docs/performance.md, "Request log"). Slices are timed,
// not counted in requests: a request whose plugins fail or log has
// hook_calls rows besides its own, and slices of 64 requests then held the
// core for milliseconds again. The pauses cost no CPU.
bool LogWriter::writeBatch(LogBatchWriter &w, const std::vector<Entry> &batch, QString *error) {
    QElapsedTimer slice;
    slice.start();
    int steps = 0;
    // Called for each row made: the clock is read every eighth (~27 ns a read).
    auto pace = [&] {
        if (++steps % 8 != 0 || slice.nsecsElapsed() < kSliceUs * 1000) return;
        QThread::usleep(kSlicePauseUs);
        slice.restart();
    };
    struct Block {
        QByteArray data;
        qint64 newestMs = 0;
    };
    std::vector<Block> blocks;
    std::vector<int> blockOf(batch.size(), -1);
    qint64 newestMs = 0;
    auto finishBlock = [&]() {
        blocks.push_back({bodyBlocks_.finish(error), newestMs});
        newestMs = 0;
        return !blocks.back().data.isNull();
    };
    for (size_t i = 0; i < batch.size(); ++i) {
        pace();
        const auto &t = batch[i].request;
        if (!t || !LogRows::hasContent(*t)) continue;
        bodyBlocks_.add(*t);
        newestMs = qMax(newestMs, t->startedAtMs);
        blockOf[i] = int(blocks.size());
        if (bodyBlocks_.full() && !finishBlock()) return false;
    }
    if (bodyBlocks_.count() > 0 && !finishBlock()) return false;

    if (!w.begin(error)) return false;
    // Every id first: a query while a COPY is under way (PostgreSQL streams
    // one once its rows pass 256 KiB) would end the transaction. The
    // requests' blocks are cut at kMaxRows, so their count is known.
    const qsizetype requestCount =
        std::count_if(batch.begin(), batch.end(), [](const Entry &e) { return bool(e.request); });
    const int requestBlockCount =
        int((requestCount + RequestBlocks::kMaxRows - 1) / RequestBlocks::kMaxRows);
    std::vector<qint64> ids, requestBlockIds;
    bool ok =
        (blocks.empty() || w.newBlockIds(LogTable::Bodies, int(blocks.size()), &ids, error)) &&
        (requestBlockCount == 0 ||
         w.newBlockIds(LogTable::RequestBlocks, requestBlockCount, &requestBlockIds, error));
    RowSink &bodies = w.rows(LogTable::Bodies);
    for (size_t b = 0; ok && b < blocks.size(); ++b)
        ok = LogRows::writeBodyBlock(bodies, ids[b], blocks[b].newestMs, blocks[b].data, error);
    // The requests' rows, many to a block (RequestBlocks.h), which name
    // their body blocks.
    std::vector<RequestBlocks::Block> requestBlocks;
    for (size_t i = 0; ok && i < batch.size(); ++i) {
        pace();
        if (!batch[i].request) continue;
        const std::optional<qint64> block =
            blockOf[i] >= 0 ? std::optional<qint64>(ids[size_t(blockOf[i])]) : std::nullopt;
        const Findings found = findings(*batch[i].request);
        ok = requestBlocks_.add(*batch[i].request, options_.instance, block, found.cacheReport,
                                found.contextWarning, error);
        if (ok && requestBlocks_.full()) requestBlocks.push_back(requestBlocks_.finish());
    }
    if (requestBlocks_.rows() > 0) requestBlocks.push_back(requestBlocks_.finish());
    Q_ASSERT(!ok || requestBlocks.size() == size_t(requestBlockCount));
    RowSink &summaries = w.rows(LogTable::RequestBlocks);
    RowSink &values = w.rows(LogTable::RequestBlockData);
    for (size_t b = 0; ok && b < requestBlocks.size(); ++b)
        ok = LogRows::writeRequestBlock(summaries, values, requestBlockIds[b], requestBlocks[b],
                                        error);
    RowSink &hooks = w.rows(LogTable::HookCalls);
    for (size_t i = 0; ok && i < batch.size(); ++i) {
        if (const auto &t = batch[i].request) {
            for (const TraceSpan &s : t->spans) {
                if (!ok) break;
                if (!s.isPluginHook() || !LogRows::keepsHookRow(s)) continue;
                pace();
                ok = LogRows::writeHookCall(hooks, *t, s, error);
            }
        } else if (batch[i].line) {
            pace();
            ok = LogRows::writeLogLine(hooks, *batch[i].line, error);
        }
    }
    if (ok) return w.commit(error);
    w.rollback();
    return false;
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
