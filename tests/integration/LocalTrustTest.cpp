// client.local_trust: only the owner's processes use the gateway without the
// API token. A second system user (made here; needs root, as in CI) calls a
// gateway running in this process, from its own process, so the kernel
// reports its uid (docs/security.md).
#include "GatewayHarness.h"
#include "OtherUser.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {

QByteArray config(const char *localTrust = "owner") {
    return QByteArray(R"({ "providers": { "mock": { "keys": [] },
      "openai": { "keys": [ { "value": "env.OPENAI_API_KEY", "weight": 1 } ] } },
      "client": { "local_trust": ")") +
           localTrust + R"(" },
      "plugins": [ { "name": "governance", "enabled": true, "path": ")" +
           QByteArray(GATEHOUSE_PLUGIN_GOVERNANCE) + R"(",
        "config": { "virtual_keys": [ { "key": "vk-shared", "name": "shared" } ] } } ] })";
}

using Headers = QList<QPair<QByteArray, QByteArray>>;

RawRequest chat(const Headers &headers = {}) {
    return {"POST", "/v1/chat/completions", headers, chatBody("mock/echo", "hi")};
}
RawRequest logs(const Headers &headers = {}) {
    return {"GET", "/api/logs", headers, {}};
}
RawRequest moveOpenAI(const Headers &headers = {}) {
    return {"PUT", "/api/providers/openai", headers,
            R"({"keys":[{"value":"env.OPENAI_API_KEY","weight":1}],
                "network_config":{"base_url":"http://attacker.example"}})"};
}

QString code(const RawAnswer &a) {
    return jsonOf(a.body).value("error").toObject().value("code").toString();
}

class LocalTrustTest : public ::testing::Test {
protected:
    void SetUp() override {
        QString whyNot;
        other = OtherUser::get(&whyNot);
        if (!other) GTEST_SKIP() << whyNot.toStdString();
    }
    void start(const QByteArray &configJson = config()) {
        GatewayOptions options;
        options.port = 0;
        options.workers = 2;
        QString error;
        ASSERT_TRUE(gateway.start(configJson, options, &error)) << error.toStdString();
        token = gateway.gateway().apiToken().toLatin1();
    }
    // One connection as the other user; one answer per request.
    QList<RawAnswer> asOther(const QList<RawRequest> &requests, quint16 localPort = 0) {
        return RawClient(other->uid, other->gid).overTcp(gateway.port(), requests, localPort);
    }
    QList<RawAnswer> asOwner(const QList<RawRequest> &requests, quint16 localPort = 0) {
        return RawClient().overTcp(gateway.port(), requests, localPort);
    }
    Headers bearer() const { return {{"Authorization", "Bearer " + token}}; }

    std::optional<OtherUser> other;
    GatewayHarness gateway;
    QByteArray token;
};

}  // namespace

TEST_F(LocalTrustTest, AnotherUserWithoutTheTokenIsRefusedEverywhere) {
    start();
    const auto a = asOther({chat(), logs(), moveOpenAI(), {"GET", "/health", {}, {}}});
    ASSERT_EQ(a.size(), 4) << a.value(0).error.toStdString();
    for (const RawAnswer &answer : a) {
        EXPECT_EQ(answer.status, 401) << answer.body.toStdString();
        EXPECT_EQ(code(answer), "token_required");
    }
    // The refusal says how to get access: the token, or a virtual key.
    const QString message = jsonOf(a[0].body).value("error").toObject().value("message").toString();
    EXPECT_TRUE(message.contains(QStringLiteral("uid %1").arg(other->uid)))
        << message.toStdString();
    EXPECT_TRUE(message.contains("Authorization: Bearer")) << message.toStdString();
    EXPECT_TRUE(message.contains("x-bf-vk")) << message.toStdString();
    // An SDK's own Authorization header is not the token.
    EXPECT_EQ(asOther({chat({{"Authorization", "Bearer sk-unused"}})}).value(0).status, 401);
    // Nothing changed: the provider still goes where it went.
    EXPECT_TRUE(
        gateway.gateway().config().provider("openai")->network.baseUrl.contains("api.openai.com"));
}

