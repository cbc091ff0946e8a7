// The model price catalogue and cost computation (gateway/pricing): figures
// worked out by hand from the catalogue's prices, the lookup and mapping
// rules, overrides, refusals, and every reference cost genai-prices computed
// (tests/unit/data/price-vectors.json, written by tools/prices/update.sh).
#include "pricing/Cost.h"
#include "pricing/PriceCatalog.h"
#include "pricing/ProviderMapping.h"
#include "pricing/RequestCost.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

using namespace gatehouse;

namespace {
const QDateTime kNoon = QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

QDateTime utc(const char *iso) {
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
}

QJsonArray jsonArray(const char *json) {
    return QJsonDocument::fromJson(json).array();
}

// The cost of `usage` for `model` at `provider` in the built-in catalogue.
CostBreakdown costOf(const QString &provider, const QString &model, const TokenUsage &usage,
                     const QDateTime &when = kNoon) {
    QString why;
    const auto cost = requestCost(PriceCatalog::builtIn(), provider, model, usage, when, &why);
    EXPECT_TRUE(cost) << qPrintable(provider + QLatin1Char('/') + model + QLatin1String(": ") +
                                    why);
    return cost ? cost->cost : CostBreakdown{};
}

QString refusal(const QByteArray &catalogue) {
    QString error;
    EXPECT_FALSE(PriceCatalog::fromJson(catalogue, &error)) << catalogue.constData();
    return error;
}

QString overrideRefusal(const char *overrides,
                        const JsonPath &at = JsonPath().key(QStringLiteral("overrides"))) {
    QString error;
    EXPECT_FALSE(PriceCatalog::builtIn().withOverrides(jsonArray(overrides), &error, at))
        << overrides;
    return error;
}

// A small catalogue of one provider for the refusal tests: `model` is its
// only model's JSON.
QByteArray oneModel(const char *model) {
    return QByteArray(R"({"providers": [{"id": "p", "models": [)") + model + "]}]}";
}
}  // namespace

// ---- The built-in catalogue

TEST(PriceCatalog, BuiltInIsGenaiPricesPinnedRelease) {
    const PriceCatalog &catalog = PriceCatalog::builtIn();
    EXPECT_EQ(catalog.source().package, "@pydantic/genai-prices");
    EXPECT_EQ(catalog.source().version, "0.1.8");
    EXPECT_EQ(catalog.source().licence, "MIT");
    EXPECT_FALSE(catalog.source().generated.isEmpty());
    EXPECT_GT(catalog.modelCount(), 1500);
    for (const char *id : {"openai", "anthropic", "google", "aws", "azure", "mistral", "groq",
                           "deepseek", "x-ai", "together", "fireworks", "cohere", "openrouter"})
        EXPECT_NE(catalog.provider(QLatin1String(id)), nullptr) << id;
    EXPECT_EQ(&catalog, &PriceCatalog::builtIn());  // loaded once
}

TEST(PriceCatalog, FindsAModelByAnyOfItsNames) {
    const auto found = PriceCatalog::builtIn().find("openai", "gpt-4o-2024-08-06");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->providerId, "openai");
    EXPECT_EQ(found->model.id, "gpt-4o");
    EXPECT_EQ(found->model.contextWindow, 128000);
    EXPECT_FALSE(found->fromOverride);
}

TEST(PriceCatalog, ModelNamesIgnoreCaseAndSurroundingSpace) {
    const auto found = PriceCatalog::builtIn().find("OpenAI", "  GPT-4O ");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->model.id, "gpt-4o");
    EXPECT_EQ(found->matchedName, "gpt-4o");
}

TEST(PriceCatalog, CompactDateSuffixIsTriedAsIsoDate) {
    // The catalogue matches gpt-5.4-YYYY-MM-DD; clients may write YYYYMMDD.
    const auto found = PriceCatalog::builtIn().find("openai", "gpt-5.4-20260305");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->model.id, "gpt-5.4");
    EXPECT_EQ(found->matchedName, "gpt-5.4-2026-03-05");
    // Not a date: left alone, and nothing matches.
    EXPECT_FALSE(PriceCatalog::builtIn().find("openai", "gpt-5.4-20261399"));
}

TEST(PriceCatalog, ProviderFallsBackToTheProvidersWhoseModelsItServes) {
    // Azure lists only some models itself; GPT-4o is OpenAI's entry.
    const auto gpt = PriceCatalog::builtIn().find("azure", "gpt-4o");
    ASSERT_TRUE(gpt);
    EXPECT_EQ(gpt->providerId, "openai");
    EXPECT_EQ(gpt->model.id, "gpt-4o");
    const auto own = PriceCatalog::builtIn().find("azure", "o3-mini");
    ASSERT_TRUE(own);
    EXPECT_EQ(own->providerId, "azure");
    const auto claude = PriceCatalog::builtIn().find("azure", "claude-sonnet-4-5");
    ASSERT_TRUE(claude);
    EXPECT_EQ(claude->providerId, "anthropic");
}

