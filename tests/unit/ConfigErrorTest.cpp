#include "ConfigTestSupport.h"

#include <QFile>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::testing::loadError;

// Each test breaks one thing and checks the error points at it: the JSON
// path, the line and column of the offending key, and what was expected.

TEST(ConfigError, SyntaxErrorHasLineColumnAndReason) {
    const ConfigError e = loadError("{\n  \"client\": {}\n  \"providers\": {}\n}");
    EXPECT_EQ(e.file, "t.json");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 3);
    EXPECT_TRUE(e.message.startsWith("JSON syntax error: unterminated object"))
        << qPrintable(e.message);
    EXPECT_TRUE(e.message.contains("missing ',' between items")) << qPrintable(e.message);
}

TEST(ConfigError, TrailingCommaIsPointedOut) {
    const ConfigError e = loadError("{\n  \"plugins\": [],\n}");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 1);
    EXPECT_TRUE(e.message.contains("trailing comma")) << qPrintable(e.message);
}

TEST(ConfigError, CommentIsPointedOut) {
    const ConfigError e = loadError("{\n  \"plugins\": [], // none yet\n  \"client\": {}\n}");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 18);
    EXPECT_TRUE(e.message.contains("comments")) << qPrintable(e.message);
}

TEST(ConfigError, SyntaxErrorColumnCountsCharactersNotBytes) {
    const ConfigError e = loadError("{\"é\": tru}");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 7);  // the 't' of "tru"
}

TEST(ConfigError, MissingFileNamesThePath) {
    GatewayConfig config;
    ConfigError e;
    EXPECT_FALSE(ConfigLoader::loadFile("/nonexistent/dir/config.json", &config, &e));
    EXPECT_EQ(e.file, "/nonexistent/dir/config.json");
    EXPECT_TRUE(e.message.contains("no such file")) << qPrintable(e.message);
    EXPECT_EQ(e.line, 0);
}

TEST(ConfigError, DirectoryIsNotAConfigFile) {
    QTemporaryDir dir;
    GatewayConfig config;
    ConfigError e;
    EXPECT_FALSE(ConfigLoader::loadFile(dir.path(), &config, &e));
    EXPECT_TRUE(e.message.contains("directory")) << qPrintable(e.message);
}

TEST(ConfigError, EmptyFileIsAnError) {
    const ConfigError e = loadError(" \n\t\n");
    EXPECT_TRUE(e.message.contains("empty")) << qPrintable(e.message);
}

TEST(ConfigError, EmptyFileOnDiskIsAnError) {
    QTemporaryDir dir;
    const QString path = dir.filePath("config.json");
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    GatewayConfig config;
    ConfigError e;
    EXPECT_FALSE(ConfigLoader::loadFile(path, &config, &e));
    EXPECT_EQ(e.file, path);
    EXPECT_TRUE(e.message.contains("empty")) << qPrintable(e.message);
}

TEST(ConfigError, TopLevelMustBeAnObject) {
    const ConfigError e = loadError("\n  [1, 2]");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 3);
    EXPECT_TRUE(e.message.contains("must be a JSON object")) << qPrintable(e.message);
    EXPECT_TRUE(e.message.contains("an array")) << qPrintable(e.message);
}

TEST(ConfigError, WeightAsStringNamesPathAndType) {
    const ConfigError e = loadError(R"({
  "providers": {
    "openai": {
      "keys": [ { "value": "sk", "weight": "1.0" } ]
    }
  }
})");
    EXPECT_EQ(e.path, "providers.openai.keys[0].weight");
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.column, 34);
    EXPECT_EQ(e.message, "expected a number, got a string (\"1.0\")");
    EXPECT_EQ(e.toString(),
              "t.json:4:34: providers.openai.keys[0].weight: expected a number, got a "
              "string (\"1.0\")");
}

TEST(ConfigError, KeysNotAnArray) {
    const ConfigError e = loadError("{\"providers\": {\"openai\": {\n  \"keys\": {}}}}");
    EXPECT_EQ(e.path, "providers.openai.keys");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 3);
    EXPECT_TRUE(e.message.contains("expected an array")) << qPrintable(e.message);
}

