// The mocker: rules matched on model, provider and last user message answer
// with a mock completion or an error; anything else goes on.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>
#include <QDateTime>
#include <QJsonArray>
#include <atomic>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

class PluginMockerTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString(); }
    void TearDown() override {
        if (plugin.isLoaded()) plugin->cleanup();
    }
    void configure(const char *config) {
        const QString error = plugin.init(config, host);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    }
    PreHookResult pre(PluginRequest request) {
        FakeContext ctx;
        return plugin->preHook(ctx, request);
    }
    PreHookResult chat(const char *provider, const char *model, const char *text) {
        return pre(chatRequest(QString::fromUtf8(provider), QString::fromUtf8(model),
                               QString::fromUtf8(text)));
    }
    static QString contentOf(const PreHookResult &r) {
        if (!r.response) return QStringLiteral("<no response>");
        return r.response->body.value(QLatin1String("choices"))
            .toArray()
            .at(0)
            .toObject()
            .value(QLatin1String("message"))
            .toObject()
            .value(QLatin1String("content"))
            .toString();
    }
    static bool continues(const PreHookResult &r) {
        return r.action == PreHookResult::Action::Continue && !r.response && !r.error;
    }

    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_MOCKER)};
    FakeHost host;
};

PluginRequest conversation(const QJsonArray &messages) {
    PluginRequest r = chatRequest(QStringLiteral("openai"), QStringLiteral("gpt-4o"), QString());
    r.body.insert(QStringLiteral("messages"), messages);
    return r;
}

}  // namespace

TEST_F(PluginMockerTest, MatchingRuleAnswersWithAnOpenAiChatCompletion) {
    configure(R"({"rules":[{"name":"greeting","match":{"model":"gpt-4o"},
                            "respond":{"text":"Hello from the mock"}}]})");
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const PreHookResult r = chat("openai", "gpt-4o-mini", "Say hi");
    ASSERT_EQ(r.action, PreHookResult::Action::ShortCircuit);
    ASSERT_TRUE(r.response);
    EXPECT_FALSE(r.error);
    const QJsonObject body = r.response->body;
    EXPECT_TRUE(body.value(QLatin1String("id")).toString().startsWith(QLatin1String("chatcmpl-")));
    EXPECT_EQ(body.value(QLatin1String("object")).toString(), QStringLiteral("chat.completion"));
    EXPECT_GE(body.value(QLatin1String("created")).toInteger(), before);
    EXPECT_EQ(body.value(QLatin1String("model")).toString(), QStringLiteral("gpt-4o-mini"));
    const QJsonObject choice = body.value(QLatin1String("choices")).toArray().at(0).toObject();
    EXPECT_EQ(choice.value(QLatin1String("index")).toInt(-1), 0);
    EXPECT_EQ(choice.value(QLatin1String("finish_reason")).toString(), QStringLiteral("stop"));
    EXPECT_EQ(choice.value(QLatin1String("message")).toObject(),
              json(R"({"role":"assistant","content":"Hello from the mock"})"));
    const QJsonObject usage = body.value(QLatin1String("usage")).toObject();
    EXPECT_GT(usage.value(QLatin1String("prompt_tokens")).toInt(), 0);
    EXPECT_EQ(usage.value(QLatin1String("completion_tokens")).toInt(), 5);  // 19 chars / 4
    EXPECT_EQ(usage.value(QLatin1String("total_tokens")).toInt(),
              usage.value(QLatin1String("prompt_tokens")).toInt() + 5);
    EXPECT_EQ(r.response->headers, (PluginHeaders{{"x-gatehouse-mock-rule", "greeting"}}));
}

TEST_F(PluginMockerTest, NoMatchingRuleLetsTheRequestGoOn) {
    configure(R"({"rules":[{"match":{"model":"^claude"},"respond":{"text":"x"}}]})");
    EXPECT_TRUE(continues(chat("openai", "gpt-4o", "hi")));
}

TEST_F(PluginMockerTest, ErrorRuleShortCircuitsWithThatError) {
    configure(R"({"rules":[{"respond":{"error":{"status":429,"message":"slow down",
                  "type":"rate_limit_error","code":"rate_limited"}}}]})");
    const PreHookResult r = chat("openai", "gpt-4o", "hi");
    ASSERT_EQ(r.action, PreHookResult::Action::ShortCircuit);
    ASSERT_TRUE(r.error);
    EXPECT_FALSE(r.response);
    EXPECT_EQ(r.error->status, 429);
    EXPECT_EQ(r.error->message, QStringLiteral("slow down"));
    EXPECT_EQ(r.error->type, QStringLiteral("rate_limit_error"));
    EXPECT_EQ(r.error->code, QStringLiteral("rate_limited"));
    EXPECT_TRUE(r.error->allowFallbacks);  // like a real provider's error
}