TEST(PriceCatalog, VendorSlashModelIsAlsoTriedByItsPartAfterTheSlash) {
    const PriceCatalog &catalog = PriceCatalog::builtIn();
    // OpenRouter lists anthropic/claude-sonnet-4.5 itself: its own price.
    const auto listed = catalog.find("openrouter", "anthropic/claude-sonnet-4.5");
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->providerId, "openrouter");
    EXPECT_EQ(listed->model.id, "anthropic/claude-sonnet-4.5");
    // Not listed under that spelling: the vendor's own price for the model.
    const auto vendor = catalog.find("openrouter", "anthropic/claude-sonnet-4-5");
    ASSERT_TRUE(vendor);
    EXPECT_EQ(vendor->providerId, "anthropic");
    EXPECT_EQ(vendor->model.id, "claude-sonnet-4-5");
    EXPECT_EQ(vendor->matchedName, "claude-sonnet-4-5");
    // The provider's own model under a vendor prefix.
    const auto own = catalog.find("openai", "openai/gpt-4o");
    ASSERT_TRUE(own);
    EXPECT_EQ(own->providerId, "openai");
    EXPECT_EQ(own->model.id, "gpt-4o");
    // A whole id with slashes still matches first (Groq lists openai/gpt-oss-120b).
    const auto whole = catalog.find("groq", "openai/gpt-oss-120b");
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->providerId, "groq");
    EXPECT_EQ(whole->model.id, "openai/gpt-oss-120b");
}

TEST(PriceCatalog, UnknownModelIsNotFoundAndSaysWhy) {
    QString why;
    EXPECT_FALSE(PriceCatalog::builtIn().find("openai", "no-such-model", &why));
    EXPECT_EQ(why, "no price for model \"no-such-model\" at \"openai\"");
    EXPECT_FALSE(PriceCatalog::builtIn().find("azure", "no-such-model", &why));
    EXPECT_TRUE(why.contains("nor at openai, anthropic")) << qPrintable(why);
    // Anthropic does not price OpenAI's models.
    EXPECT_FALSE(PriceCatalog::builtIn().find("anthropic", "gpt-4o", &why));
    EXPECT_FALSE(PriceCatalog::builtIn().find("no-such-provider", "gpt-4o", &why));
    EXPECT_EQ(why, "no provider \"no-such-provider\" in the price catalogue");
    EXPECT_FALSE(PriceCatalog::builtIn().find("openai", "  ", &why));
    EXPECT_EQ(why, "no model name");
}

TEST(PriceCatalog, MockAndLocalServersHaveNoPrices) {
    QString why;
    EXPECT_FALSE(PriceCatalog::builtIn().find("mock", "gpt-4o", &why));
    EXPECT_TRUE(why.startsWith("the mock provider has no prices")) << qPrintable(why);
    EXPECT_FALSE(PriceCatalog::builtIn().find("local", "llama3.2", &why));
    EXPECT_TRUE(why.startsWith("a local model server has no prices")) << qPrintable(why);
}

// ---- Costs worked out by hand from the catalogue's prices

TEST(PriceCatalogCost, OpenAiCachedPromptTokens) {
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million.
    // prompt_tokens 10000 of which cached_tokens 6000, completion 500.
    const CostBreakdown cost = costOf("openai", "gpt-4o", {10000, 6000, 0, 500, 0});
    EXPECT_DOUBLE_EQ(cost.inputUsd, 4000 * 2.5 / 1e6);
    EXPECT_DOUBLE_EQ(cost.cacheReadUsd, 6000 * 1.25 / 1e6);
    EXPECT_DOUBLE_EQ(cost.cacheWriteUsd, 0);
    EXPECT_DOUBLE_EQ(cost.outputUsd, 500 * 10 / 1e6);
    EXPECT_DOUBLE_EQ(cost.totalUsd, 0.01 + 0.0075 + 0.005);
}

TEST(PriceCatalogCost, OpenAiReasoningModelAcrossItsPriceCut) {
    // o3: $10 / $0.50 cached / $40 until 2025-06-10, then $2 / $0.50 / $8.
    // Reasoning tokens are part of the completion and paid at its price.
    const TokenUsage usage{3000, 1000, 0, 8000, 6000};
    const CostBreakdown before = costOf("openai", "o3", usage, utc("2025-06-09T23:59:59Z"));
    EXPECT_DOUBLE_EQ(before.totalUsd, 2000 * 10 / 1e6 + 1000 * 0.5 / 1e6 + 8000 * 40 / 1e6);
    EXPECT_DOUBLE_EQ(before.reasoningUsd, 0);
    const CostBreakdown after = costOf("openai", "o3", usage, utc("2025-06-10T00:00:00Z"));
    EXPECT_DOUBLE_EQ(after.totalUsd, 2000 * 2 / 1e6 + 1000 * 0.5 / 1e6 + 8000 * 8 / 1e6);
    EXPECT_DOUBLE_EQ(after.outputUsd, 0.064);
}

