// The ids of stored responses: the time newResponseId() puts in them, the
// range a block records, and an id written as a JSON string.
#include "store/ResponseIds.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

TEST(ResponseIds, TheTimeIsTheTwelveHexDigitsAfterThePrefix) {
    EXPECT_EQ(ResponseBlock::idTimeMs("resp_019a2b3c4d5eabcdef0123456789"), 0x019a2b3c4d5eLL);
    EXPECT_EQ(ResponseBlock::idTimeMs("resp_000000000000"), 0);
    // Another shape: no time.
    EXPECT_EQ(ResponseBlock::idTimeMs("resp_019a2b3c4d5"), -1);       // too short
    EXPECT_EQ(ResponseBlock::idTimeMs("resp_019A2B3C4D5E0000"), -1);  // upper case
    EXPECT_EQ(ResponseBlock::idTimeMs("msg_019a2b3c4d5e0000"), -1);
    EXPECT_EQ(ResponseBlock::idTimeMs("resp_019a2b3c4dxe0000"), -1);
    EXPECT_EQ(ResponseBlock::idTimeMs(""), -1);
}

TEST(ResponseIds, ABlockRecordsItsTimesRangeAndItsUntimedEntries) {
    const std::vector<ResponseBlock::EntryView> entries{
        {"resp_000000000010aa", {}, {}},
        {"my-own-id", {}, {}},
        {"resp_000000000005bb", {}, {}},
        {"resp_000000000020cc", {}, {}},
    };
    const ResponseBlock::Ids ids = ResponseBlock::idsOf(entries);
    EXPECT_EQ(ids.firstMs, 0x5);
    EXPECT_EQ(ids.lastMs, 0x20);
    ASSERT_EQ(ids.untimed.size(), 1u);
    EXPECT_EQ(ids.untimed[0]->id, QByteArrayView("my-own-id"));

    const ResponseBlock::Ids none = ResponseBlock::idsOf({{"x", {}, {}}});
    EXPECT_EQ(none.firstMs, -1);
    EXPECT_EQ(none.lastMs, -1);
    EXPECT_EQ(none.untimed.size(), 1u);
}

TEST(ResponseIds, AnIdIsWrittenAsTheJsonStringItIs) {
    const QByteArray id = QByteArray("q\"b\\s\x01 é ") + char(0x1f);
    QByteArray json = "[";
    ResponseBlock::appendIdJson(json, id);
    json += "]";
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    ASSERT_TRUE(doc.isArray()) << json.constData();
    EXPECT_EQ(doc.array().at(0).toString(), QString::fromUtf8(id));
    EXPECT_EQ(json, QByteArray("[\"q\\\"b\\\\s\\u0001 é \\u001f\"]"));
}

}  // namespace
