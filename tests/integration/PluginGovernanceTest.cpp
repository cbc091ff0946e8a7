// Governance: virtual keys, allowed models, requests and tokens per minute,
// budgets, and limits that hold exactly under many threads.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QRegularExpression>
#include <QThread>
#include <atomic>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

class PluginGovernanceTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString();
        // Minute limits count in calendar minutes: a test that crossed one
        // would see its counts start again.
        while (QDateTime::currentDateTimeUtc().time().second() >= 57) QThread::msleep(200);
    }
    void TearDown() override {
        if (plugin.isLoaded()) plugin->cleanup();
    }
    void configure(const char *config) {
        const QString error = plugin.init(config, host);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    }
    PreHookResult pre(FakeContext &ctx, const char *target = "openai/gpt-4o-mini") {
        const QStringList parts = QString::fromUtf8(target).split(QLatin1Char('/'));
        PluginRequest r = chatRequest(parts.at(0), parts.at(1), "hi");
        return plugin->preHook(ctx, r);
    }
    // A request with this key: preHook, then (if admitted) an answer of
    // `tokens` tokens through postHook. Returns the refusal, if any.
    std::optional<PluginError> request(const QByteArray &key, int tokens = 0,
                                       const char *target = "openai/gpt-4o-mini") {
        FakeContext ctx;
        if (!key.isEmpty()) ctx.setClientHeader("x-bf-vk", key);
        const PreHookResult r = pre(ctx, target);
        if (r.action == PreHookResult::Action::ShortCircuit) return r.error;
        post(ctx, tokens);
        return std::nullopt;
    }
    void post(FakeContext &ctx, int tokens) {
        std::optional<PluginResponse> response = PluginResponse{chatCompletion("ok", tokens), {}};
        std::optional<PluginError> error;
        plugin->postHook(ctx, response, error);
    }

    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_GOVERNANCE)};
    FakeHost host;
};

const char *const kTeamA = R"({"virtual_keys":[{"key":"vk-team-a","name":"team-a"}]})";

}  // namespace

TEST_F(PluginGovernanceTest, RequestsWithoutAKeyGoOnUnlessKeysAreRequired) {
    configure(kTeamA);
    EXPECT_FALSE(request(""));
    configure(R"({"required":true,"virtual_keys":[{"key":"vk-team-a"}]})");
    const auto refused = request("");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(refused->code, QStringLiteral("missing_virtual_key"));
    EXPECT_TRUE(refused->message.contains(QLatin1String("x-bf-vk")))
        << refused->message.toStdString();
    EXPECT_FALSE(refused->allowFallbacks);
    EXPECT_FALSE(request("vk-team-a"));
}

TEST_F(PluginGovernanceTest, UnknownKeyIsRefusedWith401) {
    configure(kTeamA);
    const auto refused = request("vk-nobody");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    EXPECT_EQ(refused->code, QStringLiteral("invalid_virtual_key"));
    EXPECT_TRUE(refused->message.startsWith(QLatin1String("unknown virtual key")))
        << refused->message.toStdString();
    EXPECT_FALSE(refused->message.contains(QLatin1String("vk-nobody")));
    EXPECT_FALSE(refused->allowFallbacks);
    EXPECT_FALSE(request("vk-team-a"));
}

TEST_F(PluginGovernanceTest, ModelsOutsideTheAllowedListAreRefusedWith403ListingThem) {
    configure(R"({"virtual_keys":[{"key":"vk-a","name":"team-a",
                  "allowed_models":["openai/gpt-4o-mini","mock/*","claude-*"]}]})");
    EXPECT_FALSE(request("vk-a", 0, "openai/gpt-4o-mini"));
    EXPECT_FALSE(request("vk-a", 0, "mock/echo"));
    EXPECT_FALSE(request("vk-a", 0, "anthropic/claude-3-5-haiku"));
    EXPECT_FALSE(request("vk-a", 0, "openrouter/claude-3-opus"));
    const auto refused = request("vk-a", 0, "openai/gpt-4o");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_EQ(refused->code, QStringLiteral("model_not_allowed"));
    EXPECT_EQ(refused->message,
              QStringLiteral("virtual key 'team-a' may not use openai/gpt-4o; allowed: "
                             "openai/gpt-4o-mini, mock/*, claude-*"));
    // A fallback may name an allowed model: it gets its own check.
    EXPECT_TRUE(refused->allowFallbacks);
    EXPECT_TRUE(request("vk-a", 0, "mockery/echo"));
}

