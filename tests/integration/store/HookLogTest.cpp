// The hook log on both backends. A hook call that continued without a
// message lives in its request's spans only; one that did anything else,
// and every plugin log line, is a row of hook_calls too. One request's
// lines are read from its spans and its log lines; the lists across
// requests show the rows.
#include "EventLoopWait.h"
#include "StoreTestKit.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"
#include "trace/LogIds.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QJsonArray>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class HookLogTest : public ::testing::TestWithParam<TestStore::Backend> {
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

    static std::shared_ptr<RequestTrace> trace(const QString &id, qint64 atMs) {
        auto t = std::make_shared<RequestTrace>();
        t->id = id;
        t->startedAtMs = atMs;
        t->endpoint = QStringLiteral("/v1/chat/completions");
        t->provider = QStringLiteral("up");
        t->model = QStringLiteral("gpt");
        t->status = 200;
        t->latencyUs = 4000;
        t->attempts = 1;
        return t;
    }

    static PluginLogLine logLine(const QString &requestId, qint64 atMs, const QString &message) {
        PluginLogLine line;
        line.time = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
        line.plugin = QStringLiteral("p1");
        line.hook = QStringLiteral("preHook");
        line.level = QStringLiteral("info");
        line.requestId = requestId;
        line.message = message;
        return line;
    }

    QJsonArray lines(LogStore &logs, const LogReader::HookFilter &filter) {
        QJsonArray out;
        bool done = false;
        logs.hookLines(&context, filter, [&](bool ok, const QJsonObject &o, const QString &e) {
            EXPECT_TRUE(ok) << e.toStdString();
            out = o.value("data").toArray();
            done = true;
        });
        EXPECT_TRUE(runEventsUntil([&] { return done; }, 10000));
        return out;
    }

    static QStringList describe(const QJsonArray &lines) {
        QStringList out;
        for (const QJsonValue &v : lines) {
            const QJsonObject l = v.toObject();
            out << l.value("plugin").toString() + QLatin1Char(' ') + l.value("hook").toString() +
                       QLatin1Char(' ') +
                       (l.value("kind").toString() == QLatin1String("log")
                            ? l.value("message").toString()
                            : l.value("outcome").toString());
        }
        return out;
    }

    qint64 rows(const TestStore &store, const QString &where) {
        StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
        QString error;
        EXPECT_TRUE(c.open(&error)) << error.toStdString();
        QSqlQuery q(c.db());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM hook_calls WHERE ") + where));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    QObject context;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
};

