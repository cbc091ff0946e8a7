// client.model_aliases: glob matching, which entry wins, endpoint scoping,
// and errors that point at the entry to fix.
#include "ConfigTestSupport.h"
#include "config/ModelAliases.h"

using namespace gatehouse;
using gatehouse::testing::loadError;
using gatehouse::testing::loadOk;

TEST(ModelAliases, GlobsMatchRunsAndSingleCharactersCaseInsensitively) {
    EXPECT_TRUE(globMatches(u"claude-sonnet-*", u"claude-sonnet-4-5-20250929"));
    EXPECT_TRUE(globMatches(u"claude-sonnet-*", u"claude-sonnet-"));
    EXPECT_TRUE(globMatches(u"Claude-*", u"claude-opus-4-1"));
    EXPECT_TRUE(globMatches(u"gpt-5*", u"gpt-5"));
    EXPECT_TRUE(globMatches(u"*-codex", u"gpt-5.1-codex"));
    EXPECT_TRUE(globMatches(u"claude-*-4-?", u"claude-haiku-4-5"));
    EXPECT_TRUE(globMatches(u"*", u""));
    EXPECT_TRUE(globMatches(u"a*b*c", u"aXXbYYbc"));
    EXPECT_FALSE(globMatches(u"claude-sonnet-*", u"claude-opus-4"));
    EXPECT_FALSE(globMatches(u"gpt-5", u"gpt-5-mini"));
    EXPECT_FALSE(globMatches(u"claude-*-4-?", u"claude-haiku-4-51"));
    EXPECT_FALSE(globMatches(u"a*b*c", u"aXXbYYbd"));
    // Many stars on a long miss stay linear (one backtrack point).
    EXPECT_FALSE(globMatches(u"*a*a*a*a*a*a*a*a*b", QString(5000, QLatin1Char('a'))));
}

TEST(ModelAliases, AnExactNameWinsOverAnEarlierGlobAndTheFirstGlobWinsAmongGlobs) {
    const QList<ModelAlias> aliases{
        {QStringLiteral("claude-*"), QStringLiteral("ollama/qwen3-coder"), {}},
        {QStringLiteral("claude-sonnet-*"), QStringLiteral("openai/gpt-5"), {}},
        {QStringLiteral("claude-opus-4-1"), QStringLiteral("anthropic/claude-opus-4-1"), {}},
    };
    auto hit = findModelAlias(aliases, QStringLiteral("claude-opus-4-1"), "anthropic-messages");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->target, "anthropic/claude-opus-4-1");
    EXPECT_EQ(hit->index, 2);
    hit = findModelAlias(aliases, QStringLiteral("claude-sonnet-4-5"), "anthropic-messages");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->target, "ollama/qwen3-coder");
    EXPECT_EQ(hit->index, 0);
    EXPECT_FALSE(findModelAlias(aliases, QStringLiteral("gpt-4o"), "openai-chat"));
}

TEST(ModelAliases, EndpointsLimitAnEntryToThoseClientFormats) {
    const QList<ModelAlias> aliases{
        {QStringLiteral("gpt-5*"),
         QStringLiteral("ollama/qwen3"),
         {QStringLiteral("openai-responses")}},
    };
    EXPECT_TRUE(findModelAlias(aliases, QStringLiteral("gpt-5-codex"), "openai-responses"));
    EXPECT_FALSE(findModelAlias(aliases, QStringLiteral("gpt-5-codex"), "openai-chat"));
}

TEST(ModelAliases, ConfigReadsTheEntriesInOrder) {
    const GatewayConfig config = loadOk(R"({"client": {"model_aliases": [
        {"match": "claude-sonnet-*", "target": "ollama/qwen3-coder:30b", "endpoints": ["anthropic-messages"]},
        {"match": "gpt-5-codex", "target": "openai/gpt-5"}
    ]}})");
    ASSERT_EQ(config.client.modelAliases.size(), 2);
    EXPECT_EQ(config.client.modelAliases[0].match, "claude-sonnet-*");
    EXPECT_EQ(config.client.modelAliases[0].target, "ollama/qwen3-coder:30b");
    EXPECT_EQ(config.client.modelAliases[0].endpoints, QStringList{"anthropic-messages"});
    EXPECT_TRUE(config.client.modelAliases[1].endpoints.isEmpty());
}

TEST(ModelAliases, ABadEntryIsRefusedWithItsPath) {
    ConfigError e =
        loadError(R"({"client": {"model_aliases": [{"match": "a", "target": "nomodel"}]}})");
    EXPECT_EQ(e.path, "client.model_aliases[0].target") << qPrintable(e.toString());
    EXPECT_TRUE(e.message.contains("provider/model")) << qPrintable(e.message);

    e = loadError(R"({"client": {"model_aliases": [{"match": "", "target": "a/b"}]}})");
    EXPECT_EQ(e.path, "client.model_aliases[0].match") << qPrintable(e.toString());

    e = loadError(
        R"({"client": {"model_aliases": [{"match": "x", "target": "a/b", "endpoints": ["openai-chat", "claude"]}]}})");
    EXPECT_EQ(e.path, "client.model_aliases[0].endpoints[1]") << qPrintable(e.toString());
    EXPECT_TRUE(e.message.contains("anthropic-messages")) << qPrintable(e.message);

    e = loadError(R"({"client": {"model_aliases": {"claude-*": "a/b"}}})");
    EXPECT_EQ(e.path, "client.model_aliases") << qPrintable(e.toString());

    e = loadError(R"({"client": {"model_aliases": ["claude-*"]}})");
    EXPECT_EQ(e.path, "client.model_aliases[0]") << qPrintable(e.toString());
}
