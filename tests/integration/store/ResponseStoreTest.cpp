// The store's side of stored Responses-API responses (store/ResponseStore,
// store/ResponseBlock), on SQLite and PostgreSQL: saves share compressed
// blocks, each response is found by its id after reopening, a removal
// rewrites its block without it, retention drops old blocks with their ids,
// rows of the older one-row-per-response table are still found, and a
// damaged block is an error that names the response.
#include "StoreTestKit.h"
#include "store/ResponseBlock.h"
#include "store/ResponseStore.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

QString idAt(qint64 ms, int n) {
    return QStringLiteral("resp_%1%2")
        .arg(QString::number(ms, 16).rightJustified(12, QLatin1Char('0')))
        .arg(n, 20, 16, QLatin1Char('0'));
}

QByteArray conversationOf(int n) {
    return QStringLiteral(R"([{"role":"user","content":"question %1"}])").arg(n).toUtf8();
}

QByteArray responseOf(const QString &id) {
    return R"({"id":")" + id.toUtf8() + R"(","object":"response","output":[]})";
}

class ResponseStoreTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // Migrates the store and keeps a connection for looking at its tables.
    void open(const TestStore &store) {
        raw = std::make_unique<StoreConnection>(store.location(), QStringLiteral("test-raw"),
                                                StoreConnection::Durability::Full);
        QString error;
        ASSERT_TRUE(raw->open(&error)) << error.toStdString();
        ASSERT_TRUE(StoreSchema::migrate(*raw, &error)) << error.toStdString();
    }

    static std::unique_ptr<ResponseStore> storeAt(const TestStore &store, int retentionDays = 30) {
        ResponseStore::Options options;
        options.location = store.location();
        options.retentionDays = retentionDays;
        return std::make_unique<ResponseStore>(options);
    }

    // Runs the event loop until `done` (the store answers on this thread).
    static void waitFor(const bool &done) {
        QElapsedTimer waited;
        waited.start();
        while (!done && waited.elapsed() < 20000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        EXPECT_TRUE(done) << "no answer from the store";
    }

    static ResponseStore::Found fetch(ResponseStore &s, const QString &id) {
        QObject context;
        ResponseStore::Found out;
        bool done = false;
        s.fetch(&context, id, [&](const ResponseStore::Found &f) {
            out = f;
            done = true;
        });
        waitFor(done);
        return out;
    }

    // {ok, removed}
    static std::pair<bool, bool> remove(ResponseStore &s, const QString &id) {
        QObject context;
        std::pair<bool, bool> out{false, false};
        bool done = false;
        s.remove(&context, id, [&](bool ok, bool removed, const QString &) {
            out = {ok, removed};
            done = true;
        });
        waitFor(done);
        return out;
    }

    qint64 count(const QString &sql) {
        QSqlQuery q(raw->db());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    // The ids in the block that holds `id`.
    QStringList blockMates(const QString &id) {
        QSqlQuery q(raw->db());
        q.prepare(
            "SELECT b.data FROM stored_response_ids i JOIN response_blocks b ON b.id = i.block "
            "WHERE i.id = ?");
        q.bindValue(0, id);
        EXPECT_TRUE(q.exec());
        if (!q.next()) return {};
        QByteArray bytes;
        std::vector<ResponseBlock::EntryView> entries;
        QString error;
        EXPECT_TRUE(ResponseBlock::read(q.value(0).toByteArray(), &bytes, &entries, &error))
            << error.toStdString();
        QStringList ids;
        for (const auto &e : entries) ids << QString::fromUtf8(e.id);
        return ids;
    }

    std::unique_ptr<StoreConnection> raw;
};

TEST_P(ResponseStoreTest, SavesShareBlocksAndEachIsFoundAfterReopening) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QStringList ids;
    {
        auto s = storeAt(store);
        for (int i = 0; i < 300; ++i) {
            ids << idAt(now, i);
            s->save(ids.last(), conversationOf(i), responseOf(ids.last()));
        }
    }  // written when it goes
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 300);
    // One batch: blocks of at most 128.
    EXPECT_EQ(count("SELECT COUNT(*) FROM response_blocks"), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_responses"), 0);
    auto s = storeAt(store);
    for (int i : {0, 127, 128, 255, 256, 299}) {
        const ResponseStore::Found f = fetch(*s, ids[i]);
        ASSERT_TRUE(f.ok) << f.error.toStdString();
        ASSERT_TRUE(f.found) << i;
        EXPECT_EQ(f.conversation, conversationOf(i));
        EXPECT_EQ(f.response, responseOf(ids[i]));
    }
    const ResponseStore::Found missing = fetch(*s, idAt(now, 999));
    EXPECT_TRUE(missing.ok);
    EXPECT_FALSE(missing.found);
}