TEST(PriceCatalogCost, AnthropicCacheReadAndCacheWrite) {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15
    // output. Anthropic's usage: input_tokens 1000 (uncached only),
    // cache_read_input_tokens 20000, cache_creation_input_tokens 5000.
    const TokenUsage usage{1000 + 20000 + 5000, 20000, 5000, 800, 0};
    const CostBreakdown cost = costOf("anthropic", "claude-sonnet-4-5-20250929", usage);
    EXPECT_DOUBLE_EQ(cost.inputUsd, 1000 * 3 / 1e6);
    EXPECT_DOUBLE_EQ(cost.cacheReadUsd, 20000 * 0.3 / 1e6);
    EXPECT_DOUBLE_EQ(cost.cacheWriteUsd, 5000 * 3.75 / 1e6);
    EXPECT_DOUBLE_EQ(cost.outputUsd, 800 * 15 / 1e6);
    EXPECT_NEAR(cost.totalUsd, 0.003 + 0.006 + 0.01875 + 0.012, 1e-15);
}

TEST(PriceCatalogCost, Gemini25ProBelowAtAndAboveTheLongContextTier) {
    // gemini-2.5-pro: $1.25 / $0.125 cached / $10 output, and $2.50 / $0.25
    // / $15 for the whole request once the prompt exceeds 200k tokens.
    const CostBreakdown below = costOf("google", "gemini-2.5-pro", {100000, 40000, 0, 5000, 3000});
    EXPECT_DOUBLE_EQ(below.totalUsd, 60000 * 1.25 / 1e6 + 40000 * 0.125 / 1e6 + 5000 * 10 / 1e6);
    const CostBreakdown at = costOf("google", "gemini-2.5-pro", {200000, 0, 0, 1000, 0});
    EXPECT_DOUBLE_EQ(at.totalUsd, 200000 * 1.25 / 1e6 + 1000 * 10 / 1e6);
    const CostBreakdown above = costOf("google", "gemini-2.5-pro", {300000, 100000, 0, 5000, 0});
    EXPECT_DOUBLE_EQ(above.inputUsd, 200000 * 2.5 / 1e6);
    EXPECT_DOUBLE_EQ(above.cacheReadUsd, 100000 * 0.25 / 1e6);
    EXPECT_DOUBLE_EQ(above.outputUsd, 5000 * 15 / 1e6);
    EXPECT_DOUBLE_EQ(above.totalUsd, 0.5 + 0.025 + 0.075);
}

TEST(PriceCatalogCost, BedrockModels) {
    // amazon.nova-pro: $0.80 / $0.20 cached / $3.20 output.
    const CostBreakdown nova = costOf("aws", "amazon.nova-pro-v1:0", {20000, 5000, 0, 1500, 0});
    EXPECT_DOUBLE_EQ(nova.totalUsd, 15000 * 0.8 / 1e6 + 5000 * 0.2 / 1e6 + 1500 * 3.2 / 1e6);
    // A cross-region Claude inference profile: Bedrock's regional price,
    // $3.30 / $0.33 read / $4.125 write / $16.50 output.
    const CostBreakdown claude = costOf("aws", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                                        {30000, 10000, 5000, 2000, 0});
    EXPECT_NEAR(claude.totalUsd,
                15000 * 3.3 / 1e6 + 10000 * 0.33 / 1e6 + 5000 * 4.125 / 1e6 + 2000 * 16.5 / 1e6,
                1e-15);
}

TEST(PriceCatalogCost, TimeOfDayPrices) {
    // deepseek-chat: $0.27 / $0.07 / $1.10 from 00:30 to 16:30 UTC, else
    // $0.135 / $0.035 / $0.55.
    const TokenUsage usage{20000, 12000, 0, 900, 0};
    const double peak = 8000 * 0.27 / 1e6 + 12000 * 0.07 / 1e6 + 900 * 1.1 / 1e6;
    const double offPeak = 8000 * 0.135 / 1e6 + 12000 * 0.035 / 1e6 + 900 * 0.55 / 1e6;
    EXPECT_DOUBLE_EQ(
        costOf("deepseek", "deepseek-chat", usage, utc("2026-06-01T00:30:00Z")).totalUsd, peak);
    EXPECT_DOUBLE_EQ(
        costOf("deepseek", "deepseek-chat", usage, utc("2026-06-01T16:29:59Z")).totalUsd, peak);
    EXPECT_DOUBLE_EQ(
        costOf("deepseek", "deepseek-chat", usage, utc("2026-06-01T16:30:00Z")).totalUsd, offPeak);
    // The same instant written in another zone.
    EXPECT_DOUBLE_EQ(
        costOf("deepseek", "deepseek-chat", usage, utc("2026-06-01T05:00:00+08:00")).totalUsd,
        offPeak);
}

