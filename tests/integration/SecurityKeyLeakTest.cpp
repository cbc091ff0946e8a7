// Provider keys and the API token never show where others can read them:
// error bodies (plain, streamed, Anthropic-shaped), /metrics, the plugin API,
// plugin logs, the process's log output. The fake upstream quotes a refused
// key in its 401, as some servers do.
#include "EventLoopWait.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QMutex>
#include <QTemporaryDir>

using namespace gatehouse;

namespace {

const QByteArray kRefusedKey = "bad-key-SECRET-0123456789abcdef";
const QByteArray kGoodKey = "sk-good-SECRET-fedcba9876543210";

// Everything the process logs while a test runs.
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message) {
    {
        QMutexLocker locker(&logMutex);
        logLines << message;
    }
    if (previousHandler) previousHandler(type, context, message);
}

class SecurityKeyLeakTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
        {
            QMutexLocker locker(&logMutex);
            logLines.clear();
        }
        previousHandler = qInstallMessageHandler(captureLog);
        ASSERT_TRUE(upstream.start());
        const QByteArray config =
            QStringLiteral(R"({
          "providers": {
            "openai": { "keys": [ { "name": "refused", "value": "%2", "models": ["refused"] },
                                  { "name": "good", "value": "%3", "models": ["good"] } ],
                        "network_config": { "base_url": "%1" } },
            "anthropic": { "keys": [ { "name": "refused", "value": "%2", "models": ["*"] } ],
                           "network_config": { "base_url": "%1" } } },
          "plugins": [ { "name": "spy", "path": "%4" } ] })")
                .arg(upstream.baseUrl(), QString::fromLatin1(kRefusedKey),
                     QString::fromLatin1(kGoodKey), QStringLiteral(SPY_PLUGIN_PATH))
                .toUtf8();
        QString error;
        ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();
    }
    void TearDown() override {
        gateway.stop();
        qInstallMessageHandler(previousHandler);
    }

    void expectNoSecretIn(const QByteArray &text, const char *where) {
        for (const QByteArray &secret :
             {kRefusedKey, kGoodKey, gateway.gateway().apiToken().toLatin1()}) {
            EXPECT_FALSE(text.contains(secret))
                << where << " shows a secret: " << text.toStdString();
            // Not even most of it.
            EXPECT_FALSE(text.contains(secret.left(secret.size() - 4))) << where;
        }
    }

    QTemporaryDir dir;
    FakeUpstream upstream;
    GatewayHarness gateway;
};

TEST_F(SecurityKeyLeakTest, ARefusedKeyQuotedByTheProviderReachesNoOne) {
    const auto plain = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                            chatBody("openai/refused", "hi"));
    EXPECT_EQ(plain.status, 401) << plain.body.toStdString();
    expectNoSecretIn(plain.body, "the error body");
    // Masked, not dropped: the user can still tell which key it was.
    EXPECT_TRUE(plain.body.contains("bad-...cdef")) << plain.body.toStdString();

    const auto streamed = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                               chatBody("openai/refused", "hi", true));
    EXPECT_EQ(streamed.status, 401) << streamed.body.toStdString();  // before any chunk
    expectNoSecretIn(streamed.body, "the streamed error");

    HttpHeaders anthropicHeaders;
    anthropicHeaders.add("anthropic-version", "2023-06-01");
    const auto anthropic = TestHttpClient::post(
        gateway.port(), "/anthropic/v1/messages",
        R"({"model":"anthropic/claude","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})",
        anthropicHeaders);
    EXPECT_EQ(anthropic.status, 401) << anthropic.body.toStdString();
    expectNoSecretIn(anthropic.body, "the Anthropic-shaped error");

    const auto good =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("openai/good", "hi"));
    EXPECT_EQ(good.status, 200) << good.body.toStdString();
    expectNoSecretIn(good.body, "the answer");
    // The fake did receive the keys: the test would see a leak if there was one.
    EXPECT_TRUE(upstream.requestsByAuthorization().contains(kRefusedKey));

    expectNoSecretIn(TestHttpClient::get(gateway.port(), "/metrics").body, "/metrics");
    expectNoSecretIn(TestHttpClient::get(gateway.port(), "/health").body, "/health");
    expectNoSecretIn(TestHttpClient::get(gateway.port(), "/v1/models").body, "/v1/models");
    expectNoSecretIn(TestHttpClient::get(gateway.port(), "/api/plugins").body, "/api/plugins");
    const auto logs = TestHttpClient::get(gateway.port(), "/api/plugins/spy/logs?limit=1000");
    EXPECT_EQ(logs.status, 200);
    // The spy saw the errors: its log is where a leak would show.
    EXPECT_TRUE(logs.body.contains("error 401")) << logs.body.toStdString();
    expectNoSecretIn(logs.body, "the plugin's log");
    QMutexLocker locker(&logMutex);
    expectNoSecretIn(logLines.join('\n').toUtf8(), "the process log");
}

TEST_F(SecurityKeyLeakTest, TheApiTokenIsTakenOffBeforePluginsSeeTheRequest) {
    const QByteArray token = gateway.gateway().apiToken().toLatin1();
    HttpHeaders headers;
    headers.add("X-Gatehouse-Token", token);
    headers.add("Host", "desk.example");  // a foreign name: only the token lets it in
    const auto viaHeader = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                                chatBody("openai/good", "hi"), headers);
    EXPECT_EQ(viaHeader.status, 200) << viaHeader.body.toStdString();
    HttpHeaders bearer;
    bearer.add("Authorization", "Bearer " + token);
    bearer.add("Host", "desk.example");
    const auto viaBearer = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                                chatBody("openai/good", "hi"), bearer);
    EXPECT_EQ(viaBearer.status, 200) << viaBearer.body.toStdString();

    HttpHeaders both;  // an empty own header does not hide the Bearer token
    both.add("X-Gatehouse-Token", "");
    both.add("Authorization", "Bearer " + token);
    both.add("Host", "desk.example");
    EXPECT_EQ(TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                   chatBody("openai/good", "hi"), both)
                  .status,
              200);

    const auto logs = TestHttpClient::get(gateway.port(), "/api/plugins/spy/logs?limit=1000");
    EXPECT_TRUE(logs.body.contains("header Host: desk.example")) << logs.body.toStdString();
    expectNoSecretIn(logs.body, "the plugin's log");
    // Nor does the provider get it.
    for (const FakeRecordedRequest &r : upstream.requests()) {
        EXPECT_FALSE(r.headers.contains("X-Gatehouse-Token"));
        EXPECT_NE(r.headers.value("Authorization"), "Bearer " + token);
    }
}

}  // namespace
