#include "config/JsonSourceMap.h"

#include <gtest/gtest.h>

using namespace gatehouse;

namespace {
const QByteArray kText =
    "{\n"
    "  \"a\": {\"b\": [10, {\"c\": true}]},\n"
    "  \"k\\u00e9y\": 1,\n"
    "  \"d\": 1, \"d\": 2\n"
    "}";
}  // namespace

TEST(JsonSourceMap, LocatesNestedMemberKey) {
    const JsonSourceMap map(kText);
    const auto at = map.locate(JsonPath().key("a").key("b").index(1).key("c"));
    EXPECT_EQ(at.line, 2);
    EXPECT_EQ(at.column, 20);
}

TEST(JsonSourceMap, LocatesArrayElementStart) {
    const JsonSourceMap map(kText);
    const auto at = map.locate(JsonPath().key("a").key("b").index(0));
    EXPECT_EQ(at.line, 2);
    EXPECT_EQ(at.column, 15);
}

TEST(JsonSourceMap, MissingMemberFallsBackToNearestAncestor) {
    const JsonSourceMap map(kText);
    const auto at = map.locate(JsonPath().key("a").key("missing").key("x"));
    EXPECT_EQ(at.line, 2);
    EXPECT_EQ(at.column, 3);
}

TEST(JsonSourceMap, DecodesEscapedKeys) {
    const JsonSourceMap map(kText);
    EXPECT_EQ(map.locate(JsonPath().key(QStringLiteral("k\u00e9y"))).line, 3);
}

TEST(JsonSourceMap, DuplicateKeyLocatesTheOneQtKeeps) {
    const JsonSourceMap map(kText);
    EXPECT_EQ(map.locate(JsonPath().key("d")).column, 11);
}

TEST(JsonSourceMap, MembersKeepTextOrderAndDuplicates) {
    const JsonSourceMap map(kText);
    QStringList keys;
    for (const auto &m : map.members({})) keys << m.key;
    EXPECT_EQ(keys, (QStringList{"a", QStringLiteral("k\u00e9y"), "d", "d"}));
}

TEST(JsonSourceMap, InvalidTextLocatesNothing) {
    const JsonSourceMap map("{\"a\": ");
    EXPECT_FALSE(map.isValid());
    EXPECT_EQ(map.locate(JsonPath().key("a")).line, 0);
}

TEST(JsonSourceMap, LineColumnCountsCharacters) {
    const auto at = JsonSourceMap::lineColumn("x\n\xC3\xA9\xC3\xA9z", 6);
    EXPECT_EQ(at.line, 2);
    EXPECT_EQ(at.column, 3);
}
