// The config store on both backends: the schema step from version 1, and
// the rule between config.json and the store (ConfigMerge::seed), through
// ConfigStore as the gateway uses it: open (seed), edit, reopen with
// another file.
#include "ConfigTestSupport.h"
#include "StoreTestKit.h"
#include "config/ConfigLoader.h"
#include "store/ConfigEdits.h"
#include "store/LogReader.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::applyEdit;
using gatehouse::test::TestStore;

namespace {

GatewayConfig fileConfig(const QByteArray &json, const QString &path = "/etc/gh/config.json") {
    GatewayConfig config;
    ConfigError error;
    EXPECT_TRUE(ConfigLoader::loadJson(json, path, &config, &error))
        << error.toString().toStdString();
    return config;
}

QByteArray configText(const QString &providerUrl, int pluginVersion, const QString &greeting,
                      bool dropExcess = false) {
    return QStringLiteral(R"({
      "client": { "drop_excess_requests": %4 },
      "providers": { "openai": { "keys": [ { "value": "sk-file-key-0001", "models": ["*"] } ],
                                 "network_config": { "base_url": "%1" } } },
      "plugins": [ { "name": "answer", "path": "/opt/answer.so", "version": %2,
                     "config": { "greeting": "%3" } } ] })")
        .arg(providerUrl)
        .arg(pluginVersion)
        .arg(greeting, dropExcess ? QStringLiteral("true") : QStringLiteral("false"))
        .toUtf8();
}

class ConfigStoreTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    std::unique_ptr<ConfigStore> open(const TestStore &store, const GatewayConfig &file) {
        auto s = std::make_unique<ConfigStore>(store.location(), file);
        QString error;
        EXPECT_TRUE(s->open(&error)) << error.toStdString();
        return s;
    }
    static const ConfigItem *item(const ConfigStore &s, ConfigSection section,
                                  const QString &name) {
        return s.content()->find(section, name);
    }
    static QString baseUrl(const ConfigStore &s) {
        return s.effective()->provider("openai")->network.baseUrl;
    }
    static QString greeting(const ConfigStore &s) {
        for (const PluginEntry &e : s.effective()->plugins)
            if (e.name == "answer") return e.config.value("greeting").toString();
        return {};
    }
    static ConfigStore::Edit apiPluginConfig(const QString &greeting) {
        return [greeting](ConfigContent &c, ConfigStore::Result *) {
            ConfigItem item = *c.find(ConfigSection::Plugins, "answer");
            QJsonObject v = item.value.toObject();
            v.insert("config", QJsonObject{{"greeting", greeting}});
            item.value = v;
            item.source = ConfigSource::api();
            c.put(ConfigSection::Plugins, item);
            return true;
        };
    }
    static QJsonObject provider(const QString &url, const QString &key) {
        return QJsonObject{
            {"keys", QJsonArray{QJsonObject{{"value", key}, {"models", QJsonArray{"*"}}}}},
            {"network_config", QJsonObject{{"base_url", url}}}};
    }
};

