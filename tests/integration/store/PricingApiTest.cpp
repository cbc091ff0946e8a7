// /api/pricing over real HTTP, on both backends: an override set through
// the API prices the next request, survives a restart and reaches the other
// gateways on the store; a malformed one is refused with its path and
// changes nothing; writes need the API token; config.json seeds the
// overrides as it seeds providers.
#include "ConfigTestSupport.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <cmath>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::jsonBody;
using gatehouse::test::TestStore;

namespace {

// Far from gpt-4o's list price ($2.50 input), so a cost at it cannot be
// the catalogue's.
const QByteArray kDear = R"({"pricing":[{"provider":"openai","model":"gpt-4o",
    "input_mtok":1000,"output_mtok":0}]})";
const QByteArray kCheap = R"([{"provider":"openai","model":{"starts_with":"gpt-4o"},
    "input_mtok":100,"output_mtok":0}])";

class PricingApiTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void SetUp() override { ASSERT_TRUE(upstream.start()); }

    QByteArray config(const QByteArray &pricing = {}) const {
        return QStringLiteral(R"({ %2
              "providers": { "openai": { "keys": [ { "name": "k", "value": "sk-test",
                                                     "models": ["*"] } ],
                                         "network_config": { "base_url": "%1" } } } })")
            .arg(upstream.baseUrl(),
                 pricing.isEmpty()
                     ? QString()
                     : QStringLiteral("\"pricing\": %1,").arg(QString::fromUtf8(pricing)))
            .toUtf8();
    }
    bool start(GatewayHarness &g, const TestStore &store, const QByteArray &pricing = {}) {
        g.setStore(store.url());
        QString error;
        const bool ok = g.start(config(pricing), &error);
        EXPECT_TRUE(ok) << error.toStdString();
        return ok;
    }
    static TestHttpResponse put(GatewayHarness &g, const QByteArray &body) {
        return apiCall(g.port(), "PUT", "/api/pricing", body, g.tokenHeader());
    }
    // The cost of one chat with gpt-4o, per million prompt tokens: the
    // input price it was charged at (the override's output price is 0).
    static double chargedInputPrice(GatewayHarness &g) {
        const QJsonObject row = chatAndLog(g);
        const double prompt = row["usage"].toObject()["prompt_tokens"].toDouble();
        EXPECT_GT(prompt, 0);
        return row["cost_usd"].toDouble() / prompt * 1e6;
    }
    // Charged at gpt-4o's list prices: $2.50 in, $10 out per million tokens.
    static bool chargedTheCatalogue(GatewayHarness &g) {
        const QJsonObject row = chatAndLog(g);
        const QJsonObject usage = row["usage"].toObject();
        const double expected =
            (usage["prompt_tokens"].toDouble() * 2.5 + usage["completion_tokens"].toDouble() * 10) /
            1e6;
        EXPECT_NEAR(row["cost_usd"].toDouble(), expected, 1e-9);
        return std::abs(row["cost_usd"].toDouble() - expected) < 1e-9;
    }
    // One chat with gpt-4o; its log row.
    static QJsonObject chatAndLog(GatewayHarness &g) {
        const auto r = TestHttpClient::post(g.port(), "/v1/chat/completions",
                                            chatBody("openai/gpt-4o", "one two three four"));
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        g.gateway().logs()->flush();
        const QJsonArray rows =
            jsonOf(TestHttpClient::get(g.port(), "/api/logs?model=gpt-4o&sort_by=time&order=desc")
                       .body)
                .value("data")
                .toArray();
        EXPECT_FALSE(rows.isEmpty());
        return rows.isEmpty() ? QJsonObject() : rows.at(0).toObject();
    }
    static QJsonArray overridesOf(GatewayHarness &g) {
        return jsonBody(apiCall(g.port(), "GET", "/api/pricing"))["pricing"].toArray();
    }

    FakeUpstream upstream;
};

TEST_P(PricingApiTest, AnOverrideSetThroughTheApiPricesTheNextRequestAndSurvivesARestart) {
    GATEHOUSE_TEST_STORE(store);
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store));
        EXPECT_TRUE(chargedTheCatalogue(g));
        const auto r = put(g, kDear);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_EQ(jsonBody(r)["source"].toString(), "api");
        EXPECT_EQ(jsonBody(r)["pricing"].toArray().size(), 1);
        EXPECT_NEAR(chargedInputPrice(g), 1000, 1e-6);

        const QJsonObject lookup =
            jsonBody(apiCall(g.port(), "GET", "/api/pricing/lookup?provider=openai&model=GPT-4o"));
        EXPECT_EQ(lookup["catalog_provider"].toString(), "openai");
        EXPECT_EQ(lookup["price"]["source"].toString(), "override");
        EXPECT_EQ(lookup["price"]["override_index"].toInt(-1), 0);
        EXPECT_EQ(lookup["price"]["prices"]["input_mtok"].toDouble(), 1000);
        EXPECT_EQ(lookup["catalogue"]["source"].toString(), "catalogue");
        EXPECT_EQ(lookup["catalogue"]["prices"]["input_mtok"].toDouble(), 2.5);
    }
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));  // config.json has no "pricing"
    EXPECT_EQ(overridesOf(g).size(), 1);
    EXPECT_NEAR(chargedInputPrice(g), 1000, 1e-6);
}

