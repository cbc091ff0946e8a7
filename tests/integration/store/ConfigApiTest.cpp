// /api/config and /api/providers over real HTTP, on both backends: edits
// apply to new requests at once, survive a restart, keys never leave the
// gateway unmasked, invalid changes are refused whole.
#include "ConfigTestSupport.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "plugins/PluginManager.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::jsonBody;
using gatehouse::test::TestStore;

namespace {

const QByteArray kSecret = "sk-live-secret-key-1234abcd";

class ConfigApiTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // The answer plugin answers every request itself: the tests that reach
    // the upstream start with it disabled.
    QByteArray config(int pluginVersion = 1, const QString &greeting = "from-file") const {
        return QStringLiteral(R"({
          "providers": {
            "mock": { "keys": [] },
            "openai": { "keys": [ { "name": "main", "value": "%1", "models": ["*"] },
                                  { "name": "env", "value": "env.GH_TEST_UNSET_KEY", "models": ["*"] } ],
                        "network_config": { "base_url": "%2",
                                            "extra_headers": { "X-Api-Key": "hdr-secret-value-5678" } } } },
          "plugins": [ { "name": "answer", "path": "%3", "version": %4, "enabled": %6,
                         "config": { "greeting": "%5" } } ] })")
            .arg(QString::fromLatin1(kSecret), upstream.baseUrl(),
                 QStringLiteral(ANSWER_PLUGIN_V1_PATH))
            .arg(pluginVersion)
            .arg(greeting, pluginEnabled ? QStringLiteral("true") : QStringLiteral("false"))
            .toUtf8();
    }
    bool start(GatewayHarness &g, const TestStore &store, int pluginVersion = 1) {
        g.setStore(store.url());
        QString error;
        const bool ok = g.start(config(pluginVersion), &error);
        EXPECT_TRUE(ok) << error.toStdString();
        return ok;
    }
    static QString greetingOf(GatewayHarness &g) {
        return g.gateway().plugins()->status("answer")->config.value("greeting").toString();
    }
    void SetUp() override { ASSERT_TRUE(upstream.start()); }

    bool pluginEnabled = false;
    FakeUpstream upstream;
};

TEST_P(ConfigApiTest, PluginEditThroughTheApiSurvivesARestartUntilTheFileBumpsTheVersion) {
    GATEHOUSE_TEST_STORE(store);
    pluginEnabled = true;
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store));
        const auto put = apiCall(g.port(), "PUT", "/api/plugins/answer",
                                 R"({"config":{"greeting":"from-api"}})");
        ASSERT_EQ(put.status, 200) << put.body.toStdString();
        // Written by the time the store says so: wait for the source to flip.
        ASSERT_TRUE(runEventsUntil(
            [&] {
                const auto *item =
                    g.gateway().configStore()->content()->find(ConfigSection::Plugins, "answer");
                return item && item->source == "api";
            },
            10000));
    }
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store));  // config.json still says "from-file"
        EXPECT_EQ(greetingOf(g), "from-api");
        const auto cfg = jsonBody(apiCall(g.port(), "GET", "/api/config"));
        EXPECT_EQ(cfg["sources"].toObject()["plugins"].toObject()["answer"].toString(), "api");
    }
    GatewayHarness g;
    ASSERT_TRUE(start(g, store, /*pluginVersion=*/2));
    EXPECT_EQ(greetingOf(g), "from-file");
    EXPECT_EQ(g.gateway().plugins()->status("answer")->version, 2);
}

