#include "LogBatch.h"

#include "LogBatchWriter.h"
#include "LogRows.h"
#include "trace/CachePrefix.h"

#include <QJsonDocument>
#include <algorithm>
#include <unordered_map>

namespace gatehouse {

namespace {
// Body block ids reserved beyond what is asked for: a query (on PostgreSQL
// a round trip) per this many blocks, each of up to 128 requests.
constexpr int kIdsReservedAhead = 256;

// A plugin hook's span that becomes a hook_calls row.
bool writesHookRow(const TraceSpan &s) {
    return s.isPluginHook() && LogRows::keepsHookRow(s);
}
}  // namespace

LogBatch::LogBatch(QString instance) : instance_(std::move(instance)) {}

LogBatch::~LogBatch() = default;

bool LogBatch::reserve(LogBatchWriter &w, int requests, QString *error) {
    if (qsizetype(ids_.size()) >= requests) return true;
    std::vector<qint64> ids;
    if (!w.reserveBlockIds(LogTable::Bodies, requests + kIdsReservedAhead, highestId_, &ids, error))
        return false;
    for (qint64 id : ids) {
        if (id <= highestId_) continue;  // keeps them ascending, each reserved once
        ids_.push_back(id);
        highestId_ = id;
    }
    return qsizetype(ids_.size()) >= requests;
}

LogBatch::Findings LogBatch::findings(const RequestTrace &trace) {
    Findings out;
    const std::optional<CachePrefix> prefix =
        trace.sessionId.isEmpty() ? std::nullopt : cachePrefixOf(trace);
    out.contextWarning = contextGuard_.observe(trace, prefix ? &*prefix : nullptr);
    if (!prefix) return out;
    const QJsonObject report = cacheWatch_.observe(*prefix, trace.sessionId);
    if (!report.isEmpty()) out.cacheReport = QJsonDocument(report).toJson(QJsonDocument::Compact);
    return out;
}

bool LogBatch::finishBodyBlock(QString *error) {
    QByteArray data = bodies_.finish(error);
    if (data.isNull()) return false;
    bodyBlocks_.push_back({openBodyId_, openNewestMs_, std::move(data)});
    openNewestMs_ = 0;
    return true;
}

bool LogBatch::add(std::shared_ptr<const RequestTrace> trace, QString *error) {
    const RequestTrace &t = *trace;
    std::optional<qint64> bodyBlock;
    if (LogRows::hasContent(t)) {
        if (bodies_.count() == 0) {
            Q_ASSERT(!ids_.empty());  // reserve() first
            openBodyId_ = ids_.front();
            ids_.pop_front();
        }
        bodies_.add(t);
        openNewestMs_ = qMax(openNewestMs_, t.startedAtMs);
        bodyBlock = openBodyId_;
        if (bodies_.full() && !finishBodyBlock(error)) return false;
    }
    const Findings found = findings(t);
    if (!requests_.add(t, instance_, bodyBlock, found.cacheReport, found.contextWarning, error))
        return false;
    if (requests_.full()) requestBlocks_.push_back(requests_.finish());
    ++entries_;
    if (std::any_of(t.spans.begin(), t.spans.end(), writesHookRow))
        kept_.push_back({std::move(trace), nullptr});
    return true;
}

void LogBatch::add(std::shared_ptr<const PluginLogLine> line) {
    kept_.push_back({nullptr, std::move(line)});
    ++entries_;
}

bool LogBatch::seal(QString *error) {
    if (bodies_.count() > 0 && !finishBodyBlock(error)) return false;
    if (requests_.rows() > 0) requestBlocks_.push_back(requests_.finish());
    return true;
}

bool LogBatch::settleBodyIds(LogBatchWriter &w, QString *error) {
    if (bodyBlocks_.empty()) return true;
    bool free = false;
    if (!w.reservedIdsFree(LogTable::Bodies, bodyBlocks_.front().id, bodyBlocks_.back().id, &free,
                           error))
        return false;
    if (free) return true;
    std::vector<qint64> ids;
    if (!w.newBlockIds(LogTable::Bodies, int(bodyBlocks_.size()), &ids, error)) return false;
    std::unordered_map<qint64, qint64> renamed;
    for (size_t i = 0; i < bodyBlocks_.size(); ++i) {
        renamed[bodyBlocks_[i].id] = ids[i];
        bodyBlocks_[i].id = ids[i];
    }
    // The ids still held were most likely taken too: the next batch
    // reserves anew, above the store's highest.
    ids_.clear();
    highestId_ = qMax(highestId_, ids.back());
    const auto rename = [&renamed](qint64 id) {
        const auto it = renamed.find(id);
        return it == renamed.end() ? id : it->second;
    };
    for (RequestBlocks::Block &block : requestBlocks_) {
        ColumnBlock::Reader reader;
        if (!reader.open(block.data, error)) return false;
        for (int row = 0; row < reader.rows(); ++row)
            if (!requests_.copy(reader, row, error, rename)) return false;
        block = requests_.finish();
    }
    return true;
}

// Every id first: a query while a COPY is under way (PostgreSQL streams
// one once its rows pass 256 KiB) would end the transaction. Then table by
// table (PostgreSQL takes one COPY at a time on a connection), within a
// table in the order the entries came.
bool LogBatch::write(LogBatchWriter &w, const std::function<void()> &pace, QString *error) {
    if (!seal(error) || !w.begin(error)) return false;
    std::vector<qint64> requestBlockIds;
    bool ok = settleBodyIds(w, error) &&
              (requestBlocks_.empty() ||
               w.newBlockIds(LogTable::RequestBlocks, int(requestBlocks_.size()), &requestBlockIds,
                             error));
    RowSink &bodies = w.rows(LogTable::Bodies);
    for (size_t b = 0; ok && b < bodyBlocks_.size(); ++b) {
        pace();
        ok = LogRows::writeBodyBlock(bodies, bodyBlocks_[b].id, bodyBlocks_[b].newestMs,
                                     bodyBlocks_[b].data, error);
    }
    RowSink &summaries = w.rows(LogTable::RequestBlocks);
    RowSink &values = w.rows(LogTable::RequestBlockData);
    for (size_t b = 0; ok && b < requestBlocks_.size(); ++b) {
        pace();
        ok = LogRows::writeRequestBlock(summaries, values, requestBlockIds[b], requestBlocks_[b],
                                        error);
    }
    RowSink &hooks = w.rows(LogTable::HookCalls);
    for (size_t i = 0; ok && i < kept_.size(); ++i) {
        if (const auto &t = kept_[i].request) {
            for (const TraceSpan &s : t->spans) {
                if (!ok) break;
                if (!writesHookRow(s)) continue;
                pace();
                ok = LogRows::writeHookCall(hooks, *t, s, error);
            }
        } else {
            pace();
            ok = LogRows::writeLogLine(hooks, *kept_[i].line, error);
        }
    }
    if (ok) return w.commit(error);
    w.rollback();
    return false;
}

void LogBatch::clear() {
    QString ignored;
    if (bodies_.count() > 0) bodies_.finish(&ignored);  // what a failed add() left
    if (requests_.rows() > 0) requests_.finish();
    bodyBlocks_.clear();
    requestBlocks_.clear();
    kept_.clear();
    entries_ = 0;
}

}  // namespace gatehouse
