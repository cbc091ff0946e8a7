// The log writer's batches (store/LogBatch.h), on both backends: a record
// is freed once converted, long before its batch is written; two writers
// that reserved the same body block ids (two gateways on one SQLite file)
// each keep their own bodies, the second renumbering its blocks.
#include "StoreTestKit.h"
#include "store/LogBatch.h"
#include "store/LogBatchWriter.h"
#include "store/LogReader.h"
#include "store/LogStore.h"
#include "store/LogWriter.h"
#include "store/RowSink.h"
#include "store/StoreConnection.h"

#include <gtest/gtest.h>
#include <QElapsedTimer>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

constexpr qint64 kBase = 1'790'000'000'000;  // ms since the epoch

class LogBatchTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // Creates the store's tables.
    static void migrate(const TestStore &store) {
        LogStore::Options o;
        o.location = store.location();
        o.maintenanceIntervalMs = 0;
        LogStore logs(o);
        QString error;
        ASSERT_TRUE(logs.open(&error)) << error.toStdString();
    }
};

std::shared_ptr<RequestTrace> trace(const QString &id, int i) {
    auto t = std::make_shared<RequestTrace>();
    t->id = id;
    t->startedAtMs = kBase + i;
    t->status = 200;
    t->provider = QStringLiteral("p");
    // Plain text, which the log gives back as a string (JSON comes back parsed).
    t->requestBody = "request " + id.toUtf8();
    t->responseBody = "answer " + QByteArray::number(i * 7);
    return t;
}