TEST_F(PluginGovernanceTest, RequestsPerMinuteAdmitExactlyTheLimit) {
    configure(R"({"virtual_keys":[{"key":"vk-a","name":"team-a","requests_per_minute":3}]})");
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(request("vk-a")) << i;
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->type, QStringLiteral("rate_limit_error"));
    EXPECT_EQ(refused->code, QStringLiteral("requests_per_minute_exceeded"));
    EXPECT_FALSE(refused->allowFallbacks);
    EXPECT_TRUE(refused->message.startsWith(QLatin1String(
        "virtual key 'team-a' is over its limit of 3 requests per minute (3 this minute); "
        "try again in ")))
        << refused->message.toStdString();
    // The wait is what is left of this minute.
    static const QRegularExpression waitText(QStringLiteral("try again in (1 min|[1-5]?[0-9] s)$"));
    EXPECT_TRUE(waitText.match(refused->message).hasMatch()) << refused->message.toStdString();
    // Refused requests do not count: still 3, not 4.
    EXPECT_TRUE(request("vk-a")->message.contains(QLatin1String("(3 this minute)")));
}

TEST_F(PluginGovernanceTest, EachKeyHasItsOwnLimits) {
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":1},
                                  {"key":"vk-b","requests_per_minute":2}]})");
    EXPECT_FALSE(request("vk-a"));
    EXPECT_TRUE(request("vk-a"));
    EXPECT_FALSE(request("vk-b"));
    EXPECT_FALSE(request("vk-b"));
    EXPECT_TRUE(request("vk-b"));
}

TEST_F(PluginGovernanceTest, FallbacksOfAnAdmittedRequestAreNotCountedAgain) {
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":1,
                  "allowed_models":["openai/*","anthropic/*"]}]})");
    FakeContext ctx;
    ctx.setClientHeader("x-bf-vk", "vk-a");
    EXPECT_EQ(pre(ctx, "openai/gpt-4o").action, PreHookResult::Action::Continue);
    // The primary failed; the fallback runs the chain again with the same context.
    EXPECT_EQ(pre(ctx, "anthropic/claude").action, PreHookResult::Action::Continue);
    // ...but still only to allowed models.
    EXPECT_EQ(pre(ctx, "groq/llama").action, PreHookResult::Action::ShortCircuit);
    EXPECT_TRUE(request("vk-a"));  // a new request: the one slot is taken
}

TEST_F(PluginGovernanceTest, TokensPerMinuteCountTheAnswersUsage) {
    configure(R"({"virtual_keys":[{"key":"vk-a","name":"team-a","tokens_per_minute":100}]})");
    EXPECT_FALSE(request("vk-a", 60));
    EXPECT_FALSE(request("vk-a", 50));  // admitted at 60: answers are counted after
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->code, QStringLiteral("tokens_per_minute_exceeded"));
    EXPECT_TRUE(refused->message.startsWith(
        QLatin1String("virtual key 'team-a' is over its limit of 100 tokens per minute (110 "
                      "used this minute); try again in ")))
        << refused->message.toStdString();
}

TEST_F(PluginGovernanceTest, UsageFallsBackToPromptPlusCompletionTokens) {
    configure(R"({"virtual_keys":[{"key":"vk-a","budget":{"max_tokens":30}}]})");
    FakeContext ctx;
    ctx.setClientHeader("x-bf-vk", "vk-a");
    pre(ctx);
    QJsonObject answer = chatCompletion("ok");
    answer.insert(QStringLiteral("usage"), json(R"({"prompt_tokens":20,"completion_tokens":10})"));
    std::optional<PluginResponse> response = PluginResponse{answer, {}};
    std::optional<PluginError> error;
    plugin->postHook(ctx, response, error);
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    EXPECT_TRUE(refused->message.contains(QLatin1String("(30 used)")))
        << refused->message.toStdString();
}

TEST_F(PluginGovernanceTest, TokenBudgetRefusesOnceSpentAndSaysItDoesNotReset) {
    configure(R"({"virtual_keys":[{"key":"vk-a","name":"team-a","budget":{"max_tokens":100}}]})");
    EXPECT_FALSE(request("vk-a", 99));
    EXPECT_FALSE(request("vk-a", 5));  // admitted at 99: the last answer may overshoot
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->type, QStringLiteral("insufficient_quota"));
    EXPECT_EQ(refused->code, QStringLiteral("budget_exceeded"));
    EXPECT_FALSE(refused->allowFallbacks);
    EXPECT_EQ(refused->message,
              QStringLiteral("virtual key 'team-a' has used its budget of 100 tokens (104 used); "
                             "it does not reset (no budget.reset_duration): raise the budget in "
                             "the governance config"));
}

