// Prompt-cache health per agent session, end to end: Claude Code's recorded
// tool round trip replayed through the gateway (its headers, its bodies) to
// an Anthropic provider whose fake keeps a prompt cache like Anthropic's
// (reads only what an earlier request marked and repeats byte for byte).
// The second turn reads what the first wrote and is reported as kept; a
// third turn with a changed system prompt misses, and its report in
// /api/sessions/{id} and /api/logs/{id} says so. What the cache saved (at
// the model's prices, cache writes' premium deducted) is kept per request
// and summed by agent in /api/logs/stats. On SQLite and PostgreSQL.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::TestStore;

namespace {

const QByteArray kSession = "8aebe87f-c897-4823-a0b9-072a75d56700";

QJsonObject recorded(const char *name) {
    QFile file(QStringLiteral(GATEHOUSE_CLIENT_FIXTURES "/claude-code/") + QLatin1String(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    return QJsonDocument::fromJson(file.readAll()).object();
}

class PromptCacheReportTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void start(const TestStore &store) {
        ASSERT_TRUE(upstream.start());
        const QByteArray config = R"({
          "client": { "model_aliases": [ { "match": "*", "target": "anthropic/fake-cache" } ] },
          "pricing": [ { "provider": "anthropic", "model": "fake-cache", "input_mtok": 3,
                         "cache_read_mtok": 0.3, "cache_write_mtok": 3.75, "output_mtok": 15 } ],
          "providers": { "anthropic": {
              "keys": [ { "name": "k", "value": "ant-test", "models": ["*"] } ],
              "network_config": { "base_url": ")" +
                                  upstream.baseUrl().toUtf8() + R"(" } } } })";
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }

    // Sends a recorded request as Claude Code sent it, with `body`.
    void send(const QJsonObject &request, const QJsonObject &body) {
        HttpHeaders headers;
        const QJsonObject h = request["headers"].toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            const QByteArray key = it.key().toLatin1();
            if (key == "host" || key == "content-length" || key == "connection" ||
                key == "accept-encoding")
                continue;
            headers.add(key, it.value().toString().toUtf8());
        }
        const auto r = TestHttpClient::post(gateway.port(), "/anthropic/v1/messages?beta=true",
                                            QJsonDocument(body).toJson(QJsonDocument::Compact),
                                            headers, 20000);
        EXPECT_EQ(r.status, 200) << r.body.left(500).toStdString();
    }

    QJsonArray turns() {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), "/api/sessions/" + kSession);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return json(r.body)["turns"].toArray();
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

TEST_P(PromptCacheReportTest, AKeptCacheAndAMissWithItsReason) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const QJsonObject first = recorded("tool-1-messages-stream.json");
    const QJsonObject second = recorded("tool-2-messages-stream-tool-result.json");
    send(first, first["body"].toObject());
    send(second, second["body"].toObject());

    // The same turn again with one more sentence in the system prompt.
    QJsonObject changed = second["body"].toObject();
    QJsonArray system = changed["system"].toArray();
    QJsonObject block = system[2].toObject();
    block["text"] = block["text"].toString() + " Answer in French.";
    system[2] = block;
    changed["system"] = system;
    send(second, changed);

    const QJsonArray list = turns();
    ASSERT_EQ(list.size(), 3) << QJsonDocument(list).toJson().toStdString();
    // The first turn wrote the cache and had nothing to be compared with.
    EXPECT_GT(list[0]["usage"]["cache_write_tokens"].toInt(), 1024);
    EXPECT_TRUE(list[0]["prompt_cache"].isNull());
    // The second read all the first wrote.
    const QJsonObject kept = list[1]["prompt_cache"].toObject();
    EXPECT_FALSE(kept["missed"].toBool()) << QJsonDocument(kept).toJson().toStdString();
    EXPECT_EQ(kept["compared_to"].toString(), list[0]["id"].toString());
    EXPECT_EQ(list[1]["usage"]["cached_tokens"].toInt(),
              list[0]["usage"]["cache_write_tokens"].toInt());
    // The third read only the prefix before the changed system block.
    const QJsonObject missed = list[2]["prompt_cache"].toObject();
    EXPECT_TRUE(missed["missed"].toBool()) << QJsonDocument(missed).toJson().toStdString();
    EXPECT_EQ(missed["compared_to"].toString(), list[1]["id"].toString());
    EXPECT_EQ(missed["reasons"].toArray(), QJsonArray{"the system prompt changed"});

    // The request detail carries the same report.
    const auto detail =
        TestHttpClient::get(gateway.port(), "/api/logs/" + list[2]["id"].toString().toUtf8());
    ASSERT_EQ(detail.status, 200);
    EXPECT_EQ(json(detail.body)["prompt_cache"].toObject(), missed);
}

TEST_P(PromptCacheReportTest, WhatTheCacheSavedIsKeptPerTurnAndSummedByAgent) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const QJsonObject first = recorded("tool-1-messages-stream.json");
    const QJsonObject second = recorded("tool-2-messages-stream-tool-result.json");
    send(first, first["body"].toObject());
    send(second, second["body"].toObject());
    const QJsonArray list = turns();
    ASSERT_EQ(list.size(), 2);
    // USD per token: input 3e-6, cache read 0.3e-6, cache write 3.75e-6.
    auto expected = [](const QJsonValue &turn) {
        const double read = turn["usage"]["cached_tokens"].toDouble();
        const double written = turn["usage"]["cache_write_tokens"].toDouble();
        return (3 - 0.3) * read / 1e6 - (3.75 - 3) * written / 1e6;
    };
    // The first turn only wrote: it cost more than plain input would have.
    EXPECT_LT(list[0]["prompt_cache_saved_usd"].toDouble(), 0);
    EXPECT_NEAR(list[0]["prompt_cache_saved_usd"].toDouble(), expected(list[0]), 1e-9);
    EXPECT_GT(list[1]["prompt_cache_saved_usd"].toDouble(), 0);
    EXPECT_NEAR(list[1]["prompt_cache_saved_usd"].toDouble(), expected(list[1]), 1e-9);

    const auto stats = TestHttpClient::get(gateway.port(), "/api/logs/stats");
    ASSERT_EQ(stats.status, 200) << stats.body.toStdString();
    const QJsonArray agents = json(stats.body)["agents"].toArray();
    ASSERT_EQ(agents.size(), 1) << stats.body.toStdString();
    EXPECT_EQ(agents[0]["key"].toString(), QStringLiteral("claude-code"));
    EXPECT_NEAR(agents[0]["prompt_cache_saved_usd"].toDouble(),
                expected(list[0]) + expected(list[1]), 1e-9);
    EXPECT_NEAR(json(stats.body)["total"].toObject()["prompt_cache_saved_usd"].toDouble(),
                expected(list[0]) + expected(list[1]), 1e-9);
}

GATEHOUSE_ON_EVERY_STORE(PromptCacheReportTest);

}  // namespace
