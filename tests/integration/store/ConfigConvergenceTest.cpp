// Every edit has one path: committed to the store, then applied by the
// reconciler. Edits made at once through the HTTP API, the panel's engine
// API and a second gateway on the same store end in one state on both
// hosts and in the store, and once they have, nothing is written or
// applied again (no write-back loop between the host and the store).
#include "ConfigTestSupport.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "core/ConfigReconciler.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QJsonObject>
#include <atomic>
#include <thread>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class ConfigConvergenceTest : public ::testing::TestWithParam<TestStore::Backend> {};

QByteArray putConfig(const QString &greeting) {
    return QStringLiteral(R"({"config":{"greeting":"%1"}})").arg(greeting).toUtf8();
}

QJsonObject storedValue(GatewayHarness &g) {
    const ConfigItem *item =
        g.gateway().configStore()->content()->find(ConfigSection::Plugins, "answer");
    return item ? item->value.toObject() : QJsonObject{};
}

// The mock provider and the answer plugin (v1) with a greeting.
QByteArray answerPluginConfig() {
    return QStringLiteral(R"({ "providers": { "mock": { "keys": [] } },
      "plugins": [ { "name": "answer", "path": "%1", "config": { "greeting": "hi" } } ] })")
        .arg(QStringLiteral(ANSWER_PLUGIN_V1_PATH))
        .toUtf8();
}

TEST_P(ConfigConvergenceTest, ApiPanelAndSecondInstanceEditsConvergeWithoutWriteBack) {
    GATEHOUSE_TEST_STORE(store);
    const QByteArray config = answerPluginConfig();
    GatewayHarness a, b;
    a.setStore(store.url());
    b.setStore(store.url());
    QString error;
    ASSERT_TRUE(a.start(config, &error)) << error.toStdString();
    ASSERT_TRUE(b.start(config, &error)) << error.toStdString();

    // Two HTTP clients (one per instance) on threads of their own while
    // this thread, the gateways' main thread, makes the panel's edits.
    constexpr int kEdits = 8;
    std::atomic<int> clientsDone{0};
    std::atomic<int> refused{0};
    auto client = [&](quint16 port, const char *who) {
        for (int i = 0; i < kEdits; ++i) {
            const auto r = TestHttpClient::request(
                port, "PUT", "/api/plugins/answer",
                putConfig(QStringLiteral("%1-%2").arg(QLatin1String(who)).arg(i)));
            if (r.status != 200) ++refused;
        }
        ++clientsDone;
    };
    std::thread apiOnA(client, a.port(), "api-a");
    std::thread apiOnB(client, b.port(), "api-b");
    for (int i = 0; i < kEdits; ++i) {
        EXPECT_TRUE(a.gateway().setPluginConfig(
            "answer", QJsonObject{{"greeting", QStringLiteral("panel-%1").arg(i)}}, &error))
            << error.toStdString();
        runEventsFor(20);
    }
    runEventsUntil([&] { return clientsDone.load() == 2; }, 60000);
    apiOnA.join();
    apiOnB.join();
    EXPECT_EQ(refused.load(), 0);
    // One last edit, through B's host side, names the state all must reach.
    ASSERT_TRUE(b.gateway().setPluginConfig("answer", QJsonObject{{"greeting", "final"}}, &error))
        << error.toStdString();

    auto greetingOn = [](GatewayHarness &g) {
        return g.gateway().plugins()->status("answer")->config.value("greeting").toString();
    };
    ASSERT_TRUE(runEventsUntil(
        [&] {
            return greetingOn(a) == "final" && greetingOn(b) == "final" &&
                   storedValue(a) == storedValue(b);
        },
        20000))
        << "A runs " << greetingOn(a).toStdString() << ", B runs " << greetingOn(b).toStdString();
    EXPECT_EQ(storedValue(a).value("config").toObject().value("greeting").toString(), "final");

    // Settled: a few poll periods later nothing was written or applied.
    const quint64 writesA = a.gateway().configStore()->writes();
    const quint64 writesB = b.gateway().configStore()->writes();
    const quint64 appliesA = a.gateway().reconciler()->hostApplies();
    const quint64 appliesB = b.gateway().reconciler()->hostApplies();
    // Each instance wrote only the edits made on it: nothing is written
    // back from a host (A: its API's and the panel's; B: its API's + 1).
    EXPECT_LE(writesA, quint64(2 * kEdits));
    EXPECT_LE(writesB, quint64(kEdits + 1));
    runEventsFor(3500);
    EXPECT_EQ(a.gateway().configStore()->writes(), writesA);
    EXPECT_EQ(b.gateway().configStore()->writes(), writesB);
    EXPECT_EQ(a.gateway().reconciler()->hostApplies(), appliesA);
    EXPECT_EQ(b.gateway().reconciler()->hostApplies(), appliesB);
    EXPECT_EQ(greetingOn(a), "final");
    EXPECT_EQ(greetingOn(b), "final");
}

// A config the plugin's init() turns down is taken back out of the store:
// the store never holds what no host runs, and the answer says why.
TEST_P(ConfigConvergenceTest, ARefusedEditLeavesTheStoreAsTheHostRunsIt) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    g.setStore(store.url());
    const QByteArray config = answerPluginConfig();
    QString error;
    ASSERT_TRUE(g.start(config, &error)) << error.toStdString();
    EXPECT_FALSE(g.gateway().setPluginVersion("answer", 0, &error));
    EXPECT_EQ(storedValue(g).value("version").toInt(), 1);
    EXPECT_FALSE(g.gateway().removePlugin("nobody", &error));
    EXPECT_TRUE(error.contains("no plugin named")) << error.toStdString();
}

GATEHOUSE_ON_EVERY_STORE(ConfigConvergenceTest);

}  // namespace
