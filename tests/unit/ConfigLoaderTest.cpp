#include "ConfigTestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::testing::loadOk;

namespace {
// The config.json example from reference-gateway.md, verbatim.
const char kReferenceSample[] = R"({
  "client": { "drop_excess_requests": false, "max_request_body_size_mb": 100,
              "enable_logging": true, "log_retention_days": 30,
              "allowed_origins": [] },
  "providers": {
    "openai": {
      "keys": [ { "name": "main", "value": "env.OPENAI_API_KEY",
                  "models": ["*"], "weight": 1.0 } ],
      "network_config": { "base_url": "https://api.openai.com",
                          "extra_headers": {},
                          "default_request_timeout_in_seconds": 30,
                          "max_retries": 0,
                          "retry_backoff_initial": 500, "retry_backoff_max": 5000,
                          "max_conns_per_host": 5000,
                          "stream_idle_timeout_in_seconds": 60 },
      "concurrency_and_buffer_size": { "concurrency": 1000, "buffer_size": 5000 }
    }
  },
  "plugins": [
    { "enabled": true, "name": "my-plugin", "path": "/path/to/my-plugin.so",
      "version": 1, "config": { "api_key": "..." } }
  ]
})";

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content) {
    const QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    return path;
}
}  // namespace

TEST(ConfigLoader, ReferenceSampleMapsEveryField) {
    // Values differ from the defaults where the sample allows, so a field
    // that is not read shows up as a failure.
    QByteArray json(kReferenceSample);
    json.replace("\"max_request_body_size_mb\": 100", "\"max_request_body_size_mb\": 8");
    json.replace("\"drop_excess_requests\": false", "\"drop_excess_requests\": true");
    json.replace("\"enable_logging\": true", "\"enable_logging\": false");
    json.replace("\"log_retention_days\": 30", "\"log_retention_days\": 7");
    json.replace("\"allowed_origins\": []", "\"allowed_origins\": [\"http://localhost:3000\"]");
    json.replace("\"weight\": 1.0", "\"weight\": 2.5");
    json.replace("\"extra_headers\": {}", "\"extra_headers\": {\"X-Team\": \"core\"}");
    json.replace("\"default_request_timeout_in_seconds\": 30",
                 "\"default_request_timeout_in_seconds\": 45");
    json.replace("\"max_retries\": 0", "\"max_retries\": 3");
    json.replace("\"retry_backoff_initial\": 500", "\"retry_backoff_initial\": 250");
    json.replace("\"retry_backoff_max\": 5000", "\"retry_backoff_max\": 4000");
    json.replace("\"max_conns_per_host\": 5000", "\"max_conns_per_host\": 64");
    json.replace("\"stream_idle_timeout_in_seconds\": 60",
                 "\"stream_idle_timeout_in_seconds\": 90");
    json.replace("\"buffer_size\": 5000", "\"buffer_size\": 2000");
    json.replace("\"version\": 1", "\"version\": 3");
    json.replace("\"enabled\": true", "\"enabled\": false");
    const GatewayConfig config = loadOk(json);

    EXPECT_TRUE(config.client.dropExcessRequests);
    EXPECT_EQ(config.client.maxRequestBodyBytes, 8 * 1024 * 1024);
    EXPECT_FALSE(config.client.enableLogging);
    EXPECT_EQ(config.client.logRetentionDays, 7);
    EXPECT_EQ(config.client.allowedOrigins, QStringList{"http://localhost:3000"});

    ASSERT_EQ(config.providers.size(), 1);
    const ProviderConfig &openai = config.providers.at(0);
    EXPECT_EQ(openai.name, "openai");
    EXPECT_EQ(openai.kind, ProviderKind::OpenAI);
    ASSERT_EQ(openai.keys.size(), 1);
    EXPECT_EQ(openai.keys.at(0).name, "main");
    EXPECT_EQ(openai.keys.at(0).value, "env.OPENAI_API_KEY");
    EXPECT_EQ(openai.keys.at(0).models, QStringList{"*"});
    EXPECT_DOUBLE_EQ(openai.keys.at(0).weight, 2.5);
    EXPECT_EQ(openai.network.baseUrl, "https://api.openai.com");
    ASSERT_EQ(openai.network.extraHeaders.size(), 1);
    EXPECT_EQ(openai.network.extraHeaders.at(0), (QPair<QString, QString>{"X-Team", "core"}));
    EXPECT_EQ(openai.network.requestTimeoutMs, 45000);
    EXPECT_EQ(openai.network.maxRetries, 3);
    EXPECT_EQ(openai.network.retryBackoffInitialMs, 250);
    EXPECT_EQ(openai.network.retryBackoffMaxMs, 4000);
    EXPECT_EQ(openai.network.maxConnsPerHost, 64);
    EXPECT_EQ(openai.network.streamIdleTimeoutMs, 90000);
    EXPECT_EQ(openai.concurrency.concurrency, 1000);
    EXPECT_EQ(openai.concurrency.bufferSize, 2000);

    ASSERT_EQ(config.plugins.size(), 1);
    const PluginEntry &plugin = config.plugins.at(0);
    EXPECT_FALSE(plugin.enabled);
    EXPECT_EQ(plugin.name, "my-plugin");
    EXPECT_EQ(plugin.path, "/path/to/my-plugin.so");
    EXPECT_EQ(plugin.version, 3);
    EXPECT_EQ(plugin.config.value("api_key").toString(), "...");
}