TEST_F(PluginMockerTest, ErrorTypeFollowsTheStatusAndFallbacksCanBeTurnedOff) {
    configure(R"({"rules":[{"respond":{"error":{"status":401,"message":"bad key",
                                                "allow_fallbacks":false}}}]})");
    const PreHookResult r = chat("openai", "gpt-4o", "hi");
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->type, QStringLiteral("authentication_error"));
    EXPECT_FALSE(r.error->allowFallbacks);
    configure(R"({"rules":[{"respond":{"error":{"message":"boom"}}}]})");
    const PreHookResult r2 = chat("openai", "gpt-4o", "hi");
    ASSERT_TRUE(r2.error);
    EXPECT_EQ(r2.error->status, 500);
    EXPECT_EQ(r2.error->type, QStringLiteral("api_error"));
}

TEST_F(PluginMockerTest, MessagePatternLooksAtTheLastUserMessageOnly) {
    configure(R"({"rules":[{"match":{"message":"(?i)weather"},"respond":{"text":"Sunny"}}]})");
    EXPECT_EQ(contentOf(pre(conversation(jsonArray(R"([
        {"role":"system","content":"You know the weather"},
        {"role":"user","content":"Hello"},
        {"role":"assistant","content":"Hi! Ask me about the weather"},
        {"role":"user","content":"What is the Weather in Paris?"}])")))),
              QStringLiteral("Sunny"));
    EXPECT_TRUE(continues(pre(conversation(jsonArray(R"([
        {"role":"user","content":"What is the weather?"},
        {"role":"assistant","content":"Sunny"},
        {"role":"user","content":"Thanks"}])")))));
}

TEST_F(PluginMockerTest, MessagePatternSeesTheTextPartsOfMultiPartContent) {
    configure(R"({"rules":[{"match":{"message":"^describe\nthis$"},"respond":{"text":"A cat"}}]})");
    EXPECT_EQ(contentOf(pre(conversation(jsonArray(R"([{"role":"user","content":[
        {"type":"text","text":"describe"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
        {"type":"text","text":"this"}]}])")))),
              QStringLiteral("A cat"));
}

TEST_F(PluginMockerTest, ModelPatternMayNameTheProviderAndProviderPatternIsChecked) {
    configure(R"({"rules":[
        {"name":"qualified","match":{"model":"^openai/gpt-4o$"},"respond":{"text":"q"}},
        {"name":"by-provider","match":{"provider":"^anthropic$","model":"haiku"},
         "respond":{"text":"p"}}]})");
    EXPECT_EQ(contentOf(chat("openai", "gpt-4o", "x")), QStringLiteral("q"));
    EXPECT_TRUE(continues(chat("openai", "gpt-4o-mini", "x")));
    EXPECT_TRUE(continues(chat("azure", "gpt-4o", "x")));
    EXPECT_EQ(contentOf(chat("anthropic", "claude-3-5-haiku", "x")), QStringLiteral("p"));
    EXPECT_TRUE(continues(chat("openrouter", "claude-3-5-haiku", "x")));
}

TEST_F(PluginMockerTest, EveryGivenConditionMustMatch) {
    configure(R"({"rules":[{"match":{"model":"gpt","provider":"openai","message":"ping"},
                            "respond":{"text":"pong"}}]})");
    EXPECT_EQ(contentOf(chat("openai", "gpt-4o", "ping")), QStringLiteral("pong"));
    EXPECT_TRUE(continues(chat("openai", "gpt-4o", "hello")));
    EXPECT_TRUE(continues(chat("groq", "gpt-4o", "ping")));
    EXPECT_TRUE(continues(chat("openai", "o1", "ping")));
}

TEST_F(PluginMockerTest, FirstMatchingRuleWins) {
    configure(R"({"rules":[
        {"name":"a","match":{"message":"x"},"respond":{"text":"first"}},
        {"name":"b","respond":{"text":"second"}}]})");
    EXPECT_EQ(contentOf(chat("openai", "gpt-4o", "x")), QStringLiteral("first"));
    EXPECT_EQ(contentOf(chat("openai", "gpt-4o", "y")), QStringLiteral("second"));
}

TEST_F(PluginMockerTest, RuleLosingItsRollLetsTheNextRulesTry) {
    configure(R"({"rules":[{"probability":0,"respond":{"text":"never"}},
                           {"probability":1,"respond":{"text":"always"}}]})");
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(contentOf(chat("o", "m", "x")), QStringLiteral("always"));
}

