// Agent sessions from real traffic: the requests Claude Code, Codex and
// Gemini CLI sent (tests/support/fixtures/clients), replayed through the
// gateway with their headers, are grouped into one session per agent
// conversation by /api/sessions; each session sums its turns' tokens, cache
// reads and writes and cost; bad filters are refused.
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"
#include "trace/RequestTrace.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::TestStore;

namespace {

class AgentSessionsTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // Every model an agent names is answered by the mock (a model alias).
    void start(const TestStore &store) {
        const QByteArray config = R"({
          "client": { "enable_logging": true,
                      "model_aliases": [ { "match": "*", "target": "mock/fixed" } ] },
          "providers": { "mock": { "keys": [] } } })";
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }

    // Sends a recorded request as the client sent it (its headers, its body).
    void replay(const QString &name) {
        QFile file(QStringLiteral(GATEHOUSE_CLIENT_FIXTURES "/") + name);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
        const QJsonObject recorded = QJsonDocument::fromJson(file.readAll()).object();
        HttpHeaders headers;
        const QJsonObject h = recorded["headers"].toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            const QByteArray key = it.key().toLatin1();
            if (key == "host" || key == "content-length" || key == "connection" ||
                key == "accept-encoding")
                continue;
            headers.add(key, it.value().toString().toUtf8());
        }
        QByteArray path = recorded["path"].toString().toUtf8();
        if (path.startsWith("/v1beta/")) path.prepend("/genai");
        if (path.startsWith("/v1/messages")) path.prepend("/anthropic");
        const QString query = recorded["query"].toString();
        if (!query.isEmpty()) path += "?" + query.toUtf8();
        const auto r = TestHttpClient::post(
            gateway.port(), path,
            QJsonDocument(recorded["body"].toObject()).toJson(QJsonDocument::Compact), headers,
            20000);
        ASSERT_EQ(r.status, 200) << name.toStdString() << ": " << r.body.left(500).toStdString();
    }

    QJsonArray sessions(const QByteArray &query = {}) {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), "/api/sessions" + query);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return json(r.body)["data"].toArray();
    }

    static QJsonObject byAgent(const QJsonArray &rows, const QString &agent) {
        for (const QJsonValue &v : rows)
            if (v["agent"].toString() == agent) return v.toObject();
        return {};
    }

    GatewayHarness gateway;
};

TEST_P(AgentSessionsTest, RecordedAgentTrafficIsGroupedIntoOneSessionPerConversation) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    for (const char *name :
         {"claude-code/tool-1-messages-stream.json",
          "claude-code/tool-2-messages-stream-tool-result.json", "claude-code/messages-stream.json",
          "codex/tool-1-responses-stream.json",
          "codex/tool-2-responses-stream-function-call-output.json",
          "gemini-cli/tool-1-streamGenerateContent.json",
          "gemini-cli/tool-2-streamGenerateContent-function-response.json",
          "openai/responses-create.json"})
        replay(QString::fromLatin1(name));

    const QJsonArray rows = sessions();
    // Two Claude Code sessions (the tool round trip and another), one of
    // Codex, one of Gemini CLI; the plain SDK call is no session's turn.
    ASSERT_EQ(rows.size(), 4) << QJsonDocument(rows).toJson().toStdString();
    QMap<QString, int> turnsById;
    for (const QJsonValue &v : rows) turnsById[v["id"].toString()] = v["turns"].toInt();
    EXPECT_EQ(turnsById.value("8aebe87f-c897-4823-a0b9-072a75d56700"), 2);
    EXPECT_EQ(turnsById.value("3655dc9b-12b6-41a5-af0f-ff1696c51cc1"), 1);
    EXPECT_EQ(turnsById.value("01a23f79-ace4-76e3-bfa4-23bab631de15"), 2);
    const QJsonObject gemini = byAgent(rows, "gemini-cli");
    EXPECT_EQ(gemini["turns"].toInt(), 2) << "both turns start with the same first turn";
    EXPECT_TRUE(gemini["id"].toString().startsWith("h-")) << gemini["id"].toString().toStdString();
    const QJsonObject codex = byAgent(rows, "codex");
    EXPECT_EQ(codex["models"].toArray(), QJsonArray{"fixed"});
    EXPECT_GT(codex["tokens"]["prompt"].toInt(), 0);

    // Filters: by agent, and one session with its turns in order.
    const QJsonArray claude = sessions("?agent=claude-code");
    EXPECT_EQ(claude.size(), 2);
    const auto one =
        TestHttpClient::get(gateway.port(), "/api/sessions/8aebe87f-c897-4823-a0b9-072a75d56700");
    ASSERT_EQ(one.status, 200) << one.body.toStdString();
    const QJsonObject detail = json(one.body);
    EXPECT_EQ(detail["session"]["turns"].toInt(), 2);
    const QJsonArray turns = detail["turns"].toArray();
    ASSERT_EQ(turns.size(), 2);
    EXPECT_LE(turns[0]["time_ms"].toDouble(), turns[1]["time_ms"].toDouble());
    EXPECT_EQ(turns[0]["agent"].toString(), "claude-code");
    EXPECT_EQ(turns[1]["session_id"].toString(), "8aebe87f-c897-4823-a0b9-072a75d56700");
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/api/sessions/no-such-session").status, 404);
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/api/sessions?limit=0").status, 400);
    EXPECT_EQ(TestHttpClient::get(gateway.port(), "/api/sessions?since=yesterday").status, 400);
}

