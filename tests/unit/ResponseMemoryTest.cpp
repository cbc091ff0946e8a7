// The responses kept in memory for follow-ups: the newest kMaxEntries, and
// never more than kMaxBytes of them.
#include <gtest/gtest.h>

#include "codecs/responses/ResponseMemory.h"

using namespace gatehouse::responses;

namespace {

QString idOf(int i) {
    return QStringLiteral("resp_%1").arg(i);
}

void putMany(ResponseMemory &memory, int count, const QByteArray &response = "{}") {
    for (int i = 0; i < count; ++i) memory.putJson(idOf(i), "[]", response);
}

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

TEST(ResponseMemory, NeverKeepsMoreThanItsBytes) {
    ResponseMemory memory;
    const QByteArray megabyte(1024 * 1024, 'x');
    const int count = int(ResponseMemory::kMaxBytes / megabyte.size()) + 4;
    putMany(memory, count, megabyte);
    EXPECT_FALSE(memory.contains(idOf(0)));
    EXPECT_FALSE(memory.contains(idOf(3)));
    EXPECT_TRUE(memory.contains(idOf(count - 1)));
}
