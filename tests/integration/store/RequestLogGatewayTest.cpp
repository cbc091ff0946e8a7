// The request log through the real gateway: requests made over HTTP show up
// in /api/logs with their spans (plugins, provider attempts, fallbacks),
// bodies unless content logging is off, in the live feed, and after a restart.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class RequestLogGatewayTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void start(const TestStore &store, const QString &clientExtra = {}) {
        ASSERT_TRUE(upstream.start());
        config = QStringLiteral(R"({
          "client": { "enable_logging": true %3 },
          "providers": { "mock": { "keys": [] },
                         "up": { "keys": [], "network_config": { "base_url": "%1" } } },
          "plugins": [ {"enabled": true, "name": "chain-a", "path": "%2", "config": {}} ] })")
                     .arg(upstream.baseUrl(), QLatin1String(CHAIN_A_PATH), clientExtra)
                     .toUtf8();
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }

    QJsonObject listLogs(const QByteArray &query = {}) {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), "/api/logs" + query);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return jsonOf(r.body);
    }

    QJsonObject logOf(const QByteArray &id) {
        const auto r = TestHttpClient::get(gateway.port(), "/api/logs/" + id);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return jsonOf(r.body);
    }

    static QStringList spanKinds(const QJsonObject &log) {
        QStringList out;
        for (const auto &s : log.value("spans").toArray())
            out << s.toObject().value("kind").toString() + ":" +
                       s.toObject().value("outcome").toString();
        return out;
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
    GatewayOptions options;
    QByteArray config;
};

TEST_P(RequestLogGatewayTest, RequestIsListedWithItsSpansBodiesAndUsage) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const auto answer = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                             chatBody("up/gpt-4o", "hello log"));
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    const QByteArray id = answer.header("x-request-id");
    ASSERT_FALSE(id.isEmpty());

    const QJsonObject page = listLogs("?provider=up&status=200");
    ASSERT_EQ(page.value("total").toInt(), 1);
    const QJsonObject row = page.value("data").toArray()[0].toObject();
    EXPECT_EQ(row.value("id").toString().toUtf8(), id);
    EXPECT_EQ(row.value("model").toString(), "gpt-4o");
    EXPECT_EQ(row.value("endpoint").toString(), "/v1/chat/completions");
    EXPECT_EQ(row.value("client").toString(), "127.0.0.1");
    EXPECT_EQ(row.value("attempts").toInt(), 1);
    EXPECT_FALSE(row.contains("request_body"));  // listing never reads bodies
    EXPECT_TRUE(row.value("usage").isObject());

    const QJsonObject log = logOf(id);
    EXPECT_EQ(spanKinds(log),
              (QStringList{"pre_hook:continue", "provider:ok", "post_hook:continue"}));
    EXPECT_EQ(log.value("spans").toArray()[0].toObject().value("name").toString(), "chain-a");
    EXPECT_TRUE(log.value("request_body").toObject().value("messages").isArray());
    EXPECT_EQ(log.value("response_body").toObject().value("object").toString(), "chat.completion");
}

TEST_P(RequestLogGatewayTest, RetriesAndFallbacksAreSpansOfOneRequest) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const auto answer = TestHttpClient::post(
        gateway.port(), "/v1/chat/completions",
        chatBody("up/status-400", "x", false, {{"fallbacks", QJsonArray{"mock/echo"}}}));
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    gateway.gateway().logs()->flush();
    const QJsonObject log = logOf(answer.header("x-request-id"));
    EXPECT_EQ(log.value("provider").toString(), "mock");
    EXPECT_EQ(log.value("fallback_index").toInt(), 1);
    EXPECT_EQ(log.value("attempts").toInt(), 2);
    EXPECT_EQ(spanKinds(log),
              (QStringList{"pre_hook:continue", "provider:error", "post_hook:continue",
                           "pre_hook:continue", "provider:ok", "post_hook:continue"}));
}

TEST_P(RequestLogGatewayTest, StreamsRecordTimeToFirstTokenAndTheAssembledAnswer) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const auto answer = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                             chatBody("up/stream-events-3-every-5", "s", true));
    ASSERT_EQ(answer.status, 200);
    gateway.gateway().logs()->flush();
    const QJsonObject log = logOf(answer.header("x-request-id"));
    EXPECT_TRUE(log.value("stream").toBool());
    EXPECT_TRUE(log.value("ttft_ms").isDouble());
    EXPECT_LE(log.value("ttft_ms").toDouble(), log.value("latency_ms").toDouble());
    EXPECT_TRUE(spanKinds(log).contains("stream:ok"));
    EXPECT_EQ(log.value("response_body").toObject().value("object").toString(), "chat.completion");
    EXPECT_FALSE(log.value("response_body")
                     .toObject()
                     .value("choices")
                     .toArray()[0]
                     .toObject()
                     .value("message")
                     .toObject()
                     .value("content")
                     .toString()
                     .isEmpty());
}

