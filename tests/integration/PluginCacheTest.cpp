// The exact-match cache: keys, hits and misses, what is never stored, TTL,
// LRU limits, partitions, and many threads on one instance.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QThread>
#include <atomic>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

const PluginHeaders kHit{{"x-gatehouse-cache", "hit"}};
const PluginHeaders kMiss{{"x-gatehouse-cache", "miss"}};

class PluginCacheTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString(); }
    void TearDown() override {
        if (plugin.isLoaded()) plugin->cleanup();
    }
    void configure(const char *config) {
        const QString error = plugin.init(config, host);
        ASSERT_TRUE(error.isEmpty()) << error.toStdString();
    }

    // One request through the cache as the host runs it: preHook, then (on
    // a miss) the provider's answer through postHook. Returns the answer the
    // client gets and, in *headers, the headers the plugin added.
    QJsonObject ask(PluginRequest request, const QJsonObject &providerAnswer,
                    PluginHeaders *headers = nullptr, FakeContext *context = nullptr) {
        FakeContext local;
        FakeContext &ctx = context ? *context : local;
        PreHookResult pre = plugin->preHook(ctx, request);
        std::optional<PluginResponse> response;
        std::optional<PluginError> error;
        if (pre.action == PreHookResult::Action::ShortCircuit)
            response = pre.response;
        else
            response = PluginResponse{providerAnswer, {}};
        plugin->postHook(ctx, response, error);
        if (headers) *headers = response ? response->headers : PluginHeaders();
        return response ? response->body : QJsonObject();
    }
    bool cached(const PluginRequest &request) {
        FakeContext ctx;
        PluginRequest r = request;
        return plugin->preHook(ctx, r).action == PreHookResult::Action::ShortCircuit;
    }

    static PluginRequest chat(const QString &text) { return chatRequest("openai", "gpt-4o", text); }

    LoadedPlugin plugin{QStringLiteral(GATEHOUSE_PLUGIN_CACHE)};
    FakeHost host;
};

}  // namespace

TEST_F(PluginCacheTest, MissStoresTheAnswerAndTheSameRequestIsThenAHit) {
    configure("{}");
    PluginHeaders headers;
    FakeContext ctx;
    EXPECT_EQ(ask(chat("hi"), chatCompletion("first answer"), &headers, &ctx),
              chatCompletion("first answer"));
    EXPECT_EQ(headers, kMiss);

    FakeContext second;
    PluginRequest again = chat("hi");
    const PreHookResult hit = plugin->preHook(second, again);
    ASSERT_EQ(hit.action, PreHookResult::Action::ShortCircuit);
    ASSERT_TRUE(hit.response);
    EXPECT_EQ(hit.response->body, chatCompletion("first answer"));
    EXPECT_EQ(hit.response->headers, kHit);
    EXPECT_FALSE(hit.error);
}

TEST_F(PluginCacheTest, MissLeavesTheKeyInTheContextForPostHook) {
    configure("{}");
    FakeContext ctx;
    PluginRequest r = chat("hi");
    EXPECT_EQ(plugin->preHook(ctx, r).action, PreHookResult::Action::Continue);
    const QByteArray key = ctx.value(QStringLiteral("cache.key")).toByteArray();
    EXPECT_EQ(key.size(), 64);  // hex SHA-256
    EXPECT_EQ(QByteArray::fromHex(key).toHex(), key);
}

TEST_F(PluginCacheTest, HitIsNotStoredAgainNorMarkedAsAMiss) {
    configure("{}");
    ask(chat("hi"), chatCompletion("answer"));
    PluginHeaders headers;
    EXPECT_EQ(ask(chat("hi"), chatCompletion("unused")), chatCompletion("answer"));
    ask(chat("hi"), chatCompletion("unused"), &headers);
    EXPECT_EQ(headers, kHit);
}

