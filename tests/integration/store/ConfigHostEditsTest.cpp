// Plugin edits made through the engine's API (the panel's) reach the store
// in order, and one that undoes another just made is not lost: the store
// never puts the undone state back on the host.
#include "ConfigTestSupport.h"
#include "GatewayHarness.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QElapsedTimer>

using namespace gatehouse;

TEST(ConfigHostEdits, AnEditThatUndoesOneStillInFlightIsKept) {
    GatewayHarness g;
    const QByteArray config = QStringLiteral(R"({ "providers": { "mock": { "keys": [] } },
      "plugins": [ { "name": "answer", "path": "%1", "config": { "greeting": "hi" } } ] })")
                                  .arg(QStringLiteral(ANSWER_PLUGIN_V1_PATH))
                                  .toUtf8();
    QString error;
    ASSERT_TRUE(g.start(config, &error)) << error.toStdString();
    PluginManager *m = g.gateway().plugins();
    // Both on this (the main) thread with no event in between.
    ASSERT_TRUE(
        g.gateway().setPluginConfig("answer", QJsonObject{{"greeting", "changed"}}, &error));
    ASSERT_TRUE(g.gateway().setPluginConfig("answer", QJsonObject{{"greeting", "hi"}}, &error));
    // Let both writes land (and anything they would apply to the host).
    QElapsedTimer t;
    t.start();
    runEventsUntil([&] { return t.elapsed() > 1500; }, 3000);
    EXPECT_EQ(m->status("answer")->config.value("greeting").toString(), "hi");
    const ConfigItem *stored =
        g.gateway().configStore()->content()->find(ConfigSection::Plugins, "answer");
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->value.toObject()["config"].toObject()["greeting"].toString(), "hi");
}