TEST(ConfigLoader, ReferenceSampleLoadsUnchanged) {
    const GatewayConfig config = loadOk(kReferenceSample);
    EXPECT_EQ(config.providerNames(), QStringList{"openai"});
    EXPECT_EQ(config.client.maxRequestBodyBytes, 100 * 1024 * 1024);
    EXPECT_EQ(config.providers.at(0).concurrency.concurrency, 1000);
}

TEST(ConfigLoader, UnknownKeysAreKeptInTheDocument) {
    const GatewayConfig config = loadOk(R"({
      "$schema": "https://www.getbifrost.ai/schema",
      "config_store": {"enabled": true, "type": "sqlite"},
      "client": {"enable_governance": true},
      "providers": {"openai": {"keys": [{"value": "sk-1", "id": "k1",
                                         "azure_key_config": {"endpoint": "x"}}],
                               "send_back_raw_response": true,
                               "network_config": {"base_url": "", "proxy_url": "p"}}},
      "plugins": [{"name": "p", "path": "/p.so", "placement": "pre"}]
    })");
    EXPECT_EQ(config.document.value("config_store").toObject().value("type").toString(), "sqlite");
    EXPECT_TRUE(config.document.value("client").toObject().value("enable_governance").toBool());
    const QJsonObject openai =
        config.document.value("providers").toObject().value("openai").toObject();
    EXPECT_TRUE(openai.value("send_back_raw_response").toBool());
    EXPECT_EQ(openai.value("keys").toArray().at(0).toObject().value("id").toString(), "k1");
    EXPECT_EQ(config.document.value("plugins").toArray().at(0).toObject().value("placement"),
              "pre");
}

TEST(ConfigLoader, ProvidersKeepFileOrder) {
    const GatewayConfig config = loadOk(R"({"providers": {
        "openrouter": {}, "anthropic": {}, "mock": {}, "groq": {}}})");
    EXPECT_EQ(config.providerNames(), (QStringList{"openrouter", "anthropic", "mock", "groq"}));
}

TEST(ConfigLoader, ExtraHeadersKeepFileOrder) {
    const GatewayConfig config = loadOk(R"({"providers": {"openai": {"network_config":
        {"extra_headers": {"X-Zeta": "1", "X-Alpha": "2"}}}}})");
    const auto &headers = config.providers.at(0).network.extraHeaders;
    ASSERT_EQ(headers.size(), 2);
    EXPECT_EQ(headers.at(0).first, "X-Zeta");
    EXPECT_EQ(headers.at(1).first, "X-Alpha");
}

TEST(ConfigLoader, EmptyObjectGivesDefaults) {
    const GatewayConfig config = loadOk("{}");
    EXPECT_TRUE(config.providers.isEmpty());
    EXPECT_TRUE(config.plugins.isEmpty());
    EXPECT_EQ(config.client.maxRequestBodyBytes, 100 * 1024 * 1024);
    EXPECT_EQ(config.client.headerTimeoutMs, 30000);
    EXPECT_EQ(config.client.idleTimeoutMs, 60000);
    EXPECT_EQ(config.client.shutdownGraceMs, 30000);
}

TEST(ConfigLoader, ProviderWithoutKeysIsAllowed) {
    const GatewayConfig config = loadOk(R"({"providers": {"ollama": {}}})");
    ASSERT_NE(config.provider("ollama"), nullptr);
    EXPECT_TRUE(config.provider("ollama")->keys.isEmpty());
}

TEST(ConfigLoader, NullValuesFromGoExportsMeanDefault) {
    const GatewayConfig config = loadOk(R"({"client": {"allowed_origins": null},
        "providers": {"openai": {"keys": [{"value": "sk", "models": null}],
                                 "network_config": {"extra_headers": null, "base_url": null},
                                 "concurrency_and_buffer_size": null}},
        "plugins": null})");
    const ProviderConfig &openai = config.providers.at(0);
    EXPECT_TRUE(openai.keys.at(0).models.isEmpty());
    EXPECT_EQ(openai.network.baseUrl, "https://api.openai.com");
    EXPECT_EQ(openai.concurrency.concurrency, 5000);
}

