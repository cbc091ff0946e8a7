// /api/governance/virtual-keys: a key is created (shown once, stored as its
// hash only), works at once, shows its usage, and is revoked at once.
#include "ConfigTestSupport.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::test::apiCall;
using gatehouse::test::jsonBody;

namespace {

class VirtualKeysApiTest : public ::testing::Test {
protected:
    void start(bool withGovernance = true) {
        ASSERT_TRUE(upstream.start());
        const QString plugins =
            withGovernance ? QStringLiteral(R"(, "plugins": [ { "name": "governance", "path": "%1",
                                    "enabled": true, "config": { "virtual_keys": [] } } ])")
                                 .arg(QStringLiteral(GATEHOUSE_PLUGIN_GOVERNANCE))
                           : QString();
        const QByteArray config = QStringLiteral(R"({ "store": "%3",
              "providers": { "mock": { "keys": [] },
                "openai": { "keys": [ { "name": "k", "value": "sk-test", "models": ["*"] } ],
                            "network_config": { "base_url": "%1" } } } %2 })")
                                      .arg(upstream.baseUrl(), plugins, storePath())
                                      .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    QString storePath() const { return dir.filePath("store.db"); }
    TestHttpResponse api(const QByteArray &method, const QByteArray &path,
                         const QByteArray &body = {}) {
        return apiCall(gateway.port(), method, path, body, gateway.tokenHeader());
    }
    int chat(const QByteArray &key, const char *model = "openai/gpt-4o") {
        HttpHeaders headers;
        headers.add("x-bf-vk", key);
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody(QString::fromLatin1(model), "hello there"), headers)
            .status;
    }
    QJsonObject listed(const QString &id) {
        const auto r = api("GET", "/api/governance/virtual-keys");
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        for (const QJsonValue &k : jsonBody(r)["virtual_keys"].toArray())
            if (k.toObject()["id"].toString() == id) return k.toObject();
        return {};
    }
    // Every byte the store's files hold (the database, its WAL).
    QByteArray storeBytes() const {
        QByteArray all;
        QDirIterator it(dir.path(), QDir::Files);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly)) all += f.readAll();
        }
        return all;
    }

    QTemporaryDir dir;
    FakeUpstream upstream;
    GatewayHarness gateway;
};

}  // namespace

TEST_F(VirtualKeysApiTest, ACreatedKeyIsShownOnceWorksAtOnceAndIsStoredOnlyAsItsHash) {
    start();
    const auto made = api("POST", "/api/governance/virtual-keys",
                          R"({"name":"ci","requests_per_minute":50,
                              "budget":{"max_usd":5,"reset_duration":"1M"}})");
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QByteArray key = jsonBody(made)["key"].toString().toUtf8();
    const QString id = jsonBody(made)["id"].toString();
    ASSERT_TRUE(key.startsWith("vk-")) << made.body.toStdString();
    EXPECT_GE(key.size(), 40);
    EXPECT_EQ(id.size(), 16);

    EXPECT_EQ(chat(key), 200);
    EXPECT_EQ(chat(key + "x"), 401);

    const QJsonObject entry = listed(id);
    EXPECT_EQ(entry["name"].toString(), "ci");
    EXPECT_EQ(entry["stored"].toString(), "hash");
    EXPECT_EQ(entry["requests_per_minute"].toInt(), 50);
    const QJsonObject usage = entry["usage"].toObject();
    EXPECT_EQ(usage["requests_this_minute"].toInt(), 1)
        << QJsonDocument(entry).toJson().toStdString();
    EXPECT_GT(usage["budget_used_usd"].toDouble(), 0)
        << QJsonDocument(entry).toJson().toStdString();  // gpt-4o has a price
    EXPECT_TRUE(usage["budget_window"].toObject()["start"].toString().endsWith("-01T00:00:00Z"))
        << QJsonDocument(entry).toJson().toStdString();

    // Nowhere in what the API shows or the store holds.
    EXPECT_FALSE(api("GET", "/api/governance/virtual-keys").body.contains(key));
    EXPECT_FALSE(api("GET", "/api/plugins/governance").body.contains(key));
    EXPECT_TRUE(api("GET", "/api/plugins/governance").body.contains("key_sha256"));
    gateway.stop();
    EXPECT_FALSE(storeBytes().contains(key));
}

TEST_F(VirtualKeysApiTest, ARevokedKeyIsRefusedAtOnce) {
    start();
    const auto made = api("POST", "/api/governance/virtual-keys", R"({"name":"temp"})");
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QByteArray key = jsonBody(made)["key"].toString().toUtf8();
    const QByteArray id = jsonBody(made)["id"].toString().toUtf8();
    EXPECT_EQ(chat(key, "mock/echo"), 200);
    EXPECT_EQ(api("DELETE", "/api/governance/virtual-keys/" + id).status, 200);
    EXPECT_EQ(chat(key, "mock/echo"), 401);
    EXPECT_EQ(api("DELETE", "/api/governance/virtual-keys/" + id).status, 404);
    EXPECT_TRUE(listed(QString::fromUtf8(id)).isEmpty());
}

TEST_F(VirtualKeysApiTest, BadKeysAreRefusedNamingWhatToFix) {
    start();
    auto r = api("POST", "/api/governance/virtual-keys", R"({"requests_per_minute":5})");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.body.contains("\\\"name\\\" is required")) << r.body.toStdString();
    ASSERT_EQ(api("POST", "/api/governance/virtual-keys", R"({"name":"a"})").status, 201);
    r = api("POST", "/api/governance/virtual-keys", R"({"name":"a"})");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.body.contains("exists")) << r.body.toStdString();
    // The plugin checks the limits and names the field.
    r = api("POST", "/api/governance/virtual-keys", R"({"name":"b","requests_per_minute":0})");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.body.contains("requests_per_minute")) << r.body.toStdString();
    EXPECT_EQ(jsonBody(api("GET", "/api/governance/virtual-keys"))["virtual_keys"].toArray().size(),
              1);
    EXPECT_EQ(api("PUT", "/api/governance/virtual-keys", "{}").status, 405);
}

TEST_F(VirtualKeysApiTest, WithoutTheGovernancePluginItSaysHowToGetIt) {
    start(false);
    const auto r = api("GET", "/api/governance/virtual-keys");
    EXPECT_EQ(r.status, 409);
    EXPECT_TRUE(r.body.contains("governance plugin is not configured")) << r.body.toStdString();
}
