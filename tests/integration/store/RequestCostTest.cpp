// Every logged answer carries its cost from the model's price and its usage:
// in /api/logs (sortable, filterable), the stats' sums and groupings, the
// live feed and /metrics; an unknown model or the mock provider has no
// cost, with a note that says why, never a made-up number.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

// gpt-4o's list prices (USD per million tokens) in the built-in catalogue.
constexpr double kGpt4oInput = 2.5;
constexpr double kGpt4oOutput = 10.0;

class RequestCostTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void start(const TestStore &store, const QString &extra = {}) {
        ASSERT_TRUE(upstream.start());
        const QByteArray config = QStringLiteral(R"({ %2
              "providers": { "mock": { "keys": [] },
                "openai": { "keys": [ { "name": "k", "value": "sk-test", "models": ["*"] } ],
                            "network_config": { "base_url": "%1" } } } })")
                                      .arg(upstream.baseUrl(), extra)
                                      .toUtf8();
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }

    int chat(const QString &model, const QString &text) {
        const QJsonObject body{
            {"model", model},
            {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", text}}}}};
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    QJsonDocument(body).toJson(QJsonDocument::Compact))
            .status;
    }

    QJsonObject get(const QByteArray &path) {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), path);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return jsonOf(r.body);
    }

    // The newest logged request for `model`.
    QJsonObject logged(const QString &model) {
        const QJsonArray rows = get("/api/logs?model=" + model.toUtf8()).value("data").toArray();
        EXPECT_FALSE(rows.isEmpty()) << model.toStdString();
        return rows.isEmpty() ? QJsonObject() : rows.at(0).toObject();
    }

    static double expectedGpt4oCost(const QJsonObject &row) {
        const QJsonObject usage = row.value("usage").toObject();
        return (usage.value("prompt_tokens").toDouble() * kGpt4oInput +
                usage.value("completion_tokens").toDouble() * kGpt4oOutput) /
               1e6;
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

TEST_P(RequestCostTest, AnAnswerCostsItsTokensAtTheModelsPrices) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    ASSERT_EQ(chat("openai/gpt-4o", "one two three four five six seven eight"), 200);
    const QJsonObject row = logged("gpt-4o");
    ASSERT_TRUE(row.value("cost_usd").isDouble()) << QJsonDocument(row).toJson().toStdString();
    EXPECT_GT(row.value("usage").toObject().value("prompt_tokens").toInt(), 0);
    EXPECT_NEAR(row.value("cost_usd").toDouble(), expectedGpt4oCost(row), 1e-9);
    EXPECT_TRUE(row.value("cost_note").isNull());
}

TEST_P(RequestCostTest, UnknownModelAndMockHaveNoCostButANote) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    ASSERT_EQ(chat("openai/no-such-model-anywhere", "hi"), 200);
    ASSERT_EQ(chat("mock/echo", "hi"), 200);
    for (const char *model : {"no-such-model-anywhere", "echo"}) {
        const QJsonObject row = logged(model);
        EXPECT_TRUE(row.value("cost_usd").isNull()) << model;
        EXPECT_FALSE(row.value("cost_note").toString().isEmpty()) << model;
    }
    // Stored short, read as a sentence about the row's model.
    EXPECT_EQ(logged("no-such-model-anywhere").value("cost_note").toString(),
              "no price for model \"no-such-model-anywhere\" at \"openai\"");
    EXPECT_TRUE(
        logged("echo").value("cost_note").toString().startsWith("the mock provider has no prices"));
}