TEST(ConfigLoader, ZeroMeansDefaultForCountsAndTimeouts) {
    const GatewayConfig config = loadOk(R"({"client": {"max_request_body_size_mb": 0,
        "log_retention_days": 0, "idle_timeout_seconds": 0},
        "providers": {"openai": {"network_config": {"default_request_timeout_in_seconds": 0,
            "retry_backoff_initial": 0, "retry_backoff_max": 0, "max_conns_per_host": 0},
            "concurrency_and_buffer_size": {"concurrency": 0, "buffer_size": 0}}}})");
    EXPECT_EQ(config.client.maxRequestBodyBytes, 100 * 1024 * 1024);
    EXPECT_EQ(config.client.logRetentionDays, 30);
    EXPECT_EQ(config.client.idleTimeoutMs, 60000);
    const NetworkConfig &network = config.providers.at(0).network;
    EXPECT_EQ(network.requestTimeoutMs, 30000);
    EXPECT_EQ(network.retryBackoffInitialMs, 500);
    EXPECT_EQ(network.retryBackoffMaxMs, 5000);
    EXPECT_EQ(network.maxConnsPerHost, 5000);
    EXPECT_EQ(config.providers.at(0).concurrency.concurrency, 5000);
    EXPECT_EQ(config.providers.at(0).concurrency.bufferSize, 5000);
}

TEST(ConfigLoader, FractionalSecondsBecomeMilliseconds) {
    const GatewayConfig config = loadOk(R"({"client": {"header_timeout_seconds": 0.5,
        "idle_timeout_seconds": 2.25, "shutdown_timeout_seconds": 0.0001},
        "providers": {"openai": {"network_config": {"default_request_timeout_in_seconds": 1.5,
                                                    "stream_idle_timeout_in_seconds": 0.25}}}})");
    EXPECT_EQ(config.client.headerTimeoutMs, 500);
    EXPECT_EQ(config.client.idleTimeoutMs, 2250);
    EXPECT_EQ(config.client.shutdownGraceMs, 1);  // never rounds down to "no timeout"
    EXPECT_EQ(config.providers.at(0).network.requestTimeoutMs, 1500);
    EXPECT_EQ(config.providers.at(0).network.streamIdleTimeoutMs, 250);
}

TEST(ConfigLoader, BaseUrlLosesTrailingSlash) {
    const GatewayConfig config =
        loadOk(R"({"providers": {"vllm": {"network_config": {"base_url": "http://gpu:8000/"}}}})");
    EXPECT_EQ(config.providers.at(0).network.baseUrl, "http://gpu:8000");
}

TEST(ConfigLoader, MockConfigIsRead) {
    const GatewayConfig config = loadOk(R"({"providers": {"mock": {"mock_config": {
        "response_text": "hi", "latency_ms": 1500, "stream_chunk_delay_ms": 5,
        "models": ["m1", "m2"]}}}})");
    const ProviderConfig &mock = config.providers.at(0);
    EXPECT_EQ(mock.kind, ProviderKind::Mock);
    EXPECT_EQ(mock.mock.responseText, "hi");
    EXPECT_EQ(mock.mock.latencyMs, 1500);
    EXPECT_EQ(mock.mock.streamChunkDelayMs, 5);
    EXPECT_EQ(mock.models(), (QStringList{"m1", "m2"}));
}

TEST(ConfigLoader, MockModelsDefaultToEchoAndFixed) {
    const GatewayConfig config = loadOk(R"({"providers": {"mock": {}}})");
    EXPECT_EQ(config.providers.at(0).models(), (QStringList{"echo", "fixed", "tool"}));
}

TEST(ConfigLoader, KeyWithoutNameGetsNumberedName) {
    const GatewayConfig config =
        loadOk(R"({"providers": {"openai": {"keys": [{"value": "a"}, {"value": "b"}]}}})");
    EXPECT_EQ(config.providers.at(0).keys.at(1).name, "key-2");
}

TEST(ConfigLoader, Utf8BomIsAccepted) {
    const GatewayConfig config = loadOk("\xEF\xBB\xBF{\"providers\": {\"mock\": {}}}");
    EXPECT_EQ(config.providerNames(), QStringList{"mock"});
}

TEST(ConfigLoader, PluginDefaults) {
    const GatewayConfig config = loadOk(R"({"plugins": [{"name": "p", "path": "/p.so"}]})");
    const PluginEntry &plugin = config.plugins.at(0);
    EXPECT_TRUE(plugin.enabled);
    EXPECT_EQ(plugin.version, 1);
    EXPECT_TRUE(plugin.config.isEmpty());
}