TEST_P(ConfigStoreTest, Version1StoreIsMigratedToTheLatestAndKeepsItsLogs) {
    GATEHOUSE_TEST_STORE(store);
    {
        // A store as the first schema left it: logs only, bodies one row per request.
        StoreConnection c(store.location(), "t", StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        ASSERT_TRUE(StoreSchema::migrate(c, &error, 1)) << error.toStdString();
        ASSERT_TRUE(
            c.exec("INSERT INTO requests (id, ts, provider, status, latency_us) VALUES "
                   "('old', 1, 'up', 200, 1500)",
                   &error));
        ASSERT_TRUE(
            c.exec("INSERT INTO request_content (request_id, spans, request_body, "
                   "response_body, response_truncated) VALUES ('old', '[]', "
                   "'{\"q\":1}', 'plain answer', 1)",
                   &error))
            << error.toStdString();
    }
    auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
    StoreConnection c(store.location(), "t", StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error));
    EXPECT_EQ(StoreSchema::currentVersion(c, &error), StoreSchema::latestVersion());
    QSqlQuery q(c.db());
    ASSERT_TRUE(q.exec("SELECT count(*) FROM config_providers"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 1);
    // What was logged before body blocks (and before request blocks) reads as it did.
    const std::optional<QJsonObject> old = LogReader::get(c, "old", &error);
    ASSERT_TRUE(old) << error.toStdString();
    EXPECT_EQ(old->value("provider").toString(), "up");
    EXPECT_EQ(old->value("latency_ms").toDouble(), 1.5);
    EXPECT_EQ(old->value("time_ms").toInteger(), 1);
    EXPECT_EQ(old->value("request_body").toObject().value("q").toInt(), 1);
    EXPECT_EQ(old->value("response_body").toString(), "plain answer");
    EXPECT_TRUE(old->value("response_truncated").toBool());
    EXPECT_FALSE(old->value("request_truncated").toBool());
}

TEST_P(ConfigStoreTest, FirstStartSeedsEveryItemFromTheFile) {
    GATEHOUSE_TEST_STORE(store);
    auto s = open(store, fileConfig(configText("http://a", 1, "hi", true)));
    EXPECT_EQ(item(*s, ConfigSection::Providers, "openai")->source, "file");
    EXPECT_EQ(item(*s, ConfigSection::Plugins, "answer")->source, "file");
    EXPECT_EQ(item(*s, ConfigSection::Settings, "drop_excess_requests")->source, "file");
    EXPECT_EQ(baseUrl(*s), "http://a");
    EXPECT_EQ(greeting(*s), "hi");
    EXPECT_TRUE(s->effective()->client.dropExcessRequests);
    EXPECT_GT(s->content()->revision, 0);
}

TEST_P(ConfigStoreTest, BuiltInDefaultItemsSaySoAsTheirSource) {
    GATEHOUSE_TEST_STORE(store);
    auto s = open(store, fileConfig(configText("http://a", 1, "hi"), ":/built-in"));
    EXPECT_EQ(item(*s, ConfigSection::Providers, "openai")->source, "default");
}

TEST_P(ConfigStoreTest, PluginEditIsKeptOverTheSameVersionInTheFile) {
    GATEHOUSE_TEST_STORE(store);
    const GatewayConfig file = fileConfig(configText("http://a", 1, "hi"));
    {
        auto s = open(store, file);
        ASSERT_TRUE(applyEdit(*s, apiPluginConfig("edited")).ok());
        EXPECT_EQ(greeting(*s), "edited");
    }
    auto s = open(store, file);
    EXPECT_EQ(greeting(*s), "edited");
    EXPECT_EQ(item(*s, ConfigSection::Plugins, "answer")->source, "api");
    // Even when the file's entry changed without a higher version.
    s.reset();
    s = open(store, fileConfig(configText("http://a", 1, "file-changed")));
    EXPECT_EQ(greeting(*s), "edited");
}

TEST_P(ConfigStoreTest, HigherPluginVersionInTheFileReplacesTheEditedEntry) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        ASSERT_TRUE(applyEdit(*s, apiPluginConfig("edited")).ok());
    }
    auto s = open(store, fileConfig(configText("http://a", 2, "from-file-v2")));
    EXPECT_EQ(greeting(*s), "from-file-v2");
    EXPECT_EQ(item(*s, ConfigSection::Plugins, "answer")->source, "file");
    EXPECT_EQ(item(*s, ConfigSection::Plugins, "answer")->value.toObject().value("version"), 2);
}

TEST_P(ConfigStoreTest, UneditedPluginFollowsTheFileWithoutAVersionBump) {
    GATEHOUSE_TEST_STORE(store);
    open(store, fileConfig(configText("http://a", 1, "hi")));
    auto s = open(store, fileConfig(configText("http://a", 1, "changed")));
    EXPECT_EQ(greeting(*s), "changed");
}

