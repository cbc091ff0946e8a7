// Who may talk to the gateway: the API token beyond loopback, the Host check
// against DNS rebinding, and CORS for browsers (docs/security.md). Real HTTP
// against a gateway on a free port.
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "security/PrivateFile.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QTemporaryDir>

using namespace gatehouse;

namespace {

const QByteArray kConfig = R"({ "providers": { "mock": { "keys": [] } },
  "client": { "allowed_origins": ["http://localhost:3000"],
              "allowed_hosts": ["gatehouse.lan", "*.corp.example"] } })";

HttpHeaders headers(std::initializer_list<std::pair<QByteArray, QByteArray>> fields) {
    HttpHeaders h;
    for (const auto &f : fields) h.add(f.first, f.second);
    return h;
}

QString errorCode(const TestHttpResponse &r) {
    return jsonOf(r.body).value("error").toObject().value("code").toString();
}

QString errorMessage(const TestHttpResponse &r) {
    return jsonOf(r.body).value("error").toObject().value("message").toString();
}

class SecurityAccessTest : public ::testing::Test {
protected:
    void startOn(const QHostAddress &host, const QByteArray &config = kConfig) {
        GatewayOptions options;
        options.host = host;
        options.port = 0;
        options.workers = 1;
        options.apiTokenFile = dir.filePath("config/gatehouse/api-token");
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }
    TestHttpResponse get(const QByteArray &path, const HttpHeaders &h = {}) {
        return TestHttpClient::get(gateway.port(), path, h);
    }
    TestHttpResponse chat(const HttpHeaders &h = {}) {
        return TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                    chatBody("mock/echo", "hi"), h);
    }
    HttpHeaders bearer(const QByteArray &token) {
        return headers({{"Authorization", "Bearer " + token}});
    }

    QTemporaryDir dir;
    GatewayHarness gateway;
};

TEST_F(SecurityAccessTest, OnLoopbackTheApiNeedsNoToken) {
    startOn(QHostAddress::LocalHost);
    EXPECT_FALSE(gateway.gateway().apiTokenRequired());
    EXPECT_EQ(get("/api/plugins").status, 200);
}

TEST_F(SecurityAccessTest, BeyondLoopbackTheApiNeedsTheToken) {
    startOn(QHostAddress::Any);
    EXPECT_TRUE(gateway.gateway().apiTokenRequired());
    const auto none = get("/api/plugins");
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(errorCode(none), "token_required");
    EXPECT_TRUE(errorMessage(none).contains("Authorization: Bearer")) << none.body.toStdString();
    EXPECT_EQ(none.header("WWW-Authenticate"), "Bearer realm=\"gatehouse\"");
    // Every spelling of the path is the API.
    EXPECT_EQ(get("/api/nothing-here").status, 401);
    EXPECT_EQ(get("/API/plugins").status, 401);
    EXPECT_EQ(get("/v1/../api/plugins").status, 401);
    EXPECT_EQ(get("/ws/logs").status, 401);
}

TEST_F(SecurityAccessTest, AWrongTokenIsRefusedAndTheRightOneAccepted) {
    startOn(QHostAddress::Any);
    const QByteArray token = gateway.gateway().apiToken().toLatin1();
    const auto wrong = get("/api/plugins", bearer(token + "x"));
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(errorCode(wrong), "invalid_token");
    EXPECT_EQ(get("/api/plugins", bearer(token)).status, 200);
    EXPECT_EQ(get("/api/plugins", headers({{"authorization", "bearer " + token}})).status, 200);
    EXPECT_EQ(get("/api/plugins", headers({{"X-Gatehouse-Token", token}})).status, 200);
}

TEST_F(SecurityAccessTest, AWrongTokenIsRefusedOnLoopbackToo) {
    startOn(QHostAddress::LocalHost);
    EXPECT_EQ(get("/api/plugins", bearer("not-the-token-at-all")).status, 401);
}

TEST_F(SecurityAccessTest, BeyondLoopbackInferenceAndHealthNeedNoToken) {
    startOn(QHostAddress::Any);
    EXPECT_EQ(chat().status, 200);
    // An SDK's own Authorization header is not mistaken for a wrong token.
    const auto sdk = chat(bearer("sk-unused"));
    EXPECT_EQ(sdk.status, 200) << sdk.body.toStdString();
    EXPECT_EQ(get("/health").status, 200);
}

