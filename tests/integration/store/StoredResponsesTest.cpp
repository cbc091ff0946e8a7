// The Responses API's stored responses live in the store: a follow-up by
// previous_response_id, GET and DELETE work at once, after a restart and on a second
// gateway sharing the store; a damaged row is an error that names it, and
// with content logging off nothing is written to disk.
#include "FakeProviders.h"
#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "JsonTestUtil.h"
#include "StoreTestKit.h"
#include "TestHttpClient.h"
#include "store/StoreConnection.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QThread>

using namespace gatehouse;
using gatehouse::test::json;
using gatehouse::test::TestStore;

namespace {

class StoredResponsesTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    void SetUp() override { ASSERT_TRUE(upstream.start()); }

    void start(GatewayHarness &g, const TestStore &store, const QString &client = {}) {
        QByteArray config = test::fakeProvidersConfig(upstream.baseUrl());
        if (!client.isEmpty())
            config.replace("\"providers\"", "\"client\": " + client.toUtf8() + ", \"providers\"");
        GatewayOptions options;
        options.port = 0;
        options.store = store.url();
        QString error;
        ASSERT_TRUE(g.start(config, options, &error)) << error.toStdString();
    }

    static TestHttpResponse ask(GatewayHarness &g, const QString &text,
                                const QString &previous = {}) {
        QJsonObject body{{"model", "openai/gpt-test"}, {"input", text}};
        if (!previous.isEmpty()) body.insert("previous_response_id", previous);
        return TestHttpClient::post(g.port(), "/v1/responses",
                                    QJsonDocument(body).toJson(QJsonDocument::Compact), {}, 20000);
    }

    // The messages the provider got for a follow-up to `previous`.
    QJsonArray followUp(GatewayHarness &g, const QString &previous) {
        const auto r = ask(g, "What is my name?", previous);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return json(upstream.lastRequestBody())["messages"].toArray();
    }

    FakeUpstream upstream;
};

TEST_P(StoredResponsesTest, FollowUpWorksAfterARestart) {
    GATEHOUSE_TEST_STORE(store);
    QString id;
    {
        GatewayHarness g;
        start(g, store);
        const auto first = ask(g, "My name is Ada.");
        ASSERT_EQ(first.status, 200) << first.body.toStdString();
        id = jsonOf(first.body).value("id").toString();
        ASSERT_TRUE(id.startsWith("resp_"));
    }  // stopped: the store has it, the memory is gone
    GatewayHarness g;
    start(g, store);
    const auto stored = TestHttpClient::get(g.port(), "/v1/responses/" + id.toUtf8());
    ASSERT_EQ(stored.status, 200) << stored.body.toStdString();
    EXPECT_EQ(jsonOf(stored.body).value("id").toString(), id);

    GatewayHarness fresh;  // nothing in memory: the follow-up itself reads the store
    start(fresh, store);
    const QJsonArray messages = followUp(fresh, id);
    ASSERT_EQ(messages.size(), 3) << QJsonDocument(messages).toJson().toStdString();
    EXPECT_EQ(messages[0]["content"], "My name is Ada.");
    EXPECT_EQ(messages[1]["role"], "assistant");
    EXPECT_EQ(messages[2]["content"], "What is my name?");
}

// New responses go only to the store, whose saves wait for a batch: a
// follow-up or a GET sent as soon as the answer is in reads it back at once
// (the pending saves are written first), turn after turn.
TEST_P(StoredResponsesTest, EachTurnSentRightAfterTheLastFindsTheWholeConversation) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    start(g, store);
    QString previous;
    for (int turn = 0; turn < 4; ++turn) {
        const auto r = ask(g, QStringLiteral("Turn %1").arg(turn), previous);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        const QJsonArray messages = json(upstream.lastRequestBody())["messages"].toArray();
        ASSERT_EQ(messages.size(), 2 * turn + 1) << QJsonDocument(messages).toJson().toStdString();
        EXPECT_EQ(messages[0]["content"], "Turn 0");
        EXPECT_EQ(messages[2 * turn]["content"], QStringLiteral("Turn %1").arg(turn));
        previous = jsonOf(r.body).value("id").toString();
        const auto stored = TestHttpClient::get(g.port(), "/v1/responses/" + previous.toUtf8());
        ASSERT_EQ(stored.status, 200) << stored.body.toStdString();
        EXPECT_EQ(jsonOf(stored.body).value("id").toString(), previous);
    }
}

// Two gateways on one store: what one answered, the other continues.
TEST_P(StoredResponsesTest, ASecondGatewayOnTheStoreContinuesTheConversation) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness a, b;
    start(a, store);
    start(b, store);
    const auto first = ask(a, "My name is Ada.");
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    const QString id = jsonOf(first.body).value("id").toString();
    // The save is asynchronous: b's read waits for nothing of a's, so poll.
    int status = 0;
    for (int i = 0; i < 100 && status != 200; ++i) {
        status = TestHttpClient::get(b.port(), "/v1/responses/" + id.toUtf8()).status;
        if (status != 200) QThread::msleep(20);
    }
    ASSERT_EQ(status, 200);
    EXPECT_EQ(followUp(b, id).size(), 3);
}

