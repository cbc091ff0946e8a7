// "context_window" and "ollama" on OpenAI-compatible providers.
#include "ConfigTestSupport.h"

using gatehouse::testing::loadError;
using gatehouse::testing::loadOk;
using namespace gatehouse;

TEST(ContextWindowConfig, ANumberServesEveryModel) {
    const GatewayConfig c = loadOk(R"({"providers": {"lmstudio": {
        "keys": [{"value": "x"}], "context_window": 32768}}})");
    EXPECT_EQ(c.providers[0].contextWindowFor("any"), 32768);
    EXPECT_FALSE(c.providers[0].ollama);
}

TEST(ContextWindowConfig, AnObjectGoesByModelWithStarForTheRest) {
    const GatewayConfig c = loadOk(R"({"providers": {"ollama": {
        "keys": [{"value": "x"}],
        "context_window": {"qwen3:8b": 40960, "*": 8192}}}})");
    const ProviderConfig &p = c.providers[0];
    EXPECT_TRUE(p.ollama);
    EXPECT_EQ(p.contextWindowFor("qwen3:8b"), 40960);
    EXPECT_EQ(p.contextWindowFor("llama3.2"), 8192);
}

TEST(ContextWindowConfig, OllamaIsKnownByNameOrPortAndCanBeSaidOtherwise) {
    const GatewayConfig c = loadOk(R"({"providers": {
        "ollama": {"keys": [{"value": "x"}]},
        "gpu-box": {"keys": [{"value": "x"}],
                    "network_config": {"base_url": "http://10.0.0.5:11434"}},
        "proxy": {"keys": [{"value": "x"}], "ollama": false,
                  "network_config": {"base_url": "http://localhost:11434"}},
        "vllm": {"keys": [{"value": "x"}]}}})");
    bool assumed = false;
    EXPECT_EQ(c.providers[0].contextWindowFor("m", &assumed),
              ProviderConfig::kOllamaDefaultContext);
    EXPECT_TRUE(assumed);
    EXPECT_TRUE(c.providers[1].ollama);
    EXPECT_FALSE(c.providers[2].ollama);
    EXPECT_EQ(c.providers[2].contextWindowFor("m"), 0);
    EXPECT_FALSE(c.providers[3].ollama);
}

TEST(ContextWindowConfig, ATooSmallWindowIsRejectedWithItsPath) {
    const ConfigError e = loadError(R"({"providers": {"ollama": {
        "keys": [{"value": "x"}], "context_window": {"qwen3:8b": 12}}}})");
    EXPECT_EQ(e.path, "providers.ollama.context_window.qwen3:8b") << qPrintable(e.toString());
}

TEST(ContextWindowConfig, AStringIsRejectedWithAnExample) {
    const ConfigError e = loadError(R"({"providers": {"ollama": {
        "keys": [{"value": "x"}], "context_window": "32k"}}})");
    EXPECT_EQ(e.path, "providers.ollama.context_window");
    EXPECT_TRUE(e.message.contains("32768")) << qPrintable(e.message);
}

TEST(ContextWindowConfig, OllamaTakesItsNativeApiUnlessOllamaApiSaysOpenAI) {
    const GatewayConfig c = loadOk(R"({"providers": {
        "ollama": {"keys": [{"value": "x"}]},
        "compat": {"keys": [{"value": "x"}], "ollama_api": "openai",
                   "network_config": {"base_url": "http://localhost:11434/v1"}},
        "vllm": {"keys": [{"value": "x"}], "ollama_api": "native"}}})");
    EXPECT_TRUE(c.providers[0].ollamaNative);
    EXPECT_TRUE(c.providers[1].ollama);
    EXPECT_FALSE(c.providers[1].ollamaNative);
    // Only an Ollama server has Ollama's API.
    EXPECT_FALSE(c.providers[2].ollamaNative);
}

TEST(ContextWindowConfig, ConfiguredWindowIsWhatGoesAsNumCtx) {
    const GatewayConfig c = loadOk(R"({"providers": {
        "ollama": {"keys": [{"value": "x"}], "context_window": {"qwen3:8b": 40960}},
        "bare": {"keys": [{"value": "x"}], "ollama": true,
                 "network_config": {"base_url": "http://gpu.lan:8000"}}}})");
    EXPECT_EQ(c.providers[0].configuredContextWindow("qwen3:8b"), 40960);
    EXPECT_EQ(c.providers[0].configuredContextWindow("llama3.2"), 0);
    // Ollama's default is assumed for the guard, never sent.
    EXPECT_EQ(c.providers[1].configuredContextWindow("m"), 0);
    EXPECT_EQ(c.providers[1].contextWindowFor("m"), ProviderConfig::kOllamaDefaultContext);
}

TEST(ContextWindowConfig, AnUnknownOllamaApiIsRejected) {
    const ConfigError e = loadError(R"({"providers": {"ollama": {
        "keys": [{"value": "x"}], "ollama_api": "v1"}}})");
    EXPECT_EQ(e.path, "providers.ollama.ollama_api");
    EXPECT_TRUE(e.message.contains("openai")) << qPrintable(e.message);
}
