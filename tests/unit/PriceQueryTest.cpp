// priceQuery: which price a provider and model get (the override that wins,
// or the catalogue's) and what the catalogue alone says, as /api/pricing/lookup
// and the panel show it.
#include "config/GatewayConfig.h"
#include "pricing/PriceQuery.h"

#include <gtest/gtest.h>
#include <QJsonArray>

using namespace gatehouse;

namespace {

PriceCatalog withOverrides(const QJsonArray &overrides) {
    QString error;
    auto catalog = PriceCatalog::builtIn().withOverrides(overrides, &error);
    EXPECT_TRUE(catalog) << error.toStdString();
    return catalog ? *catalog : PriceCatalog();
}

GatewayConfig withProvider(const QString &name, ProviderKind kind, const QString &baseUrl) {
    GatewayConfig config;
    ProviderConfig p;
    p.name = name;
    p.kind = kind;
    p.network.baseUrl = baseUrl;
    config.providers << p;
    return config;
}

}  // namespace

TEST(PriceQuery, TheOverrideThatWinsAndTheCataloguesPrice) {
    const PriceCatalog catalog =
        withOverrides({QJsonObject{{"provider", "openai"}, {"model", "o3"}, {"input_mtok", 9}},
                       QJsonObject{{"provider", "openai"},
                                   {"model", QJsonObject{{"starts_with", "gpt-4o"}}},
                                   {"input_mtok", 2},
                                   {"output_mtok", 8}}});
    const QJsonObject q = priceQuery(catalog, GatewayConfig(), "openai", "GPT-4o");
    EXPECT_EQ(q["catalog_provider"].toString(), "openai");
    EXPECT_EQ(q["price"]["source"].toString(), "override");
    EXPECT_EQ(q["price"]["override_index"].toInt(), 1);
    EXPECT_EQ(q["price"]["model"]["starts_with"].toString(), "gpt-4o");
    EXPECT_EQ(q["price"]["prices"]["output_mtok"].toDouble(), 8);
    EXPECT_EQ(q["catalogue"]["source"].toString(), "catalogue");
    EXPECT_EQ(q["catalogue"]["prices"]["input_mtok"].toDouble(), 2.5);
    EXPECT_FALSE(q["catalogue"].toObject().contains("override_index"));
    EXPECT_FALSE(q.contains("note"));
}

TEST(PriceQuery, AConfiguredProviderIsBilledAsItsRequestsAre) {
    // "fast" at Groq's address is Groq, whatever it is called.
    const QJsonObject q =
        priceQuery(withOverrides({}),
                   withProvider("fast", ProviderKind::OpenAI, "https://api.groq.com/openai"),
                   "fast", "llama-3.3-70b-versatile");
    EXPECT_EQ(q["provider"].toString(), "fast");
    EXPECT_EQ(q["catalog_provider"].toString(), "groq");
    EXPECT_EQ(q["price"]["source"].toString(), "catalogue");
    // An unknown name is taken as a catalogue provider: an alias too.
    EXPECT_EQ(priceQuery(withOverrides({}), GatewayConfig(), "xai", "grok-3")["catalog_provider"]
                  .toString(),
              "x-ai");
}

TEST(PriceQuery, NothingPricesItThenPriceIsNullWithANote) {
    const QJsonObject q = priceQuery(withOverrides({}), GatewayConfig(), "openai", "no-such-model");
    EXPECT_TRUE(q["price"].isNull());
    EXPECT_TRUE(q["catalogue"].isNull());
    EXPECT_EQ(q["note"].toString(), "no price for model \"no-such-model\" at \"openai\"");
    // The mock provider has prices only when an override gives it some.
    const PriceCatalog priced =
        withOverrides({QJsonObject{{"provider", "mock"}, {"model", "echo"}, {"input_mtok", 1}}});
    const QJsonObject mock = priceQuery(priced, GatewayConfig(), "mock", "echo");
    EXPECT_EQ(mock["price"]["source"].toString(), "override");
    EXPECT_TRUE(mock["catalogue"].isNull());
}