TEST_P(RequestCostTest, StatsSumTheSpendByProviderModelAndDayAndTheListSortsByCost) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    ASSERT_EQ(chat("openai/gpt-4o", "a"), 200);
    ASSERT_EQ(chat("openai/gpt-4o", "a b c d e f g h i j k l m n o p"), 200);
    ASSERT_EQ(chat("openai/gpt-4o-mini", "a b c"), 200);
    ASSERT_EQ(chat("mock/echo", "free"), 200);
    const QJsonArray rows = get("/api/logs?provider=openai").value("data").toArray();
    ASSERT_EQ(rows.size(), 3);
    double sum = 0;
    for (const QJsonValue &r : rows) sum += r.toObject().value("cost_usd").toDouble();
    ASSERT_GT(sum, 0);

    const QJsonObject stats = get("/api/logs/stats");
    EXPECT_NEAR(stats["total"].toObject().value("cost_usd").toDouble(), sum, 1e-9);
    EXPECT_EQ(stats["total"].toObject().value("unpriced_requests").toInt(), 1);  // the mock
    EXPECT_NEAR(stats["providers"].toObject()["openai"].toObject().value("cost_usd").toDouble(),
                sum, 1e-9);
    const QJsonArray models = stats["models"].toArray();
    ASSERT_FALSE(models.isEmpty());
    EXPECT_EQ(models.at(0).toObject().value("key").toString(), "openai/gpt-4o");  // priciest
    EXPECT_EQ(models.at(0).toObject().value("requests").toInt(), 2);
    ASSERT_EQ(stats["days"].toArray().size(), 1);
    EXPECT_NEAR(stats["days"].toArray().at(0).toObject().value("cost_usd").toDouble(), sum, 1e-9);

    const QJsonArray byCost = get("/api/logs?sort_by=cost&order=desc").value("data").toArray();
    ASSERT_EQ(byCost.size(), 4);
    EXPECT_GE(byCost.at(0)["cost_usd"].toDouble(), byCost.at(1)["cost_usd"].toDouble());
    EXPECT_GE(byCost.at(1)["cost_usd"].toDouble(), byCost.at(2)["cost_usd"].toDouble());
    EXPECT_TRUE(byCost.at(3)["cost_usd"].isNull());  // unknown last
    const double cheapest = byCost.at(2)["cost_usd"].toDouble();
    const QJsonArray dear =
        get("/api/logs?min_cost_usd=" + QByteArray::number(cheapest + 1e-9, 'f', 9))
            .value("data")
            .toArray();
    EXPECT_EQ(dear.size(), 2);
    const auto bad = TestHttpClient::get(gateway.port(), "/api/logs?min_cost_usd=lots");
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.body.contains("min_cost_usd")) << bad.body.toStdString();
}

TEST_P(RequestCostTest, MetricsCountCostAndTokensByKind) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    ASSERT_EQ(chat("openai/gpt-4o", "one two three"), 200);
    const QJsonObject row = logged("gpt-4o");
    const QByteArray text = TestHttpClient::get(gateway.port(), "/metrics").body;
    const QByteArray line = "gatehouse_cost_usd_total{provider=\"openai\",model=\"gpt-4o\"} ";
    const qsizetype at = text.indexOf(line);
    ASSERT_GE(at, 0) << text.toStdString();
    const double metric = text.mid(at + line.size(), 20).split('\n').at(0).toDouble();
    EXPECT_NEAR(metric, row.value("cost_usd").toDouble(), 1e-9);
    EXPECT_TRUE(text.contains(
        "gatehouse_tokens_total{provider=\"openai\",model=\"gpt-4o\","
        "kind=\"prompt\"} " +
        QByteArray::number(row.value("usage").toObject().value("prompt_tokens").toInt())))
        << text.toStdString();
}

