// Every model of the panel passes Qt's QAbstractItemModelTester while it
// changes under real traffic and real plugin changes.
#include "PanelTestEnv.h"

#include "Gateway.h"
#include "models/HookLogFilter.h"
#include "models/HookLogModel.h"
#include "models/PluginTableModel.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QAbstractItemModelTester>

namespace gatehouse {
namespace {

const QString kHelloWorld = QStringLiteral(GATEHOUSE_PLUGIN_HELLO_WORLD);
const QString kCache = QStringLiteral(GATEHOUSE_PLUGIN_CACHE);
constexpr auto kFatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

TEST(ModelConformance, PluginTableModel) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    PluginTableModel model;
    QAbstractItemModelTester tester(&model, kFatal);
    Gateway *gateway = env.controller().gateway();
    model.setGateway(gateway);
    QString error;
    PluginEntry cache;
    cache.name = QStringLiteral("cache");
    cache.path = kCache;
    ASSERT_TRUE(gateway->addPlugin(cache, &error)) << error.toStdString();
    EXPECT_EQ(model.rowCount(), 2);
    EXPECT_TRUE(model.setData(model.index(0, PluginTableModel::Enabled), Qt::Unchecked,
                              Qt::CheckStateRole));
    ASSERT_EQ(env.sendChat(), 200);
    model.refresh();
    env.controller().stop();
    model.setGateway(nullptr);
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(ModelConformance, HookLogModelAndFilter) {
    PanelTestEnv env("[" + pluginJson("hello-world", kHelloWorld) + "]");
    HookLogModel model(8, 10000);
    HookLogFilter filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, kFatal);
    QAbstractItemModelTester filterTester(&filter, kFatal);
    model.setManager(env.controller().gateway()->plugins());
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(env.sendChat(), 200);
        model.drain();
    }
    filter.setHook(QStringLiteral("preHook"));
    filter.setText(QStringLiteral("called"));
    ASSERT_EQ(env.sendChat(), 200);
    model.drain();
    EXPECT_GT(filter.rowCount(), 0);
    model.clear();
    EXPECT_EQ(filter.rowCount(), 0);
}

}  // namespace
}  // namespace gatehouse
