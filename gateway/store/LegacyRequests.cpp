#include "LegacyRequests.h"

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
    qint64 id = ++*nextId;
    QSqlQuery q(c.db());
    if (c.isPostgres()) {
        if (!q.exec(QStringLiteral("SELECT nextval('request_blocks_id')")) || !q.next()) {
            *error = describeSqlError(QStringLiteral("numbering request_blocks"), q.lastError());
            return false;
        }
        id = q.value(0).toLongLong();
    }
    const QVariantList summary{
        id, b.firstMs, b.lastMs, b.rows, b.errors, b.maxLatencyUs, QString::fromUtf8(b.keys)};
    if (!q.prepare(QStringLiteral("INSERT INTO request_blocks (id, first_ts, last_ts, rows, "
                                  "errors, max_latency_us, keys) VALUES (?, ?, ?, ?, ?, ?, ?)"))) {
        *error = describeSqlError(QStringLiteral("writing request_blocks"), q.lastError());
        return false;
    }
    for (int i = 0; i < summary.size(); ++i) q.bindValue(i, summary[i]);
    QSqlQuery values(c.db());
    values.prepare(QStringLiteral("INSERT INTO request_block_data (id, data) VALUES (?, ?)"));
    values.bindValue(0, id);
    values.bindValue(1, b.data);
    if (!q.exec() || !values.exec()) {
        *error = describeSqlError(QStringLiteral("writing request_blocks"),
                                  q.lastError().isValid() ? q.lastError() : values.lastError());
        return false;
    }
    return true;
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
        if (!rows.prepare(slice)) {
            *error = describeSqlError(QStringLiteral("reading requests"), rows.lastError());
            return false;
        }
        rows.bindValue(0, lastSeq);
        if (!rows.exec()) {
            *error = describeSqlError(QStringLiteral("reading requests"), rows.lastError());
            return false;
        }
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
            auto text = [&](Column column) { return value(column).toString(); };
            const QString provider = text(kProvider), model = text(kModel),
                          endpoint = text(kEndpoint), key = text(kVirtualKey), agent = text(kAgent),
                          session = text(kSessionId);
            builder.noteRow(value(kTs).toLongLong(), value(kStatus).toInt(),
                            value(kLatencyUs).toLongLong(),
                            {{Key::Provider, provider},
                             {Key::Model, model},
                             {Key::Endpoint, endpoint},
                             {Key::VirtualKey, key},
                             {Key::Agent, agent},
                             {Key::Session, session}},
                            text(kPlugins));
            ++converted;
            if (builder.full()) blocks.push_back(builder.finish());
        }
        rows.finish();
        if (read == 0 && builder.rows() > 0) blocks.push_back(builder.finish());
        for (const Block &b : blocks)
            if (!insert(c, b, &nextId, error)) return false;
        if (read == 0) break;
    }
    QSqlQuery drop(c.db());
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