TEST(ConfigError, NegativeTimeoutIsRejected) {
    const ConfigError e = loadError(R"({"providers": {"openai": {"network_config":
        {"default_request_timeout_in_seconds": -5}}}})");
    EXPECT_EQ(e.path, "providers.openai.network_config.default_request_timeout_in_seconds");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 10);
    EXPECT_TRUE(e.message.contains("got -5")) << qPrintable(e.message);
}

TEST(ConfigError, FractionalRetryCountIsRejected) {
    const ConfigError e =
        loadError(R"({"providers": {"openai": {"network_config": {"max_retries": 1.5}}}})");
    EXPECT_EQ(e.path, "providers.openai.network_config.max_retries");
    EXPECT_EQ(e.message, "expected a whole number, got the number 1.5");
}

TEST(ConfigError, OutOfRangeCountSaysTheRange) {
    const ConfigError e = loadError(
        R"({"providers": {"openai": {"concurrency_and_buffer_size": {"concurrency": -1}}}})");
    EXPECT_EQ(e.path, "providers.openai.concurrency_and_buffer_size.concurrency");
    EXPECT_TRUE(e.message.contains("between 1 and")) << qPrintable(e.message);
    EXPECT_TRUE(e.message.contains("0 means the default, 5000")) << qPrintable(e.message);
}

TEST(ConfigError, BoolAsStringIsRejected) {
    const ConfigError e = loadError(R"({"client": {"enable_logging": "yes"}})");
    EXPECT_EQ(e.path, "client.enable_logging");
    EXPECT_EQ(e.message, "expected true or false, got a string (\"yes\")");
}

TEST(ConfigError, ClientMustBeAnObject) {
    const ConfigError e = loadError(R"({"client": []})");
    EXPECT_EQ(e.path, "client");
    EXPECT_EQ(e.column, 2);
}

TEST(ConfigError, DuplicateProviderNameIsAnError) {
    const ConfigError e =
        loadError("{\"providers\": {\n  \"openai\": {},\n  \"groq\": {},\n  \"openai\": {}\n}}");
    EXPECT_EQ(e.path, "providers.openai");
    EXPECT_EQ(e.line, 4);
    EXPECT_TRUE(e.message.contains("defined twice (first on line 2)")) << qPrintable(e.message);
}

TEST(ConfigError, DuplicateProviderNameIgnoresCase) {
    const ConfigError e = loadError(R"({"providers": {"openai": {}, "OpenAI": {}}})");
    EXPECT_EQ(e.path, "providers.OpenAI");
}

TEST(ConfigError, ProviderNameWithSlashIsRejected) {
    const ConfigError e =
        loadError(R"({"providers": {"my/llm": {"network_config": {"base_url": "http://x"}}}})");
    EXPECT_EQ(e.path, "providers.my/llm");
    EXPECT_TRUE(e.message.contains("'/'")) << qPrintable(e.message);
}

TEST(ConfigError, CompatibleProviderWithoutDefaultNeedsBaseUrl) {
    const ConfigError e = loadError(R"({"providers": {"sambanova": {}}})");
    EXPECT_EQ(e.path, "providers.sambanova.network_config.base_url");
    EXPECT_EQ(e.column, 16);  // no network_config: points at the provider key
    EXPECT_TRUE(e.message.contains("\"sambanova\" has no default")) << qPrintable(e.message);
}

TEST(ConfigError, BaseUrlMustBeHttp) {
    const ConfigError e = loadError(
        R"({"providers": {"openai": {"network_config": {"base_url": "api.openai.com"}}}})");
    EXPECT_EQ(e.path, "providers.openai.network_config.base_url");
    EXPECT_TRUE(e.message.contains("http://")) << qPrintable(e.message);
}

TEST(ConfigError, ExtraHeaderValueMustBeString) {
    const ConfigError e = loadError(
        R"({"providers": {"openai": {"network_config": {"extra_headers": {"X-N": 5}}}}})");
    EXPECT_EQ(e.path, "providers.openai.network_config.extra_headers.X-N");
    EXPECT_TRUE(e.message.contains("expected a string header value")) << qPrintable(e.message);
}

TEST(ConfigError, BackoffInitialAboveMaxIsRejected) {
    const ConfigError e = loadError(R"({"providers": {"openai": {"network_config":
        {"retry_backoff_initial": 6000, "retry_backoff_max": 2000}}}})");
    EXPECT_EQ(e.path, "providers.openai.network_config.retry_backoff_initial");
    EXPECT_TRUE(e.message.contains("retry_backoff_max (2000 ms)")) << qPrintable(e.message);
}

