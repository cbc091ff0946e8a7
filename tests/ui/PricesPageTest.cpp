// The Prices page against a real gateway: it lists config.json's overrides,
// an override added or removed there is in effect at once, a
// refused one says which field and changes nothing, and the lookup says
// which price a model gets and from where.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "pages/PricesPage.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTableWidget>
#include <QToolButton>

namespace gatehouse {
namespace {

const QByteArray kPricedMock =
    R"({"mock": {"keys": []}}, "pricing": [ {"provider": "mock", "model": "echo",
        "input_mtok": 1000, "output_mtok": 2000} ])";

// Applies through the page and waits for the store's answer.
bool appliedBy(PricesPage &page, const std::function<void()> &change) {
    QSignalSpy spy(&page, &PricesPage::applied);
    change();
    if (!waitUntil([&] { return !spy.isEmpty(); })) return false;
    return spy.takeFirst().at(0).toBool();
}

TEST(PricesPage, ListsTheOverridesAndAnAddedOneIsInEffectAtOnce) {
    PanelTestEnv env("[]", kPricedMock);
    PricesPage page(&env.controller());
    page.show();
    ASSERT_EQ(page.table()->rowCount(), 1);
    EXPECT_EQ(page.table()->item(0, PricesPage::Provider)->text(), "mock");
    EXPECT_EQ(page.table()->item(0, PricesPage::Model)->text(), "echo");
    EXPECT_EQ(page.table()->item(0, PricesPage::Input)->text(), "$1000.00");
    EXPECT_EQ(page.table()->item(0, PricesPage::CacheRead)->text(), "—");

    // Listed first, so it wins over the config's.
    QJsonArray next{QJsonObject{{"provider", "mock"},
                                {"model", QJsonObject{{"starts_with", "ec"}}},
                                {"input_mtok", 7},
                                {"cache_read_mtok", 1}}};
    next.append(page.overrides().at(0));
    ASSERT_TRUE(appliedBy(page, [&] { page.apply(next); })) << page.lastMessage().toStdString();
    ASSERT_EQ(page.table()->rowCount(), 2);
    EXPECT_EQ(page.table()->item(0, PricesPage::Model)->text(), R"({"starts_with":"ec"})");
    EXPECT_EQ(env.controller().gateway()->config().pricing.size(), 2);

    const QString found = page.lookUp("mock", "echo");
    EXPECT_TRUE(found.contains("from your override #1")) << found.toStdString();
    EXPECT_TRUE(found.contains("$7.00 in")) << found.toStdString();
    EXPECT_TRUE(found.contains("catalogue has no price")) << found.toStdString();

    ASSERT_TRUE(appliedBy(page, [&] { page.removeOverride(0); }));
    ASSERT_EQ(page.table()->rowCount(), 1);
    EXPECT_TRUE(page.lookUp("mock", "echo").contains("$1000.00 in"));
}

TEST(PricesPage, ARefusedOverrideNamesItsFieldAndChangesNothing) {
    PanelTestEnv env("[]", kPricedMock);
    PricesPage page(&env.controller());
    EXPECT_FALSE(appliedBy(page, [&] {
        page.addOverride({{"provider", "mock"}, {"model", "other"}, {"input_mtok", -1}});
    }));
    EXPECT_TRUE(page.lastMessage().contains("pricing[1].input_mtok"))
        << page.lastMessage().toStdString();
    EXPECT_EQ(page.table()->rowCount(), 1);
    EXPECT_EQ(env.controller().gateway()->config().pricing.size(), 1);
}

TEST(PricesPage, TheLookupSaysWhatTheCatalogueChargesAndWhatHasNoPrice) {
    PanelTestEnv env;
    PricesPage page(&env.controller());
    EXPECT_EQ(page.table()->rowCount(), 0);
    const QString listed = page.lookUp("openai", "gpt-4o");
    EXPECT_TRUE(listed.contains("from the catalogue")) << listed.toStdString();
    EXPECT_TRUE(listed.contains("$2.50 in")) << listed.toStdString();
    const QString mock = page.lookUp("mock", "echo");
    EXPECT_TRUE(mock.startsWith("No price: ")) << mock.toStdString();
    EXPECT_TRUE(page.lookUp("", "x").contains("Give a provider"));
}

}  // namespace
}  // namespace gatehouse
