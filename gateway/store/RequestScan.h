#pragma once

#include "ColumnBlock.h"
#include "RequestBlocks.h"
#include "store/LogQuery.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <functional>
#include <optional>

namespace gatehouse {

class StoreConnection;

// Reading the request log's blocks (RequestBlocks.h): which blocks a query
// needs, which of their rows match a filter, and a row as the API shows it.
namespace RequestScan {

// One block as a query reads it.
struct BlockRef {
    qint64 id = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    qint64 maxLatencyUs = 0;
    int rows = 0;
    QByteArrayView keys;  // RequestBlocks::Block::keys, for a glance only
    ColumnBlock::Reader *reader = nullptr;
    const QByteArray *data = nullptr;  // what `reader` reads
};

// What a glance at a block's summary decides: read its values, pass it
// by unread, or stop the scan.
enum class Glance { Read, Pass, Stop };

// Calls `visit` for each block of request_blocks meeting `clauses` (SQL
// over its summary columns; `values` theirs), in `order` (SQL), until it
// returns false. A block that cannot be read is skipped (and named in
// the gateway's log); false with `error` only when the query fails.
//
// `glance`, when given, sees each block's summary (no reader; its keys
// when `glanceAtKeys`, their bytes the query's cost) before its values are
// read, maybe well before `visit` is called for the blocks ahead of it:
// what it decides must stay true whatever those visits do.
bool forEachBlock(StoreConnection &c, const QStringList &clauses, const QVariantList &values,
                  const QString &order, const std::function<bool(BlockRef &)> &visit,
                  QString *error, const std::function<Glance(const BlockRef &)> &glance = nullptr,
                  bool glanceAtKeys = false);

// The conditions on request_blocks that the blocks holding a request
// matching `f` meet (its time, keys and errors), with their values.
void blockConditions(const LogFilter &f, QStringList *clauses, QVariantList *values);
// The blocks that may hold requests started in [sinceMs, untilMs).
void windowConditions(qint64 sinceMs, qint64 untilMs, QStringList *clauses, QVariantList *values);

// Which rows of a block match a filter: the columns it tests are decoded
// once per block.
class Matcher {
public:
    explicit Matcher(const LogFilter &f);
    // False (with `error`) when a column of the block cannot be read.
    bool prepare(ColumnBlock::Reader &block, QString *error);
    bool matches(int row) const;

private:
    struct Text {
        int column;
        QByteArray value;
    };
    struct Range {
        int column;
        std::optional<qint64> min;  // inclusive
        std::optional<qint64> max;  // inclusive
    };
    bool found(int row) const;
    std::vector<Text> equal_;
    std::vector<Range> ranges_;
    QByteArray plugin_;                                // ",name,"
    QString text_;                                     // case-insensitive, in several columns
    QByteArray asciiLower_;                            // text_ when it is ASCII, lower case
    std::vector<const ColumnBlock::Value *> columns_;  // by RequestBlocks::Column
    ColumnBlock::Reader *block_ = nullptr;
};

// Reads one value of a decoded row as SQL gave it: null, an integer or a text.
QVariant value(ColumnBlock::Reader &block, int column, int row, QString *error);

// A request's row: its block (kept here) and its index there.
struct Found {
    std::shared_ptr<QByteArray> data;
    std::shared_ptr<ColumnBlock::Reader> reader;
    int row = -1;
};
// The row of request `id`, found by the time its id carries (trace/LogIds.h)
// among the blocks whose range holds it, else (an id without a time) in
// every block. False only when a query fails; `found->row` -1 when unknown.
bool find(StoreConnection &c, const QString &id, Found *found, QString *error);

}  // namespace RequestScan

}  // namespace gatehouse