// Each version bump is committed to the store and then applied; an
// earlier commit seen again (the poll) must not reload the older version
// (found under ASan: 100 quick reloads ended on version 88).
TEST_P(ConfigApiTest, QuickVersionBumpsNeverReplayAnOlderVersion) {
    GATEHOUSE_TEST_STORE(store);
    pluginEnabled = true;
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    PluginManager &plugins = *g.gateway().plugins();
    QList<int> loaded;
    QObject::connect(&plugins, &PluginManager::statusChanged, [&](const QString &name) {
        const auto s = plugins.status(name);
        if (s && s->state == PluginState::Active) loaded << s->version;
    });
    QString error;
    for (int v = 2; v <= 20; ++v)
        ASSERT_TRUE(g.gateway().setPluginVersion("answer", v, &error)) << error.toStdString();
    ASSERT_TRUE(runEventsUntil(
        [&] {
            const auto *item =
                g.gateway().configStore()->content()->find(ConfigSection::Plugins, "answer");
            return item && item->value.toObject().value("version").toInt() == 20;
        },
        20000));
    runEventsFor(300);  // the poll too
    EXPECT_EQ(plugins.status("answer")->version, 20);
    for (int i = 1; i < loaded.size(); ++i)
        EXPECT_GE(loaded[i], loaded[i - 1]) << "reloaded an older version after " << loaded[i - 1];
}

TEST_P(ConfigApiTest, ProvidersCrudAppliesToNewRequestsAtOnceAndSurvivesARestart) {
    GATEHOUSE_TEST_STORE(store);
    const QByteArray created =
        QStringLiteral(R"({"name":"team","keys":[{"value":"sk-team-key-00009999","models":["*"]}],
        "network_config":{"base_url":"%1"}})")
            .arg(upstream.baseUrl())
            .toUtf8();
    {
        GatewayHarness g;
        ASSERT_TRUE(start(g, store));
        const auto before =
            TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("team/gpt-4o", "hi"));
        EXPECT_EQ(before.status, 400);
        const auto post = apiCall(g.port(), "POST", "/api/providers", created);
        ASSERT_EQ(post.status, 201) << post.body.toStdString();
        EXPECT_EQ(jsonBody(post)["source"].toString(), "api");
        const auto after =
            TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("team/gpt-4o", "ping"));
        ASSERT_EQ(after.status, 200) << after.body.toStdString();
        EXPECT_EQ(answerText(after.body), "echo: ping");
        EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"),
                  "Bearer sk-team-key-00009999");
        EXPECT_EQ(apiCall(g.port(), "POST", "/api/providers", created).status, 409);
        const auto del = apiCall(g.port(), "DELETE", "/api/providers/mock");
        EXPECT_EQ(del.status, 200) << del.body.toStdString();
        EXPECT_EQ(apiCall(g.port(), "GET", "/api/providers/mock").status, 404);
    }
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const QJsonArray list =
        jsonBody(apiCall(g.port(), "GET", "/api/providers"))["providers"].toArray();
    QStringList names;
    for (const auto &p : list) names << p.toObject()["name"].toString();
    EXPECT_TRUE(names.contains("team"));
    EXPECT_FALSE(names.contains("mock"));  // removed stays removed: the file's entry is unchanged
    const auto r =
        TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("team/gpt-4o", "again"));
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
}

