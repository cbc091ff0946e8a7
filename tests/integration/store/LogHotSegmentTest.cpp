// The request log's hot segment (store/HotMerge.h): requests are written to
// an unindexed table and moved into the indexed one later; every query reads
// both, so what a list, a lookup or the stats return does not depend on
// whether a request was moved yet.
#include "EventLoopWait.h"
#include "StoreTestKit.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QJsonArray>
#include <QObject>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class LogHotSegmentTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    std::unique_ptr<LogStore> open(const TestStore &store) {
        LogStore::Options o;
        o.location = store.location();
        o.maintenanceIntervalMs = 0;
        auto logs = std::make_unique<LogStore>(o);
        QString error;
        EXPECT_TRUE(logs->open(&error)) << error.toStdString();
        return logs;
    }

    std::shared_ptr<RequestTrace> trace(int i) const {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("hot-%1").arg(i);
        t->startedAtMs = now + i / 3;  // threes with the same start: seq breaks the tie
        t->provider = i % 2 ? QStringLiteral("even") : QStringLiteral("odd");
        t->model = QStringLiteral("m");
        t->status = i % 5 == 0 ? 500 : 200;
        t->latencyUs = (i * 7919) % 1000;
        t->requestBody = QByteArray("{\"n\":") + QByteArray::number(i) + '}';
        return t;
    }

    // What a reader sees, as one string per query.
    QStringList snapshot(LogStore &logs) {
        QStringList out;
        std::vector<LogFilter> filters(4);
        filters[1].provider = QStringLiteral("even");
        filters[1].offset = 20;
        filters[2].sortBy = QStringLiteral("latency");
        filters[3].status = QStringLiteral("5xx");
        filters[3].descending = false;
        for (LogFilter &f : filters) {
            f.limit = 30;
            bool done = false;
            logs.list(&context, f, [&](bool ok, const LogPage &page, const QString &error) {
                EXPECT_TRUE(ok) << error.toStdString();
                QStringList ids;
                for (const auto &row : page.rows) ids << row.toObject().value("id").toString();
                out << QString::number(page.total) + QLatin1Char(':') + ids.join(QLatin1Char(','));
                done = true;
            });
            EXPECT_TRUE(runEventsUntil([&] { return done; }, 10000));
        }
        bool done = false;
        logs.get(
            &context, QStringLiteral("hot-123"),
            [&](bool ok, const std::optional<QJsonObject> &o, const QString &) {
                EXPECT_TRUE(ok && o);
                if (o) out << o->value("request_body").toObject().value("n").toVariant().toString();
                done = true;
            });
        EXPECT_TRUE(runEventsUntil([&] { return done; }, 10000));
        return out;
    }

    qint64 rowsIn(const TestStore &store, const QString &table) {
        StoreConnection c(store.location(), QStringLiteral("check"),
                          StoreConnection::Durability::Full);
        QString error;
        EXPECT_TRUE(c.open(&error)) << error.toStdString();
        QSqlQuery q(c.db());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM ") + table) && q.next());
        return q.value(0).toLongLong();
    }

    QObject context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
};

TEST_P(LogHotSegmentTest, RequestsReadTheSameBeforeAndAfterTheyAreMerged) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    const int n = 300;
    for (int i = 0; i < n; ++i) logs->record(trace(i));
    logs->flush();
    ASSERT_EQ(logs->counters().written, n) << logs->counters().lastError.toStdString();
    const QStringList before = snapshot(*logs);
    ASSERT_EQ(before.size(), 5);
    EXPECT_TRUE(before[0].startsWith(QStringLiteral("300:hot-299,hot-298,hot-297,")))
        << before[0].toStdString();
    EXPECT_EQ(before[4], QStringLiteral("123"));
    // The writer merges while nothing comes in.
    ASSERT_TRUE(runEventsUntil([&] { return logs->counters().merged == n; }, 20000))
        << logs->counters().merged << " " << logs->counters().lastError.toStdString();
    EXPECT_EQ(rowsIn(store, QStringLiteral("requests_hot")), 0);
    EXPECT_EQ(rowsIn(store, QStringLiteral("requests")), n);
    EXPECT_EQ(snapshot(*logs), before);
    // New requests go to the hot segment again and sort after the merged ones.
    for (int i = n; i < n + 3; ++i) logs->record(trace(i));
    logs->flush();
    const QStringList after = snapshot(*logs);
    EXPECT_TRUE(after[0].startsWith(QStringLiteral("303:hot-302,hot-301,hot-300,hot-299,")))
        << after[0].toStdString();
}

// Ids are unique in the store: a request logged twice with one id (which the
// gateway never does) is kept once when merged, and the merge goes on.
TEST_P(LogHotSegmentTest, ADuplicateIdIsKeptOnceWhenMerged) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    logs->record(trace(1));
    logs->record(trace(2));
    logs->record(trace(1));
    logs->flush();
    ASSERT_EQ(logs->counters().written, 3);
    ASSERT_TRUE(runEventsUntil([&] { return logs->counters().merged == 3; }, 20000))
        << logs->counters().lastError.toStdString();
    EXPECT_EQ(rowsIn(store, QStringLiteral("requests_hot")), 0);
    EXPECT_EQ(rowsIn(store, QStringLiteral("requests")), 2);
    EXPECT_EQ(logs->counters().failed, 0);
}

GATEHOUSE_ON_EVERY_STORE(LogHotSegmentTest);

}  // namespace