TEST_P(PricingApiTest, AMalformedOverrideIsRefusedWithItsPathAndTheOldOnesStay) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(put(g, kDear).status, 200);
    const auto bad = put(g, R"({"pricing":[{"provider":"openai","model":"gpt-4o",
                                            "input_mtok":1},
                                           {"provider":"openai","model":"o3",
                                            "input_mtok":"cheap"}]})");
    ASSERT_EQ(bad.status, 400) << bad.body.toStdString();
    const QJsonObject error = jsonBody(bad)["error"].toObject();
    EXPECT_EQ(error["param"].toString(), "pricing[1].input_mtok");
    EXPECT_TRUE(error["message"].toString().startsWith("pricing[1].input_mtok: expected a price"))
        << error["message"].toString().toStdString();
    const auto typo = put(g, R"([{"provider":"openai","model":"gpt-4o","input_mtoks":1}])");
    EXPECT_EQ(typo.status, 400);
    EXPECT_EQ(jsonBody(typo).value("error")["param"].toString(), "pricing[0].input_mtoks");
    EXPECT_EQ(put(g, R"({"pricing":{"provider":"openai"}})").status, 400);
    EXPECT_EQ(put(g, "not json").status, 400);

    const QJsonArray kept = overridesOf(g);
    ASSERT_EQ(kept.size(), 1);
    EXPECT_EQ(kept.at(0)["input_mtok"].toDouble(), 1000);
    EXPECT_NEAR(chargedInputPrice(g), 1000, 1e-6);
}

TEST_P(PricingApiTest, WritesNeedTheApiTokenAndReadsDoNot) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const auto put = apiCall(g.port(), "PUT", "/api/pricing", kDear);
    EXPECT_EQ(put.status, 401) << put.body.toStdString();
    EXPECT_EQ(jsonBody(put).value("error")["code"].toString(), "token_required");
    EXPECT_EQ(apiCall(g.port(), "POST", "/api/pricing",
                      R"({"provider":"openai","model":"gpt-4o","input_mtok":1})")
                  .status,
              401);
    EXPECT_EQ(apiCall(g.port(), "DELETE", "/api/pricing/0").status, 401);
    EXPECT_TRUE(overridesOf(g).isEmpty());
    EXPECT_TRUE(chargedTheCatalogue(g));
    EXPECT_EQ(apiCall(g.port(), "GET", "/api/pricing/lookup?provider=openai&model=gpt-4o").status,
              200);
}

TEST_P(PricingApiTest, PostAddsOneOverrideLastAndDeleteRemovesOne) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(put(g, kCheap).status, 200);
    const auto post =
        apiCall(g.port(), "POST", "/api/pricing",
                R"({"provider":"openai","model":"gpt-4o","input_mtok":1000})", g.tokenHeader());
    ASSERT_EQ(post.status, 201) << post.body.toStdString();
    ASSERT_EQ(jsonBody(post)["pricing"].toArray().size(), 2);
    // The first that matches wins: the starts_with one, listed first.
    EXPECT_NEAR(chargedInputPrice(g), 100, 1e-6);
    const auto del = apiCall(g.port(), "DELETE", "/api/pricing/0", {}, g.tokenHeader());
    ASSERT_EQ(del.status, 200) << del.body.toStdString();
    EXPECT_NEAR(chargedInputPrice(g), 1000, 1e-6);
    EXPECT_EQ(apiCall(g.port(), "DELETE", "/api/pricing/7", {}, g.tokenHeader()).status, 404);
    EXPECT_EQ(apiCall(g.port(), "PATCH", "/api/pricing", {}, g.tokenHeader()).status, 405);
}

// As providers: config.json's "pricing" comes in when the store has none
// or when the file's array changed since; an API edit is kept otherwise.
TEST_P(PricingApiTest, TheFileSeedsTheOverridesAndAnEditIsKeptUntilTheFileChanges) {
    GATEHOUSE_TEST_STORE(store);
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store, kCheap));
        const QJsonObject got = jsonBody(apiCall(g.port(), "GET", "/api/pricing"));
        EXPECT_EQ(got["source"].toString(), "file");
        EXPECT_NEAR(chargedInputPrice(g), 100, 1e-6);
        ASSERT_EQ(put(g, kDear).status, 200);
    }
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store, kCheap));  // the same file: the edit stays
        EXPECT_NEAR(chargedInputPrice(g), 1000, 1e-6);
    }
    GatewayHarness g;
    ASSERT_TRUE(start(g, store, R"([{"provider":"openai","model":"gpt-4o","input_mtok":7}])"));
    EXPECT_NEAR(chargedInputPrice(g), 7, 1e-6);
}

TEST_P(PricingApiTest, AnOverrideSetOnOneGatewayPricesTheRequestsOfAnotherOnTheStore) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness a, b;
    ASSERT_TRUE(start(a, store));
    ASSERT_TRUE(start(b, store));
    ASSERT_EQ(put(a, kDear).status, 200);
    ASSERT_TRUE(runEventsUntil([&] { return b.gateway().config().pricing.size() == 1; }, 10000));
    EXPECT_NEAR(chargedInputPrice(b), 1000, 1e-6);
}

GATEHOUSE_ON_EVERY_STORE(PricingApiTest);

}  // namespace
