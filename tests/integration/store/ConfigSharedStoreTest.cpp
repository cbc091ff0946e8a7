// Two gateways on one store (how several instances share PostgreSQL): a
// change made through one's API reaches the other within a few seconds.
#include "ConfigTestSupport.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QElapsedTimer>
#include <QJsonArray>
#include <cstdio>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::jsonBody;
using gatehouse::test::TestStore;

namespace {

class ConfigSharedStoreTest : public ::testing::TestWithParam<TestStore::Backend> {};

bool listsProvider(quint16 port, const QString &name) {
    const auto list = jsonBody(apiCall(port, "GET", "/api/providers"))["providers"].toArray();
    for (const auto &p : list)
        if (p.toObject()["name"].toString() == name) return true;
    return false;
}

TEST_P(ConfigSharedStoreTest, ProviderAndPluginChangesOnOneInstanceReachTheOther) {
    GATEHOUSE_TEST_STORE(store);
    FakeUpstream upstream;
    ASSERT_TRUE(upstream.start());
    const QByteArray config = QStringLiteral(R"({
      "providers": { "mock": { "keys": [] } },
      "plugins": [ { "name": "answer", "path": "%1", "config": { "greeting": "hi" } } ] })")
                                  .arg(QStringLiteral(ANSWER_PLUGIN_V1_PATH))
                                  .toUtf8();
    GatewayHarness a, b;
    a.setStore(store.url());
    b.setStore(store.url());
    QString error;
    ASSERT_TRUE(a.start(config, &error)) << error.toStdString();
    ASSERT_TRUE(b.start(config, &error)) << error.toStdString();

    const auto put =
        apiCall(a.port(), "PUT", "/api/plugins/answer", R"({"config":{"greeting":"set on a"}})");
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_TRUE(runEventsUntil(
        [&] {
            return b.gateway().plugins()->status("answer")->config.value("greeting").toString() ==
                   "set on a";
        },
        15000));
    // The answer plugin answers every request itself: switched off (on A)
    // so the request below reaches the new provider.
    ASSERT_EQ(apiCall(a.port(), "PUT", "/api/plugins/answer", R"({"enabled":false})").status, 200);
    EXPECT_TRUE(
        runEventsUntil([&] { return !b.gateway().plugins()->status("answer")->enabled; }, 15000));

    const QByteArray provider =
        QStringLiteral(R"({"name":"shared","keys":[{"value":"sk-shared-key-000042","models":["*"]}],
        "network_config":{"base_url":"%1"}})")
            .arg(upstream.baseUrl())
            .toUtf8();
    const auto post = apiCall(a.port(), "POST", "/api/providers", provider);
    ASSERT_EQ(post.status, 201) << post.body.toStdString();
    // Bounded wait: B polls the store's revision. How long it took is
    // reported (not asserted).
    QElapsedTimer took;
    took.start();
    bool seen = false;
    for (int i = 0; i < 150 && !seen; ++i) {
        seen = listsProvider(b.port(), "shared");
        if (!seen) runEventsFor(100);
    }
    ASSERT_TRUE(seen) << "instance B never saw the provider added through A";
    RecordProperty("provider_propagation_ms", int(took.elapsed()));
    std::printf("provider added on A listed by B after %lld ms\n", took.elapsed());
    const auto r = TestHttpClient::post(b.port(), "/v1/chat/completions",
                                        chatBody("shared/gpt-4o", "through b"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "echo: through b");
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer sk-shared-key-000042");

    EXPECT_TRUE(b.gateway().config().provider("shared") != nullptr);
}

GATEHOUSE_ON_EVERY_STORE(ConfigSharedStoreTest);

}  // namespace
