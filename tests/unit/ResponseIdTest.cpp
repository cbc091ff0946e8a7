// Stored responses are found by id alone, also by callers admitted with a
// virtual key: one id must say nothing about another.
#include "codecs/responses/ResponsesShared.h"

#include <gtest/gtest.h>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <thread>

using namespace gatehouse::responses;

TEST(ResponseIdTest, IdsAreRandomNotCounted) {
    const QString a = newResponseId();
    const QString b = newResponseId();
    const QRegularExpression shape(QStringLiteral("^resp_[0-9a-f]{32}$"));
    EXPECT_TRUE(shape.match(a).hasMatch()) << a.toStdString();
    EXPECT_TRUE(shape.match(b).hasMatch()) << b.toStdString();
    // The time first (ids made later sort later), then 80 random bits: a
    // counter would share most of them.
    EXPECT_LE(a.mid(5, 12), b.mid(5, 12));
    EXPECT_NE(a.mid(17, 8), b.mid(17, 8));
    EXPECT_NE(a.mid(25), b.mid(25));
}

// The random words are read in blocks per thread: across refills and
// threads no id repeats.
TEST(ResponseIdTest, IdsStayDistinctAcrossBlocksAndThreads) {
    QSet<QString> seen;
    for (int i = 0; i < 2000; ++i) seen.insert(newResponseId());
    QStringList others;
    std::thread t([&] {
        for (int i = 0; i < 600; ++i) others << newResponseId();
    });
    t.join();
    for (const QString &id : std::as_const(others)) seen.insert(id);
    EXPECT_EQ(seen.size(), 2600);
}
