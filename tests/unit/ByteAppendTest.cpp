// appendBytes writes in place when the array has the room and owns its
// bytes alone; it must never write into bytes another array shares or into
// raw data it does not own, and must keep the terminating NUL.
#include <gtest/gtest.h>

#include "json/ByteAppend.h"

using namespace gatehouse;

TEST(ByteAppend, AppendsToAnEmptyArray) {
    QByteArray out;
    appendBytes(out, "abc");
    EXPECT_EQ(out, QByteArray("abc"));
    EXPECT_EQ(out.constData()[out.size()], '\0');
}

TEST(ByteAppend, WritesInPlaceWithinTheReservedRoomAndKeepsTheNul) {
    QByteArray out;
    out.reserve(8);
    const char *before = out.constData();
    appendBytes(out, "abcd");
    appendBytes(out, "efgh");  // exactly the capacity: the NUL goes one past it
    EXPECT_EQ(out.constData(), before);
    EXPECT_EQ(out, QByteArray("abcdefgh"));
    EXPECT_EQ(out.constData()[out.size()], '\0');
    appendBytes(out, "i");  // beyond: grows
    EXPECT_EQ(out, QByteArray("abcdefghi"));
    EXPECT_EQ(out.constData()[out.size()], '\0');
}

TEST(ByteAppend, NeverWritesIntoSharedBytes) {
    QByteArray out;
    out.reserve(64);
    appendBytes(out, "shared");
    const QByteArray copy = out;  // shares the block, which has room left
    appendBytes(out, "+mine");
    EXPECT_EQ(out, QByteArray("shared+mine"));
    EXPECT_EQ(copy, QByteArray("shared"));
    EXPECT_EQ(copy.constData()[copy.size()], '\0');
}

TEST(ByteAppend, NeverWritesIntoRawDataItDoesNotOwn) {
    char raw[16] = "raw";
    QByteArray out = QByteArray::fromRawData(raw, 3);
    appendBytes(out, "+more");
    EXPECT_EQ(out, QByteArray("raw+more"));
    EXPECT_STREQ(raw, "raw");
}

TEST(ByteAppend, ManyAppendsGiveTheWholeText) {
    QByteArray out, expected;
    for (int i = 0; i < 1000; ++i) {
        appendBytes(out, "x,");
        appendDecimal(out, i - 500);
        expected += "x," + QByteArray::number(i - 500);
    }
    EXPECT_EQ(out, expected);
    EXPECT_EQ(out.constData()[out.size()], '\0');
}
