// LogReader::list: a filtered, sorted page of the request log, read from
// its blocks (RequestBlocks.h).
//
// The blocks that may hold a matching request are read in the order that
// finds the best rows first (newest blocks first for the newest requests,
// the slowest first for the slowest), their rows tested with the columns
// the filter needs, and the best offset + limit kept. Reading stops once no
// later block can hold a better row and the count has reached its cap (or
// was summed from the blocks' summaries: the whole log, or its errors).
#include "store/LogReader.h"

#include "LogReaderSql.h"
#include "RequestScan.h"
#include "StoreConnection.h"

#include <QSqlQuery>
#include <algorithm>
#include <optional>

namespace gatehouse::LogReader {

namespace {

using namespace RequestBlocks;

// A row's place in the order: the sort column's value (nulls apart), then
// the block and the row, which break ties as the order of writing.
struct Entry {
    bool null = false;
    qint64 number = 0;
    QByteArray text;
    qint64 block = 0;
    int row = 0;
};

struct Order {
    int column = kTs;
    bool text = false;  // compared as bytes
    bool descending = true;
    bool nullsLast = false;  // nulls sort after every value either way

    static Order of(const LogFilter &f) {
        Order o;
        o.descending = f.descending;
        const QString &s = f.sortBy;
        if (s == QLatin1String("latency")) o.column = kLatencyUs;
        if (s == QLatin1String("status")) o.column = kStatus;
        if (s == QLatin1String("provider")) o.column = kProvider, o.text = true;
        if (s == QLatin1String("model")) o.column = kModel, o.text = true;
        if (s == QLatin1String("tokens")) o.column = kTotalTokens;
        // Unknown costs (null) last either way.
        if (s == QLatin1String("cost")) o.column = kCostNanoUsd, o.nullsLast = true;
        return o;
    }

    // True when `a` comes before `b`.
    bool before(const Entry &a, const Entry &b) const {
        if (a.null != b.null) return nullsLast ? b.null : (descending ? b.null : a.null);
        if (!a.null) {
            const int c = text ? a.text.compare(b.text)
                               : (a.number < b.number   ? -1
                                  : a.number > b.number ? 1
                                                        : 0);
            if (c != 0) return descending ? c > 0 : c < 0;
        }
        if (a.block != b.block) return descending ? a.block > b.block : a.block < b.block;
        return descending ? a.row > b.row : a.row < b.row;
    }

    // The order of blocks that finds the best rows first, and whether a
    // block's summary can then tell that no later block holds a better row.
    QString blockOrder() const {
        const QString dir = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
        if (column == kTs)
            return (descending ? QStringLiteral("b.last_ts") : QStringLiteral("b.first_ts")) + dir +
                   QStringLiteral(", b.id") + dir;
        if (column == kLatencyUs && descending) return QStringLiteral("b.max_latency_us DESC");
        return QString();
    }
    // Whether no row of block `b`, or of a block after it, comes before `worst`.
    bool past(const RequestScan::BlockRef &b, const Entry &worst) const {
        if (worst.null) return false;
        if (column == kTs) return descending ? b.lastMs < worst.number : b.firstMs > worst.number;
        if (column == kLatencyUs && descending) return b.maxLatencyUs < worst.number;
        return false;
    }
};

// The best `keep` entries offered so far (in no order until sorted()).
class Best {
public:
    Best(const Order &order, qsizetype keep) : order_(order), keep_(keep) {}

    void offer(Entry e) {
        if (full_ && !order_.before(e, worst_)) return;
        entries_.push_back(std::move(e));
        if (entries_.size() >= qsizetype(2 * keep_ + 64)) trim();
    }
    // `keep` entries were kept at the last trim, the worst of them known:
    // a bound on the rows still to come (whatever came since is better).
    bool settled() const { return full_; }
    const Entry &worst() const { return worst_; }
    QList<Entry> sorted() {
        trim();
        std::sort(entries_.begin(), entries_.end(),
                  [&](const Entry &a, const Entry &b) { return order_.before(a, b); });
        return entries_;
    }

private:
    void trim() {
        auto cmp = [&](const Entry &a, const Entry &b) { return order_.before(a, b); };
        if (entries_.size() > keep_) {
            std::nth_element(entries_.begin(), entries_.begin() + (keep_ - 1), entries_.end(), cmp);
            entries_.resize(keep_);
        }
        if (entries_.size() == keep_ && keep_ > 0) {
            full_ = true;
            worst_ = *std::max_element(entries_.begin(), entries_.end(), cmp);
        }
    }