TEST_P(LogBatchTest, ARecordIsFreedOnceConvertedLongBeforeItsBatchIsWritten) {
    GATEHOUSE_TEST_STORE(store);
    migrate(store);
    LogWriter::Options o;
    o.location = store.location();
    o.flushIntervalMs = 60'000;  // the batch waits; only flush() writes it
    o.maintenanceIntervalMs = 0;
    LogWriter writer(o);
    writer.start();
    // Each record comes to a writer idle for a while (asleep until a flush
    // with nothing to convert), as at one request at a time: the record
    // must still not wait for the flush.
    for (int i = 1; i <= 2; ++i) {
        QThread::msleep(100);
        std::weak_ptr<RequestTrace> weak;
        {
            auto t = trace(QStringLiteral("freed-%1").arg(i), 1);
            weak = t;
            ASSERT_TRUE(writer.enqueue(std::move(t)));
        }
        QElapsedTimer waited;
        waited.start();
        while (!weak.expired() && waited.elapsed() < 10'000) QThread::msleep(1);
        EXPECT_TRUE(weak.expired()) << "the writer still holds record " << i;
        EXPECT_EQ(writer.written(), 0);
        EXPECT_EQ(writer.queued(), 0);  // taken into the batch
    }
    writer.flush();
    EXPECT_EQ(writer.written(), 2) << writer.lastError().toStdString();
    auto c = store.connect();
    QString error;
    const std::optional<QJsonObject> got = LogReader::get(*c, QStringLiteral("freed-1"), &error);
    ASSERT_TRUE(got) << error.toStdString();
    EXPECT_EQ(got->value("request_body").toString(), QStringLiteral("request freed-1"));
    EXPECT_EQ(got->value("response_body").toString(), QStringLiteral("answer 7"));
}

// A store that refuses the body blocks' ids (where they come from gone:
// SQLite's table, PostgreSQL's sequence) keeps the requests queued,
// unconverted; stopping then counts them as failed and returns.
TEST_P(LogBatchTest, AStoreRefusingIdsStillLetsTheWriterStop) {
    GATEHOUSE_TEST_STORE(store);
    migrate(store);
    auto c = store.connect();
    QString error;
    const QString away = GetParam() == TestStore::Backend::PostgreSQL
                             ? QStringLiteral("ALTER SEQUENCE request_bodies_id RENAME TO away")
                             : QStringLiteral("ALTER TABLE request_bodies RENAME TO away");
    ASSERT_TRUE(c->exec(away, &error)) << error.toStdString();
    LogWriter::Options o;
    o.location = store.location();
    o.maintenanceIntervalMs = 0;
    auto writer = std::make_unique<LogWriter>(o);
    writer->start();
    ASSERT_TRUE(writer->enqueue(trace(QStringLiteral("refused-1"), 1)));
    QElapsedTimer waited;
    waited.start();
    while (writer->lastError().isEmpty() && waited.elapsed() < 10'000) QThread::msleep(5);
    EXPECT_TRUE(writer->lastError().contains(QStringLiteral("request_bodies")))
        << writer->lastError().toStdString();
    EXPECT_EQ(writer->queued(), 1);
    writer->stopAndWait();
    EXPECT_EQ(writer->failed(), 1);
    EXPECT_EQ(writer->written(), 0);
}

// Both batches reserve their ids before either is written: on SQLite both
// get the same ones (the table's highest id + 1...), and the batch written
// second finds them taken.
TEST_P(LogBatchTest, TwoWritersWithTheSameReservedIdsKeepTheirOwnBodies) {
    GATEHOUSE_TEST_STORE(store);
    migrate(store);
    auto c1 = store.connect(), c2 = store.connect();
    QString error;
    auto w1 = LogBatchWriter::create(*c1, &error);
    ASSERT_TRUE(w1) << error.toStdString();
    auto w2 = LogBatchWriter::create(*c2, &error);
    ASSERT_TRUE(w2) << error.toStdString();
    LogBatch b1(QStringLiteral("one")), b2(QStringLiteral("two"));
    constexpr int kEach = 300;  // three body blocks and three request blocks each
    ASSERT_TRUE(b1.reserve(*w1, kEach, &error)) << error.toStdString();
    ASSERT_TRUE(b2.reserve(*w2, kEach, &error)) << error.toStdString();
    for (int i = 0; i < kEach; ++i) {
        ASSERT_TRUE(b1.add(trace(QStringLiteral("one-%1").arg(i), i), &error));
        ASSERT_TRUE(b2.add(trace(QStringLiteral("two-%1").arg(i), i), &error));
    }
    int paced = 0;
    const auto pace = [&paced] { ++paced; };
    ASSERT_TRUE(b1.write(*w1, pace, &error)) << error.toStdString();
    ASSERT_TRUE(b2.write(*w2, pace, &error)) << error.toStdString();
    EXPECT_GT(paced, 0);
    auto reader = store.connect();
    for (int i = 0; i < kEach; ++i) {
        for (const QString &prefix : {QStringLiteral("one-"), QStringLiteral("two-")}) {
            const QString id = prefix + QString::number(i);
            const std::optional<QJsonObject> got = LogReader::get(*reader, id, &error);
            ASSERT_TRUE(got) << id.toStdString() << ": " << error.toStdString();
            EXPECT_EQ(got->value("request_body").toString(), QStringLiteral("request %1").arg(id));
            EXPECT_EQ(got->value("response_body").toString(),
                      QStringLiteral("answer %1").arg(i * 7));
        }
    }
}

// A batch the store refused is kept whole, and written whole when tried
// again (the ids it reserved still its own).
TEST_P(LogBatchTest, ARefusedWriteKeepsTheBatchForTheNextTry) {
    GATEHOUSE_TEST_STORE(store);
    migrate(store);
    auto c = store.connect();
    QString error;
    auto w = LogBatchWriter::create(*c, &error);
    ASSERT_TRUE(w) << error.toStdString();
    LogBatch batch(QStringLiteral("one"));
    ASSERT_TRUE(batch.reserve(*w, 10, &error)) << error.toStdString();
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(batch.add(trace(QStringLiteral("r-%1").arg(i), i), &error));
    // The request blocks' table gone for a moment: the transaction fails.
    ASSERT_TRUE(
        c->exec(QStringLiteral("ALTER TABLE request_blocks RENAME TO request_blocks_away"), &error))
        << error.toStdString();
    EXPECT_FALSE(batch.write(
        *w, [] {}, &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_EQ(batch.entries(), 10);
    ASSERT_TRUE(
        c->exec(QStringLiteral("ALTER TABLE request_blocks_away RENAME TO request_blocks"), &error))
        << error.toStdString();
    w = LogBatchWriter::create(*c, &error);  // statements prepared on the old table go
    ASSERT_TRUE(w) << error.toStdString();
    ASSERT_TRUE(batch.write(
        *w, [] {}, &error))
        << error.toStdString();
    for (int i = 0; i < 10; ++i) {
        const std::optional<QJsonObject> got =
            LogReader::get(*c, QStringLiteral("r-%1").arg(i), &error);
        ASSERT_TRUE(got) << i << ": " << error.toStdString();
        EXPECT_EQ(got->value("response_body").toString(), QStringLiteral("answer %1").arg(i * 7));
    }
}

// PostgreSQL keeps a request block (~7 KB) compressed out of its row;
// the log's connections ask for lz4 rather than pglz (when the server has it).
TEST_P(LogBatchTest, PostgresCompressesRequestBlocksWithLz4) {
    GATEHOUSE_TEST_STORE(store);
    if (GetParam() != TestStore::Backend::PostgreSQL) GTEST_SKIP() << "PostgreSQL's own";
    migrate(store);
    auto c = store.connect();
    QString error;
    auto probe = store.connect();
    if (!probe->exec(QStringLiteral("SET default_toast_compression TO lz4"), &error))
        GTEST_SKIP() << "this server has no lz4: " << error.toStdString();
    {
        LogStore::Options o;
        o.location = store.location();
        o.maintenanceIntervalMs = 0;
        LogStore logs(o);
        ASSERT_TRUE(logs.open(&error)) << error.toStdString();
        for (int i = 0; i < 256; ++i) {
            auto t = trace(QStringLiteral("lz-%1").arg(i), i);
            t->model = QStringLiteral("model-%1").arg(i % 7);
            t->error = QStringLiteral("error text that repeats, number %1").arg(i);
            logs.record(t);
        }
        logs.flush();
        EXPECT_EQ(logs.counters().written, 256) << logs.counters().lastError.toStdString();
    }
    QSqlQuery q(c->db());
    ASSERT_TRUE(
        q.exec(QStringLiteral("SELECT pg_column_compression(data), count(*) FROM "
                              "request_block_data GROUP BY 1")))
        << q.lastError().text().toStdString();
    QMap<QString, int> methods;
    while (q.next()) methods[q.value(0).toString()] += q.value(1).toInt();
    EXPECT_EQ(methods.value(QStringLiteral("lz4")), 2) << methods.keys().join(',').toStdString();
    EXPECT_EQ(methods.value(QStringLiteral("pglz")), 0);
    // And it reads back.
    const std::optional<QJsonObject> got = LogReader::get(*c, QStringLiteral("lz-200"), &error);
    ASSERT_TRUE(got) << error.toStdString();
    EXPECT_EQ(got->value("model").toString(), QStringLiteral("model-4"));
}

// PostgreSQL's rows go in COPY's binary form, each value in its column's
// type: text of any content as it is, and a value that does not fit its
// column refused with the column named, the rows before it kept.
TEST_P(LogBatchTest, PostgresRowsGoInTheirColumnsTypes) {
    GATEHOUSE_TEST_STORE(store);
    if (GetParam() != TestStore::Backend::PostgreSQL) GTEST_SKIP() << "PostgreSQL's own";
    migrate(store);
    auto c = store.connect();
    QString error;
    auto w = LogBatchWriter::create(*c, &error);
    ASSERT_TRUE(w) << error.toStdString();
    ASSERT_TRUE(w->begin(&error)) << error.toStdString();
    RowSink &hooks = w->rows(LogTable::HookCalls);
    const QString message = QStringLiteral("tab\there, a newline\n, a backslash \\N, grüße 漢字");
    // A plugin's log line whose text COPY's text format would have escaped.
    const auto addLogLine = [&] {
        hooks.addInt(kBase);
        hooks.addText(QStringLiteral("req-1"));
        hooks.addText(QStringLiteral("plugin"));
        hooks.addUtf8("pre");
        hooks.addUtf8("log");
        hooks.addUtf8("info");
        hooks.addText(QString());
        hooks.addText(message);
        hooks.addInt(-5);
        return hooks.endRow(&error);
    };
    ASSERT_TRUE(addLogLine()) << error.toStdString();
    // `rows` is an INTEGER: 2^40 does not fit.
    RowSink &blocks = w->rows(LogTable::RequestBlocks);
    for (const qint64 v : {qint64(7), kBase, kBase, qint64(1) << 40, qint64(0), qint64(5)})
        blocks.addInt(v);
    blocks.addUtf8("keys");
    EXPECT_FALSE(blocks.endRow(&error));
    EXPECT_NE(error.indexOf(QStringLiteral("request_blocks")), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(QStringLiteral("column rows")), -1) << error.toStdString();
    // Text for a bigint, and a row one value short.
    RowSink &bodies = w->rows(LogTable::Bodies);
    bodies.addText(QStringLiteral("not a number"));
    bodies.addInt(kBase);
    bodies.addBlob("x");
    EXPECT_FALSE(bodies.endRow(&error));
    EXPECT_NE(error.indexOf(QStringLiteral("column id")), -1) << error.toStdString();
    bodies.addInt(1);
    bodies.addInt(kBase);
    EXPECT_FALSE(bodies.endRow(&error));
    EXPECT_NE(error.indexOf(QStringLiteral("2 values for 3 columns")), -1) << error.toStdString();
    // A good row after the refused ones.
    blocks.addInt(8);
    blocks.addInt(kBase);
    blocks.addInt(kBase + 1);
    blocks.addInt(2);
    blocks.addNull();  // NOT NULL: the server refuses it at the commit
    blocks.addInt(5);
    blocks.addUtf8("keys");
    ASSERT_TRUE(blocks.endRow(&error)) << error.toStdString();
    EXPECT_FALSE(w->commit(&error));
    EXPECT_NE(error.indexOf(QStringLiteral("errors")), -1) << error.toStdString();
    // Again without the NULL: written, with the text as it was.
    ASSERT_TRUE(w->begin(&error)) << error.toStdString();
    ASSERT_TRUE(addLogLine()) << error.toStdString();
    for (const qint64 v : {qint64(8), kBase, kBase + 1, qint64(2), qint64(0), qint64(5)})
        blocks.addInt(v);
    blocks.addUtf8("keys");
    ASSERT_TRUE(blocks.endRow(&error)) << error.toStdString();
    EXPECT_FALSE(blocks.endRow(&error));  // no values at all: refused, the rows before it kept
    EXPECT_NE(error.indexOf(QStringLiteral("0 values for 7 columns")), -1) << error.toStdString();
    ASSERT_TRUE(w->commit(&error)) << error.toStdString();
    QSqlQuery q(c->db());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT message, duration_us, ts FROM hook_calls")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString(), message);
    EXPECT_EQ(q.value(1).toLongLong(), -5);
    EXPECT_EQ(q.value(2).toLongLong(), kBase);
    EXPECT_FALSE(q.next());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT id, rows, last_ts, keys FROM request_blocks")));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toLongLong(), 8);
    EXPECT_EQ(q.value(1).toInt(), 2);
    EXPECT_EQ(q.value(2).toLongLong(), kBase + 1);
    EXPECT_EQ(q.value(3).toString(), QStringLiteral("keys"));
    EXPECT_FALSE(q.next());
}

GATEHOUSE_ON_EVERY_STORE(LogBatchTest);

}  // namespace