// The sums behind the cache hit ratio, from turns as the log holds them.
TEST_P(AgentSessionsTest, ASessionSumsItsTurnsCacheReadsWritesAndCost) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto turn = [&](int i, int prompt, int cached, int write, std::optional<qint64> nanoUsd) {
        auto t = std::make_shared<RequestTrace>();
        t->id = QStringLiteral("req-turn-%1").arg(i);
        t->startedAtMs = now - 10000 + i * 1000;
        t->endpoint = QStringLiteral("/anthropic/v1/messages");
        t->provider = QStringLiteral("anthropic");
        t->model = QStringLiteral("claude-sonnet-4-5");
        t->status = 200;
        t->latencyUs = 500000;
        t->promptTokens = prompt;
        t->completionTokens = 10;
        t->cachedTokens = cached;
        t->cacheWriteTokens = write;
        t->costNanoUsd = nanoUsd;
        t->agent = QStringLiteral("claude-code");
        t->sessionId = QStringLiteral("s-1");
        gateway.gateway().logs()->record(t);
    };
    turn(0, 1000, 0, 900, 4'000'000);        // first turn writes the cache
    turn(1, 1200, 900, 200, 1'000'000);      // then reads it
    turn(2, 1400, 1100, 250, std::nullopt);  // no price
    const QJsonArray rows = sessions();
    ASSERT_EQ(rows.size(), 1);
    const QJsonObject s = rows[0].toObject();
    EXPECT_EQ(s["turns"].toInt(), 3);
    EXPECT_EQ(s["tokens"]["prompt"].toInt(), 3600);
    EXPECT_EQ(s["tokens"]["cached"].toInt(), 2000);
    EXPECT_EQ(s["tokens"]["cache_write"].toInt(), 1350);
    EXPECT_EQ(s["tokens"]["uncached"].toInt(), 250);
    EXPECT_EQ(s["tokens"]["completion"].toInt(), 30);
    EXPECT_NEAR(s["cache_hit_ratio"].toDouble(), 2000.0 / 3600.0, 1e-9);
    EXPECT_NEAR(s["cost_usd"].toDouble(), 0.005, 1e-12);
    EXPECT_EQ(s["unpriced_turns"].toInt(), 1);
    EXPECT_EQ(s["started_ms"].toDouble(), double(now - 10000));
    EXPECT_EQ(s["duration_ms"].toDouble(), 2000 + 500);
    EXPECT_EQ(s["models"].toArray(), QJsonArray{"claude-sonnet-4-5"});
}

GATEHOUSE_ON_EVERY_STORE(AgentSessionsTest);

}  // namespace
