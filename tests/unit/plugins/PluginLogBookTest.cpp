#include "plugins/PluginLog.h"

#include <gtest/gtest.h>

namespace gatehouse {
namespace {

TEST(PluginLogBook, IdsIncreaseAcrossPlugins) {
    PluginLogBook book;
    const qint64 a = book.append("a", "info", "one").id;
    const qint64 b = book.append("b", "info", "two").id;
    EXPECT_GT(b, a);
    EXPECT_EQ(book.lines("a", 0, 10).size(), 1);
    EXPECT_EQ(book.lines("b", 0, 10).first().message, QStringLiteral("two"));
}

TEST(PluginLogBook, PagesAfterAnId) {
    PluginLogBook book;
    for (int i = 0; i < 10; ++i) book.append("p", "info", QString::number(i));
    const QList<PluginLogLine> first = book.lines("p", 0, 4);
    ASSERT_EQ(first.size(), 4);
    EXPECT_EQ(first.last().message, QStringLiteral("3"));
    const QList<PluginLogLine> next = book.lines("p", first.last().id, 4);
    ASSERT_EQ(next.size(), 4);
    EXPECT_EQ(next.first().message, QStringLiteral("4"));
}

TEST(PluginLogBook, EachPluginKeepsItsNewestLines) {
    PluginLogBook book(3);
    book.append("quiet", "info", "kept");
    for (int i = 0; i < 5; ++i) book.append("chatty", "info", QString::number(i));
    const QList<PluginLogLine> lines = book.lines("chatty", 0, 10);
    ASSERT_EQ(lines.size(), 3);
    EXPECT_EQ(lines.first().message, QStringLiteral("2"));
    EXPECT_EQ(book.lines("quiet", 0, 10).size(), 1);
}

TEST(PluginLogBook, SinkSeesEveryLineUntilCleared) {
    PluginLogBook book;
    QStringList seen;
    book.setSink([&](const PluginLogLine &line) { seen.append(line.message); });
    book.append("p", "info", "one", "preHook", "req-1");
    book.setSink(nullptr);
    book.append("p", "info", "two");
    EXPECT_EQ(seen, QStringList{"one"});
    const PluginLogLine line = book.lines("p", 0, 1).first();
    EXPECT_EQ(line.hook, QStringLiteral("preHook"));
    EXPECT_EQ(line.requestId, QStringLiteral("req-1"));
    EXPECT_TRUE(line.time.isValid());
}

}  // namespace
}  // namespace gatehouse