TEST_P(ConfigStoreTest, ProviderEditIsKeptUntilTheFilesProviderChanges) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        const auto r =
            applyEdit(*s, ConfigEdits::putProvider(
                              "openai", provider("http://edited", "sk-api-key-0002"), false));
        ASSERT_TRUE(r.ok()) << r.error.toStdString();
        EXPECT_EQ(baseUrl(*s), "http://edited");
    }
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        EXPECT_EQ(baseUrl(*s), "http://edited");
        EXPECT_EQ(item(*s, ConfigSection::Providers, "openai")->source, "api");
    }
    auto s = open(store, fileConfig(configText("http://b", 1, "hi")));
    EXPECT_EQ(baseUrl(*s), "http://b");
    EXPECT_EQ(item(*s, ConfigSection::Providers, "openai")->source, "file");
}

TEST_P(ConfigStoreTest, SettingEditIsKeptUntilTheFilesSettingChanges) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi", false)));
        ASSERT_TRUE(
            applyEdit(*s, ConfigEdits::putSections(
                              {{"client", QJsonObject{{"drop_excess_requests", true}}}}, {}))
                .ok());
    }
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi", false)));
        EXPECT_TRUE(s->effective()->client.dropExcessRequests);
        EXPECT_EQ(item(*s, ConfigSection::Settings, "drop_excess_requests")->source, "api");
    }
    // The file's value changed since it was seeded: the file wins.
    open(store, fileConfig(configText("http://a", 1, "hi", true)));
    auto s = open(store, fileConfig(configText("http://a", 1, "hi", false)));
    EXPECT_FALSE(s->effective()->client.dropExcessRequests);
    EXPECT_EQ(item(*s, ConfigSection::Settings, "drop_excess_requests")->source, "file");
}

TEST_P(ConfigStoreTest, ItemsOnlyInTheFileAreAddedAndItemsOnlyInTheStoreStay) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        ASSERT_TRUE(applyEdit(*s, ConfigEdits::putProvider(
                                      "extra", provider("http://x", "env.EXTRA_KEY"), true))
                        .ok());
    }
    auto s = open(store, fileConfig(R"({
      "providers": { "mock": { "keys": [] } },
      "plugins": [ { "name": "other", "path": "/opt/other.so" } ] })"));
    const QStringList names = s->effective()->providerNames();
    EXPECT_TRUE(names.contains("mock"));
    EXPECT_TRUE(names.contains("extra"));
    EXPECT_TRUE(names.contains("openai"));  // the store is authoritative
    ASSERT_EQ(s->effective()->plugins.size(), 2);
    EXPECT_EQ(s->effective()->plugins[0].name, "answer");  // chain order kept
    EXPECT_EQ(s->effective()->plugins[1].name, "other");
}

TEST_P(ConfigStoreTest, RemovedProviderStaysRemovedUntilTheFilesEntryChanges) {
    GATEHOUSE_TEST_STORE(store);
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        ASSERT_TRUE(applyEdit(*s, ConfigEdits::removeProvider("openai")).ok());
        EXPECT_EQ(s->effective()->provider("openai"), nullptr);
    }
    {
        auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
        EXPECT_EQ(s->effective()->provider("openai"), nullptr);
    }
    auto s = open(store, fileConfig(configText("http://c", 1, "hi")));
    ASSERT_NE(s->effective()->provider("openai"), nullptr);
    EXPECT_EQ(baseUrl(*s), "http://c");
}

TEST_P(ConfigStoreTest, InvalidEditIsRefusedWithItsFieldAndNothingIsWritten) {
    GATEHOUSE_TEST_STORE(store);
    auto s = open(store, fileConfig(configText("http://a", 1, "hi")));
    const qint64 before = s->content()->revision;
    QJsonObject bad = provider("http://x", "sk-api-key-0002");
    bad.insert("concurrency_and_buffer_size", QJsonObject{{"concurrency", "many"}});
    const auto r = applyEdit(*s, ConfigEdits::putProvider("openai", bad, false));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.field, "providers.openai.concurrency_and_buffer_size.concurrency");
    EXPECT_EQ(s->content()->revision, before);
    s.reset();
    s = open(store, fileConfig(configText("http://a", 1, "hi")));
    EXPECT_EQ(s->content()->revision, before);
    EXPECT_EQ(baseUrl(*s), "http://a");
}

GATEHOUSE_ON_EVERY_STORE(ConfigStoreTest);

}  // namespace