TEST(ConfigError, KeyWithoutValueIsRejected) {
    const ConfigError e = loadError(R"({"providers": {"openai": {"keys": [{"name": "k"}]}}})");
    EXPECT_EQ(e.path, "providers.openai.keys[0].value");
    EXPECT_EQ(e.column, 36);  // the key object, since "value" is not there
    EXPECT_TRUE(e.message.contains("env.VAR_NAME")) << qPrintable(e.message);
}

TEST(ConfigError, ModelListEntriesMustBeStrings) {
    const ConfigError e =
        loadError(R"({"providers": {"openai": {"keys": [{"value": "k", "models": ["a", 7]}]}}})");
    EXPECT_EQ(e.path, "providers.openai.keys[0].models[1]");
    EXPECT_EQ(e.column, 67);  // the 7
}

TEST(ConfigError, PluginWithoutNameIsRejected) {
    const ConfigError e = loadError(R"({"plugins": [{"path": "/p.so"}]})");
    EXPECT_EQ(e.path, "plugins[0].name");
    EXPECT_TRUE(e.message.contains("needs a name")) << qPrintable(e.message);
}

TEST(ConfigError, PluginWithoutPathNeedsABundledPluginName) {
    // A name alone names a bundled plugin, which a path-like name cannot be.
    const ConfigError e = loadError(R"({"plugins": [{"name": "lib/my-plugin"}]})");
    EXPECT_EQ(e.path, "plugins[0].path");
    EXPECT_TRUE(e.message.contains("\"lib/my-plugin\" is not the name of a bundled plugin"))
        << qPrintable(e.message);
}

TEST(ConfigError, PluginVersionMustBeAtLeastOne) {
    const ConfigError e =
        loadError(R"({"plugins": [{"name": "p", "path": "p.so", "version": 0}]})");
    EXPECT_EQ(e.path, "plugins[0].version");
    EXPECT_TRUE(e.message.contains("at least 1")) << qPrintable(e.message);
}

TEST(ConfigError, PluginVersionMustBeAnInteger) {
    const ConfigError e =
        loadError(R"({"plugins": [{"name": "p", "path": "p.so", "version": "2"}]})");
    EXPECT_EQ(e.path, "plugins[0].version");
    EXPECT_EQ(e.message, "expected a whole number, got a string (\"2\")");
}

TEST(ConfigError, PluginConfigMustBeAnObject) {
    const ConfigError e =
        loadError(R"({"plugins": [{"name": "p", "path": "p.so", "config": "x"}]})");
    EXPECT_EQ(e.path, "plugins[0].config");
}

TEST(ConfigError, DuplicatePluginNameIsAnError) {
    const ConfigError e =
        loadError(R"({"plugins": [{"name": "p", "path": "a.so"}, {"name": "p", "path": "b.so"}]})");
    EXPECT_EQ(e.path, "plugins[1].name");
    EXPECT_TRUE(e.message.contains("also plugins[0]")) << qPrintable(e.message);
}

TEST(ConfigError, PluginsMustBeAnArray) {
    const ConfigError e = loadError(R"({"plugins": {"name": "p"}})");
    EXPECT_EQ(e.path, "plugins");
    EXPECT_TRUE(e.message.contains("expected an array")) << qPrintable(e.message);
}