TEST_F(PluginCacheTest, StreamedAndPlainRequestsShareAnEntry) {
    configure("{}");
    PluginRequest streamed = chat("tell me a story");
    streamed.stream = true;
    streamed.body.insert(QStringLiteral("stream"), true);
    streamed.body.insert(QStringLiteral("stream_options"), json(R"({"include_usage":true})"));
    ask(streamed, chatCompletion("once upon a time"));
    EXPECT_EQ(ask(chat("tell me a story"), chatCompletion("other")),
              chatCompletion("once upon a time"));
    streamed.body.insert(QStringLiteral("stream_options"), json(R"({"include_usage":false})"));
    EXPECT_TRUE(cached(streamed));
}

TEST_F(PluginCacheTest, EveryParameterProviderModelAndEndpointIsPartOfTheKey) {
    configure("{}");
    PluginRequest base = chat("hi");
    base.body.insert(QStringLiteral("temperature"), 0.5);
    ask(base, chatCompletion("a"));

    PluginRequest sameParamsOtherOrder = chatRequest("openai", "gpt-4o", QString());
    sameParamsOtherOrder.body =
        json(R"({"temperature":0.5,"messages":[{"content":"hi","role":"user"}]})");
    EXPECT_TRUE(cached(sameParamsOtherOrder));

    PluginRequest warmer = base;
    warmer.body.insert(QStringLiteral("temperature"), 0.7);
    PluginRequest otherModel = base;
    otherModel.model = QStringLiteral("gpt-4o-mini");
    PluginRequest otherProvider = base;
    otherProvider.provider = QStringLiteral("azure");
    PluginRequest otherEndpoint = base;
    otherEndpoint.endpoint = QStringLiteral("/v1/completions");
    PluginRequest otherText = base;
    otherText.body = chat("hi!").body;
    otherText.body.insert(QStringLiteral("temperature"), 0.5);
    PluginRequest extraParam = base;
    extraParam.body.insert(QStringLiteral("seed"), 1);
    for (const PluginRequest &r :
         {warmer, otherModel, otherProvider, otherEndpoint, otherText, extraParam})
        EXPECT_FALSE(cached(r)) << r.provider.toStdString() << "/" << r.model.toStdString();
}

TEST_F(PluginCacheTest, ErrorsAreNeverStored) {
    configure("{}");
    FakeContext ctx;
    PluginRequest r = chat("hi");
    plugin->preHook(ctx, r);
    std::optional<PluginResponse> response;
    std::optional<PluginError> error = PluginError{502, "api_error", "", "upstream down", true};
    plugin->postHook(ctx, response, error);
    EXPECT_FALSE(response);
    EXPECT_FALSE(cached(chat("hi")));
}

TEST_F(PluginCacheTest, AFallbacksAnswerIsNeverStoredUnderThePrimarysKey) {
    configure("{}");
    PluginRequest fallback = chatRequest("anthropic", "claude", "hi");
    ask(fallback, chatCompletion("from claude"));

    // One request, one context: the primary misses, then its fallback hits.
    FakeContext ctx;
    PluginRequest primary = chat("hi");
    EXPECT_EQ(plugin->preHook(ctx, primary).action, PreHookResult::Action::Continue);
    PluginRequest fallbackAgain = fallback;
    PreHookResult hit = plugin->preHook(ctx, fallbackAgain);
    ASSERT_EQ(hit.action, PreHookResult::Action::ShortCircuit);
    std::optional<PluginResponse> response = hit.response;
    std::optional<PluginError> error;
    plugin->postHook(ctx, response, error);
    EXPECT_FALSE(cached(primary));
}

TEST_F(PluginCacheTest, EntriesExpireAfterTheirTimeToLive) {
    configure(R"({"ttl_seconds":0.5})");
    ask(chat("hi"), chatCompletion("a"));
    EXPECT_TRUE(cached(chat("hi")));
    QThread::msleep(600);
    EXPECT_FALSE(cached(chat("hi")));
    // Expired entries are replaced by the next answer.
    EXPECT_EQ(ask(chat("hi"), chatCompletion("b")), chatCompletion("b"));
    EXPECT_EQ(ask(chat("hi"), chatCompletion("c")), chatCompletion("b"));
}

