// The bundled cache plugin in the running gateway: a repeated request is
// answered from the cache (marked with a header) without calling the
// provider, for plain and streamed requests.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace gatehouse;

TEST(CachePluginGateway, SecondIdenticalRequestIsACacheHitForPlainAndStreamed) {
    QTemporaryDir dir;
    qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
    qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
    FakeUpstream upstream;
    ASSERT_TRUE(upstream.start());
    GatewayHarness gateway;
    const QByteArray config = QStringLiteral(R"({
      "providers": { "up": { "keys": [], "network_config": { "base_url": "%1" } } },
      "plugins": [ { "enabled": true, "name": "cache", "path": "%2", "version": 1,
                     "config": { "ttl_seconds": 60 } } ] })")
                                  .arg(upstream.baseUrl(), QStringLiteral(GATEHOUSE_PLUGIN_CACHE))
                                  .toUtf8();
    QString error;
    ASSERT_TRUE(gateway.start(config, &error)) << error.toStdString();

    const auto first =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("up/m", "cache me"));
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    EXPECT_NE(first.header("x-gatehouse-cache"), "hit");
    const auto second =
        TestHttpClient::post(gateway.port(), "/v1/chat/completions", chatBody("up/m", "cache me"));
    ASSERT_EQ(second.status, 200);
    EXPECT_EQ(second.header("x-gatehouse-cache"), "hit");
    EXPECT_EQ(jsonOf(second.body).value("choices"), jsonOf(first.body).value("choices"));
    EXPECT_EQ(upstream.requestCount(), 1);

    // A streamed request with the same content is served from the cache as a stream.
    const auto streamed = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                               chatBody("up/m", "cache me", true));
    ASSERT_EQ(streamed.status, 200);
    EXPECT_EQ(streamed.header("x-gatehouse-cache"), "hit");
    EXPECT_EQ(streamedText(streamed.body), "echo: cache me");
    EXPECT_EQ(upstream.requestCount(), 1);

    // A streamed miss is assembled and stored: the plain repeat is then a hit.
    const auto streamedMiss = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                                   chatBody("up/m", "stream first", true));
    ASSERT_EQ(streamedMiss.status, 200);
    const auto plainHit = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                               chatBody("up/m", "stream first"));
    EXPECT_EQ(plainHit.header("x-gatehouse-cache"), "hit");
    EXPECT_TRUE(jsonOf(plainHit.body)
                    .value("choices")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("message")
                    .toObject()
                    .value("content")
                    .toString()
                    .startsWith("echo: stream first"));
    EXPECT_EQ(upstream.requestCount(), 2);
}