    const Order &order_;
    qsizetype keep_;
    QList<Entry> entries_;
    Entry worst_;
    bool full_ = false;
};

// What the blocks' summaries count of the requests matching `f`, when
// they can (no filter, or errors or answers alone): the SQL summed over
// every block. Null: the rows must be read.
const char *summedCount(const LogFilter &f) {
    const bool rowsOnly = f.provider.isEmpty() && f.model.isEmpty() && f.plugin.isEmpty() &&
                          f.text.isEmpty() && f.endpoint.isEmpty() && !f.sinceMs && !f.untilMs &&
                          !f.minLatencyUs && !f.maxLatencyUs && !f.minCostNanoUsd &&
                          !f.maxCostNanoUsd && !f.cacheHit && f.virtualKey.isEmpty() &&
                          f.sessionId.isEmpty();
    if (!rowsOnly) return nullptr;
    if (f.status.isEmpty()) return "rows";
    if (f.status == QLatin1String("error")) return "errors";
    if (f.status == QLatin1String("ok")) return "rows - errors";
    return nullptr;
}

// The one key (and its value) `f` tests besides the time, when a block's
// count of its matching requests is in the block's keys (RequestBlocks::
// keyCount): a page deep into one provider's requests passes the blocks
// before it by unread.
std::optional<std::pair<Key, QString>> countedKey(const LogFilter &f) {
    if (!f.status.isEmpty() || !f.text.isEmpty() || f.minLatencyUs || f.maxLatencyUs ||
        f.minCostNanoUsd || f.maxCostNanoUsd || f.cacheHit)
        return std::nullopt;
    std::optional<std::pair<Key, QString>> key;
    for (const auto &[kind, value] : {std::pair{Key::Provider, &f.provider},
                                      {Key::Model, &f.model},
                                      {Key::Endpoint, &f.endpoint},
                                      {Key::VirtualKey, &f.virtualKey},
                                      {Key::Session, &f.sessionId},
                                      {Key::Plugin, &f.plugin}}) {
        if (value->isEmpty()) continue;
        if (key) return std::nullopt;  // two keys: a block's counts cannot tell
        key = std::pair{kind, *value};
    }
    return key;
}

}  // namespace

bool list(StoreConnection &c, const LogFilter &f, LogPage *page, QString *error) {
    QStringList clauses;
    QVariantList values;
    RequestScan::blockConditions(f, &clauses, &values);
    const Order order = Order::of(f);
    const qsizetype keep = qsizetype(f.offset) + f.limit;
    const qint64 cap = qint64(f.offset) + f.countCap;
    RequestScan::Matcher matcher(f);
    Best best(order, keep);
    qint64 matching = 0;
    // The newest page of the whole log (or of its errors) counts from the
    // summaries, and then reads only the blocks that hold the page.
    std::optional<qint64> counted;
    if (const char *sum = summedCount(f)) {
        QSqlQuery q(c.db());
        if (!exec(q,
                  QStringLiteral("SELECT coalesce(sum(%1), 0) FROM request_blocks")
                      .arg(QLatin1String(sum)),
                  {}, error) ||
            !q.next())
            return false;
        counted = q.value(0).toLongLong();
    }
    // A block no row of which can make the page only counts: from its
    // keys when they can tell, and the count can end the scan.
    std::optional<KeyCounter> counter;
    if (const auto key = countedKey(f)) counter.emplace(key->first, key->second);
    auto glance = [&](const RequestScan::BlockRef &b) {
        using RequestScan::Glance;
        if (!best.settled() || !order.past(b, best.worst())) return Glance::Read;
        if (counted || matching > cap) return Glance::Stop;
        const bool inWindow =
            (!f.sinceMs || b.firstMs >= *f.sinceMs) && (!f.untilMs || b.lastMs < *f.untilMs);
        if (!counter || !inWindow) return Glance::Read;
        const std::optional<int> n = counter->count(b.keys);
        if (!n) return Glance::Read;
        matching += *n;
        return Glance::Pass;
    };
    QString damage;
    const bool ran = RequestScan::forEachBlock(
        c, clauses, values, order.blockOrder(),
        [&](RequestScan::BlockRef &b) {
            const bool ranked = !(best.settled() && order.past(b, best.worst()));
            if (!ranked && (counted || matching > cap)) return false;
            ColumnBlock::Reader &r = *b.reader;
            const ColumnBlock::Value *sort = ranked ? r.column(order.column, &damage) : nullptr;
            if (!matcher.prepare(r, &damage) || (ranked && !sort)) return true;  // skipped
            for (int row = 0; row < r.rows(); ++row) {
                if (!matcher.matches(row)) continue;
                ++matching;
                if (!ranked) continue;
                Entry e;
                e.null = sort[row].isNull();
                if (order.text)
                    e.text = r.text(order.column, sort[row]).toByteArray();
                else
                    e.number = sort[row].integer;
                e.block = b.id;
                e.row = row;
                best.offer(std::move(e));
            }
            return true;
        },
        error, glance, counter.has_value());
    if (!ran) return false;
    const QList<Entry> ranked = best.sorted();
    page->rows = QJsonArray();
    // The page's rows, from their blocks read again (at most `limit` of them).
    QList<Entry> shown = ranked.mid(f.offset, f.limit);
    if (!shown.isEmpty()) {
        QStringList ids;
        for (const Entry &e : std::as_const(shown)) ids << QString::number(e.block);
        ids.removeDuplicates();
        QSqlQuery q(c.db());
        q.setForwardOnly(true);
        if (!exec(q,
                  QStringLiteral("SELECT id, data FROM request_block_data WHERE id IN (%1)")
                      .arg(ids.join(QLatin1Char(','))),
                  {}, error))
            return false;
        QHash<qint64, std::pair<QByteArray, std::shared_ptr<ColumnBlock::Reader>>> blocks;
        while (q.next()) {
            auto &slot = blocks[q.value(0).toLongLong()];
            slot.first = q.value(1).toByteArray();
            slot.second = std::make_shared<ColumnBlock::Reader>();
            if (!slot.second->open(slot.first, &damage)) slot.second.reset();
        }
        for (const Entry &e : std::as_const(shown)) {
            const auto it = blocks.constFind(e.block);
            if (it != blocks.constEnd() && it->second && e.row < it->second->rows())
                page->rows.append(summaryOf(*it->second, e.row));
        }
    }
    const qint64 total = counted ? *counted : matching;
    page->total = qMin(total, cap);
    page->totalIsExact = total <= cap;
    page->limit = f.limit;
    page->offset = f.offset;
    return true;
}

}  // namespace gatehouse::LogReader