TEST(ConfigLoader, PluginPathIsRelativeToConfigDirectory) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(QDir(dir.path()).mkpath("conf"));
    const QString path = writeFile(dir, "conf/config.json",
                                   R"({"plugins": [{"name": "p", "path": "../lib/p.so"}]})");
    GatewayConfig config;
    ConfigError error;
    ASSERT_TRUE(ConfigLoader::loadFile(path, &config, &error)) << qPrintable(error.toString());
    EXPECT_EQ(config.plugins.at(0).path, QDir(dir.path()).absoluteFilePath("lib/p.so"));
    EXPECT_EQ(config.sourcePath, QFileInfo(path).absoluteFilePath());
}

TEST(ConfigLoader, AbsolutePluginPathIsKept) {
    const GatewayConfig config =
        loadOk(R"({"plugins": [{"name": "p", "path": "/opt/x/p.so"}]})", "/etc/gh/config.json");
    EXPECT_EQ(config.plugins.at(0).path, "/opt/x/p.so");
}

TEST(ConfigLoader, BifrostBuiltInPluginNeedsNoPath) {
    const GatewayConfig config =
        loadOk(R"({"plugins": [{"enabled": true, "name": "telemetry", "config": {}}]})");
    EXPECT_EQ(config.plugins.at(0).name, "telemetry");
    EXPECT_TRUE(config.plugins.at(0).path.isEmpty());
}

TEST(ConfigLoader, BundledPluginNeedsNoPath) {
    const GatewayConfig config = loadOk(R"({"plugins": [{"name": "hello-world"}]})");
    EXPECT_EQ(config.plugins.at(0).name, "hello-world");
    EXPECT_TRUE(config.plugins.at(0).path.isEmpty());
}

TEST(ConfigLoader, LoadFileReadsFromDisk) {
    QTemporaryDir dir;
    const QString path = writeFile(dir, "config.json", kReferenceSample);
    GatewayConfig config;
    ConfigError error;
    ASSERT_TRUE(ConfigLoader::loadFile(path, &config, &error)) << qPrintable(error.toString());
    EXPECT_EQ(config.providerNames(), QStringList{"openai"});
}

TEST(ConfigLoader, FailedLoadLeavesOutputUntouched) {
    GatewayConfig config;
    config.sourcePath = "previous";
    ConfigError error;
    EXPECT_FALSE(ConfigLoader::loadJson("{\"client\": 1}", "t.json", &config, &error));
    EXPECT_EQ(config.sourcePath, "previous");
}

TEST(ConfigLoader, BuiltInDefaultHasReadyMockProvider) {
    const GatewayConfig config = ConfigLoader::builtInDefault();
    EXPECT_TRUE(config.sourcePath.isEmpty());
    const ProviderConfig *mock = config.provider("mock");
    ASSERT_NE(mock, nullptr);
    EXPECT_EQ(mock->kind, ProviderKind::Mock);
    EXPECT_FALSE(mock->mock.responseText.isEmpty());
    EXPECT_EQ(mock->models(), (QStringList{"echo", "fixed", "tool"}));
    EXPECT_EQ(config.providers.at(0).name, "mock");
}

TEST(ConfigLoader, BuiltInDefaultEnablesTheBundledHelloWorld) {
    const GatewayConfig config = ConfigLoader::builtInDefault();
    ASSERT_EQ(config.plugins.size(), 1);
    EXPECT_EQ(config.plugins.at(0).name, "hello-world");
    EXPECT_TRUE(config.plugins.at(0).enabled);
    EXPECT_TRUE(config.plugins.at(0).path.isEmpty());  // found in the bundled plugins
}

TEST(ConfigLoader, BuiltInDefaultReadsKeysFromEnvironment) {
    const GatewayConfig config = ConfigLoader::builtInDefault();
    ASSERT_NE(config.provider("anthropic"), nullptr);
    EXPECT_EQ(config.provider("anthropic")->keys.at(0).envVariable(), "ANTHROPIC_API_KEY");
    EXPECT_EQ(config.provider("openai")->keys.at(0).envVariable(), "OPENAI_API_KEY");
}

TEST(ConfigLoader, EnvReferenceInLoadedKeyResolvesFromEnvironment) {
    const GatewayConfig config =
        loadOk(R"({"providers": {"openai": {"keys": [{"value": "env.GATEHOUSE_TEST_OPENAI"}]}}})");
    qputenv("GATEHOUSE_TEST_OPENAI", "sk-test-123");
    EXPECT_EQ(config.providers.at(0).keys.at(0).resolve(), "sk-test-123");
    qunsetenv("GATEHOUSE_TEST_OPENAI");
}