TEST(PriceCatalogCost, ReasoningPricedApartAndPerRequestFees) {
    // sonar-deep-research: $2 input, $8 output, $3 reasoning.
    const CostBreakdown research =
        costOf("perplexity", "sonar-deep-research", {3000, 0, 0, 10000, 7000});
    EXPECT_DOUBLE_EQ(research.outputUsd, 3000 * 8 / 1e6);
    EXPECT_DOUBLE_EQ(research.reasoningUsd, 7000 * 3 / 1e6);
    EXPECT_DOUBLE_EQ(research.totalUsd, 0.006 + 0.024 + 0.021);
    // sonar: $1 / $1 and $12 per thousand requests.
    const CostBreakdown sonar = costOf("perplexity", "sonar", {1500, 0, 0, 400, 0});
    EXPECT_DOUBLE_EQ(sonar.requestUsd, 0.012);
    EXPECT_DOUBLE_EQ(sonar.totalUsd, 0.0015 + 0.0004 + 0.012);
}

TEST(PriceCatalogCost, MissingCachePricesFallBackToTheInputPrice) {
    PriceSet prices;
    prices.input = Price(2);
    prices.output = Price(8);
    QString why;
    const auto cost = costBreakdown(prices, {10000, 4000, 3000, 100, 50}, &why);
    ASSERT_TRUE(cost) << qPrintable(why);
    EXPECT_DOUBLE_EQ(cost->inputUsd, 10000 * 2 / 1e6);
    EXPECT_DOUBLE_EQ(cost->cacheReadUsd, 0);
    EXPECT_DOUBLE_EQ(cost->cacheWriteUsd, 0);
    EXPECT_DOUBLE_EQ(cost->outputUsd, 100 * 8 / 1e6);
    // A cache-read price alone: writes still pay the input price.
    prices.cacheRead = Price(0.5);
    const auto partial = costBreakdown(prices, {10000, 4000, 3000, 0, 0}, &why);
    ASSERT_TRUE(partial);
    EXPECT_DOUBLE_EQ(partial->inputUsd, 6000 * 2 / 1e6);
    EXPECT_DOUBLE_EQ(partial->cacheReadUsd, 4000 * 0.5 / 1e6);
}

TEST(PriceCatalogCost, NoHonestNumberIsNoNumber) {
    PriceSet prices;
    prices.input = Price(1);
    prices.output = Price(2);
    QString why;
    EXPECT_FALSE(costBreakdown(prices, {100, 80, 30, 0, 0}, &why));
    EXPECT_TRUE(why.contains("exceed the 100 prompt tokens")) << qPrintable(why);
    EXPECT_FALSE(costBreakdown(prices, {100, 0, 0, 10, 11}, &why));
    EXPECT_TRUE(why.contains("exceed the 10 output tokens")) << qPrintable(why);
    EXPECT_FALSE(costBreakdown(prices, {-1, 0, 0, 0, 0}, &why));
    EXPECT_FALSE(costBreakdown(ModelPrices(prices), {1, 0, 0, 1, 0}, QDateTime(), &why));
    EXPECT_EQ(why, "no valid time for the request");

    // Whisper is priced per audio hour only: tokens say nothing about it.
    const auto whisper = PriceCatalog::builtIn().find("openai", "whisper-1");
    ASSERT_TRUE(whisper);
    EXPECT_FALSE(costUsd(whisper->model.prices, {100, 0, 0, 10, 0}, kNoon, &why));
    EXPECT_TRUE(why.startsWith("the model is priced only by units")) << qPrintable(why);

    PriceSet broken;
    broken.cacheRead = Price(1);
    EXPECT_FALSE(costBreakdown(broken, {100, 50, 0, 0, 0}, &why));
    EXPECT_TRUE(why.contains("cache_read_mtok without input_mtok")) << qPrintable(why);
}

TEST(PriceCatalogCost, AFreeModelCostsZero) {
    // OpenRouter's ":free" variants carry an empty price set.
    const auto free = PriceCatalog::builtIn().find("openrouter", "mistralai/mistral-nemo:free");
    ASSERT_TRUE(free);
    const auto cost = costUsd(free->model.prices, {5000, 0, 0, 500, 0}, kNoon);
    ASSERT_TRUE(cost);
    EXPECT_EQ(*cost, 0);
}

// ---- Model matching

TEST(PriceCatalogMatch, StringTestsIgnoreCase) {
    EXPECT_TRUE(ModelMatch::equals("GPT-4o").matches("gpt-4O"));
    EXPECT_FALSE(ModelMatch::equals("gpt-4o").matches("gpt-4o-mini"));
    EXPECT_TRUE(ModelMatch::startsWith("Claude-3").matches("claude-3-opus"));
    EXPECT_TRUE(ModelMatch::endsWith("-Latest").matches("mistral-large-LATEST"));
    EXPECT_TRUE(ModelMatch::contains("nova-pro").matches("us.amazon.NOVA-PRO-v1:0"));
    EXPECT_FALSE(ModelMatch::contains("nova-pro").matches("amazon.nova-lite"));
}