// A block's ids go in with one statement (a JSON array on SQLite, an
// array literal on PostgreSQL): ids with characters either must escape
// are found, and an id saved again keeps the block it had.
TEST_P(ResponseStoreTest, IdsThatNeedEscapingAreFoundAndAnIdSavedAgainKeepsItsFirstSave) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString odd = idAt(now, 1) + QStringLiteral("\"q\\\u00e9,}\t\x01");
    const QString again = idAt(now, 2);
    {
        auto s = storeAt(store);
        s->save(odd, conversationOf(1), responseOf(odd));
        s->save(again, conversationOf(2), responseOf(again));
        s->flush();
        s->save(again, conversationOf(3), responseOf(again));
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 2);
    auto s = storeAt(store);
    const ResponseStore::Found f = fetch(*s, odd);
    ASSERT_TRUE(f.ok) << f.error.toStdString();
    ASSERT_TRUE(f.found);
    EXPECT_EQ(f.conversation, conversationOf(1));
    EXPECT_EQ(f.response, responseOf(odd));
    const ResponseStore::Found first = fetch(*s, again);
    ASSERT_TRUE(first.found);
    EXPECT_EQ(first.conversation, conversationOf(2));
}

// Saves are copied into one pending buffer, reused from batch to batch:
// batches after the first land in it, a large response starts a block of
// its own, and saves beyond the backlog's bytes are counted as dropped
// while the ones before them are all kept.
TEST_P(ResponseStoreTest, BatchAfterBatchAndBeyondTheBacklogEachSaveIsKeptOrCounted) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ResponseStore::Options options;
    options.location = store.location();
    options.maxPendingBytes = 3 * ResponseBlock::kMaxRawBytes;
    ResponseStore s(options);
    QStringList ids;
    for (int batch = 0; batch < 3; ++batch) {
        for (int i = 0; i < 50; ++i) {
            ids << idAt(now, batch * 100 + i);
            s.save(ids.last(), conversationOf(i), responseOf(ids.last()));
        }
        s.flush();
    }
    const QByteArray big(ResponseBlock::kMaxRawBytes, 'x');
    const QString bigId = idAt(now, 900), afterBig = idAt(now, 901);
    s.save(bigId, conversationOf(900), "\"" + big + "\"");
    s.save(afterBig, conversationOf(901), responseOf(afterBig));
    for (int i = 0; i < 3; ++i) s.save(idAt(now, 950 + i), conversationOf(950), "\"" + big + "\"");
    // Three megabytes allowed: the big one, the small one and one more big
    // one fit; the last two did not.
    EXPECT_EQ(s.dropped(), 2);
    s.flush();
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 150 + 2 + 1);
    // A block for each of the three batches, the big one's own (it fills it
    // alone) and one for the small one and the last big one.
    EXPECT_EQ(count("SELECT COUNT(*) FROM response_blocks"), 3 + 1 + 1);
    for (int i : {0, 49, 50, 99, 149}) {
        const ResponseStore::Found f = fetch(s, ids[i]);
        ASSERT_TRUE(f.found) << i;
        EXPECT_EQ(f.conversation, conversationOf(i % 50));
        EXPECT_EQ(f.response, responseOf(ids[i]));
    }
    const ResponseStore::Found bigFound = fetch(s, bigId);
    ASSERT_TRUE(bigFound.found);
    EXPECT_EQ(bigFound.response.size(), big.size() + 2);
    EXPECT_EQ(fetch(s, afterBig).response, responseOf(afterBig));
    EXPECT_TRUE(fetch(s, idAt(now, 950)).found);
    EXPECT_FALSE(fetch(s, idAt(now, 951)).found);
    EXPECT_FALSE(fetch(s, idAt(now, 952)).found);
}

