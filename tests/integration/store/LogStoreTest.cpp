// The log store on both backends: what is recorded is written, listed with
// filters and paging, read back whole, summarised, deleted by age and size;
// a full queue drops and counts instead of waiting.
#include "EventLoopWait.h"
#include "StoreTestKit.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"
#include "trace/LogIds.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QJsonArray>
#include <QObject>
#include <QRandomGenerator>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class LogStoreTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    std::unique_ptr<LogStore> open(const TestStore &store, LogStore::Options o = {}) {
        o.location = store.location();
        o.maintenanceIntervalMs = 0;  // only when a test asks
        auto logs = std::make_unique<LogStore>(o);
        QString error;
        EXPECT_TRUE(logs->open(&error)) << error.toStdString();
        return logs;
    }

    static std::shared_ptr<RequestTrace> trace(const QString &id, const QString &provider,
                                               int status, qint64 atMs, qint64 latencyUs) {
        auto t = std::make_shared<RequestTrace>();
        t->id = id;
        t->startedAtMs = atMs;
        t->client = QStringLiteral("127.0.0.1");
        t->endpoint = QStringLiteral("/v1/chat/completions");
        t->provider = provider;
        t->model = QStringLiteral("m-") + provider;
        t->status = status;
        t->latencyUs = latencyUs;
        t->attempts = 1;
        if (status >= 400) t->error = QStringLiteral("upstream said no for ") + id;
        return t;
    }

    LogPage list(LogStore &logs, const LogFilter &filter) {
        LogPage page;
        bool done = false;
        logs.list(&context, filter, [&](bool ok, const LogPage &p, const QString &error) {
            EXPECT_TRUE(ok) << error.toStdString();
            page = p;
            done = true;
        });
        EXPECT_TRUE(runEventsUntil([&] { return done; }, 10000));
        return page;
    }

    // One request's record by id (nullopt: not in the store).
    std::optional<QJsonObject> fetch(LogStore &logs, const QString &id) {
        std::optional<QJsonObject> got;
        bool done = false;
        logs.get(&context, id, [&](bool ok, const std::optional<QJsonObject> &o, const QString &e) {
            EXPECT_TRUE(ok) << e.toStdString();
            got = o;
            done = true;
        });
        EXPECT_TRUE(runEventsUntil([&] { return done; }, 10000));
        return got;
    }

    QStringList ids(const LogPage &page) {
        QStringList out;
        for (const auto &row : page.rows) out << row.toObject().value("id").toString();
        return out;
    }

    QObject context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
};

TEST_P(LogStoreTest, ListsWithFiltersPagingAndSorting) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    for (int i = 0; i < 30; ++i) {
        const QString provider = i % 3 == 0 ? "openai" : i % 3 == 1 ? "anthropic" : "mock";
        const int status = i % 5 == 0 ? 500 : i % 7 == 0 ? 429 : 200;
        auto t = trace(QStringLiteral("r%1").arg(i, 2, 10, QLatin1Char('0')), provider, status,
                       now - 30000 + i * 1000, 1000 * (i + 1));
        if (i == 4) {
            t->spans.append({TraceSpan::Kind::PreHook, "cache", 10, 5, "continue", {}});
            t->cacheHit = true;
        }
        logs->record(t);
    }
    logs->flush();
    EXPECT_EQ(logs->counters().written, 30);

    LogFilter all;
    all.limit = 10;
    LogPage page = list(*logs, all);
    EXPECT_EQ(page.total, 30);
    EXPECT_EQ(ids(page).first(), "r29");  // newest first
    all.offset = 25;
    EXPECT_EQ(ids(list(*logs, all)), (QStringList{"r04", "r03", "r02", "r01", "r00"}));

    EXPECT_TRUE(page.totalIsExact);
    LogFilter capped;
    capped.countCap = 12;
    capped.offset = 5;
    page = list(*logs, capped);
    EXPECT_EQ(page.total, 17);  // counted no further than offset + cap
    EXPECT_FALSE(page.totalIsExact);

    LogFilter f;
    f.provider = "openai";
    f.status = "5xx";
    page = list(*logs, f);
    EXPECT_EQ(ids(page), (QStringList{"r15", "r00"}));  // i%3==0 and i%5==0
    EXPECT_EQ(page.total, 2);

    f = {};
    f.sinceMs = now - 30000 + 10 * 1000;
    f.untilMs = now - 30000 + 12 * 1000;
    EXPECT_EQ(ids(list(*logs, f)), (QStringList{"r11", "r10"}));

    f = {};
    f.status = "error";
    f.sortBy = "latency";
    f.descending = false;
    EXPECT_EQ(ids(list(*logs, f)).first(), "r00");

    f = {};
    f.minLatencyUs = 28000;
    EXPECT_EQ(list(*logs, f).total, 3);

    f = {};
    f.plugin = "cache";
    EXPECT_EQ(ids(list(*logs, f)), (QStringList{"r04"}));
    f = {};
    f.cacheHit = true;
    EXPECT_EQ(ids(list(*logs, f)), (QStringList{"r04"}));

    f = {};
    f.text = "SAID NO FOR R2";  // case-insensitive, in the error text
    EXPECT_EQ(ids(list(*logs, f)), (QStringList{"r28", "r25", "r21", "r20"}));
    f.text = "100%_";  // LIKE's wildcards are literal
    EXPECT_EQ(list(*logs, f).total, 0);
}