TEST(PriceCatalogMatch, RegexRunsOnTheLowercasedNameAndFindsAnywhere) {
    const auto oSeries = ModelMatch::regex("^o[134]");
    ASSERT_TRUE(oSeries);
    EXPECT_TRUE(oSeries->matches("O3-mini"));  // the name is lowercased first
    EXPECT_FALSE(oSeries->matches("gpt-o3"));
    const auto upper = ModelMatch::regex("^GPT");
    ASSERT_TRUE(upper);
    EXPECT_FALSE(upper->matches("GPT-4"));  // as in genai-prices: the pattern is not folded
    const auto anywhere = ModelMatch::regex("mini");
    ASSERT_TRUE(anywhere);
    EXPECT_TRUE(anywhere->matches("o4-mini-high"));
    QString error;
    EXPECT_FALSE(ModelMatch::regex("(unclosed", &error));
    EXPECT_TRUE(error.startsWith("invalid regular expression")) << qPrintable(error);
}

TEST(PriceCatalogMatch, OrAndCombine) {
    // Gemini 2.5 Pro's entry: the prefix, but not the text-to-speech models.
    const QByteArray json = R"json({"and": [{"starts_with": "gemini-2.5-pro"},
                                            {"regex": "^(?!.*-[tT][tT][sS](?:$|-))"}]})json";
    QString error;
    const auto pro = ModelMatch::fromJson(QJsonDocument::fromJson(json).object(),
                                          JsonPath().key("match"), &error);
    ASSERT_TRUE(pro) << qPrintable(error);
    EXPECT_TRUE(pro->matches("gemini-2.5-pro-preview-06-05"));
    EXPECT_FALSE(pro->matches("gemini-2.5-pro-TTS"));
    EXPECT_FALSE(pro->matches("gemini-2.5-flash"));
    const ModelMatch either =
        ModelMatch::anyOf({ModelMatch::equals("o3"), ModelMatch::equals("o3-2025-04-16")});
    EXPECT_TRUE(either.matches("o3-2025-04-16"));
    EXPECT_FALSE(either.matches("o3-mini"));
    EXPECT_FALSE(ModelMatch::anyOf({}).matches("x"));  // like [].some
    EXPECT_TRUE(ModelMatch::allOf({}).matches("x"));   // like [].every
}

