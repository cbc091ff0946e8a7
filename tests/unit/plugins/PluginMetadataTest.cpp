// plugin.json checks, one message per problem (real files are tested in
// integration/plugins).
#include "plugins/PluginMetadata.h"

#include <gatehouse/plugin.h>

#include <gtest/gtest.h>

#include <QJsonArray>

namespace gatehouse {
namespace {

QJsonObject qtMetaData(const QJsonObject &pluginJson) {
    return {{"IID", GATEHOUSE_PLUGIN_IID},
            {"className", "P"},
            {"version", QT_VERSION},
            {"MetaData", pluginJson}};
}

QJsonObject validJson() {
    return {{"name", "p"}, {"version", "1.0"}, {"apiVersion", 1}};
}

QString problemWith(const QJsonObject &qt) {
    QString error;
    EXPECT_FALSE(PluginMetadata::fromQtMetaData(qt, "/x/p.so", &error));
    return error;
}

TEST(PluginMetadata, ReadsEveryField) {
    QJsonObject json = validJson();
    json.insert("description", "does things");
    json.insert("hooks", QJsonArray{"preHook", "streamChunk"});
    json.insert("configSchema", QJsonObject{{"type", "object"}});
    QString error;
    const auto metadata = PluginMetadata::fromQtMetaData(qtMetaData(json), "/x/p.so", &error);
    ASSERT_TRUE(metadata) << error.toStdString();
    EXPECT_EQ(metadata->name, QStringLiteral("p"));
    EXPECT_EQ(metadata->version, QStringLiteral("1.0"));
    EXPECT_EQ(metadata->description, QStringLiteral("does things"));
    EXPECT_EQ(metadata->hooks, QStringList({"preHook", "streamChunk"}));
    EXPECT_EQ(metadata->hookMask,
              pluginHookBit(PluginHook::PreHook) | pluginHookBit(PluginHook::StreamChunk));
    EXPECT_EQ(metadata->configSchema.value("type").toString(), QStringLiteral("object"));
    EXPECT_EQ(metadata->className, QStringLiteral("P"));
}

TEST(PluginMetadata, WithoutHooksEveryHookIsCalled) {
    QString error;
    const auto metadata =
        PluginMetadata::fromQtMetaData(qtMetaData(validJson()), "/x/p.so", &error);
    ASSERT_TRUE(metadata);
    EXPECT_EQ(metadata->hookMask, kAllPluginHooks);
}

TEST(PluginMetadata, UnknownHookIsNamed) {
    QJsonObject json = validJson();
    json.insert("hooks", QJsonArray{"preHok"});
    EXPECT_EQ(
        problemWith(qtMetaData(json)),
        QStringLiteral("/x/p.so: plugin.json: \"hooks\" names an unknown hook \"preHok\": the "
                       "hooks are transportInterceptor, preHook, postHook, streamChunk"));
}

TEST(PluginMetadata, MissingVersionSaysWhatToAdd) {
    QJsonObject json = validJson();
    json.remove("version");
    EXPECT_TRUE(
        problemWith(qtMetaData(json)).contains("\"version\" must be the plugin's own version"));
}

TEST(PluginMetadata, MissingApiVersionSaysWhatToAdd) {
    QJsonObject json = validJson();
    json.remove("apiVersion");
    EXPECT_TRUE(problemWith(qtMetaData(json)).contains("add \"apiVersion\": 1"));
}

TEST(PluginMetadata, OlderApiSaysRebuild) {
    QJsonObject qt = qtMetaData(validJson());
    qt.insert("IID", "dev.gatehouse.GatewayPlugin/0");
    EXPECT_EQ(problemWith(qt), QStringLiteral("/x/p.so was built for plugin API 0; this Gatehouse "
                                              "speaks API 1 — rebuild it against the Gatehouse 1 "
                                              "SDK"));
}

TEST(PluginMetadata, SchemaMustBeAnObject) {
    QJsonObject json = validJson();
    json.insert("configSchema", "string");
    EXPECT_TRUE(
        problemWith(qtMetaData(json)).contains("\"configSchema\" must be a JSON Schema object"));
}

TEST(PluginMetadata, NoPluginJsonSaysHowToAddIt) {
    QJsonObject qt = qtMetaData(validJson());
    qt.remove("MetaData");
    EXPECT_TRUE(problemWith(qt).contains("has no plugin.json metadata"));
}

}  // namespace
}  // namespace gatehouse