TEST_P(LogStoreTest, OneRequestComesBackWithSpansBodiesAndPluginLines) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    auto t = trace("req-1", "up", 200, now, 4200);
    t->spans.append({TraceSpan::Kind::PreHook, "governance", 12, 30, "continue", {}});
    t->spans.append({TraceSpan::Kind::Provider, "up/gpt", 50, 4000, "retry", "503 busy"});
    t->spans.append({TraceSpan::Kind::Provider, "up/gpt", 4100, 50, "ok", {}});
    t->spans.append({TraceSpan::Kind::PostHook, "governance", 4160, 20, "continue", {}});
    t->requestBody = R"({"model":"up/gpt","messages":[]})";
    t->responseBody = "not json, kept as text";
    t->promptTokens = 3;
    t->completionTokens = 4;
    t->totalTokens = 7;
    logs->record(t);
    PluginLogLine line;
    line.time = QDateTime::currentDateTimeUtc();
    line.plugin = "governance";
    line.level = "info";
    line.hook = "preHook";
    line.requestId = "req-1";
    line.message = "key vk-1 allowed";
    logs->recordLog(line);
    logs->flush();

    std::optional<QJsonObject> got = fetch(*logs, "req-1");
    ASSERT_TRUE(got);
    const QJsonArray spans = got->value("spans").toArray();
    ASSERT_EQ(spans.size(), 4);
    EXPECT_EQ(spans[1].toObject().value("outcome").toString(), "retry");
    EXPECT_EQ(spans[1].toObject().value("message").toString(), "503 busy");
    EXPECT_EQ(got->value("request_body").toObject().value("model").toString(), "up/gpt");
    EXPECT_EQ(got->value("response_body").toString(), "not json, kept as text");
    EXPECT_EQ(got->value("usage").toObject().value("total_tokens").toInt(), 7);
    EXPECT_EQ(got->value("plugins").toArray(), QJsonArray{"governance"});
    const QJsonArray lines = got->value("plugin_logs").toArray();
    ASSERT_EQ(lines.size(), 1);
    EXPECT_EQ(lines[0].toObject().value("message").toString(), "key vk-1 allowed");

    EXPECT_FALSE(fetch(*logs, "nope"));

    // The request's hook-call log has both the calls (from the spans) and
    // the line.
    QJsonObject hooks;
    bool done = false;
    LogReader::HookFilter hf;
    hf.plugin = "governance";
    hf.requestId = "req-1";
    logs->hookLines(&context, hf, [&](bool ok, const QJsonObject &o, const QString &) {
        EXPECT_TRUE(ok);
        hooks = o;
        done = true;
    });
    ASSERT_TRUE(runEventsUntil([&] { return done; }, 10000));
    EXPECT_EQ(hooks.value("data").toArray().size(), 3);  // preHook, postHook, the log line
}