TEST_F(PluginGovernanceTest, UsdBudgetIsPricedPerThousandTokens) {
    configure(R"({"virtual_keys":[{"key":"vk-a","name":"team-a",
                  "budget":{"max_usd":0.01,"price_per_1k_tokens":0.002}}]})");
    EXPECT_FALSE(request("vk-a", 4999));  // $0.009998
    EXPECT_FALSE(request("vk-a", 1));     // $0.01
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, QStringLiteral("budget_exceeded"));
    EXPECT_TRUE(refused->message.startsWith(
        QLatin1String("virtual key 'team-a' has spent its budget of $0.0100 ($0.0100 spent at "
                      "$0.0020 per 1k tokens); it does not reset")))
        << refused->message.toStdString();
}

TEST_F(PluginGovernanceTest, BudgetWithResetDurationIsRestoredWhenThePeriodEnds) {
    configure(R"({"virtual_keys":[{"key":"vk-a","budget":{"max_tokens":10,
                                                          "reset_duration":"2s"}}]})");
    // Periods are calendar windows: start just after one begins.
    while (QDateTime::currentMSecsSinceEpoch() % 2000 > 200) QThread::msleep(20);
    EXPECT_FALSE(request("vk-a", 10));
    const auto refused = request("vk-a");
    ASSERT_TRUE(refused);
    static const QRegularExpression resets(QStringLiteral("it resets in [12] s$"));
    EXPECT_TRUE(resets.match(refused->message).hasMatch()) << refused->message.toStdString();
    QThread::msleep(2000 - QDateTime::currentMSecsSinceEpoch() % 2000 + 50);
    EXPECT_FALSE(request("vk-a", 10));
    EXPECT_TRUE(request("vk-a"));
}

TEST_F(PluginGovernanceTest, ErrorsAndCacheHitsCostNoTokens) {
    configure(R"({"virtual_keys":[{"key":"vk-a","budget":{"max_tokens":10}}]})");
    FakeContext failed;
    failed.setClientHeader("x-bf-vk", "vk-a");
    pre(failed);
    std::optional<PluginResponse> none;
    std::optional<PluginError> error = PluginError{500, "api_error", "", "boom", true};
    plugin->postHook(failed, none, error);

    FakeContext hit;
    hit.setClientHeader("x-bf-vk", "vk-a");
    pre(hit);
    std::optional<PluginResponse> cachedAnswer =
        PluginResponse{chatCompletion("cached", 50), {{"x-gatehouse-cache", "hit"}}};
    std::optional<PluginError> noError;
    plugin->postHook(hit, cachedAnswer, noError);

    EXPECT_FALSE(request("vk-a", 9));
    EXPECT_FALSE(request("vk-a"));
}

TEST_F(PluginGovernanceTest, RequestsWithoutAKeyAreNeverCounted) {
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":1}]})");
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(request("", 1000));
    EXPECT_FALSE(request("vk-a"));
}

TEST_F(PluginGovernanceTest, ManyThreadsOnOneKeyGetExactlyTheLimit) {
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":100},
                                  {"key":"vk-b","requests_per_minute":37}]})");
    std::atomic<int> admittedA{0}, admittedB{0}, refusedA{0};
    runOnThreads(8, [&](int t) {
        for (int i = 0; i < 60; ++i) {
            const bool a = (t + i) % 2 == 0;
            const auto refused = request(a ? "vk-a" : "vk-b", 3);
            if (!refused)
                (a ? admittedA : admittedB)++;
            else if (a && refused->status == 429)
                ++refusedA;
        }
    });
    EXPECT_EQ(admittedA.load(), 100);
    EXPECT_EQ(refusedA.load(), 240 - 100);
    EXPECT_EQ(admittedB.load(), 37);
}

TEST_F(PluginGovernanceTest, ManyThreadsCountEveryToken) {
    configure(R"({"virtual_keys":[{"key":"vk-a","budget":{"max_tokens":5600}}]})");
    std::atomic<int> refused{0};
    runOnThreads(8, [&](int) {
        for (int i = 0; i < 100; ++i)
            if (request("vk-a", 7)) ++refused;  // usage stays below 5600 until the last one
    });
    EXPECT_EQ(refused.load(), 0);
    const auto over = request("vk-a");
    ASSERT_TRUE(over);
    EXPECT_TRUE(over->message.contains(QLatin1String("(5600 used)")))
        << over->message.toStdString();
}

TEST_F(PluginGovernanceTest, InitAgainKeepsTheCounts) {
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":1}]})");
    EXPECT_FALSE(request("vk-a"));
    EXPECT_TRUE(request("vk-a"));
    // A config edit is no way around a limit.
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":1}]})");
    EXPECT_TRUE(request("vk-a"));
    configure(R"({"virtual_keys":[{"key":"vk-a","requests_per_minute":2}]})");
    EXPECT_FALSE(request("vk-a"));
    configure("{}");
    EXPECT_TRUE(request("vk-a"));  // no longer a known key
}

