// Stored responses' compressed blocks (store/ResponseBlock): every entry
// comes back byte for byte, a builder is reusable after finish(), and what
// is not a block Gatehouse wrote is refused with a reason.
#include "store/ResponseBlock.h"

#include <gtest/gtest.h>
#include <zstd.h>

using namespace gatehouse;

namespace {

QByteArray zstd(const QByteArray &raw) {
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw.size()))), Qt::Uninitialized);
    out.resize(qsizetype(
        ZSTD_compress(out.data(), size_t(out.size()), raw.constData(), size_t(raw.size()), 1)));
    return out;
}

}  // namespace

TEST(ResponseBlockTest, EveryEntryComesBackAsItWentAndTheBuilderStartsOver) {
    ResponseBlock::Builder builder;
    const QByteArray history = QByteArray(R"({"role":"user","content":"hi"},)").repeated(2000);
    builder.add("resp_1", "[" + history + "{}]", R"({"id":"resp_1"})");
    builder.add("resp_2", QByteArray(), QByteArray("\0\xff", 2));  // kept as it is
    EXPECT_EQ(builder.count(), 2);
    QString error;
    const QByteArray block = builder.finish(&error);
    ASSERT_FALSE(block.isNull()) << error.toStdString();
    EXPECT_LT(block.size(), history.size() / 20);  // a history repeated compresses to little
    EXPECT_EQ(builder.count(), 0);

    QByteArray raw;
    std::vector<ResponseBlock::EntryView> entries;
    ASSERT_TRUE(ResponseBlock::read(block, &raw, &entries, &error)) << error.toStdString();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].id, "resp_1");
    EXPECT_EQ(entries[0].conversation, "[" + history + "{}]");
    EXPECT_EQ(entries[0].response, R"({"id":"resp_1"})");
    EXPECT_EQ(entries[1].id, "resp_2");
    EXPECT_TRUE(entries[1].conversation.isEmpty());
    EXPECT_EQ(entries[1].response, QByteArray("\0\xff", 2));

    builder.add("resp_3", "[]", "{}");  // the next block holds only what came after
    ASSERT_TRUE(ResponseBlock::read(builder.finish(&error), &raw, &entries, &error));
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].id, "resp_3");
}

TEST(ResponseBlockTest, WhatIsNotABlockIsRefusedWithAReason) {
    QByteArray raw;
    std::vector<ResponseBlock::EntryView> entries;
    QString error;
    EXPECT_FALSE(ResponseBlock::read("[{\"role\":\"user\"}]", &raw, &entries, &error));
    EXPECT_TRUE(error.contains("not a block")) << error.toStdString();

    // A valid frame whose entry claims more bytes than there are.
    QByteArray cut("\x01\x06\0\0\0resp_1\xff\0\0\0", 14);
    EXPECT_FALSE(ResponseBlock::read(zstd(cut), &raw, &entries, &error));
    EXPECT_TRUE(error.contains("ends inside an entry")) << error.toStdString();
    EXPECT_TRUE(entries.empty());

    EXPECT_FALSE(ResponseBlock::read(zstd("\x02"), &raw, &entries, &error));
    EXPECT_TRUE(error.contains("newer")) << error.toStdString();

    ResponseBlock::Builder builder;
    builder.add("resp_1", "[]", "{}");
    QByteArray block = builder.finish(&error);
    block.chop(3);  // cut short on disk
    EXPECT_FALSE(ResponseBlock::read(block, &raw, &entries, &error));
}
