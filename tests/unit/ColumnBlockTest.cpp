// Blocks of rows (store/ColumnBlock.h): every value comes back as it went,
// nulls, empty texts and integers of every size included, and a damaged
// block is an error, never a crash or a wrong value.
#include "store/ColumnBlock.h"

#include <gtest/gtest.h>
#include <QRandomGenerator>

using namespace gatehouse;

namespace {

struct Cell {
    enum Kind { Null, Int, Text } kind = Null;
    qint64 integer = 0;
    QByteArray text;
};

using Rows = std::vector<std::vector<Cell>>;

QByteArray build(ColumnBlock::Builder &b, const Rows &rows) {
    QString error;
    for (const auto &row : rows) {
        for (const Cell &c : row) {
            if (c.kind == Cell::Null)
                b.addNull();
            else if (c.kind == Cell::Int)
                b.addInt(c.integer);
            else
                b.addUtf8(c.text);
        }
        EXPECT_TRUE(b.endRow(&error));
    }
    return b.finish();
}

void expectRows(const QByteArray &block, const Rows &rows) {
    ColumnBlock::Reader r;
    QString error;
    ASSERT_TRUE(r.open(block, &error)) << error.toStdString();
    ASSERT_EQ(r.rows(), int(rows.size()));
    if (rows.empty()) return;
    for (int c = 0; c < int(rows[0].size()); ++c) {
        const ColumnBlock::Value *values = r.column(c, &error);
        ASSERT_TRUE(values) << error.toStdString();
        for (size_t i = 0; i < rows.size(); ++i) {
            const Cell &want = rows[i][size_t(c)];
            const ColumnBlock::Value &got = values[i];
            SCOPED_TRACE(testing::Message() << "row " << i << " column " << c);
            switch (want.kind) {
                case Cell::Null:
                    EXPECT_TRUE(got.isNull());
                    break;
                case Cell::Int:
                    EXPECT_EQ(got.tag, ColumnBlock::kInt);
                    EXPECT_EQ(got.integer, want.integer);
                    break;
                case Cell::Text:
                    EXPECT_NE(got.tag, ColumnBlock::kInt);
                    EXPECT_FALSE(got.isNull());
                    EXPECT_EQ(r.text(c, got).toByteArray(), want.text);
                    break;
            }
        }
    }
}

Cell text(const QByteArray &t) {
    return {Cell::Text, 0, t};
}
Cell integer(qint64 v) {
    return {Cell::Int, v, {}};
}

}  // namespace

TEST(ColumnBlockTest, EveryValueComesBackAsItWent) {
    const Rows rows = {
        {text("gh-mhx1-a-1"), integer(1764100000000), text("openai"), Cell(), text("")},
        {text("gh-mhx1-a-2"), integer(1764100000003), text("openai"), integer(-5), text("é")},
        {text("gh-mhx2-a-3"), integer(std::numeric_limits<qint64>::min()), text("anthropic"),
         integer(std::numeric_limits<qint64>::max()), Cell()},
        {text("x"), integer(0), text("openai"), integer(0), text(QByteArray("a\0b", 3))},
    };
    ColumnBlock::Builder b(5);
    expectRows(build(b, rows), rows);
}

TEST(ColumnBlockTest, ABuilderIsReusedBlockAfterBlock) {
    ColumnBlock::Builder b(2);
    const Rows first = {{text("same"), integer(7)}, {text("same"), integer(9)}};
    const Rows second = {{text("other"), integer(1)}};
    const QByteArray a = build(b, first);
    EXPECT_EQ(b.rows(), 0);
    const QByteArray c = build(b, second);
    expectRows(a, first);
    expectRows(c, second);  // nothing remembered from the first block
}

TEST(ColumnBlockTest, RepeatedTextsAndSharedPrefixesAreStoredOnce) {
    ColumnBlock::Builder b(2);
    Rows rows;
    for (int i = 0; i < 128; ++i)
        rows.push_back({text("gh-mhx1abc-k2j4-" + QByteArray::number(i)),
                        text(i % 2 ? "/v1/chat/completions" : "/v1/messages")});
    const QByteArray block = build(b, rows);
    expectRows(block, rows);
    // Each id stores ~2 bytes of its own, each endpoint one reference.
    EXPECT_LT(block.size(), 128 * 8);
}

TEST(ColumnBlockTest, MoreDistinctTextsThanRememberedStayExact) {
    ColumnBlock::Builder b(1);
    Rows rows;
    QRandomGenerator rng(7);
    for (int i = 0; i < 1000; ++i) {
        QByteArray t = "model-" + QByteArray::number(rng.bounded(400));
        if (i % 50 == 0) t = QByteArray(200, char('a' + i % 26));  // too long to remember
        rows.push_back({text(t)});
    }
    expectRows(build(b, rows), rows);
}

TEST(ColumnBlockTest, RandomRowsRoundTrip) {
    QRandomGenerator rng(11);
    for (int round = 0; round < 20; ++round) {
        const int columns = 1 + rng.bounded(6);
        ColumnBlock::Builder b(columns);
        Rows rows;
        for (int i = 0, n = rng.bounded(300); i < n; ++i) {
            std::vector<Cell> row;
            for (int c = 0; c < columns; ++c) {
                switch (rng.bounded(3)) {
                    case 0:
                        row.push_back(Cell());
                        break;
                    case 1:
                        row.push_back(integer(qint64(rng.generate64())));
                        break;
                    default: {
                        QByteArray t(rng.bounded(12), Qt::Uninitialized);
                        for (char &ch : t) ch = char('a' + rng.bounded(3));
                        row.push_back(text(t));
                    }
                }
            }
            rows.push_back(row);
        }
        expectRows(build(b, rows), rows);
    }
}

TEST(ColumnBlockTest, ADamagedBlockIsRefusedNotMisread) {
    ColumnBlock::Builder b(3);
    Rows rows;
    for (int i = 0; i < 50; ++i)
        rows.push_back({text("id-" + QByteArray::number(i)), integer(i * 1000), text("p")});
    const QByteArray block = build(b, rows);
    QString error;
    ColumnBlock::Reader r;
    EXPECT_FALSE(r.open(QByteArray("\x07", 1), &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(r.open(QByteArray(), &error));
    // Every cut and every single-byte change: refused, or values that
    // decode without reading past the block (the sanitizer shards check).
    for (qsizetype cut = 1; cut < block.size(); ++cut) {
        ColumnBlock::Reader cutReader;
        const QByteArray shorter = block.left(cut);
        if (!cutReader.open(shorter, &error)) continue;
        bool all = true;
        for (int c = 0; c < cutReader.columns(); ++c) all = all && cutReader.column(c, &error);
        EXPECT_FALSE(all) << "cut at " << cut;
    }
    for (qsizetype at = 0; at < block.size(); ++at) {
        QByteArray changed = block;
        changed[at] = char(changed[at] ^ 0x5a);
        ColumnBlock::Reader changedReader;
        if (!changedReader.open(changed, &error)) continue;
        for (int c = 0; c < changedReader.columns(); ++c) changedReader.column(c, &error);
    }
    EXPECT_FALSE(r.open(block, &error) && r.column(3, &error));  // no such column
}