TEST_P(ConfigApiTest, KeysAreMaskedInEveryAnswerAndAMaskedKeySentBackKeepsTheStoredOne) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    QList<TestHttpResponse> answers{apiCall(g.port(), "GET", "/api/config"),
                                    apiCall(g.port(), "GET", "/api/providers"),
                                    apiCall(g.port(), "GET", "/api/providers/openai")};
    const QJsonObject openai = jsonBody(answers[2]);
    const QJsonArray keys = openai["keys"].toArray();
    ASSERT_EQ(keys.size(), 2);
    EXPECT_EQ(keys[0].toObject()["value"].toString(), "sk-...abcd");
    EXPECT_EQ(keys[1].toObject()["value"].toString(), "env.GH_TEST_UNSET_KEY");
    // GET, change the base URL, PUT back with the masked key.
    QJsonObject edited = openai;
    QJsonObject network = edited["network_config"].toObject();
    EXPECT_EQ(network["extra_headers"].toObject()["X-Api-Key"].toString(), "hdr-...5678");
    network.insert("base_url", upstream.baseUrl() + "/");
    edited.insert("network_config", network);
    answers << apiCall(g.port(), "PUT", "/api/providers/openai",
                       QJsonDocument(edited).toJson(QJsonDocument::Compact));
    ASSERT_EQ(answers.last().status, 200) << answers.last().body.toStdString();
    answers << apiCall(g.port(), "PUT", "/api/config",
                       R"({"client":{"drop_excess_requests":true}})");
    ASSERT_EQ(answers.last().status, 200) << answers.last().body.toStdString();
    for (const auto &a : answers) {
        EXPECT_EQ(a.body.indexOf(kSecret), -1) << a.body.toStdString();
        EXPECT_EQ(a.body.indexOf("hdr-secret-value-5678"), -1) << a.body.toStdString();
    }
    // The stored key is the real one: a request uses it.
    const auto r =
        TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("openai/gpt-4o", "ping"));
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(upstream.lastRequestHeaders().value("Authorization"), "Bearer " + kSecret);
    EXPECT_EQ(upstream.lastRequestHeaders().value("X-Api-Key"), "hdr-secret-value-5678");
    // Keeping the stored key while moving the provider elsewhere needs the token.
    QJsonObject moved = edited;
    moved.insert("network_config", QJsonObject{{"base_url", "http://127.0.0.1:9/elsewhere"}});
    const QByteArray movedBody = QJsonDocument(moved).toJson(QJsonDocument::Compact);
    const auto noToken = apiCall(g.port(), "PUT", "/api/providers/openai", movedBody);
    EXPECT_EQ(noToken.status, 401) << noToken.body.toStdString();
    EXPECT_EQ(g.gateway().config().provider("openai")->network.baseUrl, upstream.baseUrl());
    HttpHeaders auth;
    auth.add("Authorization", "Bearer " + g.gateway().apiToken().toLatin1());
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/providers/openai", movedBody, auth).status, 200);
    // A masked value that matches no stored key is refused, not stored.
    QJsonObject unknown = edited;
    unknown.insert("keys", QJsonArray{QJsonObject{{"value", "sk-...zzzz"}}});
    const auto refused = apiCall(g.port(), "PUT", "/api/providers/openai",
                                 QJsonDocument(unknown).toJson(QJsonDocument::Compact));
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(jsonBody(refused)["error"].toObject()["param"].toString(),
              "providers.openai.keys[0].value");
}

TEST_P(ConfigApiTest, AnEnvironmentKeyGoesToANewAddressOnlyWithTheToken) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    // A key read from the environment is still the owner's secret: pointed
    // at another address it would be sent there. The owner's own scripts on
    // loopback need the token for that too.
    const QByteArray moved = R"({"keys":[{"value":"env.OPENAI_API_KEY"}],
        "network_config":{"base_url":"http://127.0.0.1:9/elsewhere"}})";
    const auto noToken = apiCall(g.port(), "PUT", "/api/providers/openai", moved);
    EXPECT_EQ(noToken.status, 401) << noToken.body.toStdString();
    EXPECT_EQ(jsonBody(noToken)["error"].toObject()["param"].toString(),
              "providers.openai.network_config.base_url");
    EXPECT_EQ(g.gateway().config().provider("openai")->network.baseUrl, upstream.baseUrl());
    // The same for a new provider, and through PUT /api/config.
    const QByteArray created = R"({"name":"exfil","keys":[{"value":"env.OPENAI_API_KEY"}],
        "network_config":{"base_url":"http://127.0.0.1:9/elsewhere"}})";
    EXPECT_EQ(apiCall(g.port(), "POST", "/api/providers", created).status, 401);
    const QByteArray section = R"({"providers":{"mock":{"keys":[]},"openai":{
        "keys":[{"value":"env.OPENAI_API_KEY"}],"network_config":{"base_url":"http://x.example"}}}})";
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/config", section).status, 401);
    // Other changes, and the same address, need no token.
    QJsonObject kept = jsonBody(apiCall(g.port(), "GET", "/api/providers/openai", {}));
    kept.remove("name");
    kept.remove("source");
    kept.insert("keys", QJsonArray{QJsonObject{{"value", "env.OPENAI_API_KEY"}}});
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/providers/openai",
                      QJsonDocument(kept).toJson(QJsonDocument::Compact))
                  .status,
              200);
    HttpHeaders auth;
    auth.add("Authorization", "Bearer " + g.gateway().apiToken().toLatin1());
    EXPECT_EQ(apiCall(g.port(), "PUT", "/api/providers/openai", moved, auth).status, 200);
}