// A request id carries its request's time (trace/LogIds.h) and the log
// looks it up by that time; PostgreSQL keeps no index on the id itself.
// Ids without a time (what earlier versions wrote) are still found.
TEST_P(LogStoreTest, RequestsAreFoundByIdsWithAndWithoutTheirTime) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    LogIdSequence sequence("");
    QStringList made;
    for (int i = 0; i < 50; ++i) {
        const qint64 at = now - 1000 + i / 10;  // five ids in each millisecond
        made << sequence.next(at);
        auto t = trace(made.back(), "up", 200, at, 1000 + i);
        t->requestBody = QByteArray("{\"n\":") + QByteArray::number(i) + '}';
        logs->record(t);
    }
    logs->record(trace("gh-mifz3k2a-1f", "old", 200, now - 5000, 7));
    logs->flush();

    for (int i : {0, 9, 10, 27, 49}) {
        const std::optional<QJsonObject> got = fetch(*logs, made[i]);
        ASSERT_TRUE(got) << made[i].toStdString();
        EXPECT_EQ(got->value("id").toString(), made[i]);
        EXPECT_DOUBLE_EQ(got->value("latency_ms").toDouble(), (1000 + i) / 1000.0);
        EXPECT_EQ(got->value("request_body").toObject().value("n").toInt(), i);
    }
    const std::optional<QJsonObject> old = fetch(*logs, "gh-mifz3k2a-1f");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->value("provider").toString(), "old");
    // The right time with another counter, and another time: not there.
    QString wrong = made[3];
    wrong.chop(1);
    wrong += QLatin1Char('z');
    EXPECT_FALSE(fetch(*logs, wrong));
    EXPECT_FALSE(fetch(*logs, sequence.next(now + 60'000)));

    if (GetParam() == TestStore::Backend::PostgreSQL) {
        StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        QSqlQuery q(c.db());
        ASSERT_TRUE(q.exec(QStringLiteral(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'requests' AND indexdef LIKE "
            "'%(id)%'")));
        EXPECT_FALSE(q.next()) << q.value(0).toString().toStdString();
    }
}

// The writer sends values its own way to each database (SQLite's C API,
// PostgreSQL's COPY text format, where tab, newline, backslash and \N mean
// something): every character must come back as it was recorded, and bytes
// that are not text are kept as replacement characters, never refused.
TEST_P(LogStoreTest, AnyTextComesBackAsRecorded) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    const QString tricky =
        QStringLiteral("tab\there\nnew line\r\\N back\\slash \\. \"q\" ü 😀 \u0001");
    auto t = trace("odd-1", "up", 500, now, 10);
    t->error = tricky;
    t->virtualKey = QString();  // null: stored as ''
    t->spans.append({TraceSpan::Kind::PreHook, tricky, 1, 2, "error", tricky});
    t->requestBody = tricky.toUtf8();
    static const char kBroken[] = "broken \xff\xfe utf-8 and a NUL \0 here";
    t->responseBody = QByteArray(kBroken, sizeof kBroken - 1);
    logs->record(t);
    auto empty = trace("odd-2", "up", 200, now + 1, 10);
    empty->spans.append({TraceSpan::Kind::PreHook, "p", 1, 2, "continue", {}});
    empty->requestBody = QByteArray("");  // there, and empty
    logs->record(empty);
    PluginLogLine line;
    line.time = QDateTime::currentDateTimeUtc();
    line.plugin = "p";
    line.level = "info";
    line.requestId = "odd-1";
    line.message = tricky;
    logs->recordLog(line);
    logs->flush();
    ASSERT_EQ(logs->counters().written, 3) << logs->counters().lastError.toStdString();

    std::optional<QJsonObject> got = fetch(*logs, "odd-1");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->value("error").toString(), tricky);
    EXPECT_EQ(got->value("virtual_key").toString(), "");
    const QJsonObject span = got->value("spans").toArray().at(0).toObject();
    EXPECT_EQ(span.value("name").toString(), tricky);
    EXPECT_EQ(span.value("message").toString(), tricky);
    EXPECT_EQ(got->value("request_body").toString(), tricky);
    // Bodies are stored as bytes: what is not UTF-8 shows as replacement
    // characters, a NUL stays a NUL.
    EXPECT_EQ(got->value("response_body").toString(),
              QString::fromUtf8(kBroken, sizeof kBroken - 1));
    const QJsonArray lines = got->value("plugin_logs").toArray();
    ASSERT_EQ(lines.size(), 1);
    EXPECT_EQ(lines[0].toObject().value("message").toString(), tricky);

    got = fetch(*logs, "odd-2");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->value("request_body"), QJsonValue(""));
    EXPECT_TRUE(got->value("response_body").isNull());
}