TEST_F(SecurityAccessTest, TheTokenIsStoredPrivatelyAndKeptAcrossRestarts) {
    startOn(QHostAddress::LocalHost);
    const QString path = dir.filePath("config/gatehouse/api-token");
    EXPECT_EQ(gateway.gateway().apiTokenFile(), path);
    const QString token = gateway.gateway().apiToken();
    EXPECT_EQ(token.size(), 43);  // 32 bytes, base64url without padding
    EXPECT_FALSE(token.contains('=') || token.contains('+') || token.contains('/'));
    EXPECT_TRUE(PrivateFile::isPrivate(path));
    EXPECT_EQ(QFile::permissions(path) & 0x7777, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                     QFileDevice::ReadUser |
                                                     QFileDevice::WriteUser);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll().trimmed(), token.toLatin1());
    file.close();
    gateway.stop();
    startOn(QHostAddress::LocalHost);
    EXPECT_EQ(gateway.gateway().apiToken(), token);
}

TEST_F(SecurityAccessTest, AForeignHostIsRefusedEverywhere) {
    startOn(QHostAddress::LocalHost);
    const HttpHeaders rebound = headers({{"Host", "attacker.example:8080"}});
    const auto api = get("/api/plugins", rebound);
    EXPECT_EQ(api.status, 403);
    EXPECT_EQ(errorCode(api), "host_not_allowed");
    EXPECT_TRUE(errorMessage(api).contains("client.allowed_hosts")) << api.body.toStdString();
    EXPECT_TRUE(errorMessage(api).contains("DNS rebinding"));
    EXPECT_EQ(chat(rebound).status, 403);
    EXPECT_EQ(get("/v1/models", rebound).status, 403);
    EXPECT_EQ(get("/metrics", rebound).status, 403);
    EXPECT_EQ(get("/api/plugins", headers({{"Host", "localhost.attacker.example"}})).status, 403);
    EXPECT_EQ(get("/api/plugins", headers({{"Host", "notcorp.example"}})).status, 403);
    EXPECT_EQ(get("/api/plugins", headers({{"Host", "a:b:c"}})).status, 403);
}

TEST_F(SecurityAccessTest, TheGatewaysOwnNamesAreAccepted) {
    startOn(QHostAddress::LocalHost);
    const QByteArray port = QByteArray::number(gateway.port());
    for (const QByteArray &host :
         {QByteArray("localhost"), "localhost:" + port, "LOCALHOST:" + port,
          QByteArray("127.0.0.1"), "127.0.0.1:" + port, "[::1]:" + port,
          QByteArray("192.168.1.20:8080"), QByteArray("gatehouse.lan"),
          QByteArray("api.corp.example:443")}) {
        const auto r = get("/api/plugins", headers({{"Host", host}}));
        EXPECT_EQ(r.status, 200) << host.toStdString() << ": " << r.body.toStdString();
    }
}

TEST_F(SecurityAccessTest, RequestsWithoutHostAreNotABrowsersAndPass) {
    startOn(QHostAddress::LocalHost);
    TestHttpClient client;
    ASSERT_TRUE(client.connectTo(gateway.port()));
    ASSERT_TRUE(client.send("GET /health HTTP/1.0\r\n\r\n"));
    EXPECT_EQ(client.readResponse().status, 200);
}

TEST_F(SecurityAccessTest, AForeignHostIsAcceptedWithTheToken) {
    startOn(QHostAddress::Any);
    HttpHeaders h = headers({{"Host", "my-desktop.example:8080"}});
    EXPECT_EQ(get("/api/plugins", h).status, 403);
    h.add("Authorization", "Bearer " + gateway.gateway().apiToken().toLatin1());
    EXPECT_EQ(get("/api/plugins", h).status, 200);
}