TEST_P(ConfigApiTest, InvalidPutIsRefusedWithTheFieldPathAndNothingChanges) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const auto before = apiCall(g.port(), "GET", "/api/config");
    const auto bad = apiCall(g.port(), "PUT", "/api/config",
                             R"({"client":{"drop_excess_requests":true,"log_retention_days":"soon"},
                                 "providers":{"mock":{"keys":[]}}})");
    ASSERT_EQ(bad.status, 400) << bad.body.toStdString();
    EXPECT_EQ(jsonBody(bad)["error"].toObject()["param"].toString(), "client.log_retention_days");
    EXPECT_NE(jsonBody(bad)["error"].toObject()["message"].toString().indexOf(
                  "client.log_retention_days"),
              -1);
    const auto after = apiCall(g.port(), "GET", "/api/config");
    EXPECT_EQ(jsonBody(after), jsonBody(before));
    EXPECT_FALSE(g.gateway().config().client.dropExcessRequests);
    // Still serving the providers the refused PUT would have removed.
    EXPECT_EQ(TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("openai/gpt-4o", "x"))
                  .status,
              200);
    const auto unknownSection = apiCall(g.port(), "PUT", "/api/config", R"({"store":"x"})");
    EXPECT_EQ(unknownSection.status, 400);
    EXPECT_EQ(jsonBody(unknownSection)["error"].toObject()["param"].toString(), "store");
}

TEST_P(ConfigApiTest, ConfigShowsEachItemsSource) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    ASSERT_EQ(
        apiCall(g.port(), "PUT", "/api/config", R"({"client":{"enable_logging":true}})").status,
        200);
    const auto cfg = jsonBody(apiCall(g.port(), "GET", "/api/config"));
    EXPECT_EQ(cfg["providers"].toObject()["openai"].toObject()["source"].toString(), "file");
    EXPECT_EQ(cfg["sources"].toObject()["client"].toObject()["enable_logging"].toString(), "api");
    EXPECT_EQ(cfg["plugins"].toArray().at(0).toObject()["source"].toString(), "file");
    EXPECT_GT(cfg["revision"].toInteger(), 0);
}

TEST_P(ConfigApiTest, PluginsSectionNeedsTheApiTokenAndThenReplacesThePlugins) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    ASSERT_TRUE(start(g, store));
    const QByteArray body = QStringLiteral(R"({"plugins":[{"name":"answer","path":"%1",
        "enabled":true,"config":{"greeting":"via config"}}]})")
                                .arg(QStringLiteral(ANSWER_PLUGIN_V1_PATH))
                                .toUtf8();
    const auto refused = apiCall(g.port(), "PUT", "/api/config", body);
    EXPECT_EQ(refused.status, 401) << refused.body.toStdString();
    EXPECT_FALSE(g.gateway().plugins()->status("answer")->enabled);
    HttpHeaders auth;
    auth.add("Authorization", "Bearer " + g.gateway().apiToken().toLatin1());
    const auto put = apiCall(g.port(), "PUT", "/api/config", body, auth);
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_EQ(greetingOf(g), "via config");
    EXPECT_TRUE(g.gateway().plugins()->status("answer")->enabled);
    const auto r =
        TestHttpClient::post(g.port(), "/v1/chat/completions", chatBody("mock/echo", "x"));
    EXPECT_EQ(jsonOf(r.body).value("answer").toString(), "via config from v1");
}

GATEHOUSE_ON_EVERY_STORE(ConfigApiTest);

}  // namespace