TEST_F(PluginMockerTest, ProbabilityIsTheShareOfMatchingRequestsAnswered) {
    configure(R"({"rules":[{"probability":0.3,"respond":{"text":"mocked"}}]})");
    int mocked = 0;
    constexpr int kTrials = 4000;
    for (int i = 0; i < kTrials; ++i) mocked += continues(chat("o", "m", "x")) ? 0 : 1;
    // 0.3 * 4000 = 1200, standard deviation ~29: 1050..1350 is over 5 sigma.
    EXPECT_GT(mocked, 1050);
    EXPECT_LT(mocked, 1350);
}

TEST_F(PluginMockerTest, DefaultAnswersWhatNoRuleMatched) {
    configure(R"({"rules":[{"match":{"message":"special"},"respond":{"text":"rule"}}],
                  "default":{"text":"fallback answer"}})");
    EXPECT_EQ(contentOf(chat("o", "m", "special")), QStringLiteral("rule"));
    const PreHookResult r = chat("o", "m", "anything else");
    EXPECT_EQ(contentOf(r), QStringLiteral("fallback answer"));
    EXPECT_EQ(r.response->headers, (PluginHeaders{{"x-gatehouse-mock-rule", "default"}}));
}

TEST_F(PluginMockerTest, UnnamedRulesAreNamedByTheirPosition) {
    configure(R"({"rules":[{"match":{"message":"a"},"respond":{"text":"1"}},
                           {"respond":{"text":"2"}}]})");
    const PreHookResult r = chat("o", "m", "b");
    ASSERT_TRUE(r.response);
    EXPECT_EQ(r.response->headers, (PluginHeaders{{"x-gatehouse-mock-rule", "rules[1]"}}));
}

TEST_F(PluginMockerTest, DisabledMockerLetsEverythingThrough) {
    configure(R"({"enabled":false,"rules":[{"respond":{"text":"x"}}],"default":{"text":"y"}})");
    EXPECT_TRUE(continues(chat("o", "m", "x")));
}

TEST_F(PluginMockerTest, TextCompletionRequestsGetATextCompletion) {
    configure(R"({"rules":[{"match":{"message":"^Once"},"respond":{"text":" upon a time"}}]})");
    PluginRequest r;
    r.endpoint = QStringLiteral("/v1/completions");
    r.provider = QStringLiteral("openai");
    r.model = QStringLiteral("gpt-3.5-turbo-instruct");
    r.body = json(R"({"prompt":"Once","max_tokens":5})");
    const PreHookResult result = pre(r);
    ASSERT_TRUE(result.response);
    const QJsonObject body = result.response->body;
    EXPECT_EQ(body.value(QLatin1String("object")).toString(), QStringLiteral("text_completion"));
    EXPECT_TRUE(body.value(QLatin1String("id")).toString().startsWith(QLatin1String("cmpl-")));
    const QJsonObject choice = body.value(QLatin1String("choices")).toArray().at(0).toObject();
    EXPECT_EQ(choice.value(QLatin1String("text")).toString(), QStringLiteral(" upon a time"));
    EXPECT_EQ(choice.value(QLatin1String("finish_reason")).toString(), QStringLiteral("stop"));
}

TEST_F(PluginMockerTest, EmbeddingRequestsAreNeverAnsweredWithTextButErrorsStillApply) {
    configure(R"({"rules":[{"match":{"model":"text"},"respond":{"text":"x"}}],
                  "default":{"text":"y"}})");
    PluginRequest r;
    r.endpoint = QStringLiteral("/v1/embeddings");
    r.provider = QStringLiteral("openai");
    r.model = QStringLiteral("text-embedding-3-small");
    r.body = json(R"({"input":"hello"})");
    EXPECT_TRUE(continues(pre(r)));
    configure(R"({"rules":[{"respond":{"error":{"status":503,"message":"down"}}}]})");
    const PreHookResult e = pre(r);
    ASSERT_TRUE(e.error);
    EXPECT_EQ(e.error->status, 503);
}

TEST_F(PluginMockerTest, StreamedRequestsAreShortCircuitedTooForTheHostToStream) {
    configure(R"({"rules":[{"respond":{"text":"streamed mock"}}]})");
    const PreHookResult r = pre(chatRequest("mock", "m", "hi", true));
    EXPECT_EQ(contentOf(r), QStringLiteral("streamed mock"));
}

TEST_F(PluginMockerTest, InitAgainReplacesTheRules) {
    configure(R"({"rules":[{"respond":{"text":"old"}}]})");
    configure(R"({"rules":[{"respond":{"text":"new"}}]})");
    EXPECT_EQ(contentOf(chat("o", "m", "x")), QStringLiteral("new"));
    configure("{}");
    EXPECT_TRUE(continues(chat("o", "m", "x")));
}

