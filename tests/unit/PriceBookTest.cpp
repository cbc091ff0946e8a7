// PriceBook: the cost of an answer from the provider that gave it, the
// model and the tokens by kind; no cost, with a reason, when it cannot know.
#include "config/GatewayConfig.h"
#include "pricing/PriceBook.h"
#include "trace/TokenCounts.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonObject>
#include <memory>

using namespace gatehouse;

namespace {

ProviderConfig provider(const QString &name, ProviderKind kind, const QString &baseUrl) {
    ProviderConfig p;
    p.name = name;
    p.kind = kind;
    p.network.baseUrl = baseUrl;
    return p;
}

TokenCounts counts(int prompt, int completion, int cached = 0, int cacheWrite = 0) {
    TokenCounts c;
    c.prompt = prompt;
    c.completion = completion;
    if (cached) c.cached = cached;
    if (cacheWrite) c.cacheWrite = cacheWrite;
    return c;
}

PriceCatalog catalogWith(const QJsonObject &entry) {
    QString error;
    auto catalog = PriceCatalog::builtIn().withOverrides(QJsonArray{entry}, &error);
    EXPECT_TRUE(catalog) << error.toStdString();
    return catalog ? *catalog : PriceCatalog::builtIn();
}

PriceBook withOverride(const QJsonObject &entry) {
    return PriceBook(catalogWith(entry));
}

}  // namespace

TEST(PriceBook, AnOverriddenPriceGivesTheExactCostInBillionths) {
    const PriceBook book = withOverride({{"provider", "openai"},
                                         {"model", "gpt-4o"},
                                         {"input_mtok", 2.0},
                                         {"cache_read_mtok", 1.0},
                                         {"output_mtok", 8.0}});
    QString note;
    // 1,000 uncached + 1,000 cached prompt tokens, 500 out:
    // 1000*2 + 1000*1 + 500*8 = 7000 USD per million = $0.007.
    const auto nano =
        book.nanoUsd(provider("openai", ProviderKind::OpenAI, "https://api.openai.com"), "gpt-4o",
                     counts(2000, 500, 1000), &note);
    ASSERT_TRUE(nano) << note.toStdString();
    EXPECT_EQ(*nano, 7'000'000);
    // Asked again (kept), the same.
    EXPECT_EQ(book.nanoUsd(provider("openai", ProviderKind::OpenAI, "https://api.openai.com"),
                           "gpt-4o", counts(2000, 500, 1000), &note),
              7'000'000);
}

TEST(PriceBook, AnthropicCacheWritesCostTheirOwnPrice) {
    const PriceBook book = withOverride({{"provider", "anthropic"},
                                         {"model", "claude-test"},
                                         {"input_mtok", 3.0},
                                         {"cache_read_mtok", 0.3},
                                         {"cache_write_mtok", 3.75},
                                         {"output_mtok", 15.0}});
    QString note;
    // 100 plain + 1000 read + 200 written in, 10 out:
    // 100*3 + 1000*0.3 + 200*3.75 + 10*15 = 300 + 300 + 750 + 150 = 1500 per million.
    const auto nano =
        book.nanoUsd(provider("anthropic", ProviderKind::Anthropic, "https://api.anthropic.com"),
                     "claude-test", counts(1300, 10, 1000, 200), &note);
    ASSERT_TRUE(nano) << note.toStdString();
    EXPECT_EQ(*nano, 1'500'000);
}

TEST(PriceBook, NoUsageUnknownModelAndMockHaveNoCostButAReason) {
    const PriceBook book(PriceCatalog::builtIn());
    const ProviderConfig openai =
        provider("openai", ProviderKind::OpenAI, "https://api.openai.com");
    QString note;
    EXPECT_FALSE(book.nanoUsd(openai, "gpt-4o", TokenCounts(), &note));
    EXPECT_TRUE(note.contains("usage")) << note.toStdString();
    note.clear();
    EXPECT_FALSE(book.nanoUsd(openai, "no-such-model-anywhere", counts(10, 10), &note));
    EXPECT_FALSE(note.isEmpty());
    note.clear();
    EXPECT_FALSE(book.nanoUsd(provider("mock", ProviderKind::Mock, QString()), "echo",
                              counts(10, 10), &note));
    EXPECT_TRUE(note.contains("mock")) << note.toStdString();
}

TEST(PriceBook, TheCatalogueKnowsTodaysModels) {
    const PriceBook book(PriceCatalog::builtIn());
    QString note;
    for (const auto &[name, kind, model] :
         {std::tuple{"openai", ProviderKind::OpenAI, "gpt-4o-mini"},
          {"anthropic", ProviderKind::Anthropic, "claude-sonnet-4-5"},
          {"groq", ProviderKind::OpenAI, "llama-3.3-70b-versatile"}}) {
        const auto nano =
            book.nanoUsd(provider(name, kind, QString()), model, counts(1'000'000, 0), &note);
        EXPECT_TRUE(nano && *nano > 0) << name << "/" << model << ": " << note.toStdString();
    }
}

// A thread remembers its last look-up; a new book (a price changed in the
// config) must price with its own prices, even at a freed book's address.
TEST(PriceBook, ANewBookPricesWithItsOwnPricesRightAfterAnother) {
    const ProviderConfig openai =
        provider("openai", ProviderKind::OpenAI, "https://api.openai.com");
    QString note;
    for (int round = 0; round < 4; ++round) {
        const double input = 1.0 + round;
        auto book = std::make_unique<PriceBook>(catalogWith({{"provider", "openai"},
                                                             {"model", "gpt-4o"},
                                                             {"input_mtok", input},
                                                             {"output_mtok", 0.0}}));
        // 1,000,000 prompt tokens at `input` USD per million.
        EXPECT_EQ(book->nanoUsd(openai, "gpt-4o", counts(1'000'000, 0), &note), qint64(input * 1e9))
            << round;
        EXPECT_EQ(book->nanoUsd(openai, "gpt-4o", counts(1'000'000, 0), &note), qint64(input * 1e9))
            << round;
    }
    // Another model or provider in the same book is looked up, not the last one reused.
    const PriceBook book = withOverride(
        {{"provider", "openai"}, {"model", "gpt-4o"}, {"input_mtok", 2.0}, {"output_mtok", 0.0}});
    EXPECT_EQ(book.nanoUsd(openai, "gpt-4o", counts(1'000'000, 0), &note), 2'000'000'000);
    EXPECT_FALSE(book.nanoUsd(openai, "no-such-model", counts(1'000'000, 0), &note));
    EXPECT_EQ(book.nanoUsd(openai, "gpt-4o", counts(1'000'000, 0), &note), 2'000'000'000);
}