TEST_F(SecurityAccessTest, APreflightFromAnAllowedOriginIsAnswered) {
    startOn(QHostAddress::LocalHost);
    for (const QByteArray &path :
         {QByteArray("/v1/chat/completions"), QByteArray("/api/plugins")}) {
        const auto r = TestHttpClient::request(
            gateway.port(), "OPTIONS", path, {},
            headers({{"Origin", "http://localhost:3000"},
                     {"Access-Control-Request-Method", "POST"},
                     {"Access-Control-Request-Headers", "content-type, authorization"},
                     {"Access-Control-Request-Private-Network", "true"}}));
        EXPECT_EQ(r.status, 204) << path.toStdString() << ": " << r.body.toStdString();
        EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "http://localhost:3000");
        EXPECT_TRUE(r.header("Access-Control-Allow-Methods").contains("POST"));
        EXPECT_TRUE(r.header("Access-Control-Allow-Headers").contains("authorization"));
        EXPECT_EQ(r.header("Vary"), "Origin");
        EXPECT_EQ(r.header("Access-Control-Allow-Private-Network"), "true");
    }
}

TEST_F(SecurityAccessTest, APreflightFromAnotherOriginIsRefused) {
    startOn(QHostAddress::LocalHost);
    for (const QByteArray &path :
         {QByteArray("/v1/chat/completions"), QByteArray("/api/plugins")}) {
        const auto r =
            TestHttpClient::request(gateway.port(), "OPTIONS", path, {},
                                    headers({{"Origin", "https://evil.example"},
                                             {"Access-Control-Request-Method", "POST"}}));
        EXPECT_EQ(r.status, 403) << path.toStdString();
        EXPECT_EQ(errorCode(r), "origin_not_allowed");
        EXPECT_TRUE(errorMessage(r).contains("client.allowed_origins"));
        EXPECT_TRUE(r.header("Access-Control-Allow-Origin").isEmpty());
    }
}

TEST_F(SecurityAccessTest, InferenceFromAPageOfAnotherOriginIsRefused) {
    startOn(QHostAddress::LocalHost);
    const auto r = chat(headers({{"Origin", "https://evil.example"}}));
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(errorCode(r), "origin_not_allowed");
    EXPECT_EQ(get("/api/plugins", headers({{"Origin", "null"}})).status, 403);
}

TEST_F(SecurityAccessTest, InferenceFromAnAllowedOriginGetsCorsHeaders) {
    startOn(QHostAddress::LocalHost);
    const auto r = chat(headers({{"Origin", "http://localhost:3000"}}));
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(answerText(r.body), "hi");
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "http://localhost:3000");
    EXPECT_EQ(r.header("Vary"), "Origin");
    // Streamed answers carry them too.
    const auto s = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                        chatBody("mock/echo", "hi", true),
                                        headers({{"Origin", "http://localhost:3000"}}));
    EXPECT_EQ(s.status, 200);
    EXPECT_EQ(s.header("Access-Control-Allow-Origin"), "http://localhost:3000");
}

TEST_F(SecurityAccessTest, RequestsWithoutOriginAreUnaffected) {
    startOn(QHostAddress::LocalHost);
    const auto r = chat();
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Access-Control-Allow-Origin").isEmpty());
}

TEST_F(SecurityAccessTest, APageOfTheGatewaysOwnOriginIsSameOrigin) {
    startOn(QHostAddress::LocalHost);
    const QByteArray own = "localhost:" + QByteArray::number(gateway.port());
    const auto r = get("/api/plugins", headers({{"Host", own}, {"Origin", "http://" + own}}));
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Access-Control-Allow-Origin").isEmpty());
}

TEST_F(SecurityAccessTest, AStarInAllowedOriginsAllowsAnyOrigin) {
    startOn(QHostAddress::LocalHost, R"({ "providers": { "mock": { "keys": [] } },
                                        "client": { "allowed_origins": ["*"] } })");
    const auto r = chat(headers({{"Origin", "https://anything.example"}}));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("Access-Control-Allow-Origin"), "https://anything.example");
}

TEST_F(SecurityAccessTest, AnAllowedOriginStillNeedsTheTokenBeyondLoopback) {
    startOn(QHostAddress::Any);
    EXPECT_EQ(get("/api/plugins", headers({{"Origin", "http://localhost:3000"}})).status, 401);
}

}  // namespace