TEST_P(RequestLogGatewayTest, ContentLoggingOffKeepsNoBodies) {
    GATEHOUSE_TEST_STORE(store);
    start(store, ", \"disable_content_logging\": true");
    const auto answer = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                             chatBody("mock/echo", "secret prompt"));
    ASSERT_EQ(answer.status, 200);
    gateway.gateway().logs()->flush();
    const auto raw =
        TestHttpClient::get(gateway.port(), "/api/logs/" + answer.header("x-request-id"));
    ASSERT_EQ(raw.status, 200);
    EXPECT_EQ(raw.body.indexOf("secret prompt"), -1);
    EXPECT_TRUE(jsonOf(raw.body).value("request_body").isNull());
    EXPECT_EQ(jsonOf(raw.body).value("spans").toArray().size(), 3);  // the trace stays
}

TEST_P(RequestLogGatewayTest, LogsSurviveARestartOnTheSameStore) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    for (int i = 0; i < 3; ++i)
        ASSERT_EQ(TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                       chatBody("mock/echo", "keep me"))
                      .status,
                  200);
    gateway.stop();  // a graceful stop writes what was acknowledged
    QString error;
    ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    EXPECT_EQ(listLogs().value("total").toInt(), 3);
}

TEST_P(RequestLogGatewayTest, LiveFeedTailsNewRequestsWithAFilter) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    TestHttpClient tail;
    TestHttpResponse head;
    ASSERT_TRUE(tail.openStream(gateway.port(), "/api/logs/live?provider=mock", &head));
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-type"), "text/event-stream");
    ASSERT_EQ(TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("up/gpt", "a"))
                  .status,
              200);
    const auto mine =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "b"));
    const QByteArray got = tail.readBodyUntil(
        [](const QByteArray &body) { return body.indexOf("event: request") >= 0; });
    EXPECT_NE(got.indexOf("event: request"), -1) << got.toStdString();
    EXPECT_NE(got.indexOf(mine.header("x-request-id")), -1) << got.toStdString();
    EXPECT_EQ(got.indexOf("\"provider\":\"up\""), -1) << got.toStdString();  // filtered out
}

TEST_P(RequestLogGatewayTest, LiveFeedEndsCleanlyWhenTheGatewayStops) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    TestHttpClient tail;
    TestHttpResponse head;
    ASSERT_TRUE(tail.openStream(gateway.port(), "/api/logs/live", &head));
    // A graceful stop with a long grace: the tail must end, not hold the stop.
    gateway.gateway().stop(60000);
    TestBodyPiece piece;
    do {
        piece = tail.readBodyPiece(5000);
    } while (piece.kind == TestBodyPiece::Kind::Data);
    EXPECT_EQ(piece.kind, TestBodyPiece::Kind::End);
}

TEST_P(RequestLogGatewayTest, BadFiltersAndDeletesWithoutABoundAreRefused) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    auto r = TestHttpClient::get(gateway.port(), "/api/logs?limit=5000");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.indexOf("limit"), -1);
    r = TestHttpClient::get(gateway.port(), "/api/logs?since=yesterday");
    EXPECT_EQ(r.status, 400);
    r = TestHttpClient::get(gateway.port(), "/api/logs?status=teapot");
    EXPECT_EQ(r.status, 400);
    r = TestHttpClient::request(gateway.port(), "DELETE", "/api/logs");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.indexOf("before"), -1);
    r = TestHttpClient::get(gateway.port(), "/api/logs/no-such-id");
    EXPECT_EQ(r.status, 404);
    ASSERT_EQ(
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("mock/echo", "x"))
            .status,
        200);
    gateway.gateway().logs()->flush();
    r = TestHttpClient::request(
        gateway.port(), "DELETE",
        "/api/logs?before=" + QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 1000));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(jsonOf(r.body).value("deleted").toInt(), 1);
    const auto metrics = TestHttpClient::get(gateway.port(), "/metrics");
    EXPECT_NE(metrics.body.indexOf("gatehouse_log_written_total 1"), -1);
    EXPECT_NE(metrics.body.indexOf("gatehouse_log_dropped_total 0"), -1);
}

GATEHOUSE_ON_EVERY_STORE(RequestLogGatewayTest);

TEST(RequestLogStoreRefusalTest, GatewayRefusesToStartOnACorruptStoreAndLeavesItAlone) {
    QTemporaryDir dir;
    const QString path = dir.filePath("gatehouse.db");
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("definitely not sqlite");
    f.close();
    GatewayHarness gateway;
    GatewayOptions options;
    options.port = 0;
    options.store = path;
    QString error;
    EXPECT_FALSE(gateway.start(R"({"providers": {"mock": {"keys": []}}})", options, &error));
    EXPECT_NE(error.indexOf("not an SQLite database"), -1) << error.toStdString();
    QFile again(path);
    ASSERT_TRUE(again.open(QIODevice::ReadOnly));
    EXPECT_EQ(again.readAll(), QByteArray("definitely not sqlite"));
}

}  // namespace