TEST_F(PluginMockerTest, ManyThreadsMatchTheSameRulesConsistently) {
    configure(R"({"rules":[{"match":{"message":"^even"},"respond":{"text":"E"}},
                           {"match":{"message":"^odd"},"respond":{"text":"O"}}]})");
    std::atomic<int> wrong{0};
    runOnThreads(8, [&](int t) {
        for (int i = 0; i < 500; ++i) {
            const bool even = (t + i) % 2 == 0;
            FakeContext ctx;
            PluginRequest r = chatRequest("o", "m", even ? "even request" : "odd request");
            const PreHookResult result = plugin->preHook(ctx, r);
            if (contentOf(result) != QLatin1String(even ? "E" : "O")) ++wrong;
        }
    });
    EXPECT_EQ(wrong.load(), 0);
}

namespace {

class PluginMockerBadConfigTest : public ::testing::TestWithParam<BadConfig> {};

}  // namespace

TEST_P(PluginMockerBadConfigTest, InitRefusesNamingTheField) {
    EXPECT_TRUE(initRefusesNaming(QStringLiteral(GATEHOUSE_PLUGIN_MOCKER), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PluginMockerBadConfigTest,
    ::testing::Values(
        BadConfig{R"({"enabled":"yes"})", "enabled"}, BadConfig{R"({"rulez":[]})", "rulez"},
        BadConfig{R"({"rules":{}})", "rules"}, BadConfig{R"({"rules":[7]})", "rules[0]"},
        BadConfig{R"({"rules":[{"respond":{"text":"a"}},{"match":{"model":"gpt-("},
                  "respond":{"text":"b"}}]})",
                  "rules[1].match.model"},
        BadConfig{R"({"rules":[{"match":{"modle":"gpt"},"respond":{"text":"a"}}]})",
                  "rules[0].match.modle"},
        BadConfig{R"({"rules":[{"match":{"message":5},"respond":{"text":"a"}}]})",
                  "rules[0].match.message"},
        BadConfig{R"({"rules":[{"match":"gpt","respond":{"text":"a"}}]})", "rules[0].match"},
        BadConfig{R"({"rules":[{"name":"no answer"}]})", "rules[0].respond"},
        BadConfig{R"({"rules":[{"respond":{}}]})", "rules[0].respond"},
        BadConfig{R"({"rules":[{"respond":{"text":"a","error":{"message":"b"}}}]})",
                  "rules[0].respond"},
        BadConfig{R"({"rules":[{"respond":{"text":42}}]})", "rules[0].respond.text"},
        BadConfig{R"({"rules":[{"respond":{"text":"a","delay_ms":100}}]})",
                  "rules[0].respond.delay_ms"},
        BadConfig{R"({"rules":[{"respond":{"error":{"status":200,"message":"x"}}}]})",
                  "rules[0].respond.error.status"},
        BadConfig{R"({"rules":[{"respond":{"error":{"status":429}}}]})",
                  "rules[0].respond.error.message"},
        BadConfig{R"({"rules":[{"respond":{"error":{"message":"x","allow_fallbacks":1}}}]})",
                  "rules[0].respond.error.allow_fallbacks"},
        BadConfig{R"({"rules":[{"probability":1.5,"respond":{"text":"a"}}]})",
                  "rules[0].probability"},
        BadConfig{R"({"rules":[{"probability":"half","respond":{"text":"a"}}]})",
                  "rules[0].probability"},
        BadConfig{R"({"default":{"error":{"status":"429","message":"x"}}})",
                  "default.error.status"},
        BadConfig{R"({"default":"hello"})", "default"}));

TEST(PluginMockerDelayTest, RefusingDelayExplainsWhyAndWhatToUseInstead) {
    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_MOCKER)};
    FakeHost host;
    const QString error =
        plugin.init(R"({"rules":[{"respond":{"text":"a","delay_ms":100}}]})", host);
    EXPECT_TRUE(error.contains(QLatin1String("stall"))) << error.toStdString();
    EXPECT_TRUE(error.contains(QLatin1String("latency_ms"))) << error.toStdString();
}

TEST_F(PluginMockerTest, DocumentedExampleLoads) {
    configure(R"({"enabled":true,"rules":[
        {"name":"weather","match":{"model":"^gpt-4o","message":"(?i)weather"},
         "respond":{"text":"Sunny, 22 °C."}},
        {"name":"flaky-openai","match":{"provider":"^openai$"},"probability":0.1,
         "respond":{"error":{"status":429,"message":"Rate limit reached",
                             "type":"rate_limit_error"}}}],
        "default":{"text":"This is a mock answer."}})");
    EXPECT_EQ(contentOf(chat("azure", "gpt-4o", "Weather in Oslo?")),
              QStringLiteral("Sunny, 22 °C."));
    EXPECT_EQ(contentOf(chat("azure", "gpt-4o", "hi")), QStringLiteral("This is a mock answer."));
}
