#include "ConfigTestSupport.h"

using namespace gatehouse;
using gatehouse::testing::loadOk;

namespace {
const ProviderConfig &only(const GatewayConfig &config) {
    static const ProviderConfig none;
    return config.providers.isEmpty() ? none : config.providers.at(0);
}
}  // namespace

TEST(ProviderKind, AnthropicNameIsAnthropic) {
    const GatewayConfig config = loadOk(R"({"providers": {"anthropic": {}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Anthropic);
    EXPECT_EQ(only(config).network.baseUrl, "https://api.anthropic.com");
}

TEST(ProviderKind, MockNameIsMock) {
    const GatewayConfig config = loadOk(R"({"providers": {"mock": {}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Mock);
    EXPECT_TRUE(only(config).network.baseUrl.isEmpty());
}

TEST(ProviderKind, OpenAINameIsOpenAI) {
    const GatewayConfig config = loadOk(R"({"providers": {"openai": {}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::OpenAI);
    EXPECT_EQ(only(config).network.baseUrl, "https://api.openai.com");
}

TEST(ProviderKind, CompatibleNamesWithDefaultUrlsAreOpenAI) {
    const QList<QPair<QString, QString>> expected = {
        {"groq", "https://api.groq.com/openai"},
        {"ollama", "http://localhost:11434"},
        {"openrouter", "https://openrouter.ai/api"},
    };
    for (const auto &[name, url] : expected) {
        const GatewayConfig config =
            loadOk(QStringLiteral("{\"providers\": {\"%1\": {}}}").arg(name).toUtf8());
        EXPECT_EQ(only(config).kind, ProviderKind::OpenAI) << qPrintable(name);
        EXPECT_EQ(only(config).network.baseUrl, url) << qPrintable(name);
    }
}

TEST(ProviderKind, CompatibleNamesWithBaseUrlAreOpenAI) {
    for (const char *name : {"vllm", "lmstudio", "mistral", "together", "deepseek", "xai",
                             "fireworks", "perplexity", "cerebras"}) {
        const QByteArray json = QByteArray("{\"providers\": {\"") + name +
                                "\": {\"network_config\": {\"base_url\": \"http://h:1\"}}}}";
        const GatewayConfig config = loadOk(json);
        EXPECT_EQ(only(config).kind, ProviderKind::OpenAI) << name;
        EXPECT_EQ(only(config).network.baseUrl, "http://h:1") << name;
    }
}

TEST(ProviderKind, NameMatchIgnoresCase) {
    const GatewayConfig config = loadOk(R"({"providers": {"Anthropic": {}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Anthropic);
    EXPECT_EQ(config.provider("anthropic"), &config.providers.at(0));
}

TEST(ProviderKind, BaseProviderTypeDecidesForOtherNames) {
    const GatewayConfig config = loadOk(R"({"providers": {"claude-proxy": {
        "custom_provider_config": {"base_provider_type": "anthropic"},
        "network_config": {"base_url": "https://proxy.example"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Anthropic);
    EXPECT_EQ(only(config).network.baseUrl, "https://proxy.example");
}

TEST(ProviderKind, BaseProviderTypeWithoutUrlUsesThatTypesDefault) {
    const GatewayConfig config = loadOk(R"({"providers": {"openai-team-b": {
        "custom_provider_config": {"base_provider_type": "openai"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::OpenAI);
    EXPECT_EQ(only(config).network.baseUrl, "https://api.openai.com");
}

TEST(ProviderKind, BaseProviderTypeBeatsBaseUrl) {
    const GatewayConfig config = loadOk(R"({"providers": {"corp": {
        "custom_provider_config": {"base_provider_type": "anthropic"},
        "network_config": {"base_url": "http://corp:9000"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Anthropic);
}

TEST(ProviderKind, OtherNameWithBaseUrlIsOpenAICompatible) {
    const GatewayConfig config = loadOk(
        R"({"providers": {"my-llama": {"network_config": {"base_url": "http://127.0.0.1:8080"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::OpenAI);
}

TEST(ProviderKind, MockConfigIsIgnoredForNonMockProviders) {
    const GatewayConfig config =
        loadOk(R"({"providers": {"openai": {"mock_config": {"latency_ms": "not read"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::OpenAI);
}

// A Bifrost config with providers Gatehouse does not speak still loads; they
// are flagged and refused per request instead.
TEST(ProviderKind, BifrostNativeProviderLoadsAsUnsupported) {
    const GatewayConfig config = loadOk(R"({"providers": {"cohere": {"keys": []}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Unsupported);
}

TEST(ProviderKind, OtherBaseProviderTypeLoadsAsUnsupported) {
    const GatewayConfig config = loadOk(
        R"({"providers": {"acme": {"custom_provider_config": {"base_provider_type": "cohere"}}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Unsupported);
}

TEST(ProviderKind, GeminiIsNativeWithGooglesAddress) {
    const GatewayConfig config = loadOk(
        R"({"providers": {"gemini": {"keys": [{"value": "env.GEMINI_API_KEY", "models": ["*"]}]}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Gemini);
    EXPECT_EQ(only(config).network.baseUrl, "https://generativelanguage.googleapis.com");
    const GatewayConfig custom = loadOk(
        R"({"providers": {"google-eu": {"custom_provider_config": {"base_provider_type": "gemini"},
            "network_config": {"base_url": "http://127.0.0.1:9"}}}})");
    EXPECT_EQ(only(custom).kind, ProviderKind::Gemini);
}

// Bifrost's azure entry as its docs write it.
TEST(ProviderKind, AzureReadsBifrostsKeyConfig) {
    const GatewayConfig config = loadOk(R"({"providers": {"azure": {"keys": [{
        "value": "env.AZURE_OPENAI_API_KEY", "models": ["gpt-4o"], "weight": 1.0,
        "aliases": {"gpt-4o-mini": "mini-dep"},
        "azure_key_config": {"endpoint": "https://res.openai.azure.com",
                             "deployments": {"gpt-4o": "gpt-4o-deployment"},
                             "api_version": "2024-02-15-preview"}}]}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Azure);
    EXPECT_TRUE(only(config).responsesApi);
    const AzureKeyConfig &azure = only(config).keys.at(0).azure;
    EXPECT_EQ(azure.endpoint, "https://res.openai.azure.com");
    EXPECT_EQ(azure.apiVersion, "2024-02-15-preview");
    EXPECT_EQ(azure.deployments.value("gpt-4o"), "gpt-4o-deployment");
    EXPECT_EQ(azure.deployments.value("gpt-4o-mini"), "mini-dep");
}

TEST(ProviderKind, AzureKeyWithoutEndpointIsRefusedWithItsPath) {
    const ConfigError error = gatehouse::testing::loadError(
        R"({"providers": {"azure": {"keys": [{"value": "k", "azure_key_config": {}}]}}})");
    EXPECT_EQ(error.path, "providers.azure.keys[0].azure_key_config.endpoint")
        << qPrintable(error.toString());
}

// Bifrost's vertex entry as its docs write it.
TEST(ProviderKind, VertexReadsBifrostsKeyConfig) {
    const GatewayConfig config = loadOk(R"({"providers": {"vertex": {"keys": [{
        "value": "", "models": ["gemini-2.5-pro"], "weight": 1.0,
        "vertex_key_config": {"project_id": "my-project", "region": "us-east5",
                              "auth_credentials": "env.VERTEX_CREDENTIALS"}}]}}})");
    EXPECT_EQ(only(config).kind, ProviderKind::Vertex);
    EXPECT_TRUE(only(config).network.baseUrl.isEmpty());  // built from project and region
    const VertexKeyConfig &vertex = only(config).keys.at(0).vertex;
    EXPECT_EQ(vertex.projectId, "my-project");
    EXPECT_EQ(vertex.region, "us-east5");
    EXPECT_EQ(vertex.authCredentials, "env.VERTEX_CREDENTIALS");
    const GatewayConfig custom = loadOk(
        R"({"providers": {"vertex-eu": {"custom_provider_config": {"base_provider_type": "vertex"},
            "keys": [{"value": "", "vertex_key_config": {"project_id": "p"}}]}}})");
    EXPECT_EQ(only(custom).kind, ProviderKind::Vertex);
}

