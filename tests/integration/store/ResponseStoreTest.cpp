// The store's side of stored Responses-API responses (store/ResponseStore,
// store/ResponseBlock), on SQLite and PostgreSQL: saves share compressed
// blocks, each response is found by the time in its id after reopening
// (however long before its save the id was made), ids without a time and
// blocks written before the blocks recorded their ids' times are found
// through stored_response_ids, a removal rewrites its block without it,
// retention drops old blocks with their ids, rows of the older
// one-row-per-response table are still found, and a damaged block is an
// error that names the response.
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
        // Blocks hold what a test saved before its flush, however slow the
        // machine: no batch is written in between.
        options.batchMs = 3'600'000;
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

    // The ids in the block that holds `id`, read from every block.
    QStringList blockMates(const QString &id) {
        QSqlQuery q(raw->db());
        EXPECT_TRUE(q.exec("SELECT data FROM response_blocks ORDER BY id"));
        while (q.next()) {
            QByteArray bytes;
            std::vector<ResponseBlock::EntryView> entries;
            QString error;
            EXPECT_TRUE(ResponseBlock::read(q.value(0).toByteArray(), &bytes, &entries, &error))
                << error.toStdString();
            QStringList ids;
            for (const auto &e : entries) ids << QString::fromUtf8(e.id);
            if (ids.contains(id)) return ids;
        }
        return {};
    }

    // A block as a Gatehouse before schema 15 wrote it: no range of id
    // times, its ids in stored_response_ids.
    void insertBlockWithoutRange(qint64 blockId, qint64 createdMs, const QString &id,
                                 const QByteArray &data = {}) {
        QByteArray block = data;
        if (block.isNull()) {
            ResponseBlock::Builder builder;
            builder.add(id.toUtf8(), conversationOf(1), responseOf(id));
            QString error;
            block = builder.finish(&error);
        }
        QSqlQuery q(raw->db());
        q.prepare("INSERT INTO response_blocks (id, created_ms, data) VALUES (?, ?, ?)");
        q.bindValue(0, blockId);
        q.bindValue(1, createdMs);
        q.bindValue(2, block);
        ASSERT_TRUE(q.exec());
        q.prepare("INSERT INTO stored_response_ids (id, block) VALUES (?, ?)");
        q.bindValue(0, id);
        q.bindValue(1, blockId);
        ASSERT_TRUE(q.exec());
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
    // Found by the time in their ids: no row per response.
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 0);
    // One batch: blocks of at most 128, each with the range of its ids' times.
    EXPECT_EQ(count("SELECT COUNT(*) FROM response_blocks"), 3);
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM response_blocks "
                                   "WHERE first_ms = %1 AND last_ms = %1")
                        .arg(now)),
              3);
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

// Ids without a time go into stored_response_ids with one statement per
// block (a JSON array on SQLite, an array literal on PostgreSQL): ids with
// characters either must escape are found, with or without a time, and an
// id saved again is found as it was saved first.
TEST_P(ResponseStoreTest, IdsThatNeedEscapingAreFoundAndAnIdSavedAgainKeepsItsFirstSave) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString odd = idAt(now, 1) + QStringLiteral("\"q\\\u00e9,}\t\x01");
    const QString untimed = QStringLiteral("resp_\"q\\\u00e9,}\t\x01");
    const QString again = idAt(now, 2);
    {
        auto s = storeAt(store);
        s->save(odd, conversationOf(1), responseOf(odd));
        s->save(untimed, conversationOf(4), responseOf(untimed));
        s->save(again, conversationOf(2), responseOf(again));
        s->flush();
        s->save(again, conversationOf(3), responseOf(again));
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 1);
    auto s = storeAt(store);
    for (const auto &[id, n] : {std::make_pair(odd, 1), std::make_pair(untimed, 4)}) {
        const ResponseStore::Found f = fetch(*s, id);
        ASSERT_TRUE(f.ok) << f.error.toStdString();
        ASSERT_TRUE(f.found) << n;
        EXPECT_EQ(f.conversation, conversationOf(n));
        EXPECT_EQ(f.response, responseOf(id));
    }
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
    // Only flush() writes: a batch written between the saves below would
    // free the backlog and change what is dropped.
    options.batchMs = 3'600'000;
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
        insertBlockWithoutRange(1000000, longAgo, oldId);
        QSqlQuery q(raw->db());
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
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_responses"), 0);
    EXPECT_TRUE(fetch(*s, newId).found);
}

