// Prompts a local server cut short, end to end: an OpenAI-compatible
// provider whose fake cuts prompts to its context the way Ollama does
// (system and newest messages kept, usage reporting the cut prompt). A
// prompt that reaches the configured window, and a session turn whose
// grown conversation counted fewer tokens than the turn before, are
// marked in /api/logs, /api/logs/{id} and /api/sessions/{id}; a session
// that grows within the window is not. On SQLite and PostgreSQL.
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/LogStore.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::TestStore;

namespace {

// `n` words: n fake tokens.
QString words(int n, const char *word) {
    QStringList out;
    for (int i = 0; i < n; ++i) out << QLatin1String(word);
    return out.join(QLatin1Char(' '));
}

QJsonObject message(const char *role, int tokens) {
    return {{"role", role}, {"content", words(tokens, role)}};
}

class ContextWarningTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // "ollama": a 300-token window configured for its model, asked through
    // Ollama's OpenAI-compatible API (which takes no num_ctx, so the fake
    // cuts to its own ctx-N); "local": an OpenAI-compatible server whose
    // window Gatehouse is not told.
    void start(const TestStore &store) {
        ASSERT_TRUE(upstream.start());
        const QByteArray url = upstream.baseUrl().toUtf8();
        const QByteArray config = R"({ "providers": {
          "ollama": { "keys": [ { "value": "none" } ], "ollama_api": "openai",
                      "context_window": { "fake-ctx-300": 300 },
                      "network_config": { "base_url": ")" +
                                  url + R"(" } },
          "local": { "keys": [ { "value": "none" } ],
                     "network_config": { "base_url": ")" +
                                  url + R"(" } } } })";
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(gateway.start(config, options, &error)) << error.toStdString();
    }

    // One turn of session "s-1" to `model` with `messages`; its usage.
    int send(const char *model, const QJsonArray &messages) {
        HttpHeaders headers;
        headers.add("x-gatehouse-session-id", "s-1");
        const QJsonObject body{{"model", model}, {"messages", messages}};
        const auto r = TestHttpClient::post(gateway.port(), "/v1/chat/completions",
                                            QJsonDocument(body).toJson(QJsonDocument::Compact),
                                            headers, 20000);
        EXPECT_EQ(r.status, 200) << r.body.left(500).toStdString();
        return json(r.body)["usage"].toObject()["prompt_tokens"].toInt();
    }

    QJsonArray turns() {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), "/api/sessions/s-1");
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return json(r.body)["turns"].toArray();
    }

    QJsonArray logRows() {
        gateway.gateway().logs()->flush();
        const auto r = TestHttpClient::get(gateway.port(), "/api/logs?sort_by=time&order=asc");
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return json(r.body)["data"].toArray();
    }

    FakeUpstream upstream;
    GatewayHarness gateway;
};

TEST_P(ContextWarningTest, APromptCutToTheConfiguredWindowIsMarked) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    // 10 + 14 x 40 + 9 tokens; the fake keeps the system, the last
    // message and the newest seven others that fit.
    QJsonArray messages{message("system", 10)};
    for (int i = 0; i < 7; ++i) messages << message("user", 40) << message("assistant", 40);
    messages << message("user", 9);
    EXPECT_EQ(send("ollama/fake-ctx-300", messages), 10 + 7 * 40 + 9);

    const QJsonArray rows = logRows();
    ASSERT_EQ(rows.size(), 1);
    const QString warning = rows[0]["context_warning"].toString();
    EXPECT_TRUE(warning.contains("299 prompt tokens reached the context window of 300 tokens"))
        << warning.toStdString();
    const auto detail =
        TestHttpClient::get(gateway.port(), "/api/logs/" + rows[0]["id"].toString().toUtf8());
    ASSERT_EQ(detail.status, 200);
    EXPECT_EQ(json(detail.body)["context_warning"].toString(), warning);
    EXPECT_EQ(turns()[0].toObject()["context_warning"].toString(), warning);
}

TEST_P(ContextWarningTest, ASessionTurnThatGrewButCountedFewerTokensIsMarked) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    // 280 tokens fit in the server's unknown 300; the next turn adds 40,
    // and the server drops the 250-token first message to fit.
    QJsonArray messages{message("system", 10), message("user", 250), message("assistant", 10),
                        message("user", 10)};
    EXPECT_EQ(send("local/fake-ctx-300", messages), 280);
    messages << message("assistant", 10) << message("user", 30);
    EXPECT_EQ(send("local/fake-ctx-300", messages), 70);

    const QJsonArray list = turns();
    ASSERT_EQ(list.size(), 2);
    EXPECT_TRUE(list[0]["context_warning"].isNull());
    const QString warning = list[1]["context_warning"].toString();
    EXPECT_TRUE(warning.contains("70 prompt tokens, down from 280")) << warning.toStdString();
    EXPECT_TRUE(warning.contains(list[0]["id"].toString())) << warning.toStdString();
    EXPECT_EQ(logRows()[1].toObject()["context_warning"].toString(), warning);
}

TEST_P(ContextWarningTest, ASessionGrowingWithinTheWindowIsNotMarked) {
    GATEHOUSE_TEST_STORE(store);
    start(store);
    QJsonArray messages{message("system", 10), message("user", 20)};
    int before = 0;
    for (int turn = 0; turn < 4; ++turn) {
        const int prompt = send("ollama/fake-ctx-300", messages);
        EXPECT_GT(prompt, before);
        before = prompt;
        messages << message("assistant", 20) << message("user", 20);
    }
    const QJsonArray list = turns();
    ASSERT_EQ(list.size(), 4);
    for (const QJsonValue &t : list)
        EXPECT_TRUE(t["context_warning"].isNull())
            << QJsonDocument(t.toObject()).toJson().toStdString();
}

GATEHOUSE_ON_EVERY_STORE(ContextWarningTest);

}  // namespace