TEST(ProviderKind, VertexKeyWithoutProjectIsRefusedWithItsPath) {
    const ConfigError error = gatehouse::testing::loadError(
        R"({"providers": {"vertex": {"keys": [{"value": "", "vertex_key_config": {"region": "us-central1"}}]}}})");
    EXPECT_EQ(error.path, "providers.vertex.keys[0].vertex_key_config.project_id")
        << qPrintable(error.toString());
    const ConfigError wrongType = gatehouse::testing::loadError(
        R"({"providers": {"vertex": {"keys": [{"value": "", "vertex_key_config": {"project_id": 7}}]}}})");
    EXPECT_EQ(wrongType.path, "providers.vertex.keys[0].vertex_key_config.project_id")
        << qPrintable(wrongType.toString());
}

// Bedrock's deployments and the key's aliases land in one map, as Azure's.
TEST(ProviderKind, BedrockReadsDeploymentsAndTheKeysAliases) {
    const GatewayConfig config = loadOk(R"({"providers": {"bedrock": {"keys": [{
        "value": "", "models": ["*"], "aliases": {"haiku": "anthropic.claude-3-haiku-v1:0"},
        "bedrock_key_config": {"access_key": "AKID", "secret_key": "s", "region": "us-west-2",
            "deployments": {"nova": "us.amazon.nova-pro-v1:0"}}}]}}})");
    const BedrockKeyConfig &bedrock = only(config).keys.at(0).bedrock;
    EXPECT_EQ(bedrock.deployments.value("nova"), "us.amazon.nova-pro-v1:0");
    EXPECT_EQ(bedrock.deployments.value("haiku"), "anthropic.claude-3-haiku-v1:0");
}

TEST(ProviderKind, ModelMapEntryThatIsNoStringIsRefusedWithItsPath) {
    const ConfigError deployment = gatehouse::testing::loadError(
        R"({"providers": {"bedrock": {"keys": [{"value": "",
            "bedrock_key_config": {"region": "us-west-2", "deployments": {"nova": 7}}}]}}})");
    EXPECT_EQ(deployment.path, "providers.bedrock.keys[0].bedrock_key_config.deployments.nova")
        << qPrintable(deployment.toString());
    const ConfigError alias = gatehouse::testing::loadError(
        R"({"providers": {"azure": {"keys": [{"value": "k", "aliases": {"mini": []},
            "azure_key_config": {"endpoint": "https://r.openai.azure.com"}}]}}})");
    EXPECT_EQ(alias.path, "providers.azure.keys[0].aliases.mini") << qPrintable(alias.toString());
}
