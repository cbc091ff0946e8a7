// Every bundled plugin loads like an outside one and describes itself in
// plugin.json the way the host and the panel read it.
#include "JsonTestUtil.h"
#include "PluginTestKit.h"

#include <gtest/gtest.h>
#include <QFileInfo>
#include <QJsonArray>

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

class PluginMetadataTest : public ::testing::TestWithParam<const char *> {};

}  // namespace

TEST_P(PluginMetadataTest, LoadsAndDescribesItself) {
    LoadedPlugin plugin{QString::fromUtf8(GetParam())};
    ASSERT_TRUE(plugin.isLoaded()) << plugin.errorString().toStdString();
    const QJsonObject meta = plugin.metaData();
    EXPECT_EQ(meta.value(QLatin1String("name")).toString(), plugin->name());
    EXPECT_FALSE(meta.value(QLatin1String("version")).toString().isEmpty());
    EXPECT_FALSE(meta.value(QLatin1String("description")).toString().isEmpty());
    EXPECT_EQ(meta.value(QLatin1String("apiVersion")).toInt(), GATEHOUSE_PLUGIN_API_VERSION);
    const QJsonArray hooks = meta.value(QLatin1String("hooks")).toArray();
    EXPECT_FALSE(hooks.isEmpty());
    const QStringList known{"transportInterceptor", "preHook", "postHook", "streamChunk"};
    for (const auto &hook : hooks)
        EXPECT_TRUE(known.contains(hook.toString())) << hook.toString().toStdString();
    const QJsonObject schema = meta.value(QLatin1String("configSchema")).toObject();
    EXPECT_EQ(schema.value(QLatin1String("type")).toString(), QStringLiteral("object"));
}

INSTANTIATE_TEST_SUITE_P(Bundled, PluginMetadataTest,
                         ::testing::Values(GATEHOUSE_PLUGIN_HELLO_WORLD, GATEHOUSE_PLUGIN_MOCKER,
                                           GATEHOUSE_PLUGIN_HEADER_POLICY, GATEHOUSE_PLUGIN_CACHE,
                                           GATEHOUSE_PLUGIN_GOVERNANCE),
                         [](const ::testing::TestParamInfo<const char *> &param) {
                             // "header-policy.so" -> "header_policy"
                             return QFileInfo(QString::fromUtf8(param.param))
                                 .baseName()
                                 .replace(QLatin1Char('-'), QLatin1Char('_'))
                                 .toStdString();
                         });