TEST(PriceCatalogMatch, MalformedMatchIsRefusedWithItsPath) {
    auto refuse = [](const char *json) {
        QString error;
        EXPECT_FALSE(ModelMatch::fromJson(QJsonDocument::fromJson(json).object(),
                                          JsonPath().key("match"), &error))
            << json;
        return error;
    };
    EXPECT_TRUE(refuse(R"({"equals": 3})").startsWith("match.equals: expected a string"));
    EXPECT_TRUE(refuse(R"({"like": "x"})").startsWith("match.like: unknown match \"like\""));
    EXPECT_TRUE(refuse(R"({"equals": "a", "contains": "b"})").startsWith("match: expected"));
    EXPECT_TRUE(refuse(R"({"or": [{"equals": "a"}, {"starts_with": null}]})")
                    .startsWith("match.or[1].starts_with: expected a string"));
    EXPECT_TRUE(refuse(R"({"and": [{"regex": "a("}]})")
                    .startsWith("match.and[0].regex: invalid regular expression"));
}

// ---- Which catalogue provider a Gatehouse provider uses

TEST(PriceCatalogProviders, ByName) {
    EXPECT_EQ(catalogProviderFor("openai", "openai", ""), "openai");
    EXPECT_EQ(catalogProviderFor("openai", "groq", ""), "groq");
    EXPECT_EQ(catalogProviderFor("openai", "Mistral", ""), "mistral");
    EXPECT_EQ(catalogProviderFor("openai", "deepseek", ""), "deepseek");
    EXPECT_EQ(catalogProviderFor("openai", "xai", ""), "x-ai");
    EXPECT_EQ(catalogProviderFor("openai", "x-ai", ""), "x-ai");
    EXPECT_EQ(catalogProviderFor("openai", "together_ai", ""), "together");
    EXPECT_EQ(catalogProviderFor("openai", "fireworks-ai", ""), "fireworks");
    EXPECT_EQ(catalogProviderFor("openai", "openrouter", ""), "openrouter");
    EXPECT_EQ(catalogProviderFor("openai", "cohere", ""), "cohere");
    EXPECT_EQ(catalogProviderFor("openai", "perplexity", ""), "perplexity");
    EXPECT_EQ(catalogProviderFor("openai", "moonshot", ""), "moonshotai");
    EXPECT_EQ(catalogProviderFor("openai", "azure-openai", ""), "azure");
    EXPECT_EQ(catalogProviderFor("anthropic", "anthropic", ""), "anthropic");
}

TEST(PriceCatalogProviders, ByBaseUrl) {
    // Gatehouse's default base URLs for the OpenAI-compatible names.
    EXPECT_EQ(catalogProviderFor("openai", "my-llm", "https://api.groq.com/openai"), "groq");
    EXPECT_EQ(catalogProviderFor("openai", "a", "https://openrouter.ai/api"), "openrouter");
    EXPECT_EQ(catalogProviderFor("openai", "b", "https://api.fireworks.ai/inference"), "fireworks");
    EXPECT_EQ(catalogProviderFor("openai", "c", "https://api.x.ai"), "x-ai");
    EXPECT_EQ(catalogProviderFor("openai", "d", "https://API.Together.xyz/v1"), "together");
    // Whoever serves the API bills, whatever the provider is called.
    EXPECT_EQ(catalogProviderFor("openai", "openai", "https://api.deepseek.com"), "deepseek");
    EXPECT_EQ(catalogProviderFor("anthropic", "kimi", "https://api.moonshot.ai/anthropic"),
              "moonshotai");
    EXPECT_EQ(catalogProviderFor("gemini", "gemini", "https://generativelanguage.googleapis.com"),
              "google");
    EXPECT_EQ(
        catalogProviderFor("vertex", "vertex", "https://us-central1-aiplatform.googleapis.com"),
        "google");
    EXPECT_EQ(
        catalogProviderFor("bedrock", "bedrock", "https://bedrock-runtime.eu-west-1.amazonaws.com"),
        "aws");
    EXPECT_EQ(catalogProviderFor("azure", "prod", "https://myres.openai.azure.com"), "azure");
}

TEST(PriceCatalogProviders, ByKindWhenNeitherNameNorUrlSays) {
    EXPECT_EQ(catalogProviderFor("openai", "corp-proxy", "https://llm.corp.example/v1"), "openai");
    EXPECT_EQ(catalogProviderFor("anthropic", "claude-proxy", "https://proxy.example"),
              "anthropic");
    EXPECT_EQ(catalogProviderFor("gemini", "g", ""), "google");
    EXPECT_EQ(catalogProviderFor("vertex", "v", ""), "google");
    EXPECT_EQ(catalogProviderFor("bedrock", "b", ""), "aws");
    EXPECT_EQ(catalogProviderFor("azure", "a", ""), "azure");
}

TEST(PriceCatalogProviders, MockLocalAndUnlistedProvidersHaveNoPrices) {
    EXPECT_EQ(catalogProviderFor("mock", "mock", ""), "mock");
    EXPECT_EQ(catalogProviderFor("openai", "ollama", "http://localhost:11434"), "local");
    EXPECT_EQ(catalogProviderFor("openai", "vllm", "http://gpu-box:8000"), "local");
    EXPECT_EQ(catalogProviderFor("openai", "my-server", "http://127.0.0.1:8080/v1"), "local");
    // A named provider behind a local proxy (LiteLLM) is still that provider.
    EXPECT_EQ(catalogProviderFor("openai", "deepseek", "http://localhost:4000"), "deepseek");
    // Known to Gatehouse, not to the catalogue: its own name, no prices.
    EXPECT_EQ(catalogProviderFor("openai", "deepinfra", "https://api.deepinfra.com/v1/openai"),
              "deepinfra");
    QString why;
    EXPECT_FALSE(PriceCatalog::builtIn().find("deepinfra", "meta-llama/Llama-3.3-70B", &why));
    EXPECT_EQ(why, "no provider \"deepinfra\" in the price catalogue");
}

// ---- Overrides

TEST(PriceCatalogOverrides, BeatTheCatalogue) {
    QString error;
    const auto catalog = PriceCatalog::builtIn().withOverrides(
        jsonArray(R"([{"provider": "openai", "model": "gpt-4o", "input_mtok": 2,
                       "output_mtok": 8, "context_window": 64000}])"),
        &error);
    ASSERT_TRUE(catalog) << qPrintable(error);
    const auto found = catalog->find("openai", "GPT-4o");
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->fromOverride);
    EXPECT_EQ(found->model.contextWindow, 64000);
    // Complete: no cache price given, so cached tokens pay the input price.
    const auto cost = costBreakdown(found->model.prices, {1000000, 500000, 0, 1000000, 0}, kNoon);
    ASSERT_TRUE(cost);
    EXPECT_DOUBLE_EQ(cost->totalUsd, 2 + 8);
    // Other models, and the built-in catalogue itself, are untouched.
    const auto mini = catalog->find("openai", "gpt-4o-mini");
    ASSERT_TRUE(mini);
    EXPECT_FALSE(mini->fromOverride);
    EXPECT_FALSE(PriceCatalog::builtIn().find("openai", "gpt-4o")->fromOverride);
    // Providers that fall back to OpenAI's models get the override too.
    const auto azure = catalog->find("azure", "gpt-4o");
    ASSERT_TRUE(azure);
    EXPECT_TRUE(azure->fromOverride);
    EXPECT_EQ(azure->providerId, "openai");
}