// A passed-through answer's usage is read off the request's worker, when
// its record is first read: the live feed shows it as the log does.
TEST_P(RequestCostTest, TheLiveFeedShowsWhatTheAnswerCostAsTheLogDoes) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    TestHttpClient tail;
    TestHttpResponse head;
    ASSERT_TRUE(tail.openStream(gateway.port(), "/api/logs/live?provider=openai", &head));
    ASSERT_EQ(head.status, 200);
    ASSERT_EQ(chat("openai/gpt-4o", "one two three four"), 200);
    auto whole = [](const QByteArray &body) {  // the request's event, to its blank line
        const qsizetype at = body.indexOf("event: request");
        return at >= 0 && body.indexOf("\n\n", at) > at;
    };
    const QByteArray got = tail.readBodyUntil(whole);
    const qsizetype data = got.indexOf("data: ", got.indexOf("event: request"));
    ASSERT_TRUE(whole(got) && data > 0) << got.toStdString();
    const QJsonObject live = jsonOf(got.mid(data + 6, got.indexOf('\n', data) - data - 6));
    const QJsonObject row = logged("gpt-4o");
    ASSERT_GT(row.value("cost_usd").toDouble(), 0);
    EXPECT_EQ(live.value("id").toString(), row.value("id").toString());
    EXPECT_NEAR(live.value("cost_usd").toDouble(), row.value("cost_usd").toDouble(), 1e-12);
    EXPECT_EQ(live.value("usage").toObject().value("prompt_tokens").toInt(),
              row.value("usage").toObject().value("prompt_tokens").toInt());
    EXPECT_GT(live.value("usage").toObject().value("completion_tokens").toInt(), 0);
}

TEST_P(RequestCostTest, APriceOverrideInTheConfigBeatsTheCatalogue) {
    GATEHOUSE_TEST_STORE(store);
    start(store, R"("pricing": [ { "provider": "openai", "model": "gpt-4o",
                                   "input_mtok": 1000, "output_mtok": 0 } ],)");
    ASSERT_EQ(chat("openai/gpt-4o", "one two three"), 200);
    const QJsonObject row = logged("gpt-4o");
    EXPECT_NEAR(row.value("cost_usd").toDouble(),
                row.value("usage").toObject().value("prompt_tokens").toDouble() * 1000 / 1e6, 1e-9);
}

// A cache-plugin hit paid nothing: cost 0, and what it saved is what the
// first (real) answer cost.
TEST_P(RequestCostTest, ACacheHitCostsNothingAndRecordsWhatItSaved) {
    GATEHOUSE_TEST_STORE(store);
    QTemporaryDir dir;
    qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
    qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
    start(store, QStringLiteral(R"("plugins": [ { "enabled": true, "name": "cache", "path": "%1",
                                  "version": 1, "config": { "ttl_seconds": 60 } } ],)")
                     .arg(QLatin1String(GATEHOUSE_PLUGIN_CACHE)));
    ASSERT_EQ(chat("openai/gpt-4o", "cache me please"), 200);
    ASSERT_EQ(chat("openai/gpt-4o", "cache me please"), 200);
    const QJsonArray rows =
        get("/api/logs?model=gpt-4o&sort_by=time&order=asc").value("data").toArray();
    ASSERT_EQ(rows.size(), 2);
    const QJsonObject paid = rows.at(0).toObject(), hit = rows.at(1).toObject();
    ASSERT_TRUE(hit.value("cache_hit").toBool());
    EXPECT_GT(paid.value("cost_usd").toDouble(), 0);
    EXPECT_EQ(hit.value("cost_usd").toDouble(-1), 0.0);
    EXPECT_NEAR(hit.value("saved_usd").toDouble(), paid.value("cost_usd").toDouble(), 1e-9);
    const QJsonObject total = get("/api/logs/stats")["total"].toObject();
    EXPECT_NEAR(total.value("saved_usd").toDouble(), paid.value("cost_usd").toDouble(), 1e-9);
}

GATEHOUSE_ON_EVERY_STORE(RequestCostTest);

// A bad override is refused at start with the place to fix.
TEST(RequestCostConfigTest, AMalformedPriceOverrideIsRefusedWithItsPath) {
    GatewayHarness gateway;
    QString error;
    EXPECT_FALSE(gateway.start(
        R"({"pricing": [ {"provider": "openai", "model": "gpt-4o", "input_mtok": "cheap"} ],
            "providers": {"mock": {"keys": []}}})",
        &error));
    EXPECT_NE(error.indexOf("pricing[0]"), -1) << error.toStdString();
}

}  // namespace