TEST_F(LocalTrustTest, AnotherUserWithTheTokenIsAdmitted) {
    start();
    const auto a = asOther({chat(bearer()), logs(bearer())});
    ASSERT_EQ(a.size(), 2) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 200) << a[0].body.toStdString();
    EXPECT_EQ(answerText(a[0].body), "hi");
    EXPECT_EQ(a[1].status, 200) << a[1].body.toStdString();
    // A wrong token is no token.
    EXPECT_EQ(asOther({chat({{"Authorization", "Bearer " + token + "x"}})}).value(0).status, 401);
}

TEST_F(LocalTrustTest, AVirtualKeyAdmitsInferenceOnly) {
    start();
    const Headers vk{{"x-bf-vk", "vk-shared"}};
    const auto a = asOther({chat(vk), logs(vk), moveOpenAI(vk), {"GET", "/metrics", vk, {}}});
    ASSERT_EQ(a.size(), 4) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 200) << a[0].body.toStdString();
    EXPECT_EQ(a[1].status, 401) << a[1].body.toStdString();
    EXPECT_EQ(a[2].status, 401) << a[2].body.toStdString();
    EXPECT_EQ(a[3].status, 401) << a[3].body.toStdString();
    // An SDK sends its own Authorization beside the key.
    EXPECT_EQ(asOther({chat({{"x-bf-vk", "vk-shared"}, {"Authorization", "Bearer unused"}})})
                  .value(0)
                  .status,
              200);
    // A key the plugin does not know admits nothing.
    const auto unknown = asOther({chat({{"x-bf-vk", "vk-guessed"}})});
    EXPECT_EQ(unknown.value(0).status, 401) << unknown.value(0).body.toStdString();
}

TEST_F(LocalTrustTest, AVirtualKeyAdmitsNothingWithoutTheGovernancePlugin) {
    QByteArray withoutPlugin = config();
    withoutPlugin.replace(R"("enabled": true)", R"("enabled": false)");
    start(withoutPlugin);
    EXPECT_EQ(asOther({chat({{"x-bf-vk", "vk-shared"}})}).value(0).status, 401);
}

TEST_F(LocalTrustTest, TheOwnerNeedsNoToken) {
    start();
    const auto a = asOwner({chat(), logs()});
    ASSERT_EQ(a.size(), 2) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 200) << a[0].body.toStdString();
    EXPECT_EQ(a[1].status, 200) << a[1].body.toStdString();
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/api/plugins").status, 200);
}

TEST_F(LocalTrustTest, IdentityIsPerConnectionNeverPerAddress) {
    start();
    // The same client address and port, one connection after the other:
    // each is looked up anew.
    quint16 port = quint16(20000 + (::getpid() % 20000));
    for (int round = 0; round < 2; ++round) {
        auto other1 = asOther({chat(), chat()}, port);
        // A port some other process holds right now: take another one.
        for (int tries = 0; round == 0 && tries < 20 && other1.size() < 2 &&
                            other1.value(0).error.contains("Address already in use");
             ++tries) {
            port = quint16(20000 + (port - 20000 + 7919) % 20000);
            other1 = asOther({chat(), chat()}, port);
        }
        ASSERT_EQ(other1.size(), 2) << other1.value(0).error.toStdString();
        EXPECT_EQ(other1[0].status, 401);
        EXPECT_EQ(other1[1].status, 401);
        const auto owner = asOwner({chat(), chat()}, port);
        ASSERT_EQ(owner.size(), 2) << owner.value(0).error.toStdString();
        EXPECT_EQ(owner[0].status, 200);
        EXPECT_EQ(owner[1].status, 200);
    }
}

TEST_F(LocalTrustTest, AnyTrustsEveryLocalProcess) {
    start(config("any"));
    const auto a = asOther({chat(), logs()});
    ASSERT_EQ(a.size(), 2) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 200) << a[0].body.toStdString();
    EXPECT_EQ(a[1].status, 200) << a[1].body.toStdString();
}
