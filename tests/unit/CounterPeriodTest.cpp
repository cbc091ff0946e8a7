// Counter windows are calendar windows in UTC: the same instant falls in the
// same window on every gateway and after a restart.
#include <gatehouse/host_services.h>

#include <gtest/gtest.h>
#include <QDateTime>

using namespace gatehouse;

namespace {

qint64 at(const char *iso) {
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QString iso(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

CounterPeriod period(CounterPeriod::Unit unit, qint64 count = 1) {
    return CounterPeriod{unit, count};
}

}  // namespace

TEST(CounterPeriod, FixedUnitsStartOnTheirBoundaries) {
    const qint64 now = at("2026-12-04T13:47:21.500Z");
    auto w = period(CounterPeriod::Unit::Minute).windowAt(now);
    EXPECT_EQ(iso(w.startMs), "2026-12-04T13:47:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-12-04T13:48:00Z");
    w = period(CounterPeriod::Unit::Hour, 6).windowAt(now);
    EXPECT_EQ(iso(w.startMs), "2026-12-04T12:00:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-12-04T18:00:00Z");
    w = period(CounterPeriod::Unit::Day).windowAt(now);
    EXPECT_EQ(iso(w.startMs), "2026-12-04T00:00:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-12-05T00:00:00Z");
    w = period(CounterPeriod::Unit::Second, 30).windowAt(now);
    EXPECT_EQ(iso(w.startMs), "2026-12-04T13:47:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-12-04T13:47:30Z");
}

TEST(CounterPeriod, WeeksStartOnMonday) {
    // 2026-12-04 is a Friday.
    auto w = period(CounterPeriod::Unit::Week).windowAt(at("2026-12-04T13:00:00Z"));
    EXPECT_EQ(iso(w.startMs), "2026-11-30T00:00:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-12-07T00:00:00Z");
    EXPECT_EQ(QDateTime::fromMSecsSinceEpoch(w.startMs, Qt::UTC).date().dayOfWeek(), 1);
}

TEST(CounterPeriod, MonthsAndYearsFollowTheCalendar) {
    auto w = period(CounterPeriod::Unit::Month).windowAt(at("2026-02-28T23:59:59Z"));
    EXPECT_EQ(iso(w.startMs), "2026-02-01T00:00:00Z");
    EXPECT_EQ(iso(w.endMs), "2026-03-01T00:00:00Z");
    w = period(CounterPeriod::Unit::Month).windowAt(at("2026-12-31T12:00:00Z"));
    EXPECT_EQ(iso(w.endMs), "2027-01-01T00:00:00Z");
    w = period(CounterPeriod::Unit::Month, 3).windowAt(at("2026-12-04T00:00:00Z"));
    EXPECT_EQ(iso(w.startMs), "2026-10-01T00:00:00Z");  // quarters
    EXPECT_EQ(iso(w.endMs), "2027-01-01T00:00:00Z");
    w = period(CounterPeriod::Unit::Year).windowAt(at("2026-12-04T00:00:00Z"));
    EXPECT_EQ(iso(w.startMs), "2026-01-01T00:00:00Z");
    EXPECT_EQ(iso(w.endMs), "2027-01-01T00:00:00Z");
}

TEST(CounterPeriod, AWindowHoldsExactlyItsInstants) {
    const CounterPeriod minute = period(CounterPeriod::Unit::Minute);
    const qint64 start = at("2026-12-04T13:47:00Z");
    EXPECT_EQ(minute.windowAt(start).startMs, start);
    EXPECT_EQ(minute.windowAt(start - 1).endMs, start);
    EXPECT_EQ(minute.windowAt(start + 59'999).startMs, start);
    // Before 1970 too (a clock set wrong must not break the arithmetic).
    const auto old = minute.windowAt(-1);
    EXPECT_EQ(old.startMs, -60'000);
    EXPECT_EQ(old.endMs, 0);
}

TEST(CounterPeriod, ForeverIsOneWindow) {
    const auto w = CounterPeriod().windowAt(at("2026-12-04T13:47:00Z"));
    EXPECT_EQ(w.startMs, 0);
    EXPECT_EQ(w.endMs, std::numeric_limits<qint64>::max());
}

TEST(CounterPeriod, ParsesBifrostsResetDurations) {
    const auto month = CounterPeriod::parse("1M");
    ASSERT_TRUE(month);
    EXPECT_EQ(month->unit, CounterPeriod::Unit::Month);
    EXPECT_EQ(month->count, 1);
    const auto days = CounterPeriod::parse("30d");
    ASSERT_TRUE(days);
    EXPECT_EQ(days->unit, CounterPeriod::Unit::Day);
    EXPECT_EQ(days->count, 30);
    EXPECT_EQ(CounterPeriod::parse("2Y")->unit, CounterPeriod::Unit::Year);
    EXPECT_EQ(CounterPeriod::parse("5m")->unit, CounterPeriod::Unit::Minute);
    for (const char *bad : {"", "m", "0d", "01d", "1mo", "1 d", " 1d", "+1d", "1x", "1000000d"})
        EXPECT_FALSE(CounterPeriod::parse(QString::fromLatin1(bad))) << bad;
}