// Batches big enough that each table's rows go to the store in several
// pieces (PostgreSQL's COPY is streamed while rows are made): every row of
// every table arrives.
TEST_P(LogStoreTest, BigBatchesArriveWhole) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    const int n = 3000;
    for (int i = 0; i < n; ++i) {
        auto t = trace(QStringLiteral("big-%1").arg(i), "up", 200, now + i, 10);
        // A call that did something (a continued one has no row of its own).
        t->spans.append({TraceSpan::Kind::PreHook, "p", 1, 2, "short_circuit", {}});
        t->requestBody = QByteArray(300, 'a' + char(i % 26));
        t->responseBody = QByteArray(i % 100 == 0 ? 4000 : 500, 'z');
        logs->record(t);
    }
    logs->flush(60000);
    EXPECT_EQ(logs->counters().written, n) << logs->counters().lastError.toStdString();
    LogFilter newest;
    newest.limit = 1;
    const LogPage page = list(*logs, newest);
    EXPECT_EQ(page.total, n);
    for (const int i : {0, 1234, n - 1}) {
        std::optional<QJsonObject> got = fetch(*logs, QStringLiteral("big-%1").arg(i));
        ASSERT_TRUE(got) << i;
        EXPECT_EQ(got->value("request_body").toString(), QString(300, QChar('a' + i % 26)));
        EXPECT_EQ(got->value("response_body").toString().size(), i % 100 == 0 ? 4000 : 500);
        EXPECT_EQ(got->value("spans").toArray().size(), 1);
    }
    QJsonObject hooks;
    bool done = false;
    LogReader::HookFilter hf;
    hf.plugin = "p";
    hf.limit = n + 10;
    logs->hookLines(&context, hf, [&](bool ok, const QJsonObject &o, const QString &) {
        EXPECT_TRUE(ok);
        hooks = o;
        done = true;
    });
    ASSERT_TRUE(runEventsUntil([&] { return done; }, 10000));
    EXPECT_EQ(hooks.value("data").toArray().size(), n);
}

// A batch the store refuses (here: a check forbids its block) is tried
// again, then counted as failed as a whole, and the writer goes on with the
// next batch: nothing half-written, every entry counted once.
TEST_P(LogStoreTest, RefusedBatchIsCountedAndTheNextIsWritten) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    for (int i = 0; i < 37; ++i)  // more than one multi-row statement, and a tail
        logs->record(trace(QStringLiteral("b%1").arg(i), "up", 200, now + i, 10));
    logs->flush();
    ASSERT_EQ(logs->counters().written, 37) << logs->counters().lastError.toStdString();
    // A block of requests the store refuses: one from a provider a check
    // added here forbids (a trigger on SQLite, which adds no constraint to
    // a table it made).
    {
        StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        ASSERT_TRUE(c.exec(GetParam() == TestStore::Backend::PostgreSQL
                               ? QStringLiteral("ALTER TABLE request_blocks ADD CONSTRAINT "
                                                "test_refuses CHECK (keys NOT LIKE '%p=refused%')")
                               : QStringLiteral("CREATE TRIGGER test_refuses BEFORE INSERT ON "
                                                "request_blocks WHEN NEW.keys LIKE '%p=refused%' "
                                                "BEGIN SELECT RAISE(ABORT, 'refused'); END"),
                           &error))
            << error.toStdString();
    }
    logs->record(trace("refused", "refused", 200, now, 10));
    logs->flush(30000);
    LogStore::Counters c = logs->counters();
    EXPECT_EQ(c.failed, 1);
    EXPECT_NE(c.lastError.indexOf("request_blocks"), -1) << c.lastError.toStdString();
    logs->record(trace("after", "up", 200, now + 100, 10));
    logs->flush();
    c = logs->counters();
    EXPECT_EQ(c.written, 38);
    EXPECT_EQ(c.failed, 1);
    EXPECT_EQ(c.dropped, 0);
    LogFilter newest;
    newest.limit = 1;
    const LogPage page = list(*logs, newest);
    EXPECT_EQ(page.total, 38);
    EXPECT_EQ(ids(page), QStringList{"after"});
}

TEST_P(LogStoreTest, StatsGivePerProviderCountsErrorRateAndPercentiles) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    for (int i = 1; i <= 100; ++i)
        logs->record(
            trace(QStringLiteral("a%1").arg(i), "openai", i <= 10 ? 502 : 200, now - i, i * 1000));
    logs->record(trace("b1", "mock", 200, now, 500));
    logs->record(trace("old", "mock", 200, now - 3600 * 1000, 1));  // outside the window
    logs->flush();
    QJsonObject stats;
    bool done = false;
    logs->stats(&context, {now - 60000, now + 1},
                [&](bool ok, const QJsonObject &o, const QString &) {
                    EXPECT_TRUE(ok);
                    stats = o;
                    done = true;
                });
    ASSERT_TRUE(runEventsUntil([&] { return done; }, 10000));
    const QJsonObject openai = stats.value("providers").toObject().value("openai").toObject();
    EXPECT_EQ(openai.value("requests").toInt(), 100);
    EXPECT_EQ(openai.value("errors").toInt(), 10);
    EXPECT_DOUBLE_EQ(openai.value("error_rate").toDouble(), 0.1);
    EXPECT_NEAR(openai.value("p50_ms").toDouble(), 50.0, 1.0);
    EXPECT_NEAR(openai.value("p99_ms").toDouble(), 99.0, 1.0);
    EXPECT_EQ(
        stats.value("providers").toObject().value("mock").toObject().value("requests").toInt(), 1);
    EXPECT_EQ(stats.value("total").toObject().value("requests").toInt(), 101);
}

