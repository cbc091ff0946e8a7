// The responses kept in memory for follow-ups: the newest kMaxEntries (or,
// in front of a store, the newest kMaxEntriesArchived read back from it),
// never more than kMaxBytes of them, each found by its id after any mix of
// additions and removals.
#include <gtest/gtest.h>

#include "codecs/responses/ResponseArchive.h"
#include "codecs/responses/ResponseMemory.h"

#include <QRandomGenerator>
#include <algorithm>
#include <vector>

using namespace gatehouse::responses;

namespace {

QString idOf(int i) {
    return QStringLiteral("resp_%1").arg(i);
}

void putMany(ResponseMemory &memory, int count, const QByteArray &response = "{}") {
    for (int i = 0; i < count; ++i) memory.putJson(idOf(i), "[]", response);
}

class CountingArchive : public ResponseArchive {
public:
    void save(QByteArrayView, QByteArrayView, QByteArrayView) override { ++saved; }
    int saved = 0;
};

}  // namespace

TEST(ResponseMemory, KeepsTheNewestEntries) {
    ResponseMemory memory;
    putMany(memory, ResponseMemory::kMaxEntries + 10);
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(memory.contains(idOf(i))) << i;
    for (int i = 10; i < ResponseMemory::kMaxEntries + 10; ++i)
        ASSERT_TRUE(memory.contains(idOf(i))) << i;
    QByteArray json;
    ASSERT_TRUE(memory.response(idOf(10), &json));
    EXPECT_EQ(json, QByteArray("{}"));
}

TEST(ResponseMemory, WithAnArchiveSavesEveryNewOneThereAndKeepsWhatIsReadBack) {
    ResponseMemory memory;
    auto archive = std::make_shared<CountingArchive>();
    memory.setArchive(archive);
    EXPECT_EQ(memory.capacity(), ResponseMemory::kMaxEntriesArchived);
    const int count = 5;
    putMany(memory, count);
    EXPECT_EQ(archive->saved, count);
    for (int i = 0; i < count; ++i) EXPECT_FALSE(memory.contains(idOf(i))) << i;
    // Read back from the archive: kept, not saved again.
    memory.adopt(idOf(0), "[]", "{\"id\":0}");
    EXPECT_TRUE(memory.contains(idOf(0)));
    QByteArray json;
    ASSERT_TRUE(memory.response(idOf(0), &json));
    EXPECT_EQ(json, QByteArray("{\"id\":0}"));
    EXPECT_EQ(archive->saved, count);
    // The newest kMaxEntriesArchived read back are kept.
    for (int i = 1; i <= ResponseMemory::kMaxEntriesArchived; ++i)
        memory.adopt(idOf(i), "[]", "{}");
    EXPECT_FALSE(memory.contains(idOf(0)));
    EXPECT_TRUE(memory.contains(idOf(1)));
    EXPECT_TRUE(memory.contains(idOf(ResponseMemory::kMaxEntriesArchived)));
}

TEST(ResponseMemory, NeverKeepsMoreThanItsBytes) {
    ResponseMemory memory;
    const QByteArray megabyte(1024 * 1024, 'x');
    const int count = int(ResponseMemory::kMaxBytes / megabyte.size()) + 4;
    putMany(memory, count, megabyte);
    EXPECT_FALSE(memory.contains(idOf(0)));
    EXPECT_FALSE(memory.contains(idOf(3)));
    EXPECT_TRUE(memory.contains(idOf(count - 1)));
}

TEST(ResponseMemory, AnIdAddedTwiceKeepsItsFirstEntry) {
    ResponseMemory memory;
    memory.putJson(idOf(1), "[1]", "{\"n\":1}");
    memory.putJson(idOf(1), "[2]", "{\"n\":2}");
    QByteArray json;
    ASSERT_TRUE(memory.response(idOf(1), &json));
    EXPECT_EQ(json, QByteArray("{\"n\":1}"));
    QJsonArray conversation;
    ASSERT_TRUE(memory.conversation(idOf(1), &conversation));
    EXPECT_EQ(conversation, QJsonArray{1});
}

// The index against a plain model of the same ring (a slot per response
// in turn, the oldest overwritten; a removal frees its slot): after every
// step each id the model holds is found with its own response, and no
// other is.
TEST(ResponseMemory, FindsWhatTheRingHoldsThroughAnyMixOfAddsAndRemovals) {
    ResponseMemory memory;
    const int capacity = memory.capacity();
    std::vector<int> ring(size_t(capacity), -1);  // the id number in each slot
    int next = 0, made = 0;
    QRandomGenerator random(20261206);
    for (int step = 0; step < 30000; ++step) {
        if (random.bounded(4) == 0 && made > 0) {
            const int victim = made - 1 - int(random.bounded(quint32(qMin(made, 3 * capacity))));
            bool held = false;
            for (int &r : ring)
                if (r == victim) {
                    r = -1;
                    held = true;
                }
            ASSERT_EQ(memory.remove(idOf(victim)), held) << step;
        } else {
            const int n = made++;
            // Entries of every size, so slots reuse buffers larger and smaller.
            memory.putJson(idOf(n), "[" + QByteArray::number(n) + "]",
                           QByteArray::number(n) + QByteArray(n % 3 == 0 ? 20000 : n % 7, ' '));
            ring[size_t(next)] = n;
            next = (next + 1) % capacity;
        }
        if (step % 997 != 0) continue;
        for (int n = qMax(0, made - 3 * capacity); n < made; ++n) {
            const bool held = std::find(ring.begin(), ring.end(), n) != ring.end();
            QByteArray json;
            ASSERT_EQ(memory.response(idOf(n), &json), held) << step << " " << n;
            if (held) {
                ASSERT_EQ(json.trimmed(), QByteArray::number(n));
                QJsonArray conversation;
                ASSERT_TRUE(memory.conversation(idOf(n), &conversation));
                ASSERT_EQ(conversation, QJsonArray{n});
            }
        }
    }
}
