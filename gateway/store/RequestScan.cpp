#include "RequestScan.h"

#include "LogReaderSql.h"
#include "PostgresBlockRows.h"
#include "StoreConnection.h"
#include "trace/LogIds.h"

#include <QHash>
#include <QSqlQuery>
#include <QtDebug>
#include <array>
#include <cstring>
#include <vector>

namespace gatehouse::RequestScan {

using namespace RequestBlocks;

namespace {

// A block's row of request_blocks: its summary (no reader) and, only for a
// glance, the bytes of its keys.
struct Summary {
    Summary(qint64 id, qint64 firstMs, qint64 lastMs, qint64 maxLatencyUs, int rows,
            QByteArray keyBytes = {})
        : keys(std::move(keyBytes)) {
        ref.id = id;
        ref.firstMs = firstMs;
        ref.lastMs = lastMs;
        ref.maxLatencyUs = maxLatencyUs;
        ref.rows = rows;
    }
    BlockRef ref;
    QByteArray keys;

    const BlockRef &glanced() {
        ref.keys = keys;
        return ref;
    }
};

using Visit = std::function<bool(const Summary &, QByteArray)>;
using GlanceAt = std::function<Glance(const BlockRef &)>;

QString summarySql(const QStringList &clauses, const QString &order, bool keys, const char *more) {
    return QStringLiteral("SELECT b.id, b.first_ts, b.last_ts, b.max_latency_us, ") +
           QLatin1String(keys ? "CAST(b.rows AS BIGINT), b.keys" : "CAST(b.rows AS BIGINT)") +
           QLatin1String(more) + LogReader::where(clauses) +
           (order.isEmpty() ? QString() : QStringLiteral(" ORDER BY ")) + order;
}

// PostgreSQL's planner, given the join without a LIMIT, hashes both tables
// and sorts every block before the first row comes (30 ms for the newest
// page of a million requests): so the summaries first (small rows, in the
// order asked), then the blocks' values a few at a time by id, the first
// few to begin with, more as the query goes on.
bool postgresBlocks(pg_conn *pg, const QStringList &clauses, const QVariantList &values,
                    const QString &order, const GlanceAt &glance, bool keys, const Visit &block,
                    QString *error) {
    std::vector<Summary> summaries;
    if (!forEachPostgresRow(
            pg, summarySql(clauses, order, keys, " FROM request_blocks b"), values, 5,
            [&](const qint64 *s, QByteArrayView keyBytes) {
                summaries.emplace_back(s[0], s[1], s[2], s[3], int(s[4]), keyBytes.toByteArray());
                return true;
            },
            error))
        return false;
    size_t at = 0;
    size_t chunk = 4;
    bool stop = false;
    while (at < summaries.size() && !stop) {
        // The next `chunk` blocks to read, past those a glance passes by.
        std::vector<const Summary *> wanted;
        for (; at < summaries.size() && wanted.size() < chunk; ++at) {
            const Glance g = glance ? glance(summaries[at].glanced()) : Glance::Read;
            if (g == Glance::Stop) {
                stop = true;
                break;
            }
            if (g == Glance::Read) wanted.push_back(&summaries[at]);
        }
        chunk = qMin<size_t>(chunk * 2, 64);
        if (wanted.empty()) break;
        QStringList ids;
        for (const Summary *w : wanted) ids << QString::number(w->ref.id);
        QHash<qint64, QByteArray> data;
        if (!forEachPostgresRow(
                pg,
                QStringLiteral(
                    "SELECT id, data FROM request_block_data WHERE id = ANY(?::bigint[])"),
                {QLatin1Char('{') + ids.join(QLatin1Char(',')) + QLatin1Char('}')}, 1,
                [&](const qint64 *id, QByteArrayView bytes) {
                    data.insert(id[0], bytes.toByteArray());
                    return true;
                },
                error))
            return false;
        for (const Summary *w : wanted) {
            const auto it = data.find(w->ref.id);
            if (it == data.end()) continue;  // deleted meanwhile
            if (!block(*w, std::move(*it))) return true;
        }
    }
    return true;
}

}  // namespace

bool forEachBlock(StoreConnection &c, const QStringList &clauses, const QVariantList &values,
                  const QString &order, const std::function<bool(BlockRef &)> &visit,
                  QString *error, const GlanceAt &glance, bool glanceAtKeys) {
    ColumnBlock::Reader reader;
    QByteArray data;
    // False: stop. A block that cannot be read is skipped, and said so.
    auto block = [&](const Summary &summary, QByteArray bytes) {
        BlockRef ref = summary.ref;
        ref.reader = &reader;
        data = std::move(bytes);
        ref.data = &data;
        QString damage;
        if (!reader.open(data, &damage) || reader.columns() < kColumnCount) {
            qWarning("request log: block %lld of request_blocks cannot be read (%s); skipped",
                     static_cast<long long>(ref.id), qPrintable(damage));
            return true;
        }
        return visit(ref);
    };
    if (pg_conn *pg = c.postgresHandle())
        return postgresBlocks(pg, clauses, values, order, glance, glanceAtKeys, block, error);
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    const QString sql =
        summarySql(clauses, order, glanceAtKeys,
                   ", d.data FROM request_blocks b JOIN request_block_data d ON d.id = b.id");
    if (!LogReader::exec(q, sql, values, error)) return false;
    while (q.next()) {
        Summary s(q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                  q.value(3).toLongLong(), q.value(4).toInt());
        if (glance) {
            if (glanceAtKeys) s.keys = q.value(5).toByteArray();
            const Glance g = glance(s.glanced());
            if (g == Glance::Stop) break;
            if (g == Glance::Pass) continue;
        }
        if (!block(s, q.value(glanceAtKeys ? 6 : 5).toByteArray())) break;
    }
    return true;
}

void windowConditions(qint64 sinceMs, qint64 untilMs, QStringList *clauses, QVariantList *values) {
    *clauses << QStringLiteral("last_ts >= ?") << QStringLiteral("first_ts < ?");
    *values << sinceMs << untilMs;
}

void blockConditions(const LogFilter &f, QStringList *clauses, QVariantList *values) {
    if (f.sinceMs) {
        *clauses << QStringLiteral("last_ts >= ?");
        *values << *f.sinceMs;
    }
    if (f.untilMs) {
        *clauses << QStringLiteral("first_ts < ?");
        *values << *f.untilMs;
    }
    for (const auto &[kind, value] : {std::pair{Key::Provider, &f.provider},
                                      {Key::Model, &f.model},
                                      {Key::Endpoint, &f.endpoint},
                                      {Key::VirtualKey, &f.virtualKey},
                                      {Key::Session, &f.sessionId},
                                      {Key::Plugin, &f.plugin}})
        if (!value->isEmpty()) *clauses << keyCondition(kind, *value, values);
    const QString &s = f.status;
    if (s == QLatin1String("error") || (s.endsWith(QLatin1String("xx")) && s.at(0) >= u'4') ||
        (!s.isEmpty() && s.at(0).isDigit() && s.toInt() >= 400))
        *clauses << QStringLiteral("errors > 0");
    else if (!s.isEmpty() && s != QLatin1String("4xx") && s != QLatin1String("5xx"))
        *clauses << QStringLiteral("errors < rows");  // a class or code below 400, or "ok"
    if (f.minLatencyUs) {
        *clauses << QStringLiteral("max_latency_us >= ?");
        *values << *f.minLatencyUs;
    }
}

Matcher::Matcher(const LogFilter &f) {
    for (const auto &[column, value] : {std::pair{kProvider, &f.provider},
                                        {kModel, &f.model},
                                        {kEndpoint, &f.endpoint},
                                        {kVirtualKey, &f.virtualKey},
                                        {kSessionId, &f.sessionId}})
        if (!value->isEmpty()) equal_.push_back({column, value->toUtf8()});
    if (!f.status.isEmpty()) {
        Range r{kStatus, std::nullopt, std::nullopt};
        if (f.status == QLatin1String("error")) {
            r.min = 400;
        } else if (f.status == QLatin1String("ok")) {
            r.max = 399;
        } else if (f.status.endsWith(QLatin1String("xx"))) {
            r.min = f.status.left(1).toInt() * 100;
            r.max = *r.min + 99;
        } else {
            r.min = r.max = f.status.toInt();
        }
        ranges_.push_back(r);
    }
    if (f.sinceMs || f.untilMs)
        ranges_.push_back(
            {kTs, f.sinceMs, f.untilMs ? std::optional<qint64>(*f.untilMs - 1) : std::nullopt});
    if (f.minLatencyUs || f.maxLatencyUs)
        ranges_.push_back({kLatencyUs, f.minLatencyUs, f.maxLatencyUs});
    if (f.minCostNanoUsd || f.maxCostNanoUsd)
        ranges_.push_back({kCostNanoUsd, f.minCostNanoUsd, f.maxCostNanoUsd});
    if (f.cacheHit) ranges_.push_back({kCacheHit, qint64(*f.cacheHit), qint64(*f.cacheHit)});
    if (!f.plugin.isEmpty()) plugin_ = ',' + f.plugin.toUtf8() + ',';
    if (!f.text.isEmpty()) {
        text_ = f.text;
        bool ascii = true;
        for (QChar ch : f.text) ascii = ascii && ch.unicode() < 0x80;
        if (ascii) asciiLower_ = f.text.toLower().toLatin1();
    }
}

namespace {

constexpr int kTextColumns[] = {kId, kModel, kError, kClient, kEndpoint, kVirtualKey};

unsigned char lowerAscii(unsigned char c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

// `needle` (ASCII, lower case) in `hay`, ASCII letters in any case.
bool containsAsciiFolded(QByteArrayView hay, const QByteArray &needle) {
    const qsizetype n = needle.size();
    if (n == 0) return true;
    const auto first = static_cast<unsigned char>(needle[0]);
    for (qsizetype i = 0; i + n <= hay.size(); ++i) {
        if (lowerAscii(static_cast<unsigned char>(hay[i])) != first) continue;
        qsizetype k = 1;
        while (k < n && lowerAscii(static_cast<unsigned char>(hay[i + k])) ==
                            static_cast<unsigned char>(needle[k]))
            ++k;
        if (k == n) return true;
    }
    return false;
}

}  // namespace

bool Matcher::prepare(ColumnBlock::Reader &block, QString *error) {
    block_ = &block;
    columns_.assign(size_t(kColumnCount), nullptr);
    auto need = [&](int column) {
        if (!columns_[size_t(column)]) columns_[size_t(column)] = block.column(column, error);
        return columns_[size_t(column)] != nullptr;
    };
    for (const Text &t : equal_)
        if (!need(t.column)) return false;
    for (const Range &r : ranges_)
        if (!need(r.column)) return false;
    if (!plugin_.isEmpty() && !need(kPlugins)) return false;
    if (!text_.isEmpty())
        for (int column : kTextColumns)
            if (!need(column)) return false;
    return true;
}

bool Matcher::matches(int row) const {
    for (const Text &t : equal_) {
        const ColumnBlock::Value &v = columns_[size_t(t.column)][row];
        const QByteArrayView text = block_->text(t.column, v);
        if (v.tag == ColumnBlock::kInt || text != QByteArrayView(t.value)) return false;
    }
    for (const Range &r : ranges_) {
        const ColumnBlock::Value &v = columns_[size_t(r.column)][row];
        if (v.tag != ColumnBlock::kInt) return false;  // as SQL: NULL compares false
        if ((r.min && v.integer < *r.min) || (r.max && v.integer > *r.max)) return false;
    }
    if (!plugin_.isEmpty()) {
        const ColumnBlock::Value &v = columns_[size_t(kPlugins)][row];
        if (!block_->text(kPlugins, v).contains(QByteArrayView(plugin_))) return false;
    }
    return text_.isEmpty() || found(row);
}

bool Matcher::found(int row) const {
    for (int column : kTextColumns) {
        const ColumnBlock::Value &v = columns_[size_t(column)][row];
        if (v.tag == ColumnBlock::kInt || v.size == 0) continue;
        const QByteArrayView text = block_->text(column, v);
        if (!asciiLower_.isEmpty() ? containsAsciiFolded(text, asciiLower_)
                                   : QString::fromUtf8(text).contains(text_, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QVariant value(ColumnBlock::Reader &block, int column, int row, QString *error) {
    const ColumnBlock::Value *values = block.column(column, error);
    if (!values) return QVariant();
    const ColumnBlock::Value &v = values[row];
    switch (v.tag) {
        case ColumnBlock::kInt:
            return QVariant(v.integer);
        case ColumnBlock::kNull:
            return QVariant();
        default:
            return QVariant(QString::fromUtf8(block.text(column, v)));
    }
}

bool find(StoreConnection &c, const QString &id, Found *found, QString *error) {
    found->row = -1;
    QStringList clauses;
    QVariantList values;
    if (const std::optional<qint64> ms = logIdTime(id)) {
        // A block's range holds its requests' times; the widest block's
        // range bounds how far before a time a block holding it begins.
        clauses << QStringLiteral(
                       "first_ts BETWEEN ? - (SELECT coalesce(max(last_ts - first_ts), 0) "
                       "FROM request_blocks) AND ?")
                << QStringLiteral("last_ts >= ?");
        values << *ms << *ms << *ms;
    }
    const QByteArray wanted = id.toUtf8();
    bool ok = true;
    const bool ran = forEachBlock(
        c, clauses, values, QString(),
        [&](BlockRef &b) {
            QString damage;
            const ColumnBlock::Value *ids = b.reader->column(kId, &damage);
            if (!ids) return true;  // a damaged column: look on
            for (int row = 0; row < b.reader->rows(); ++row) {
                if (b.reader->text(kId, ids[row]) != QByteArrayView(wanted)) continue;
                found->row = row;
                found->data = std::make_shared<QByteArray>(*b.data);
                return false;
            }
            return true;
        },
        error);
    if (!ran) ok = false;
    if (!ok || found->row < 0) return ok;
    found->reader = std::make_shared<ColumnBlock::Reader>();
    return found->reader->open(*found->data, error);
}

}  // namespace gatehouse::RequestScan