// A response is looked for in the blocks whose range of id times holds
// its id's: one whose id was made ten minutes before its save (a long
// answer) widens its block's range and is found, as are its block mates
// and the responses of later blocks; a block written before the ranges is
// found through its ids' rows.
TEST_P(ResponseStoreTest, AResponseMadeLongBeforeItsSaveAndBlocksWrittenBeforeRangesAreFound) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 tenMinutes = 10 * 60 * 1000;
    const QString before = idAt(now - 1000, 7);
    insertBlockWithoutRange(500, now, before);
    const QString slow = idAt(now - tenMinutes, 1);
    QStringList quick, later;
    {
        auto s = storeAt(store);
        for (int i = 0; i < 3; ++i) {
            quick << idAt(now, 10 + i);
            s->save(quick.last(), conversationOf(10 + i), responseOf(quick.last()));
        }
        s->save(slow, conversationOf(1), responseOf(slow));
        s->flush();
        for (int i = 0; i < 3; ++i) {
            later << idAt(now + 5, 20 + i);
            s->save(later.last(), conversationOf(20 + i), responseOf(later.last()));
        }
    }
    EXPECT_EQ(count(QStringLiteral("SELECT COUNT(*) FROM response_blocks "
                                   "WHERE first_ms = %1 AND last_ms = %2")
                        .arg(now - tenMinutes)
                        .arg(now)),
              1);
    auto s = storeAt(store);
    const ResponseStore::Found slowFound = fetch(*s, slow);
    ASSERT_TRUE(slowFound.found) << slowFound.error.toStdString();
    EXPECT_EQ(slowFound.conversation, conversationOf(1));
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(fetch(*s, quick[i]).conversation, conversationOf(10 + i)) << i;
        EXPECT_EQ(fetch(*s, later[i]).conversation, conversationOf(20 + i)) << i;
    }
    EXPECT_EQ(fetch(*s, before).response, responseOf(before));
    // In the ranges' time but saved nowhere.
    const ResponseStore::Found never = fetch(*s, idAt(now - tenMinutes / 2, 99));
    EXPECT_TRUE(never.ok) << never.error.toStdString();
    EXPECT_FALSE(never.found);
    // The slow one goes from its block; the older block's id and its row go.
    EXPECT_EQ(remove(*s, slow), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, slow).found);
    EXPECT_EQ(blockMates(quick[0]), quick);
    EXPECT_EQ(remove(*s, before), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, before).found);
    EXPECT_EQ(count("SELECT COUNT(*) FROM stored_response_ids"), 0);
}

// A damaged block whose range holds an id's time does not hide the
// response in a sound block; an id found in no sound block is an error
// that names it, since the damaged one may have held it.
TEST_P(ResponseStoreTest, ADamagedBlockInTheRangeHidesNothingElseAndIsNamedForWhatItMayHold) {
    GATEHOUSE_TEST_STORE(store);
    open(store);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString kept = idAt(now, 1);
    auto s = storeAt(store);
    s->save(kept, conversationOf(1), responseOf(kept));
    s->flush();
    {
        QSqlQuery q(raw->db());
        q.prepare(
            "INSERT INTO response_blocks (id, created_ms, data, first_ms, last_ms) "
            "VALUES (1000000, ?, ?, ?, ?)");
        q.bindValue(0, now);
        q.bindValue(1, QByteArray("\x28\xB5\x2F\xFD not really zstd"));
        q.bindValue(2, now - 1000);
        q.bindValue(3, now + 1000);
        ASSERT_TRUE(q.exec());
    }
    const ResponseStore::Found f = fetch(*s, kept);
    ASSERT_TRUE(f.found) << f.error.toStdString();
    EXPECT_EQ(f.conversation, conversationOf(1));
    const QString lost = idAt(now + 500, 2);
    const ResponseStore::Found damaged = fetch(*s, lost);
    EXPECT_FALSE(damaged.ok);
    EXPECT_TRUE(damaged.error.contains(lost) && damaged.error.contains("damaged"))
        << damaged.error.toStdString();
    EXPECT_EQ(remove(*s, kept), std::make_pair(true, true));
    EXPECT_FALSE(fetch(*s, kept).found);
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
