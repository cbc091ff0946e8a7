#pragma once

#include "BodyBlock.h"
#include "RequestBlocks.h"
#include "trace/CacheWatch.h"
#include "trace/ContextGuard.h"
#include "trace/PluginLogLine.h"
#include "trace/RequestTrace.h"

#include <QByteArray>
#include <QString>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace gatehouse {

class LogBatchWriter;

// What the log writer has taken from its queue and not yet written, most
// of it already in the form the store keeps: each request's bodies and
// spans in a compressed body block, its row in a request block. So a
// request's record is freed a few milliseconds after it was queued (not
// ~200 ms later, with thousands of others), and the writer's work comes in
// small pieces every few milliseconds, while the transaction that writes
// the batch waits for the flush interval. Measured: the c=1 p99 a quarter
// lower, throughput unchanged (docs/performance.md, "Records freed within
// milliseconds").
//
// Only what has rows of its own beyond its request's is kept as it came
// until then: requests with hook calls to write, and plugins' log lines.
//
// A request row names its body block by id before the block is in the
// store, so body block ids are reserved ahead (LogBatchWriter::
// reserveBlockIds). Should another process have taken them by the time of
// the transaction (two gateways on one SQLite file), the batch's blocks
// are renumbered inside it.
class LogBatch {
public:
    explicit LogBatch(QString instance);
    ~LogBatch();
    LogBatch(const LogBatch &) = delete;
    LogBatch &operator=(const LogBatch &) = delete;

    // Makes sure `requests` more requests can be added: each may open a
    // body block, whose id is reserved here (a query when the ids held run
    // short, so only with the store reachable).
    bool reserve(LogBatchWriter &w, int requests, QString *error);
    // Converts a request into its rows (reserve() first). False (with the
    // reason) only when the compressor fails; the batch is then lost.
    bool add(std::shared_ptr<const RequestTrace> trace, QString *error);
    void add(std::shared_ptr<const PluginLogLine> line);
    qint64 entries() const { return entries_; }
    bool empty() const { return entries_ == 0; }

    // Writes the batch in one transaction, calling `pace` before each row
    // it makes. False: rolled back, the batch kept as it is for a retry.
    bool write(LogBatchWriter &w, const std::function<void()> &pace, QString *error);
    // Empties it (after it was written or given up on).
    void clear();

private:
    struct BodyBlockRow {
        qint64 id = 0;
        qint64 newestMs = 0;
        QByteArray data;
    };
    // What the writer works out about a request from its body and its
    // session's earlier turns, on the writer thread, so workers never parse
    // a body for it: a session turn's prompt-cache report (JSON; empty for
    // other requests) and the warning of a prompt cut short (ContextGuard).
    struct Findings {
        QByteArray cacheReport;
        QString contextWarning;
    };
    Findings findings(const RequestTrace &trace);
    bool finishBodyBlock(QString *error);
    // Finishes the open blocks (before a transaction).
    bool seal(QString *error);
    // Inside the transaction: the body blocks keep their reserved ids, or
    // get new ones (and the request rows naming them are rewritten).
    bool settleBodyIds(LogBatchWriter &w, QString *error);

    QString instance_;
    BodyBlock::Builder bodies_;  // the open body block, reused block after block
    qint64 openBodyId_ = 0;
    qint64 openNewestMs_ = 0;
    std::vector<BodyBlockRow> bodyBlocks_;
    RequestBlocks::Builder requests_;  // the open request block
    std::vector<RequestBlocks::Block> requestBlocks_;
    struct Kept {
        std::shared_ptr<const RequestTrace> request;  // with hook calls to write
        std::shared_ptr<const PluginLogLine> line;
    };
    std::vector<Kept> kept_;
    qint64 entries_ = 0;
    std::deque<qint64> ids_;  // reserved body block ids, ascending
    qint64 highestId_ = 0;    // the highest ever reserved
    CacheWatch cacheWatch_;
    ContextGuard contextGuard_;
};

}  // namespace gatehouse