TEST_P(LogStoreTest, RetentionAndDeleteRemoveOldRequestsWithTheirContent) {
    GATEHOUSE_TEST_STORE(store);
    LogStore::Options o;
    o.retentionDays = 7;
    auto logs = open(store, o);
    const qint64 day = 86'400'000;
    for (int i = 0; i < 10; ++i) {
        auto t = trace(QStringLiteral("d%1").arg(i), "mock", 200, now - i * day - 1000, 10);
        t->requestBody = "{}";
        logs->record(t);
    }
    logs->flush();
    logs->runMaintenanceNow();
    EXPECT_EQ(list(*logs, {}).total, 7);  // days 0..6 stay

    qint64 deleted = -1;
    bool done = false;
    logs->removeBefore(&context, now - 3 * day, [&](bool ok, qint64 n, const QString &) {
        EXPECT_TRUE(ok);
        deleted = n;
        done = true;
    });
    ASSERT_TRUE(runEventsUntil([&] { return done; }, 10000));
    EXPECT_EQ(deleted, 4);
    EXPECT_EQ(ids(list(*logs, {})), (QStringList{"d0", "d1", "d2"}));
}

TEST_P(LogStoreTest, FullQueueDropsAndCountsInsteadOfWaiting) {
    GATEHOUSE_TEST_STORE(store);
    LogStore::Options o;
    o.queueCapacity = 50;
    auto logs = open(store, o);
    const int sent = 20000;
    for (int i = 0; i < sent; ++i)
        logs->record(trace(QStringLiteral("q%1").arg(i), "mock", 200, now, 1));
    logs->flush();
    const LogStore::Counters c = logs->counters();
    EXPECT_GT(c.dropped, 0);
    EXPECT_EQ(c.written + c.dropped, sent);
    EXPECT_EQ(list(*logs, {}).total, c.written);
}

// Big bodies fill the queue's memory bound long before its entry count.
TEST_P(LogStoreTest, QueueIsBoundedInBytesToo) {
    GATEHOUSE_TEST_STORE(store);
    LogStore::Options o;
    o.queueMaxBytes = 1024 * 1024;
    auto logs = open(store, o);
    const int sent = 2000;
    for (int i = 0; i < sent; ++i) {
        auto t = trace(QStringLiteral("b%1").arg(i), "mock", 200, now, 1);
        t->requestBody = QByteArray(64 * 1024, 'x');  // 2,000 of them: 128 MB
        logs->record(t);
        EXPECT_LE(logs->counters().queuedBytes, o.queueMaxBytes);
    }
    logs->flush();
    const LogStore::Counters c = logs->counters();
    EXPECT_GT(c.dropped, 0);
    EXPECT_EQ(c.written + c.dropped, sent);
    EXPECT_EQ(c.queuedBytes, 0);
}

GATEHOUSE_ON_EVERY_STORE(LogStoreTest);

TEST(LogStoreSizeCapTest, OldestRequestsGoWhenTheSQLiteStoreIsOverItsCap) {
    TestStore store(TestStore::Backend::SQLite);
    LogStore::Options o;
    o.location = store.location();
    o.maintenanceIntervalMs = 0;
    o.maxSizeBytes = 1536 * 1024;  // an empty store is ~0.6 MB (16 KiB pages)
    LogStore logs(o);
    QString error;
    ASSERT_TRUE(logs.open(&error)) << error.toStdString();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 2000; ++i) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("s%1").arg(i);
        t->startedAtMs = now - 2000 + i;
        t->status = 200;
        // ~2 MB in all, random so that it stays ~2 MB compressed (the cap
        // counts what is stored).
        while (t->requestBody.size() < 1024)
            t->requestBody += QByteArray::number(QRandomGenerator::global()->generate64(), 36);
        logs.record(t);
    }
    logs.flush();
    logs.runMaintenanceNow();
    QObject context;
    LogPage page;
    bool done = false;
    LogFilter newest;
    newest.limit = 1;
    logs.list(&context, newest, [&](bool, const LogPage &p, const QString &) {
        page = p;
        done = true;
    });
    ASSERT_TRUE(runEventsUntil([&] { return done; }, 10000));
    EXPECT_LT(page.total, 2000);
    EXPECT_GT(page.total, 0);
    EXPECT_EQ(page.rows[0].toObject().value("id").toString(), "s1999");  // the newest stays
}

}  // namespace