namespace {

class PluginGovernanceBadConfigTest : public ::testing::TestWithParam<BadConfig> {};

}  // namespace

TEST_P(PluginGovernanceBadConfigTest, InitRefusesNamingTheField) {
    EXPECT_TRUE(initRefusesNaming(QStringLiteral(GATEHOUSE_PLUGIN_GOVERNANCE), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PluginGovernanceBadConfigTest,
    ::testing::Values(
        BadConfig{R"({"require":true})", "require"}, BadConfig{R"({"required":"yes"})", "required"},
        BadConfig{R"({"required":true})", "virtual_keys"},
        BadConfig{R"({"virtual_keys":{"vk-a":{}}})", "virtual_keys"},
        BadConfig{R"({"virtual_keys":["vk-a"]})", "virtual_keys[0]"},
        BadConfig{R"({"virtual_keys":[{"name":"team-a"}]})", "virtual_keys[0].key"},
        BadConfig{R"({"virtual_keys":[{"key":"a"},{"key":"a"}]})", "virtual_keys[1].key"},
        BadConfig{R"({"virtual_keys":[{"key":"a","name":""}]})", "virtual_keys[0].name"},
        BadConfig{R"({"virtual_keys":[{"key":"a","request_per_minute":5}]})",
                  "virtual_keys[0].request_per_minute"},
        BadConfig{R"({"virtual_keys":[{"key":"a","requests_per_minute":0}]})",
                  "virtual_keys[0].requests_per_minute"},
        BadConfig{R"({"virtual_keys":[{"key":"a","requests_per_minute":"10"}]})",
                  "virtual_keys[0].requests_per_minute"},
        BadConfig{R"({"virtual_keys":[{"key":"a","tokens_per_minute":1.5}]})",
                  "virtual_keys[0].tokens_per_minute"},
        BadConfig{R"({"virtual_keys":[{"key":"a","allowed_models":"openai/*"}]})",
                  "virtual_keys[0].allowed_models"},
        BadConfig{R"({"virtual_keys":[{"key":"a","allowed_models":["openai/*",""]}]})",
                  "virtual_keys[0].allowed_models[1]"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":100}]})", "virtual_keys[0].budget"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{}}]})", "virtual_keys[0].budget"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{"max_tokens":5,
                  "price_per_1k_tokens":0.1}}]})",
                  "virtual_keys[0].budget.price_per_1k_tokens"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{"max_usd":-1,
                  "price_per_1k_tokens":0.1}}]})",
                  "virtual_keys[0].budget.max_usd"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{"max_tokens":5,
                  "reset_duration":"1mo"}}]})",
                  "virtual_keys[0].budget.reset_duration"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{"max_tokens":5,
                  "reset_duration":3600}}]})",
                  "virtual_keys[0].budget.reset_duration"},
        BadConfig{R"({"virtual_keys":[{"key":"a","budget":{"max_token":5}}]})",
                  "virtual_keys[0].budget.max_token"},
        BadConfig{R"({"virtual_keys":[{"key":"a","mcp_configs":{"files":["*"]}}]})",
                  "virtual_keys[0].mcp_configs"},
        BadConfig{R"({"virtual_keys":[{"key":"a","mcp_configs":[{"tools_to_execute":[]}]}]})",
                  "virtual_keys[0].mcp_configs[0].mcp_client_name"},
        BadConfig{R"({"virtual_keys":[{"key":"a","mcp_configs":[{"mcp_client_name":"f",
                  "tools_to_execute":"*"}]}]})",
                  "virtual_keys[0].mcp_configs[0].tools_to_execute"},
        BadConfig{R"({"virtual_keys":[{"key":"a","mcp_configs":[{"mcp_client_name":"f",
                  "tools_to_execute":[],"tools":[]}]}]})",
                  "virtual_keys[0].mcp_configs[0].tools"}));

TEST_F(PluginGovernanceTest, DocumentedExampleLoads) {
    configure(R"({"required":true,"virtual_keys":[
        {"key":"vk-team-a","name":"team-a","allowed_models":["openai/gpt-4o-mini","mock/*"],
         "requests_per_minute":60,"tokens_per_minute":100000,
         "budget":{"max_usd":20,"price_per_1k_tokens":0.0006,"reset_duration":"30d"}},
        {"key":"vk-ci","name":"ci","budget":{"max_tokens":200000}}]})");
    EXPECT_FALSE(request("vk-team-a", 10, "mock/echo"));
    EXPECT_FALSE(request("vk-ci", 10, "anthropic/claude"));
    EXPECT_TRUE(request("", 0));
}
