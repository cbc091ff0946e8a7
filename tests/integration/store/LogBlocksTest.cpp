// The request log kept in blocks (store/RequestBlocks.h), on both backends:
// every filter, order and page reads what a plain reading of the recorded
// requests gives, however the requests fell into blocks; a store of rows
// from before blocks moves into them with every value; retention cuts
// inside a block exactly.
#include "EventLoopWait.h"
#include "StoreTestKit.h"
#include "store/LogReader.h"
#include "store/LogStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

constexpr qint64 kBase = 1'790'000'000'000;  // ms since the epoch

class LogBlocksTest : public ::testing::TestWithParam<TestStore::Backend> {
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
};

// Requests with every field the filters test, times out of order (a long
// request is logged after shorter ones that started later), so blocks'
// time ranges overlap, and many in the same millisecond.
std::vector<std::shared_ptr<RequestTrace>> randomTraces(int n, QRandomGenerator &rng) {
    static const char *const providers[] = {"openai", "anthropic", "groq", "Mock"};
    static const int statuses[] = {200, 200, 200, 201, 400, 429, 500, 503};
    std::vector<std::shared_ptr<RequestTrace>> out;
    for (int i = 0; i < n; ++i) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("req-%1").arg(i);
        // Four at a time in one millisecond (ties broken by the order of
        // writing), every seventh started up to 5 s before.
        t->startedAtMs = kBase + (i / 4) * 10 - (i % 7 == 0 ? rng.bounded(500) * 10 : 0);
        const int p = rng.bounded(4);
        t->provider = QLatin1String(providers[p]);
        t->model = QStringLiteral("model-%1").arg(p * 2 + rng.bounded(2));
        t->endpoint = rng.bounded(3) ? QStringLiteral("/v1/chat/completions")
                                     : QStringLiteral("/v1/messages");
        t->client = QStringLiteral("10.0.0.%1").arg(rng.bounded(3));
        t->status = statuses[rng.bounded(8)];
        if (t->status >= 400) t->error = QStringLiteral("Upstream Said No (%1)").arg(t->status);
        t->latencyUs = 1000 + rng.bounded(900'000);
        t->attempts = 1;
        if (rng.bounded(4)) {
            t->promptTokens = rng.bounded(1000);
            t->completionTokens = rng.bounded(1000);
            t->totalTokens = *t->promptTokens + *t->completionTokens;
        }
        if (rng.bounded(3)) t->costNanoUsd = rng.bounded(50'000);
        t->cacheHit = rng.bounded(5) == 0;
        if (rng.bounded(3) == 0) t->virtualKey = QStringLiteral("vk-%1").arg(rng.bounded(2));
        if (rng.bounded(4) == 0) {
            t->agent = QStringLiteral("claude-code");
            t->sessionId = QStringLiteral("session-%1").arg(rng.bounded(5));
        }
        if (rng.bounded(3) == 0)
            t->spans.append({TraceSpan::Kind::PreHook,
                             rng.bounded(2) ? QStringLiteral("guard") : QStringLiteral("cache"),
                             1,
                             2,
                             "continue",
                             {}});
        out.push_back(t);
    }
    return out;
}

bool containsFolded(const QString &hay, const QString &needle) {
    return hay.contains(needle, Qt::CaseInsensitive);
}

bool matches(const RequestTrace &t, const LogFilter &f) {
    if (!f.provider.isEmpty() && t.provider != f.provider) return false;
    if (!f.model.isEmpty() && t.model != f.model) return false;
    if (!f.endpoint.isEmpty() && t.endpoint != f.endpoint) return false;
    if (!f.virtualKey.isEmpty() && t.virtualKey != f.virtualKey) return false;
    if (!f.sessionId.isEmpty() && t.sessionId != f.sessionId) return false;
    if (!f.plugin.isEmpty() && !t.pluginList().contains(',' + f.plugin + ',')) return false;
    if (f.status == QLatin1String("error") && t.status < 400) return false;
    if (f.status == QLatin1String("ok") && t.status >= 400) return false;
    if (f.status.endsWith(QLatin1String("xx")) && t.status / 100 != f.status.left(1).toInt())
        return false;
    if (!f.status.isEmpty() && f.status.at(0).isDigit() &&
        !f.status.endsWith(QLatin1String("xx")) && t.status != f.status.toInt())
        return false;
    if (f.sinceMs && t.startedAtMs < *f.sinceMs) return false;
    if (f.untilMs && t.startedAtMs >= *f.untilMs) return false;
    if (f.minLatencyUs && t.latencyUs < *f.minLatencyUs) return false;
    if (f.maxLatencyUs && t.latencyUs > *f.maxLatencyUs) return false;
    if ((f.minCostNanoUsd || f.maxCostNanoUsd) && !t.costNanoUsd) return false;
    if (f.minCostNanoUsd && *t.costNanoUsd < *f.minCostNanoUsd) return false;
    if (f.maxCostNanoUsd && *t.costNanoUsd > *f.maxCostNanoUsd) return false;
    if (f.cacheHit && t.cacheHit != *f.cacheHit) return false;
    if (!f.text.isEmpty() &&
        !(containsFolded(t.id, f.text) || containsFolded(t.model, f.text) ||
          containsFolded(t.error, f.text) || containsFolded(t.client, f.text) ||
          containsFolded(t.endpoint, f.text) || containsFolded(t.virtualKey, f.text)))
        return false;
    return true;
}

// The ids of the matching requests in the filter's order: the sort value
// (texts by their bytes; unknown token counts first ascending, unknown costs
// last either way), then the order they were recorded in.
QStringList expected(const std::vector<std::shared_ptr<RequestTrace>> &all, const LogFilter &f,
                     qint64 *total) {
    std::vector<int> rows;
    for (int i = 0; i < int(all.size()); ++i)
        if (matches(*all[size_t(i)], f)) rows.push_back(i);
    *total = qint64(rows.size());
    auto key = [&](int i) -> std::pair<int, QVariant> {
        const RequestTrace &t = *all[size_t(i)];
        if (f.sortBy == QLatin1String("latency")) return {0, t.latencyUs};
        if (f.sortBy == QLatin1String("status")) return {0, t.status};
        if (f.sortBy == QLatin1String("provider")) return {0, t.provider.toUtf8()};
        if (f.sortBy == QLatin1String("model")) return {0, t.model.toUtf8()};
        if (f.sortBy == QLatin1String("tokens"))
            return t.totalTokens ? std::pair{0, QVariant(*t.totalTokens)}
                                 : std::pair{-1, QVariant()};
        if (f.sortBy == QLatin1String("cost"))
            return t.costNanoUsd ? std::pair{0, QVariant(*t.costNanoUsd)}
                                 : std::pair{f.descending ? -1 : 1, QVariant()};
        return {0, t.startedAtMs};
    };
    auto less = [&](int a, int b) {
        const auto ka = key(a), kb = key(b);
        if (ka.first != kb.first) return ka.first < kb.first;
        if (ka.second != kb.second) {
            if (ka.second.typeId() == QMetaType::QByteArray)
                return ka.second.toByteArray() < kb.second.toByteArray();
            return ka.second.toLongLong() < kb.second.toLongLong();
        }
        return a < b;
    };
    std::sort(rows.begin(), rows.end(),
              [&](int a, int b) { return f.descending ? less(b, a) : less(a, b); });
    QStringList ids;
    for (size_t i = size_t(f.offset); i < rows.size() && ids.size() < f.limit; ++i)
        ids << all[size_t(rows[i])]->id;
    return ids;
}

LogFilter randomFilter(QRandomGenerator &rng) {
    LogFilter f;
    auto maybe = [&](int oneIn) { return rng.bounded(oneIn) == 0; };
    if (maybe(4)) f.provider = maybe(5) ? QStringLiteral("nobody") : QStringLiteral("anthropic");
    if (maybe(6)) f.model = QStringLiteral("model-%1").arg(rng.bounded(8));
    if (maybe(8)) f.endpoint = QStringLiteral("/v1/messages");
    static const char *const statuses[] = {"error", "ok", "4xx", "5xx", "2xx", "429", "201"};
    if (maybe(3)) f.status = QLatin1String(statuses[rng.bounded(7)]);
    if (maybe(4)) f.sinceMs = kBase + rng.bounded(15000);
    if (maybe(4)) f.untilMs = kBase + 5000 + rng.bounded(15000);
    if (maybe(6)) f.minLatencyUs = rng.bounded(800'000);
    if (maybe(8)) f.maxLatencyUs = rng.bounded(800'000);
    if (maybe(8)) f.minCostNanoUsd = rng.bounded(40'000);
    if (maybe(10)) f.maxCostNanoUsd = rng.bounded(40'000);
    if (maybe(8)) f.cacheHit = maybe(2);
    if (maybe(8)) f.virtualKey = QStringLiteral("vk-1");
    if (maybe(8)) f.sessionId = QStringLiteral("session-%1").arg(rng.bounded(6));
    if (maybe(8)) f.plugin = maybe(2) ? QStringLiteral("guard") : QStringLiteral("gua");
    static const char *const texts[] = {"said NO", "req-12", "10.0.0.2", "MESSAGES", "(429)"};
    if (maybe(8)) f.text = QLatin1String(texts[rng.bounded(5)]);
    static const char *const sorts[] = {"time",     "time",  "latency", "status",
                                        "provider", "model", "tokens",  "cost"};
    f.sortBy = QLatin1String(sorts[rng.bounded(8)]);
    f.descending = rng.bounded(3) != 0;
    f.limit = 1 + rng.bounded(60);
    f.offset = maybe(3) ? rng.bounded(400) : 0;
    f.countCap = maybe(4) ? 50 : 100000;
    return f;
}

// The page and count LogReader::list reads for `f`, against a plain
// reading of `traces`.
void expectPlainPage(StoreConnection &c, const std::vector<std::shared_ptr<RequestTrace>> &traces,
                     const LogFilter &f) {
    qint64 total = 0;
    const QStringList want = expected(traces, f, &total);
    LogPage page;
    QString error;
    ASSERT_TRUE(LogReader::list(c, f, &page, &error)) << error.toStdString();
    QStringList got;
    for (const QJsonValue &row : std::as_const(page.rows))
        got << row.toObject().value("id").toString();
    EXPECT_EQ(got, want);
    const qint64 cap = f.offset + f.countCap;
    EXPECT_EQ(page.total, qMin(total, cap));
    EXPECT_EQ(page.totalIsExact, total <= cap);
}

}  // namespace

TEST_P(LogBlocksTest, EveryFilterOrderAndPageReadsWhatThePlainRecordSays) {
    GATEHOUSE_TEST_STORE(store);
    QRandomGenerator rng(2026);
    const auto traces = randomTraces(1500, rng);
    {
        auto logs = open(store);
        // Batches of uneven size: blocks full and partial.
        for (size_t i = 0; i < traces.size(); ++i) {
            logs->record(traces[i]);
            if (rng.bounded(200) == 0) logs->flush();
        }
        logs->flush();
        ASSERT_EQ(logs->counters().written, qint64(traces.size()));
    }
    auto c = store.connect();
    for (int round = 0; round < 300; ++round) {
        const LogFilter f = randomFilter(rng);
        SCOPED_TRACE(testing::Message()
                     << "round " << round << ": provider " << f.provider.toStdString() << " model "
                     << f.model.toStdString() << " status " << f.status.toStdString() << " text "
                     << f.text.toStdString() << " plugin " << f.plugin.toStdString() << " sort "
                     << f.sortBy.toStdString() << (f.descending ? " desc" : " asc") << " offset "
                     << f.offset << " limit " << f.limit << " cap " << f.countCap);
        expectPlainPage(*c, traces, f);
    }
    // Every request is found by its id, with its values.
    for (int i : {0, 7, 700, 1499}) {
        QString error;
        const std::optional<QJsonObject> got = LogReader::get(*c, traces[size_t(i)]->id, &error);
        ASSERT_TRUE(got) << i << error.toStdString();
        EXPECT_EQ(got->value("time_ms").toInteger(), traces[size_t(i)]->startedAtMs);
        EXPECT_EQ(got->value("provider").toString(), traces[size_t(i)]->provider);
        EXPECT_EQ(got->value("status").toInt(), traces[size_t(i)]->status);
    }
    QString error;
    EXPECT_FALSE(LogReader::get(*c, QStringLiteral("req-99999"), &error));
}

// A page deep into one provider's (model's, plugin's...) requests counts
// the blocks before it from their summaries' keys; blocks written without
// counts are read instead. Either way the page and the count are exact.
TEST_P(LogBlocksTest, APageDeepIntoOneKeyCountsTheBlocksBeforeIt) {
    GATEHOUSE_TEST_STORE(store);
    QRandomGenerator rng(7);
    const auto traces = randomTraces(1500, rng);
    {
        auto logs = open(store);
        for (const auto &t : traces) logs->record(t);
        logs->flush();
    }
    auto c = store.connect();
    auto check = [&](const char *when) {
        for (int kind = 0; kind < 6; ++kind) {
            for (int window = 0; window < 3; ++window) {
                for (int offset : {0, 150, 700}) {
                    for (qint64 countCap : {qint64(100000), qint64(40)}) {
                        static const char *const values[] = {
                            "anthropic", "model-3", "/v1/messages", "vk-1", "session-2", "guard"};
                        LogFilter f;
                        QString *const fields[] = {&f.provider,   &f.model,     &f.endpoint,
                                                   &f.virtualKey, &f.sessionId, &f.plugin};
                        *fields[kind] = QLatin1String(values[kind]);
                        if (window > 0) f.sinceMs = kBase + 1234;
                        if (window > 1) f.untilMs = kBase + 3210;
                        f.offset = offset;
                        f.limit = 20;
                        f.countCap = countCap;
                        SCOPED_TRACE(testing::Message()
                                     << when << ": kind " << kind << " window " << window
                                     << " offset " << offset << " cap " << countCap);
                        expectPlainPage(*c, traces, f);
                    }
                }
            }
        }
    };
    check("keys with counts");
    // The keys as blocks without counts have them: every block is read.
    QSqlQuery read(c->db());
    ASSERT_TRUE(read.exec("SELECT id, keys FROM request_blocks"));
    std::vector<std::pair<qint64, QString>> stripped;
    while (read.next()) {
        QStringList lines = read.value(1).toString().split(QLatin1Char('\n'));
        lines.removeIf([](const QString &l) { return l.startsWith(QLatin1Char('#')); });
        stripped.push_back({read.value(0).toLongLong(), lines.join(QLatin1Char('\n'))});
    }
    ASSERT_GT(stripped.size(), size_t(10));
    for (const auto &[id, keys] : stripped) {
        QSqlQuery update(c->db());
        ASSERT_TRUE(update.prepare("UPDATE request_blocks SET keys = ? WHERE id = ?"));
        update.addBindValue(keys);
        update.addBindValue(id);
        ASSERT_TRUE(update.exec()) << update.lastError().text().toStdString();
    }
    check("keys without counts");
}

TEST_P(LogBlocksTest, LongAndMultiLineValuesAreFoundByTheirFilter) {
    GATEHOUSE_TEST_STORE(store);
    const QString longProvider = QString(300, QLatin1Char('p'));
    const QString brokenSession = QStringLiteral("a\nb");
    {
        auto logs = open(store);
        for (int i = 0; i < 10; ++i) {
            auto t = std::make_shared<RequestTrace>();
            t->id = QStringLiteral("r%1").arg(i);
            t->startedAtMs = kBase + i;
            t->status = 200;
            t->provider = i == 3 ? longProvider : QStringLiteral("short");
            if (i == 5) t->sessionId = brokenSession;
            t->model = QStringLiteral("50%_off");
            logs->record(t);
        }
        logs->flush();
    }
    auto c = store.connect();
    LogFilter f;
    f.provider = longProvider;
    LogPage page;
    QString error;
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    ASSERT_EQ(page.rows.size(), 1);
    EXPECT_EQ(page.rows[0].toObject().value("id").toString(), "r3");
    f = LogFilter();
    f.sessionId = brokenSession;
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    ASSERT_EQ(page.rows.size(), 1);
    EXPECT_EQ(page.rows[0].toObject().value("id").toString(), "r5");
    // LIKE's own characters in a value are literal.
    f = LogFilter();
    f.model = QStringLiteral("50%_off");
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    EXPECT_EQ(page.total, 10);
    f.model = QStringLiteral("50xyoff");
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    EXPECT_EQ(page.total, 0);
}

TEST_P(LogBlocksTest, RetentionCutsInsideABlockExactly) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto logs = open(store);
        for (int i = 0; i < 300; ++i) {  // three blocks, in one batch
            auto t = std::make_shared<RequestTrace>();
            t->id = QStringLiteral("r%1").arg(i);
            t->startedAtMs = kBase + i;
            t->status = 200;
            t->provider = QStringLiteral("p");
            logs->record(t);
        }
        logs->flush();
    }
    auto c = store.connect();
    qint64 deleted = 0;
    QString error;
    ASSERT_TRUE(LogReader::removeBefore(*c, kBase + 150, &deleted, &error)) << error.toStdString();
    EXPECT_EQ(deleted, 150);
    LogFilter f;
    f.descending = false;
    f.limit = 1000;
    LogPage page;
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    EXPECT_EQ(page.total, 150);
    ASSERT_FALSE(page.rows.isEmpty());
    EXPECT_EQ(page.rows[0].toObject().value("id").toString(), "r150");
    EXPECT_TRUE(LogReader::get(*c, QStringLiteral("r200"), &error));
    EXPECT_FALSE(LogReader::get(*c, QStringLiteral("r149"), &error));
}

// A batch whose bodies pass what PostgreSQL's writer sends while it makes
// the rows (a COPY under way) still gets its block ids, and is written whole.
TEST_P(LogBlocksTest, ABigBatchIsWrittenWhole) {
    GATEHOUSE_TEST_STORE(store);
    auto logs = open(store);
    QRandomGenerator rng(5);
    QByteArray lastBody;
    for (int i = 0; i < 3000; ++i) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("big-%1").arg(i);
        t->startedAtMs = kBase + i;
        t->status = 200;
        t->provider = QStringLiteral("p");
        while (t->requestBody.size() < 1000)
            t->requestBody += QByteArray::number(rng.generate64(), 36);
        lastBody = t->requestBody;
        logs->record(t);
    }
    logs->flush();
    EXPECT_EQ(logs->counters().written, 3000) << logs->counters().lastError.toStdString();
    EXPECT_EQ(logs->counters().failed, 0);
    auto c = store.connect();
    QString error;
    const std::optional<QJsonObject> last = LogReader::get(*c, QStringLiteral("big-2999"), &error);
    ASSERT_TRUE(last) << error.toStdString();
    EXPECT_EQ(last->value("request_body").toString().toUtf8(), lastBody);
}

TEST_P(LogBlocksTest, RowsFromBeforeBlocksMoveIntoThemWithEveryValue) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto c = store.connect();
        QString error;
        ASSERT_TRUE(StoreSchema::migrate(*c, &error, 15)) << error.toStdString();
        QSqlQuery q(c->db());
        ASSERT_TRUE(q.prepare(QStringLiteral(
            "INSERT INTO requests (id, ts, instance, client, endpoint, provider, model, "
            "attempts, status, error, latency_us, ttft_us, prompt_tokens, total_tokens, "
            "cost_nano_usd, cost_note, agent, session_id, plugins) VALUES "
            "(?, ?, 'gw', 'c', '/v1/messages', ?, 'm', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")));
        for (int i = 0; i < 300; ++i) {
            const QVariantList values{QStringLiteral("old-%1").arg(i),
                                      kBase + i,
                                      i % 2 ? QStringLiteral("a") : QStringLiteral("b"),
                                      i % 10 == 0 ? 500 : 200,
                                      i % 10 == 0 ? QStringLiteral("boom") : QString(""),
                                      1000 + i,
                                      i % 3 ? QVariant(qint64(50)) : QVariant(),
                                      i % 4 ? QVariant(qint64(i)) : QVariant(),
                                      i % 4 ? QVariant(qint64(i * 2)) : QVariant(),
                                      i % 5 ? QVariant(qint64(i * 100)) : QVariant(),
                                      i % 5 ? QVariant() : QVariant(QStringLiteral("no price")),
                                      i % 6 ? QString("") : QStringLiteral("claude-code"),
                                      i % 6 ? QString("") : QStringLiteral("s1"),
                                      i % 7 ? QString("") : QStringLiteral(",guard,")};
            for (int v = 0; v < values.size(); ++v) q.bindValue(v, values[v]);
            ASSERT_TRUE(q.exec()) << q.lastError().text().toStdString();
        }
        ASSERT_TRUE(StoreSchema::migrate(*c, &error)) << error.toStdString();
        QSqlQuery gone(c->db());
        EXPECT_FALSE(gone.exec(QStringLiteral("SELECT 1 FROM requests")));
    }
    auto c = store.connect();
    QString error;
    LogFilter f;
    f.limit = 1000;
    f.descending = false;
    LogPage page;
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    ASSERT_EQ(page.rows.size(), 300);
    for (int i = 0; i < 300; ++i) {
        const QJsonObject r = page.rows[i].toObject();
        SCOPED_TRACE(i);
        EXPECT_EQ(r.value("id").toString(), QStringLiteral("old-%1").arg(i));
        EXPECT_EQ(r.value("time_ms").toInteger(), kBase + i);
        EXPECT_EQ(r.value("instance").toString(), "gw");
        EXPECT_EQ(r.value("provider").toString(), i % 2 ? "a" : "b");
        EXPECT_EQ(r.value("status").toInt(), i % 10 == 0 ? 500 : 200);
        EXPECT_EQ(r.value("error").toString(), i % 10 == 0 ? "boom" : "");
        EXPECT_EQ(r.value("latency_ms").toDouble(), (1000 + i) / 1000.0);
        EXPECT_EQ(r.value("ttft_ms").isNull(), i % 3 == 0);
        EXPECT_EQ(r.value("usage").isNull(), i % 4 == 0);
        if (i % 4) {
            EXPECT_EQ(r.value("usage").toObject().value("total_tokens").toInt(), i * 2);
        }
        EXPECT_EQ(r.value("cost_usd").isNull(), i % 5 == 0);
        EXPECT_EQ(r.value("agent").toString(), i % 6 ? "" : "claude-code");
        EXPECT_EQ(r.value("plugins").toArray().size(), i % 7 ? 0 : 1);
    }
    f = LogFilter();
    f.provider = QStringLiteral("a");
    f.status = QStringLiteral("error");
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    EXPECT_EQ(page.total, 0);  // errors are the even rows, provider "b"
    f.provider = QStringLiteral("b");
    ASSERT_TRUE(LogReader::list(*c, f, &page, &error)) << error.toStdString();
    EXPECT_EQ(page.total, 30);
    // A converted request is found by an id without a time.
    EXPECT_TRUE(LogReader::get(*c, QStringLiteral("old-123"), &error));
}

GATEHOUSE_ON_EVERY_STORE(LogBlocksTest);
