// core/TargetResolver: a request's model and fallbacks to checked targets,
// with model aliases, each format's default provider and every refusal.
#include "ConfigTestSupport.h"
#include "core/TargetResolver.h"

using namespace gatehouse;
using gatehouse::testing::loadOk;

namespace {

const QByteArray kConfig = R"({
  "providers": {
    "mock": { "keys": [], "mock_config": { "models": ["echo", "tool"] } },
    "openai": { "keys": [ { "value": "sk", "models": ["gpt-4o", "gpt-5"] } ] },
    "anthropic": { "keys": [ { "value": "ak", "models": ["*"] } ] },
    "cohere": { "keys": [] }
  },
  "client": { "model_aliases": [
    { "match": "claude-sonnet-*", "target": "mock/echo", "endpoints": ["anthropic-messages"] },
    { "match": "gpt-5-codex", "target": "openai/gpt-5" },
    { "match": "lost", "target": "nowhere/model" }
  ] }
})";

struct Outcome {
    bool ok = false;
    ResolvedTargets resolved;
    GatewayError error;
};

Outcome resolve(const QStringList &specs, WireFormat format = WireFormat::OpenAIChat,
                Operation operation = Operation::ChatCompletion, bool stream = false) {
    static const GatewayConfig config = loadOk(kConfig);
    Outcome o;
    o.ok = resolveTargets(config, specs, format, operation, stream, &o.resolved, &o.error);
    return o;
}

QStringList names(const ResolvedTargets &r) {
    QStringList out;
    for (const Target &t : r.targets) out << t.provider + QLatin1Char('/') + t.model;
    return out;
}

}  // namespace

TEST(TargetResolver, ProviderSlashModelAndFallbacksInOrder) {
    const Outcome o = resolve({"openai/gpt-4o", "anthropic/claude-x", "mock/echo"});
    ASSERT_TRUE(o.ok) << qPrintable(o.error.message);
    EXPECT_EQ(names(o.resolved), (QStringList{"openai/gpt-4o", "anthropic/claude-x", "mock/echo"}));
    EXPECT_TRUE(o.resolved.aliases.isEmpty());
}

TEST(TargetResolver, ModelKeepsEverythingAfterTheFirstSlash) {
    const Outcome o = resolve({"anthropic/org/model:tag"});
    ASSERT_TRUE(o.ok) << qPrintable(o.error.message);
    EXPECT_EQ(o.resolved.targets.at(0).provider, "anthropic");
    EXPECT_EQ(o.resolved.targets.at(0).model, "org/model:tag");
}

TEST(TargetResolver, BareNameGoesToTheFormatsOwnProvider) {
    EXPECT_EQ(names(resolve({"gpt-4o"}).resolved), QStringList{"openai/gpt-4o"});
    EXPECT_EQ(names(resolve({"claude-x"}, WireFormat::AnthropicMessages).resolved),
              QStringList{"anthropic/claude-x"});
    const Outcome gemini = resolve({"gemini-2.5-pro"}, WireFormat::Gemini);
    EXPECT_FALSE(gemini.ok);  // no provider named "gemini" here: say how to fix it
    EXPECT_EQ(gemini.error.code, "unknown_provider");
    EXPECT_TRUE(gemini.error.message.contains("goes to the provider named 'gemini'"))
        << qPrintable(gemini.error.message);
}

TEST(TargetResolver, UnknownProviderListsTheConfiguredOnes) {
    const Outcome o = resolve({"nope/x"});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.status, 400);
    EXPECT_EQ(o.error.code, "unknown_provider");
    EXPECT_TRUE(o.error.message.contains("Unknown provider 'nope' in model \"nope/x\""))
        << qPrintable(o.error.message);
    EXPECT_TRUE(o.error.message.contains("anthropic")) << qPrintable(o.error.message);
    EXPECT_FALSE(o.error.message.contains("without \"provider/\"")) << qPrintable(o.error.message);
}

TEST(TargetResolver, ProviderGatehouseDoesNotSpeakIsRefused) {
    const Outcome o = resolve({"cohere/command-r"});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.code, "unsupported_provider");
}

TEST(TargetResolver, EmptyModelIsRefused) {
    const Outcome o = resolve({"openai/"});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.code, "model_required");
}

TEST(TargetResolver, ModelTheKeysDoNotServeIsNotFoundWithTheAvailableOnes) {
    const Outcome o = resolve({"openai/o3"});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.status, 404);
    EXPECT_EQ(o.error.code, "model_not_found");
    EXPECT_TRUE(o.error.message.contains("openai/gpt-4o")) << qPrintable(o.error.message);
    EXPECT_TRUE(resolve({"openai/gpt-5"}).ok);
    EXPECT_TRUE(resolve({"mock/tool"}).ok);
    EXPECT_EQ(resolve({"mock/other"}).error.code, "model_not_found");
}

TEST(TargetResolver, AliasesApplyPerEndpointAndAreReported) {
    const Outcome messages =
        resolve({"claude-sonnet-4-5", "gpt-5-codex"}, WireFormat::AnthropicMessages);
    ASSERT_TRUE(messages.ok) << qPrintable(messages.error.message);
    EXPECT_EQ(names(messages.resolved), (QStringList{"mock/echo", "openai/gpt-5"}));
    ASSERT_EQ(messages.resolved.aliases.size(), 2);
    EXPECT_EQ(messages.resolved.aliases[0].asked, "claude-sonnet-4-5");
    EXPECT_EQ(messages.resolved.aliases[0].alias.index, 0);
    EXPECT_EQ(messages.resolved.aliases[1].alias.index, 1);
    // The first alias is for Anthropic's endpoint only: on chat the name is
    // a bare model for the openai provider, which does not serve it.
    const Outcome chat = resolve({"claude-sonnet-4-5"});
    EXPECT_FALSE(chat.ok);
    EXPECT_EQ(chat.error.code, "model_not_found");
}

TEST(TargetResolver, AliasToAnUnknownProviderNamesTheAlias) {
    const Outcome o = resolve({"gpt-5-codex", "lost"});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.code, "unknown_provider");
    EXPECT_TRUE(o.error.message.contains("(client.model_aliases[2] maps \"lost\" to it.)"))
        << qPrintable(o.error.message);
    // What resolved before the failure is kept for the trace.
    ASSERT_EQ(o.resolved.aliases.size(), 1);
    EXPECT_EQ(o.resolved.aliases[0].asked, "gpt-5-codex");
}

TEST(TargetResolver, StreamedEmbeddingsAreRefused) {
    const Outcome o =
        resolve({"openai/gpt-4o"}, WireFormat::OpenAIChat, Operation::Embedding, true);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error.code, "invalid_stream");
    EXPECT_TRUE(resolve({"openai/gpt-4o"}, WireFormat::OpenAIChat, Operation::Embedding).ok);
}
