#pragma once

#include "ColumnBlock.h"
#include "trace/RequestTrace.h"

#include <QByteArray>
#include <QString>
#include <QVariantList>
#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace gatehouse {

class StoreConnection;

// The request log's rows, up to kMaxRows requests to a block: its values
// (a ColumnBlock of the columns below, LogRows::writeRequest's order) a row
// of request_block_data; its summary a row of request_blocks, what lets a
// query pass the block by unread: its time range, its count of errors, its
// slowest request, and `keys`, the distinct providers, models, endpoints,
// virtual keys, agents, sessions and plugins of its requests.
//
// A row per request cost the log writer ~3.5 µs of SQLite's work (its
// record, the table's and the indexes' B-trees) and PostgreSQL's server
// ~7 µs (COPY's parsing, the heap and index inserts); a block costs that
// once per 128 requests. Queries decode only the columns they test
// (store/RequestScan.h; docs/performance.md, "Request rows in blocks").
namespace RequestBlocks {

enum Column : int {
    kId,
    kTs,
    kInstance,
    kClient,
    kEndpoint,
    kProvider,
    kModel,
    kAttempts,
    kFallbackIndex,
    kStatus,
    kError,
    kLatencyUs,
    kTtftUs,
    kStream,
    kPromptTokens,
    kCompletionTokens,
    kTotalTokens,
    kCacheHit,
    kVirtualKey,
    kPlugins,
    kBodyBlock,
    kCachedTokens,
    kCacheWriteTokens,
    kReasoningTokens,
    kCostNanoUsd,
    kSavedNanoUsd,
    kCostNote,
    kAgent,
    kSessionId,
    kCacheReport,
    kPromptCacheSavedNanoUsd,
    kContextWarning,
    kColumnCount
};

constexpr int kMaxRows = 128;

// The kinds of `keys` entries: a line "<kind>=<value>" per distinct value,
// or "<kind>*" for a block holding a value too long to list (or with a
// line break): a filter on that kind cannot skip such a block. Each entry
// is followed by a line "#<count>", its requests (blocks written before
// schema 16's first release may lack it): a page deep into one provider's
// requests counts them from the summaries, its blocks unread.
enum class Key : char {
    Provider = 'p',
    Model = 'm',
    Endpoint = 'e',
    VirtualKey = 'k',
    Agent = 'a',
    Session = 's',
    Plugin = 'x'
};

// One block as its row of request_blocks.
struct Block {
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    int rows = 0;
    int errors = 0;  // status >= 400
    qint64 maxLatencyUs = 0;
    QByteArray keys;  // "\n" then one line per entry, each ending "\n"
    QByteArray data;  // the ColumnBlock
};

// Makes blocks of requests (the log writer's thread).
class Builder {
public:
    Builder();
    // Adds a request's row (LogRows::writeRequest's values).
    bool add(const RequestTrace &trace, const QString &instance, std::optional<qint64> bodyBlock,
             const QByteArray &cacheReport, const QString &contextWarning, QString *error);
    // A row given value by value (a store's rows converted to blocks):
    // the values in column order, then the row's summary fields.
    ColumnBlock::Builder &columns() { return columns_; }
    void noteRow(qint64 ts, int status, qint64 latencyUs,
                 std::initializer_list<std::pair<Key, QStringView>> keys, QStringView plugins);
    // The same, the keys read from the row's texts (`text` of a column).
    void noteRow(qint64 ts, int status, qint64 latencyUs,
                 const std::function<QString(Column)> &text);
    // Row `row` of a stored block, as it is (retention keeps part of a
    // block), or with its body block's id changed by `bodyBlockId` (the
    // writer's reserved ids taken by another process: LogBatch).
    bool copy(ColumnBlock::Reader &from, int row, QString *error,
              const std::function<qint64(qint64)> &bodyBlockId = {});
    int rows() const { return columns_.rows(); }
    bool full() const { return rows() >= kMaxRows; }
    Block finish();

private:
    void addKey(Key kind, QStringView value);
    ColumnBlock::Builder columns_;
    Block block_;
    QByteArray line_;  // scratch for one keys line
    // Each entry's start in block_.keys (the counts are added by finish())
    // and its requests so far.
    std::vector<std::pair<qsizetype, int>> entries_;
    // Each kind's last value and its entry (-1: none yet in this block).
    struct Last {
        Key kind = Key::Provider;
        QString value;
        qsizetype entry = -1;
    };
    std::array<Last, 16> last_;  // by kind % 16, which no two kinds share
};

// The requests of a block with `keys` whose `kind` is `value`, or null
// when the keys cannot tell (the value too long to list, or a block
// written without counts). A KeyCounter makes its search line once, for
// the many blocks one query glances at.
class KeyCounter {
public:
    KeyCounter(Key kind, QStringView value);
    std::optional<int> count(QByteArrayView keys) const;

private:
    QByteArray line_;  // "\n<kind>=<value>\n"; empty: a value too long to list
};
std::optional<int> keyCount(QByteArrayView keys, Key kind, QStringView value);

// The LIKE condition (with its value appended to `values`) that a block
// whose keys list `value` of `kind`, or a value too long to list, meets.
QString keyCondition(Key kind, QStringView value, QVariantList *values);

}  // namespace RequestBlocks

}  // namespace gatehouse