TEST(PriceCatalogOverrides, AddModelsAndProviders) {
    QString error;
    const auto catalog = PriceCatalog::builtIn().withOverrides(jsonArray(R"([
            {"provider": "local", "model": {"starts_with": "llama"}, "input_mtok": 0.1,
             "output_mtok": {"base": 0.2, "tiers": [{"start": 100000, "price": 0.4}]}},
            {"provider": "openai", "model": "ft:gpt-4o:acme", "input_mtok": 3.75,
             "cache_read_mtok": 1.875, "output_mtok": 15},
            {"provider": "mock", "model": "mock-model", "input_mtok": 1, "output_mtok": 1}
        ])"),
                                                               &error);
    ASSERT_TRUE(catalog) << qPrintable(error);
    const auto llama = catalog->find("local", "Llama3.2:3b");
    ASSERT_TRUE(llama);
    EXPECT_EQ(llama->model.id, "{\"starts_with\":\"llama\"}");
    EXPECT_DOUBLE_EQ(*costUsd(llama->model.prices, {200000, 0, 0, 1000, 0}, kNoon),
                     200000 * 0.1 / 1e6 + 1000 * 0.4 / 1e6);
    const auto tuned = catalog->find("openai", "ft:gpt-4o:acme");
    ASSERT_TRUE(tuned);
    EXPECT_EQ(tuned->model.id, "ft:gpt-4o:acme");
    EXPECT_TRUE(catalog->find("mock", "mock-model"));
    QString why;
    EXPECT_FALSE(catalog->find("mock", "other", &why));
    EXPECT_EQ(why, "no price for model \"other\" at \"mock\"");
}

TEST(PriceCatalogOverrides, MalformedOverrideIsRefusedWithItsPath) {
    EXPECT_TRUE(
        overrideRefusal(R"([{"provider": "openai", "model": "gpt-4o", "input_mtok": "low"}])")
            .startsWith("overrides[0].input_mtok: expected a price"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "a", "input_mtok": 1},
                                     {"provider": "openai", "model": "b", "input_mtoks": 1}])")
                    .startsWith("overrides[1].input_mtoks: unknown key"));
    EXPECT_TRUE(overrideRefusal(R"([{"model": "gpt-4o", "input_mtok": 1}])")
                    .startsWith("overrides[0].provider: expected a catalogue provider id"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "input_mtok": 1}])")
                    .startsWith("overrides[0].model: expected a model id or a match object"));
    EXPECT_TRUE(
        overrideRefusal(R"([{"provider": "openai", "model": {"regex": "("}, "input_mtok": 1}])")
            .startsWith("overrides[0].model.regex: invalid regular expression"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "x"}])")
                    .startsWith("overrides[0]: no price given"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "x", "cache_read_mtok": 1}])")
                    .startsWith("overrides[0]: cache_read_mtok without input_mtok"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "x", "input_mtok": 1,
                                      "context_window": 0}])")
                    .startsWith("overrides[0].context_window: expected a whole number"));
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "x",
                             "input_mtok": {"base": 1, "tiers": [{"start": -5, "price": 2}]}}])")
                    .startsWith("overrides[0].input_mtok.tiers[0].start: expected a whole number"));
    EXPECT_TRUE(overrideRefusal(R"(["gpt-4o"])").startsWith("overrides[0]: expected an object"));
    // Under the caller's own path.
    EXPECT_TRUE(overrideRefusal(R"([{"provider": "openai", "model": "x", "input_mtok": -1}])",
                                JsonPath().key("pricing").key("overrides"))
                    .startsWith("pricing.overrides[0].input_mtok: expected a price"));
}

// ---- A malformed catalogue is refused

