#include "LegacyRequests.h"

#include "LogReaderSql.h"
#include "LogRows.h"
#include "RequestBlocks.h"
#include "StoreConnection.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtDebug>
#include <vector>

namespace gatehouse::LegacyRequests {

namespace {

// One block: its summary, then its values.
bool insert(StoreConnection &c, const RequestBlocks::Block &b, qint64 *nextId, QString *error) {
    constexpr const char *kWriting = "writing request_blocks";
    qint64 id = ++*nextId;
    QSqlQuery q(c.db());
    if (c.isPostgres()) {
        if (!LogReader::exec(q, QStringLiteral("SELECT nextval('request_blocks_id')"), {}, error,
                             kWriting))
            return false;
        if (!q.next()) {
            *error = QStringLiteral("writing request_blocks: no id from request_blocks_id");
            return false;
        }
        id = q.value(0).toLongLong();
    }
    QSqlQuery values(c.db());
    return LogReader::exec(q,
                           QStringLiteral("INSERT INTO request_blocks (id, first_ts, last_ts, "
                                          "rows, errors, max_latency_us, keys) VALUES (?, ?, ?, "
                                          "?, ?, ?, ?)"),
                           {id, b.firstMs, b.lastMs, b.rows, b.errors, b.maxLatencyUs,
                            QString::fromUtf8(b.keys)},
                           error, kWriting) &&
           LogReader::exec(
               values, QStringLiteral("INSERT INTO request_block_data (id, data) VALUES (?, ?)"),
               {id, b.data}, error, kWriting);
}

}  // namespace

bool convert(StoreConnection &c, QString *error) {
    using namespace RequestBlocks;
    QElapsedTimer clock;
    clock.start();
    // A slice of rows at a time, each read to its end before its blocks are
    // written: PostgreSQL's driver streams a result, and a query run
    // meanwhile would cut it off.
    const QString columns = LogRows::requestColumns().join(QStringLiteral(", "));
    const QString slice =
        QStringLiteral("SELECT seq, %1 FROM requests WHERE seq > ? ORDER BY seq LIMIT 20000")
            .arg(columns);
    Builder builder;
    qint64 nextId = 0, converted = 0, lastSeq = -1;
    QString none;
    for (;;) {
        QSqlQuery rows(c.db());
        rows.setForwardOnly(true);
        if (!LogReader::exec(rows, slice, {lastSeq}, error, "reading requests")) return false;
        std::vector<Block> blocks;
        qint64 read = 0;
        while (rows.next()) {
            ++read;
            lastSeq = rows.value(0).toLongLong();
            // The row's values follow the seq.
            auto value = [&](int column) { return rows.value(column + 1); };
            ColumnBlock::Builder &out = builder.columns();
            for (int i = 0; i < kColumnCount; ++i) {
                const QVariant v = value(i);
                if (v.isNull())
                    out.addNull();
                else if (v.metaType().id() == QMetaType::QString)
                    out.addText(v.toString());
                else
                    out.addInt(v.toLongLong());
            }
            out.endRow(&none);
            builder.noteRow(value(kTs).toLongLong(), value(kStatus).toInt(),
                            value(kLatencyUs).toLongLong(),
                            [&](Column column) { return value(column).toString(); });
            ++converted;
            if (builder.full()) blocks.push_back(builder.finish());
        }
        rows.finish();
        if (read == 0 && builder.rows() > 0) blocks.push_back(builder.finish());
        for (const Block &b : blocks)
            if (!insert(c, b, &nextId, error)) return false;
        if (read == 0) break;
    }
    QSqlQuery drop(c.db());  // not prepared: PostgreSQL prepares no DDL
    if (!drop.exec(QStringLiteral("DROP TABLE requests"))) {
        *error = describeSqlError(QStringLiteral("dropping requests"), drop.lastError());
        return false;
    }
    if (converted > 0)
        qInfo("request log: %lld requests moved into %lld blocks in %.1f s",
              static_cast<long long>(converted), static_cast<long long>(nextId),
              double(clock.elapsed()) / 1000.0);
    return true;
}

}  // namespace gatehouse::LegacyRequests