TEST_F(PluginCacheTest, LeastRecentlyUsedEntryGoesWhenMaxEntriesIsReached) {
    configure(R"({"max_entries":2})");
    ask(chat("a"), chatCompletion("A"));
    ask(chat("b"), chatCompletion("B"));
    EXPECT_TRUE(cached(chat("a")));  // "a" is now the most recently used
    ask(chat("c"), chatCompletion("C"));
    EXPECT_FALSE(cached(chat("b")));
    EXPECT_TRUE(cached(chat("a")));
    EXPECT_TRUE(cached(chat("c")));
}

TEST_F(PluginCacheTest, MaxBytesEvictsOldEntriesAndSkipsAnswersTooLargeAlone) {
    const int entry = int(QJsonDocument(chatCompletion(QString(1000, 'x')))
                              .toJson(QJsonDocument::Compact)
                              .size()) +
                      64;
    const QByteArray config = QStringLiteral(R"({"max_bytes":%1})").arg(2 * entry + 10).toUtf8();
    configure(config.constData());
    ask(chat("a"), chatCompletion(QString(1000, 'x')));
    ask(chat("b"), chatCompletion(QString(1000, 'y')));
    EXPECT_TRUE(cached(chat("a")));
    EXPECT_TRUE(cached(chat("b")));
    ask(chat("c"), chatCompletion(QString(1000, 'z')));
    EXPECT_FALSE(cached(chat("a")));
    EXPECT_TRUE(cached(chat("b")));
    EXPECT_TRUE(cached(chat("c")));

    ask(chat("huge"), chatCompletion(QString(5000, 'h')));
    EXPECT_FALSE(cached(chat("huge")));
    EXPECT_TRUE(cached(chat("b")));  // and storing it evicted nothing
    EXPECT_TRUE(cached(chat("c")));
}

TEST_F(PluginCacheTest, CacheByHeaderKeepsPartitionsApart) {
    configure(R"({"cache_by_header":"X-BF-VK"})");
    FakeContext teamA;
    teamA.setClientHeader("x-bf-vk", "vk-a");
    ask(chat("hi"), chatCompletion("for a"), nullptr, &teamA);

    FakeContext alsoA;
    alsoA.setClientHeader("x-bf-vk", "vk-a");
    EXPECT_EQ(ask(chat("hi"), chatCompletion("unused"), nullptr, &alsoA), chatCompletion("for a"));

    FakeContext teamB;
    teamB.setClientHeader("x-bf-vk", "vk-b");
    EXPECT_EQ(ask(chat("hi"), chatCompletion("for b"), nullptr, &teamB), chatCompletion("for b"));
    FakeContext none;
    EXPECT_EQ(ask(chat("hi"), chatCompletion("for nobody"), nullptr, &none),
              chatCompletion("for nobody"));
}

TEST_F(PluginCacheTest, EnabledModelsLimitWhatIsCached) {
    configure(R"({"enabled_models":["openai/gpt-4o*","claude-*"]})");
    const PluginRequest mini = chatRequest("openai", "gpt-4o-mini", "hi");
    const PluginRequest claude = chatRequest("anthropic", "claude-3-5-haiku", "hi");
    const PluginRequest other = chatRequest("openai", "o1", "hi");
    const PluginRequest azure = chatRequest("azure", "gpt-4o", "hi");
    for (const PluginRequest &r : {mini, claude, other, azure}) ask(r, chatCompletion("x"));
    EXPECT_TRUE(cached(mini));
    EXPECT_TRUE(cached(claude));
    EXPECT_FALSE(cached(other));
    EXPECT_FALSE(cached(azure));

    FakeContext ctx;
    PluginRequest r = other;
    plugin->preHook(ctx, r);
    EXPECT_FALSE(ctx.value(QStringLiteral("cache.key")).isValid());
    PluginHeaders headers;
    ask(other, chatCompletion("x"), &headers);
    EXPECT_TRUE(headers.isEmpty());
}