TEST_P(StoredResponsesTest, DeleteRemovesItFromTheStoreToo) {
    GATEHOUSE_TEST_STORE(store);
    QString id;
    {
        GatewayHarness g;
        start(g, store);
        const auto first = ask(g, "My name is Ada.");
        id = jsonOf(first.body).value("id").toString();
        const auto removed =
            TestHttpClient::request(g.port(), "DELETE", "/v1/responses/" + id.toUtf8(), {});
        EXPECT_EQ(removed.status, 200) << removed.body.toStdString();
        EXPECT_EQ(jsonOf(removed.body).value("deleted").toBool(), true);
    }
    GatewayHarness g;
    start(g, store);
    EXPECT_EQ(TestHttpClient::get(g.port(), "/v1/responses/" + id.toUtf8()).status, 404);
    EXPECT_EQ(
        TestHttpClient::request(g.port(), "DELETE", "/v1/responses/" + id.toUtf8(), {}).status,
        404);
    const auto orphan = ask(g, "again", id);
    EXPECT_EQ(orphan.status, 400);
    EXPECT_TRUE(orphan.body.contains("previous_response_id")) << orphan.body.toStdString();
}

// Saved in a compressed block, short and long alike; both come back whole
// after a restart.
TEST_P(StoredResponsesTest, ShortAndLongConversationsBothComeBackAfterARestart) {
    GATEHOUSE_TEST_STORE(store);
    const QString longText = QStringLiteral("My name is Ada. ").repeated(200);
    QString shortId, longId;
    {
        GatewayHarness g;
        start(g, store);
        const auto a = ask(g, "My name is Ada.");
        const auto b = ask(g, longText);
        ASSERT_EQ(a.status, 200);
        ASSERT_EQ(b.status, 200);
        shortId = jsonOf(a.body).value("id").toString();
        longId = jsonOf(b.body).value("id").toString();
    }
    {
        StoreConnection c(store.location(), QStringLiteral("test-raw"),
                          StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        // Compressed blocks whose range of id times holds each id's time.
        QSqlQuery q(c.db());
        q.prepare("SELECT data FROM response_blocks WHERE first_ms <= ? AND last_ms >= ?");
        for (const QString &id : {shortId, longId}) {
            const qint64 ms = id.mid(5, 12).toLongLong(nullptr, 16);
            q.bindValue(0, ms);
            q.bindValue(1, ms);
            ASSERT_TRUE(q.exec());
            ASSERT_TRUE(q.next()) << id.toStdString();
            EXPECT_TRUE(q.value(0).toByteArray().startsWith("\x28\xB5\x2F\xFD"));  // zstd
        }
    }
    GatewayHarness g;
    start(g, store);
    const QJsonArray shortMessages = followUp(g, shortId);
    ASSERT_EQ(shortMessages.size(), 3);
    EXPECT_EQ(shortMessages[0]["content"], "My name is Ada.");
    const QJsonArray longMessages = followUp(g, longId);
    ASSERT_EQ(longMessages.size(), 3);
    EXPECT_EQ(longMessages[0]["content"], longText);
}

// A row of the one-row-per-response table older versions wrote.
TEST_P(StoredResponsesTest, ADamagedRowIsAnErrorThatSaysSoAndTheGatewayKeepsServing) {
    GATEHOUSE_TEST_STORE(store);
    GatewayHarness g;
    start(g, store);
    {
        StoreConnection c(store.location(), QStringLiteral("test-damage"),
                          StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(c.open(&error)) << error.toStdString();
        QSqlQuery q(c.db());
        q.prepare(
            "INSERT INTO stored_responses (id, created_ms, conversation, response) "
            "VALUES ('resp_damaged', ?, ?, ?)");
        q.bindValue(0, QDateTime::currentMSecsSinceEpoch());
        q.bindValue(1, QByteArray("not zstd"));
        q.bindValue(2, QByteArray("not zstd"));
        ASSERT_TRUE(q.exec());
    }
    const auto r = TestHttpClient::get(g.port(), "/v1/responses/resp_damaged");
    EXPECT_EQ(r.status, 503) << r.body.toStdString();
    EXPECT_TRUE(r.body.contains("damaged")) << r.body.toStdString();
    EXPECT_EQ(ask(g, "still here").status, 200);
}

TEST_P(StoredResponsesTest, ContentLoggingOffKeepsThemInMemoryOnly) {
    GATEHOUSE_TEST_STORE(store);
    QString id;
    {
        GatewayHarness g;
        start(g, store, R"({"disable_content_logging": true})");
        const auto first = ask(g, "My name is Ada.");
        id = jsonOf(first.body).value("id").toString();
        EXPECT_EQ(followUp(g, id).size(), 3);  // memory still serves follow-ups
    }
    StoreConnection c(store.location(), QStringLiteral("test-count"),
                      StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error)) << error.toStdString();
    QSqlQuery q(c.db());
    for (const char *table : {"stored_response_ids", "response_blocks", "stored_responses"}) {
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)));
        ASSERT_TRUE(q.next());
        EXPECT_EQ(q.value(0).toInt(), 0) << table;
    }
}

GATEHOUSE_ON_EVERY_STORE(StoredResponsesTest);

}  // namespace