TEST(PriceCatalog, MalformedCatalogueIsRefusedWithItsPath) {
    EXPECT_TRUE(refusal("{").startsWith("not valid JSON"));
    EXPECT_TRUE(refusal("[]").startsWith("expected an object"));
    EXPECT_TRUE(refusal(R"({"providers": {}})").startsWith("providers: expected an array"));
    EXPECT_TRUE(refusal(R"({"providers": [{"models": []}]})")
                    .startsWith("providers[0].id: expected a non-empty string"));
    EXPECT_TRUE(
        refusal(oneModel(R"({"id": "m", "match": {"equals": "m"}, "prices": {"input_mtok": 1}},
                                    {"id": "n", "match": {"equals": "n"}, "prices": {"input_mtok": "x"}})"))
            .startsWith("providers[0].models[1].prices.input_mtok: expected a price"));
    EXPECT_TRUE(refusal(oneModel(R"({"id": "m", "match": {"regex": "["}, "prices": {}})"))
                    .startsWith("providers[0].models[0].match.regex: invalid regular expression"));
    EXPECT_TRUE(refusal(oneModel(R"({"id": "m", "prices": {}})"))
                    .startsWith("providers[0].models[0].match: expected an object"));
    EXPECT_TRUE(refusal(oneModel(R"({"id": "m", "match": {"equals": "m"},
                                    "prices": [{"prices": {}}, {"constraint": {"type": "weekday"}, "prices": {}}]})"))
                    .startsWith("providers[0].models[0].prices[1].constraint.type: expected"));
    EXPECT_TRUE(
        refusal(oneModel(R"({"id": "m", "match": {"equals": "m"},
                                    "prices": [{"constraint": {"type": "start_date", "start_date": "2025-02-30"}, "prices": {}}]})"))
            .startsWith("providers[0].models[0].prices[0].constraint.start_date: expected a date"));
    EXPECT_TRUE(
        refusal(R"({"providers": [{"id": "a", "fallback_model_providers": ["b"], "models": []}]})")
            .startsWith("providers[0].fallback_model_providers[0]: no provider \"b\""));
    EXPECT_TRUE(refusal(R"({"providers": [{"id": "a", "models": []}, {"id": "a", "models": []}]})")
                    .startsWith("providers[1].id: provider \"a\" is listed twice"));
    EXPECT_TRUE(refusal(R"({"providers": [{"id": "a", "api_pattern": "(", "models": []}]})")
                    .startsWith("providers[0].api_pattern: invalid regular expression"));
}

TEST(PriceCatalog, TimeOfDayWindowsMayWrapMidnightAndCarryAnOffset) {
    QString error;
    const auto catalog = PriceCatalog::fromJson(oneModel(R"({"id": "m", "match": {"equals": "m"},
        "prices": [{"prices": {"input_mtok": 1}},
                   {"constraint": {"type": "time_of_date", "start_time": "22:00:00Z", "end_time": "06:00:00+02:00"},
                    "prices": {"input_mtok": 2}}]})"),
                                                &error);
    ASSERT_TRUE(catalog) << qPrintable(error);
    const auto found = catalog->find("p", "m");
    ASSERT_TRUE(found);
    // 06:00+02:00 is 04:00 UTC: the night window is 22:00-04:00 UTC.
    auto rate = [&](const char *when) {
        return *costUsd(found->model.prices, {1000000}, utc(when));
    };
    EXPECT_EQ(rate("2026-06-01T21:59:59Z"), 1);
    EXPECT_EQ(rate("2026-06-01T22:00:00Z"), 2);
    EXPECT_EQ(rate("2026-06-02T03:59:59Z"), 2);
    EXPECT_EQ(rate("2026-06-02T04:00:00Z"), 1);
}

// ---- Every reference cost from genai-prices' own calcPrice

TEST(PriceCatalogVectors, MatchGenaiPricesToOnePartInABillion) {
    QFile file(QStringLiteral(GATEHOUSE_UNIT_DATA_DIR "/price-vectors.json"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(file.fileName());
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    EXPECT_EQ(root.value("source").toObject().value("version").toString(),
              PriceCatalog::builtIn().source().version)
        << "price-vectors.json and catalog.json come from different releases: run "
           "tools/prices/update.sh";
    const QJsonArray vectors = root.value("vectors").toArray();
    ASSERT_GE(vectors.size(), 40);

    auto close = [](double actual, double expected) {
        return std::abs(actual - expected) <= 1e-9 * std::max(std::abs(expected), 1e-12);
    };
    for (const QJsonValue &item : vectors) {
        const QJsonObject v = item.toObject();
        const QString provider = v.value("provider").toString();
        const QString model = v.value("model").toString();
        const QString label =
            provider + QLatin1Char('/') + model + QLatin1String(" at ") + v.value("at").toString();
        const QJsonObject u = v.value("usage").toObject();
        const TokenUsage usage{
            u.value("input_tokens").toInteger(), u.value("cache_read_tokens").toInteger(),
            u.value("cache_write_tokens").toInteger(), u.value("output_tokens").toInteger(),
            u.value("output_reasoning_tokens").toInteger()};
        const QDateTime when = QDateTime::fromString(v.value("at").toString(), Qt::ISODate);
        ASSERT_TRUE(when.isValid()) << qPrintable(label);

        QString why;
        const auto priced =
            requestCost(PriceCatalog::builtIn(), provider, model, usage, when, &why);
        if (v.value("total_price").isNull()) {
            EXPECT_FALSE(priced) << qPrintable(label);
            continue;
        }
        ASSERT_TRUE(priced) << qPrintable(label + QLatin1String(": ") + why);
        EXPECT_EQ(priced->pricedAs.model.id, v.value("model_id").toString()) << qPrintable(label);
        const CostBreakdown &c = priced->cost;
        const double total = v.value("total_price").toDouble();
        EXPECT_TRUE(close(c.totalUsd, total))
            << qPrintable(label) << ": " << c.totalUsd << " != " << total;
        EXPECT_TRUE(
            close(c.inputUsd + c.cacheReadUsd + c.cacheWriteUsd, v.value("input_price").toDouble()))
            << qPrintable(label);
        EXPECT_TRUE(close(c.outputUsd + c.reasoningUsd, v.value("output_price").toDouble()))
            << qPrintable(label);
    }
}
