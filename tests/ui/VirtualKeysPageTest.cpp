// The Virtual keys page against a real gateway with the governance plugin:
// a new key is shown once and works at once, its use shows as a bar against
// its budget, Revoke refuses it at once.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "pages/VirtualKeysPage.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QProgressBar>
#include <QTableWidget>
#include <QToolButton>

namespace gatehouse {
namespace {

// The mock provider priced, so answers spend a budget.
const QByteArray kPricedMock =
    R"({"mock": {"keys": []}}, "pricing": [ {"provider": "mock", "model": "echo",
        "input_mtok": 1000, "output_mtok": 1000} ])";

QByteArray governance() {
    return "[" +
           pluginJson(QStringLiteral("governance"), QStringLiteral(GATEHOUSE_PLUGIN_GOVERNANCE),
                      QJsonObject{{QStringLiteral("virtual_keys"), QJsonArray()}}) +
           "]";
}

int chatWith(quint16 port, const QString &key) {
    HttpHeaders headers;
    headers.add("x-bf-vk", key.toUtf8());
    return TestHttpClient::post(port, "/v1/chat/completions",
                                chatBody(QStringLiteral("mock/echo"), QStringLiteral("hi")),
                                headers)
        .status;
}

TEST(VirtualKeysPage, ANewKeyIsShownOnceWorksAndItsUseShowsAgainstItsBudget) {
    PanelTestEnv env(governance(), kPricedMock);
    VirtualKeysPage page(&env.controller());
    page.show();
    EXPECT_TRUE(page.emptyText().contains("No virtual keys yet")) << page.emptyText().toStdString();

    const QString key =
        page.createKey({{"name", "team-a"},
                        {"requests_per_minute", 60},
                        {"budget", QJsonObject{{"max_usd", 1}, {"reset_duration", "1M"}}}});
    ASSERT_TRUE(key.startsWith("vk-")) << page.lastMessage().toStdString();
    EXPECT_EQ(page.shownKey(), key);
    ASSERT_EQ(page.table()->rowCount(), 1);
    EXPECT_EQ(page.table()->item(0, VirtualKeysPage::Name)->text(), "team-a");
    EXPECT_EQ(page.table()->item(0, VirtualKeysPage::RequestsPerMinute)->text(), "60");
    EXPECT_TRUE(page.table()->item(0, VirtualKeysPage::Budget)->text().contains("per month"));

    ASSERT_EQ(chatWith(env.port(), key), 200);
    page.refresh();
    auto *bar = qobject_cast<QProgressBar *>(page.table()->cellWidget(0, VirtualKeysPage::Used));
    ASSERT_TRUE(bar);
    EXPECT_GT(bar->value(), 0);  // cents of a dollar at $1,000 per million tokens
    EXPECT_TRUE(bar->format().contains("of $1.00")) << bar->format().toStdString();
}

TEST(VirtualKeysPage, RevokeRefusesTheKeyAtOnce) {
    PanelTestEnv env(governance());
    VirtualKeysPage page(&env.controller());
    const QString key = page.createKey({{"name", "temp"}});
    ASSERT_FALSE(key.isEmpty()) << page.lastMessage().toStdString();
    ASSERT_EQ(chatWith(env.port(), key), 200);
    page.table()->selectRow(0);
    ASSERT_FALSE(page.selectedId().isEmpty());
    EXPECT_TRUE(page.revokeButton()->isEnabled());
    ASSERT_TRUE(page.revokeKey(page.selectedId()));
    EXPECT_EQ(chatWith(env.port(), key), 401);
    EXPECT_TRUE(page.emptyText().contains("No virtual keys yet"));
}

TEST(VirtualKeysPage, ARefusedKeySaysWhyAndWithoutGovernanceThePageSaysHowToGetIt) {
    {
        PanelTestEnv env(governance());
        VirtualKeysPage page(&env.controller());
        EXPECT_TRUE(page.createKey({{"name", "x"}, {"tokens_per_minute", 0}}).isEmpty());
        EXPECT_TRUE(page.lastMessage().contains("tokens_per_minute"))
            << page.lastMessage().toStdString();
    }
    PanelTestEnv env;
    VirtualKeysPage page(&env.controller());
    EXPECT_TRUE(page.emptyText().contains("No governance plugin"))
        << page.emptyText().toStdString();
    EXPECT_FALSE(page.newButton()->isEnabled());
}

}  // namespace
}  // namespace gatehouse
