#include "config/ConfigError.h"
#include "config/GatewayConfig.h"
#include "config/JsonPath.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {
KeyConfig key(const QString &value, const QStringList &models = {}) {
    KeyConfig k;
    k.value = value;
    k.models = models;
    return k;
}
}  // namespace

TEST(KeyConfig, EnvReferenceResolvesAtCallTime) {
    qunsetenv("GATEHOUSE_TEST_KEY");
    const KeyConfig k = key("env.GATEHOUSE_TEST_KEY");
    EXPECT_TRUE(k.isEnvReference());
    EXPECT_EQ(k.envVariable(), "GATEHOUSE_TEST_KEY");
    EXPECT_TRUE(k.resolve().isEmpty());
    qputenv("GATEHOUSE_TEST_KEY", "sk-from-env");
    EXPECT_EQ(k.resolve(), "sk-from-env");
    qunsetenv("GATEHOUSE_TEST_KEY");
}

TEST(KeyConfig, PlainValueResolvesToItself) {
    const KeyConfig k = key("sk-literal");
    EXPECT_FALSE(k.isEnvReference());
    EXPECT_TRUE(k.envVariable().isEmpty());
    EXPECT_EQ(k.resolve(), "sk-literal");
}

TEST(KeyConfig, EmptyOrStarModelsAllowEverything) {
    EXPECT_TRUE(key("k").allowsModel("gpt-4o"));
    EXPECT_TRUE(key("k", {"*"}).allowsModel("gpt-4o"));
}

TEST(KeyConfig, ModelListRestrictsModels) {
    const KeyConfig k = key("k", {"gpt-4o-mini"});
    EXPECT_TRUE(k.allowsModel("gpt-4o-mini"));
    EXPECT_FALSE(k.allowsModel("gpt-4o"));
}

TEST(ProviderConfig, ModelsAreUnionOfKeyModelsWithoutStar) {
    ProviderConfig p;
    p.keys = {key("a", {"m1", "*"}), key("b", {"m2", "m1"})};
    EXPECT_EQ(p.models(), (QStringList{"m1", "m2"}));
}

TEST(ProviderConfig, MockModelsComeFromMockConfig) {
    ProviderConfig p;
    p.kind = ProviderKind::Mock;
    p.keys = {key("a", {"ignored"})};
    EXPECT_EQ(p.models(), (QStringList{"echo", "fixed", "tool"}));
}

TEST(GatewayConfig, UnknownProviderIsNull) {
    GatewayConfig config;
    EXPECT_EQ(config.provider("openai"), nullptr);
}

TEST(ConfigErrorFormat, FullLocation) {
    const ConfigError e{"c.json", 3, 7, "client.x", "bad"};
    EXPECT_EQ(e.toString(), "c.json:3:7: client.x: bad");
}

TEST(ConfigErrorFormat, OmitsUnknownParts) {
    EXPECT_EQ((ConfigError{"c.json", 0, 0, "", "no such file"}).toString(), "c.json: no such file");
    EXPECT_EQ((ConfigError{"c.json", 2, 0, "", "m"}).toString(), "c.json:2: m");
    EXPECT_EQ((ConfigError{"", 0, 0, "plugins", "m"}).toString(), "plugins: m");
}

TEST(JsonPathFormat, DotsAndIndices) {
    const JsonPath path =
        JsonPath().key("providers").key("openai").key("keys").index(0).key("weight");
    EXPECT_EQ(path.toString(), "providers.openai.keys[0].weight");
}

TEST(JsonPathFormat, QuotesAmbiguousKeys) {
    EXPECT_EQ(JsonPath().key("headers").key("x.y").toString(), "headers[\"x.y\"]");
}

TEST(ProviderContextWindow, ModelEntryThenStarThenOllamasDefault) {
    ProviderConfig p;
    p.contextWindows.insert(QStringLiteral("qwen3:8b"), 40960);
    p.contextWindow = 8192;
    bool assumed = true;
    EXPECT_EQ(p.contextWindowFor(QStringLiteral("qwen3:8b"), &assumed), 40960);
    EXPECT_FALSE(assumed);
    EXPECT_EQ(p.contextWindowFor(QStringLiteral("llama3.2"), &assumed), 8192);
    p.contextWindow = 0;
    EXPECT_EQ(p.contextWindowFor(QStringLiteral("llama3.2"), &assumed), 0);
    p.ollama = true;
    EXPECT_EQ(p.contextWindowFor(QStringLiteral("llama3.2"), &assumed),
              ProviderConfig::kOllamaDefaultContext);
    EXPECT_TRUE(assumed);
}
