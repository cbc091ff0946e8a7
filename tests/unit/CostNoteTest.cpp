#include "trace/CostNote.h"

#include <gtest/gtest.h>

using namespace gatehouse;

TEST(CostNote, EachNoteIsShortAndReadsAsItsSentence) {
    const QString model = QStringLiteral("gpt-bench");
    const QString price = CostNote::noModelPrice(
        QStringLiteral("azure"), {QStringLiteral("openai"), QStringLiteral("anthropic")});
    EXPECT_LE(price.size(), 32);  // the sentence is 70 characters
    EXPECT_EQ(CostNote::explain(price, model),
              "no price for model \"gpt-bench\" at \"azure\" (nor at openai, anthropic)");
    EXPECT_EQ(CostNote::explain(CostNote::noModelPrice(QStringLiteral("openai"), {}), model),
              "no price for model \"gpt-bench\" at \"openai\"");
    EXPECT_TRUE(CostNote::explain(CostNote::noCatalogProvider(QStringLiteral("local")), model)
                    .startsWith("a local model server has no prices"));
    EXPECT_TRUE(CostNote::explain(CostNote::noCatalogProvider(QStringLiteral("mock")), model)
                    .startsWith("the mock provider has no prices"));
    EXPECT_EQ(CostNote::explain(CostNote::noCatalogProvider(QStringLiteral("acme")), model),
              "no provider \"acme\" in the price catalogue");
    EXPECT_EQ(CostNote::explain(CostNote::noUsage(), model),
              "the provider reported no token usage");
    EXPECT_EQ(CostNote::explain(CostNote::providerGone(), model),
              "the provider is no longer configured");
    EXPECT_EQ(CostNote::explain(CostNote::noModelName(), model), "no model name");
}

TEST(CostNote, TextThatIsNoCodeIsShownAsItIs) {
    // Rows written with the sentence itself, and reasons that carry numbers.
    const QString sentence =
        QStringLiteral("cached tokens (5 read, 0 written) exceed the 4 prompt tokens");
    EXPECT_EQ(CostNote::explain(sentence, QStringLiteral("m")), sentence);
    EXPECT_EQ(CostNote::explain(QString(), QStringLiteral("m")), QString());
}
