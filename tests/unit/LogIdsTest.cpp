// Log ids carry the time their record starts (trace/LogIds.h): the log finds
// a request by id through its time index, so the time must come back out of
// every id a sequence hands out, and never out of an id of another shape.
#include "trace/LogIds.h"

#include <gtest/gtest.h>
#include <QSet>

using namespace gatehouse;

namespace {

constexpr qint64 kDec2026 = 1796428800000;  // 2026-12-05T00:00:00Z

TEST(LogIdsTest, AnIdCarriesTheTimeItWasMadeFor) {
    LogIdSequence requests("");
    LogIdSequence tools("mcp");
    for (qint64 ms : {kDec2026, kDec2026 + 1, kDec2026 + 86'400'000, qint64(1577836800000)}) {
        const QString id = requests.next(ms);
        EXPECT_TRUE(id.startsWith(QLatin1String("gh-"))) << id.toStdString();
        EXPECT_EQ(logIdTime(id), ms) << id.toStdString();
        const QString tool = tools.next(ms);
        EXPECT_TRUE(tool.startsWith(QLatin1String("gh-mcp-"))) << tool.toStdString();
        EXPECT_EQ(logIdTime(tool), ms) << tool.toStdString();
    }
}

TEST(LogIdsTest, IdsOfTheSameMillisecondDiffer) {
    LogIdSequence ids("");
    QSet<QString> seen;
    for (int i = 0; i < 5000; ++i) seen.insert(ids.next(kDec2026));
    EXPECT_EQ(seen.size(), 5000);
}

TEST(LogIdsTest, IdsOfOtherShapesCarryNoTime) {
    // What earlier versions wrote: the gateway's start time and a counter.
    EXPECT_FALSE(logIdTime(u"gh-mifz3k2a-1f"));
    EXPECT_FALSE(logIdTime(u"gh-mcp-mifz3k2a-1f"));
    EXPECT_FALSE(logIdTime(u""));
    EXPECT_FALSE(logIdTime(u"gh-"));
    EXPECT_FALSE(logIdTime(u"req-1"));
    EXPECT_FALSE(logIdTime(u"xx-mifz3k2a-mifz3k2a-1"));
    EXPECT_FALSE(logIdTime(u"gh-mifz3k2a-mifz3k2a-"));         // no counter
    EXPECT_FALSE(logIdTime(u"gh-mifz3k2a--1"));                // no start
    EXPECT_FALSE(logIdTime(u"gh-mi!z3k2a-mifz3k2a-1"));        // not base 36
    EXPECT_FALSE(logIdTime(u"gh-1-mifz3k2a-1"));               // 1970: no Gatehouse ran then
    EXPECT_FALSE(logIdTime(u"gh-zzzzzzzzzzzzzz-mifz3k2a-1"));  // beyond any time
}

}  // namespace
