// The Dashboard's spend panel against a real gateway and its request log:
// after priced requests it shows today's and this month's spend, the days
// as a chart and where the money went.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "store/LogStore.h"
#include "trace/RequestTrace.h"
#include "widgets/Sparkline.h"
#include "widgets/SpendPanel.h"

#include <gtest/gtest.h>
#include <QDateTime>

namespace gatehouse {
namespace {

// The mock provider priced by an override: $1,000 per million input and
// output tokens, so a few requests cost cents.
const QByteArray kPricedMock =
    R"({"mock": {"keys": []}}, "pricing": [ {"provider": "mock", "model": "echo",
        "input_mtok": 1000, "output_mtok": 1000} ])";

TEST(SpendPanel, ShowsTodayThisMonthAndWhereItWent) {
    PanelTestEnv env("[]", kPricedMock);
    SpendPanel panel(&env.controller());
    panel.resize(800, 240);
    panel.show();
    for (int i = 0; i < 3; ++i) ASSERT_EQ(env.sendChat(), 200);
    env.controller().gateway()->logs()->flush();
    panel.refresh();  // answers after those asked when it showed
    ASSERT_TRUE(waitUntil([&] { return panel.breakdownText().contains("mock/echo"); }))
        << panel.breakdownText().toStdString();
    EXPECT_NE(panel.todayText(), QStringLiteral("$0")) << panel.todayText().toStdString();
    EXPECT_EQ(panel.monthText(), panel.todayText());
    EXPECT_EQ(panel.chart()->values().size(), 1);
    EXPECT_GT(panel.chart()->values().value(0), 0);
    EXPECT_TRUE(panel.breakdownText().contains("mock/echo")) << panel.breakdownText().toStdString();
    EXPECT_TRUE(panel.breakdownText().contains("By provider"))
        << panel.breakdownText().toStdString();
}

TEST(SpendPanel, UnpricedRequestsAreCountedNotGuessed) {
    PanelTestEnv env;  // the mock provider has no prices
    SpendPanel panel(&env.controller());
    panel.show();
    ASSERT_EQ(env.sendChat(), 200);
    env.controller().gateway()->logs()->flush();
    panel.refresh();
    EXPECT_TRUE(waitUntil([&] { return panel.breakdownText().contains("no price"); }))
        << panel.breakdownText().toStdString();
    EXPECT_EQ(panel.monthText(), QStringLiteral("$0"));
}

// Requests of coding agents that read the provider's prompt cache: the
// panel says what the caches saved, by agent.
TEST(SpendPanel, PromptCacheSavingsByAgent) {
    PanelTestEnv env;
    SpendPanel panel(&env.controller());
    panel.show();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto log = [&](const QString &id, const QString &agent, qint64 savedNanoUsd) {
        auto t = std::make_shared<RequestTrace>();
        t->id = id;
        t->startedAtMs = now - 1000;
        t->provider = QStringLiteral("anthropic");
        t->model = QStringLiteral("claude-sonnet-4-5");
        t->status = 200;
        t->costNanoUsd = 10'000'000;
        t->promptCacheSavedNanoUsd = savedNanoUsd;
        t->agent = agent;
        t->sessionId = QStringLiteral("s-") + agent;
        env.controller().gateway()->logs()->record(t);
    };
    log("a", "claude-code", 2'500'000'000);
    log("b", "claude-code", 500'000'000);
    log("c", "codex", 1'000'000'000);
    env.controller().gateway()->logs()->flush();
    panel.refresh();
    ASSERT_TRUE(waitUntil([&] { return panel.breakdownText().contains("Prompt caches saved"); }))
        << panel.breakdownText().toStdString();
    EXPECT_TRUE(panel.breakdownText().contains("$4.00 (Claude Code $3.00, Codex $1.00)"))
        << panel.breakdownText().toStdString();
}

}  // namespace
}  // namespace gatehouse