TEST_P(ResponseStoreTest, RemovingOneRewritesItsBlockWithoutItAndKeepsTheOthers) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto s = storeAt(store);
    const QStringList ids{idAt(now, 1), idAt(now, 2), idAt(now, 3)};
    for (int i = 0; i < 3; ++i) s->save(ids[i], conversationOf(i), responseOf(ids[i]));
    s->flush();
    ASSERT_EQ(blockMates(ids[0]), ids);

    EXPECT_EQ(remove(*s, ids[1]), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, ids[1]).found);
    EXPECT_EQ(blockMates(ids[0]), (QStringList{ids[0], ids[2]}));  // gone from the block too
    EXPECT_EQ(fetch(*s, ids[2]).conversation, conversationOf(2));
    EXPECT_EQ(remove(*s, ids[1]), std::make_pair(true, false));

    EXPECT_EQ(remove(*s, ids[0]), std::make_pair(true, true));
    EXPECT_EQ(remove(*s, ids[2]), std::make_pair(true, true));
    EXPECT_EQ(count("SELECT COUNT(*) FROM response_blocks"), 0);  // the empty block goes
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 0);
}

TEST_P(ResponseStoreTest, RetentionDropsOldBlocksWithTheirIds) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 longAgo = now - 40LL * 86'400'000;
    const QString oldId = idAt(longAgo, 1);
    {
        // What a save 40 days ago left, and a row of the older table.
        ResponseBlock::Builder builder;
        builder.add(oldId.toUtf8(), conversationOf(1), responseOf(oldId));
        QString error;
        const QByteArray block = builder.finish(&error);
        QSqlQuery q(raw->db());
        q.prepare("INSERT INTO response_blocks (id, created_ms, data) VALUES (1000000, ?, ?)");
        q.bindValue(0, longAgo);
        q.bindValue(1, block);
        ASSERT_TRUE(q.exec());
        q.prepare("INSERT INTO stored_response_ids (id, block) VALUES (?, 1000000)");
        q.bindValue(0, oldId);
        ASSERT_TRUE(q.exec());
        q.prepare(
            "INSERT INTO stored_responses (id, created_ms, conversation, response) "
            "VALUES ('resp_legacy_old', ?, '[]', '{}')");
        q.bindValue(0, longAgo);
        ASSERT_TRUE(q.exec());
    }
    auto s = storeAt(store, 30);
    EXPECT_FALSE(fetch(*s, oldId).found);  // out of retention, though still there
    const QString newId = idAt(now, 2);
    s->save(newId, conversationOf(2), responseOf(newId));
    s->flush();  // the first write prunes
    EXPECT_EQ(count("SELECT COUNT(*) FROM response_blocks WHERE id = 1000000"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 1);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_responses"), 0);
    EXPECT_TRUE(fetch(*s, newId).found);
}

// Saved by a Gatehouse before blocks: one row each, short JSON as it is.
TEST_P(ResponseStoreTest, RowsOfTheOlderTableAreStillFoundAndRemoved) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    {
        QSqlQuery q(raw->db());
        q.prepare(
            "INSERT INTO stored_responses (id, created_ms, conversation, response) "
            "VALUES ('resp_legacy', ?, ?, ?)");
        q.bindValue(0, QDateTime::currentMSecsSinceEpoch());
        q.bindValue(1, conversationOf(7));
        q.bindValue(2, responseOf("resp_legacy"));
        ASSERT_TRUE(q.exec());
    }
    auto s = storeAt(store);
    const ResponseStore::Found f = fetch(*s, "resp_legacy");
    ASSERT_TRUE(f.found) << f.error.toStdString();
    EXPECT_EQ(f.conversation, conversationOf(7));
    EXPECT_EQ(remove(*s, "resp_legacy"), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, "resp_legacy").found);
}

TEST_P(ResponseStoreTest, ADamagedBlockIsAnErrorThatNamesTheResponse) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    {
        QSqlQuery q(raw->db());
        q.prepare("INSERT INTO response_blocks (id, created_ms, data) VALUES (7, ?, ?)");
        q.bindValue(0, QDateTime::currentMSecsSinceEpoch());
        q.bindValue(1, QByteArray("\x28\xB5\x2F\xFD not really zstd"));
        ASSERT_TRUE(q.exec());
        ASSERT_TRUE(q.exec("INSERT INTO stored_response_ids (id, block) VALUES ('resp_bad', 7)"));
    }
    auto s = storeAt(store);
    const ResponseStore::Found f = fetch(*s, "resp_bad");
    EXPECT_FALSE(f.ok);
    EXPECT_TRUE(f.error.contains("resp_bad") && f.error.contains("damaged"))
        << f.error.toStdString();
    // Removing it still removes the id (the block stays for what else it holds).
    EXPECT_EQ(remove(*s, "resp_bad"), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, "resp_bad").found);
}

GATEHOUSE_ON_EVERY_STORE(ResponseStoreTest);

}  // namespace