TEST_F(PluginCacheTest, CleanupAndInitStartEmpty) {
    configure("{}");
    ask(chat("hi"), chatCompletion("a"));
    ASSERT_TRUE(cached(chat("hi")));  // there before the cleanup
    plugin->cleanup();
    configure("{}");
    EXPECT_FALSE(cached(chat("hi")));
}

TEST_F(PluginCacheTest, ManyThreadsGetOnlyTheirOwnAnswersAndLimitsHold) {
    configure(R"({"max_entries":20})");
    constexpr int kThreads = 8;
    constexpr int kRounds = 400;
    constexpr int kPrompts = 50;
    std::atomic<int> hits{0}, misses{0}, wrong{0};
    runOnThreads(kThreads, [&](int t) {
        for (int i = 0; i < kRounds; ++i) {
            const QString prompt = QStringLiteral("prompt %1").arg((t * 7 + i) % kPrompts);
            PluginHeaders headers;
            const QJsonObject answer = ask(chat(prompt), chatCompletion(prompt), &headers);
            if (answer != chatCompletion(prompt)) ++wrong;
            (headers == kHit ? hits : misses)++;
        }
    });
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(hits.load() + misses.load(), kThreads * kRounds);
    EXPECT_GT(hits.load(), 0);
    int stillCached = 0;
    for (int p = 0; p < kPrompts; ++p)
        stillCached += cached(chat(QStringLiteral("prompt %1").arg(p)));
    EXPECT_EQ(stillCached, 20);
}

TEST_F(PluginCacheTest, ConcurrentIdenticalRequestsAllHitOnceOneIsStored) {
    configure("{}");
    ask(chat("same"), chatCompletion("stored"));
    std::atomic<int> hits{0};
    runOnThreads(8, [&](int) {
        for (int i = 0; i < 300; ++i) {
            PluginHeaders headers;
            if (ask(chat("same"), chatCompletion("other"), &headers) == chatCompletion("stored") &&
                headers == kHit)
                ++hits;
        }
    });
    EXPECT_EQ(hits.load(), 8 * 300);
}

namespace {

class PluginCacheBadConfigTest : public ::testing::TestWithParam<BadConfig> {};

}  // namespace

TEST_P(PluginCacheBadConfigTest, InitRefusesNamingTheField) {
    EXPECT_TRUE(initRefusesNaming(QStringLiteral(GATEHOUSE_PLUGIN_CACHE), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PluginCacheBadConfigTest,
    ::testing::Values(BadConfig{R"({"ttl":60})", "ttl"},
                      BadConfig{R"({"ttl_seconds":0})", "ttl_seconds"},
                      BadConfig{R"({"ttl_seconds":-5})", "ttl_seconds"},
                      BadConfig{R"({"ttl_seconds":"300"})", "ttl_seconds"},
                      BadConfig{R"({"max_entries":0})", "max_entries"},
                      BadConfig{R"({"max_entries":2.5})", "max_entries"},
                      BadConfig{R"({"max_bytes":"64MiB"})", "max_bytes"},
                      BadConfig{R"({"cache_by_header":"x bf vk"})", "cache_by_header"},
                      BadConfig{R"({"cache_by_header":""})", "cache_by_header"},
                      BadConfig{R"({"enabled_models":"gpt-4o"})", "enabled_models"},
                      BadConfig{R"({"enabled_models":[]})", "enabled_models"},
                      BadConfig{R"({"enabled_models":["gpt-4o",3]})", "enabled_models[1]"}));

TEST_F(PluginCacheTest, DocumentedExampleLoads) {
    configure(R"({"ttl_seconds":300,"max_entries":1000,"max_bytes":67108864,
                  "cache_by_header":"x-bf-vk","enabled_models":["openai/*","mock/*"]})");
    ask(chat("hi"), chatCompletion("a"));
    EXPECT_TRUE(cached(chat("hi")));
}