TEST_P(HookLogTest, CallsThatContinuedAreReadFromTheirRequestsSpans) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    LogIdSequence ids("");
    const QString a = ids.next(now), b = ids.next(now + 10);
    auto t = trace(a, now);
    t->spans.append({TraceSpan::Kind::PreHook, "p1", 1000, 40, "continue", {}});
    t->spans.append({TraceSpan::Kind::PreHook, "p2", 1500, 60, "short_circuit", "from cache"});
    t->spans.append({TraceSpan::Kind::Provider, "up/gpt", 1600, 1000, "ok", {}});
    t->spans.append({TraceSpan::Kind::PostHook, "p1", 3000, 20, "continue", {}});
    t->spans.append({TraceSpan::Kind::PostHook, "p2", 3500, 30, "error", "boom"});
    logs->record(t);
    logs->recordLog(logLine(a, now + 2, "key allowed"));
    auto other = trace(b, now + 10);
    other->spans.append({TraceSpan::Kind::PreHook, "p1", 100, 5, "continue", {}});
    logs->record(other);
    logs->flush();
    ASSERT_EQ(logs->counters().written, 3) << logs->counters().lastError.toStdString();

    // Rows only for what did something: the short circuit, the error, the line.
    EXPECT_EQ(rows(store, "true"), 3);
    EXPECT_EQ(rows(store, "outcome = 'continue'"), 0);

    // Across requests: the rows, newest first.
    LogReader::HookFilter all;
    EXPECT_EQ(
        describe(lines(*logs, all)),
        (QStringList{"p2 post_hook error", "p1 preHook key allowed", "p2 pre_hook short_circuit"}));

    // One request: every call, from its spans, with its log line, in order.
    LogReader::HookFilter one;
    one.requestId = a;
    const QJsonArray got = lines(*logs, one);
    EXPECT_EQ(describe(got), (QStringList{"p1 pre_hook continue", "p2 pre_hook short_circuit",
                                          "p1 preHook key allowed", "p1 post_hook continue",
                                          "p2 post_hook error"}));
    ASSERT_EQ(got.size(), 5);
    const QJsonObject first = got[0].toObject();
    EXPECT_EQ(first.value("request_id").toString(), a);
    EXPECT_EQ(first.value("kind").toString(), "call");
    EXPECT_EQ(first.value("level").toString(), "info");
    EXPECT_EQ(first.value("duration_us").toInt(), 40);
    EXPECT_EQ(first.value("time").toString(),
              QDateTime::fromMSecsSinceEpoch(now + 1, Qt::UTC).toString(Qt::ISODateWithMs));
    const QJsonObject failed = got[4].toObject();
    EXPECT_EQ(failed.value("level").toString(), "error");
    EXPECT_EQ(failed.value("message").toString(), "boom");
    EXPECT_EQ(got[1].toObject().value("message").toString(), "from cache");

    // The filters and the page apply to the calls from the spans too.
    one.kind = "call";
    EXPECT_EQ(lines(*logs, one).size(), 4);
    one.kind.clear();
    one.plugin = "p2";
    EXPECT_EQ(describe(lines(*logs, one)),
              (QStringList{"p2 pre_hook short_circuit", "p2 post_hook error"}));
    one.plugin.clear();
    one.level = "error";
    EXPECT_EQ(describe(lines(*logs, one)), (QStringList{"p2 post_hook error"}));
    one.level.clear();
    one.hook = "post_hook";
    EXPECT_EQ(lines(*logs, one).size(), 2);
    one.hook.clear();
    one.sinceMs = now + 2;
    EXPECT_EQ(
        describe(lines(*logs, one)),
        (QStringList{"p1 preHook key allowed", "p1 post_hook continue", "p2 post_hook error"}));
    one.sinceMs.reset();
    one.offset = 1;
    one.limit = 2;
    EXPECT_EQ(describe(lines(*logs, one)),
              (QStringList{"p2 pre_hook short_circuit", "p1 preHook key allowed"}));
    one.kind = "log";
    one.offset = 0;
    EXPECT_EQ(describe(lines(*logs, one)), (QStringList{"p1 preHook key allowed"}));

    LogReader::HookFilter second;
    second.requestId = b;
    EXPECT_EQ(describe(lines(*logs, second)), (QStringList{"p1 pre_hook continue"}));
}

// What earlier versions wrote: a row for every call, continued ones too.
// One request's lines read its calls from its spans and do not repeat them;
// a request whose spans are gone (or an unknown id) shows its rows.
TEST_P(HookLogTest, RowsOfEveryCallFromEarlierVersionsAreNotRepeated) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    LogIdSequence ids("");
    const QString a = ids.next(now);
    auto t = trace(a, now);
    t->spans.append({TraceSpan::Kind::PreHook, "p1", 1000, 40, "continue", {}});
    logs->record(t);
    logs->flush();
    {
        StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        QSqlQuery q(c.db());
        for (const QString &id : {a, QStringLiteral("req-gone")}) {
            q.prepare(
                "INSERT INTO hook_calls (ts, request_id, plugin, hook, kind, level, outcome, "
                "message, duration_us) VALUES (?, ?, 'p1', 'pre_hook', 'call', 'info', "
                "'continue', '', 40)");
            q.bindValue(0, now + 1);
            q.bindValue(1, id);
            ASSERT_TRUE(q.exec());
        }
    }
    LogReader::HookFilter one;
    one.requestId = a;
    EXPECT_EQ(describe(lines(*logs, one)), (QStringList{"p1 pre_hook continue"}));
    one.requestId = "req-gone";
    EXPECT_EQ(describe(lines(*logs, one)), (QStringList{"p1 pre_hook continue"}));
    LogReader::HookFilter all;
    EXPECT_EQ(lines(*logs, all).size(), 2);
}

GATEHOUSE_ON_EVERY_STORE(HookLogTest);

}  // namespace
